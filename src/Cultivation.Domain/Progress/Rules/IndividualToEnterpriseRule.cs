namespace Cultivation.Domain.Progress.Rules;

/// <summary>个转企: a 91… firm whose 个转企 pair (from the latest row filling it) names a valid 92… code and a 转企日期 in the year.</summary>
internal static class IndividualToEnterpriseRule
{
    public static CountOutcome Count(YearData data) => new(data.States
        .Where(r => r.CreditCode.IsEnterprise
            && r.FormerCreditCode is { IsIndividualBusiness: true }
            && r.ConversionDate?.Year == data.Year)
        .ToList());
}
