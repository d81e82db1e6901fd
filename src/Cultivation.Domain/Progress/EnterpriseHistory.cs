using System.Globalization;
using Cultivation.Domain.Firms;
using Cultivation.Domain.Periods;

namespace Cultivation.Domain.Progress;

/// <summary>
/// The body of <c>GET /api/enterprises/{creditCode}</c>: a firm's rows by period with the derived
/// figures and flags, and the tier events read from them (became 规上, 个转企, recognitions,
/// crossed the 10亿 line, flagged / cleared as low-efficiency, remediation completed).
/// </summary>
public sealed record EnterpriseHistory(string CreditCode, string Name, string Town, IReadOnlyList<EnterprisePeriod> Periods, IReadOnlyList<EnterpriseEvent> Events)
{
    /// <summary>
    /// Builds the history from the firm's filed rows (any order, any years; one row per period is
    /// kept, the first given). Name and town are those of the latest row. Null when there are no rows.
    /// </summary>
    public static EnterpriseHistory? Build(IEnumerable<FiledRow> rows, RuleOptions options)
    {
        var ordered = rows.DistinctBy(r => r.Period).OrderBy(r => r.Period).ToList();
        if (ordered.Count == 0)
        {
            return null;
        }

        var periods = ordered.Select(r => Figures(r, options)).ToList();
        var latest = ordered[^1].Row;
        return new EnterpriseHistory(latest.CreditCode.Value, latest.Name, latest.Town, periods, ReadEvents(ordered, options));
    }

    private static EnterprisePeriod Figures(FiledRow filed, RuleOptions options)
    {
        var (period, row) = (filed.Period, filed.Row);
        var taxPerMu = FirmFigures.TaxPerMu(row, period);
        return new EnterprisePeriod
        {
            Period = period.ToString(),
            Source = filed.Source,
            Name = row.Name,
            Town = row.Town,
            AboveScale = row.AboveScale,
            AboveScaleSince = row.AboveScaleSince,
            Revenue = FirmFigures.Normalize(row.Revenue),
            RevenueSamePeriodLastYear = Normal(row.RevenueSamePeriodLastYear),
            RevenueLastYear = Normal(row.RevenueLastYear),
            Tax = FirmFigures.Normalize(row.Tax),
            LandMu = Normal(row.LandMu),
            ResearchSpending = Normal(row.ResearchSpending),
            Employees = row.Employees,
            Recognitions = row.Recognitions.Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Name}:{r.Year}")).ToList(),
            FormerCreditCode = row.FormerCreditCode?.Value,
            ConversionDate = row.ConversionDate,
            Remediation = row.Remediation.ToChinese(),
            RemediationDate = row.RemediationDate,
            IndustryCode = row.IndustryCode,
            Industrial = FirmFigures.IsIndustrial(row, options),
            InEvaluationScope = FirmFigures.InEvaluationScope(row, options),
            AnnualisedRevenue = FirmFigures.Round(FirmFigures.Annualise(row.Revenue, period)),
            AnnualisedTax = FirmFigures.Round(FirmFigures.Annualise(row.Tax, period)),
            TaxPerMu = taxPerMu is { } t ? FirmFigures.Round(t) : null,
            LowEfficiency = FirmFigures.IsLowEfficiency(row, period, options),
        };
    }

    private static List<EnterpriseEvent> ReadEvents(List<FiledRow> ordered, RuleOptions options)
    {
        var events = new List<EnterpriseEvent>();
        var recognitions = new HashSet<Recognition>();
        var converted = false;
        var remediated = new HashSet<(RemediationStatus, DateOnly)>();
        var aboveScaleYears = new HashSet<int>();
        var crossedYears = new HashSet<int>();
        var flagged = false;
        var threshold = Text(options.LowEfficiencyThreshold);
        FiledRow? previous = null;

        foreach (var filed in ordered)
        {
            var (period, row) = (filed.Period, filed.Row);
            var at = period.ToString();

            var becameAboveScale = row.AboveScale
                && ((previous is not null && !previous.Row.AboveScale) || row.AboveScaleSince == period.Year);
            if (becameAboveScale && aboveScaleYears.Add(row.AboveScaleSince ?? period.Year))
            {
                events.Add(new EnterpriseEvent(at, EnterpriseEventKinds.AboveScale,
                    $"纳入规上企业（{row.AboveScaleSince ?? period.Year}年）"));
            }

            if (!converted && row.CreditCode.IsEnterprise && row.FormerCreditCode is { IsIndividualBusiness: true } former && row.ConversionDate is { } date)
            {
                converted = true;
                events.Add(new EnterpriseEvent(at, EnterpriseEventKinds.Converted,
                    $"由个体工商户（原代码{former.Value}）转为企业，转企日期{date:yyyy-MM-dd}"));
            }

            foreach (var recognition in row.Recognitions)
            {
                if (recognitions.Add(recognition))
                {
                    events.Add(new EnterpriseEvent(at, EnterpriseEventKinds.Recognised,
                        $"获{recognition.Name}认定（{recognition.Year}年）"));
                }
            }

            // YTD revenue only grows: the line is crossed in the first quarter of the year whose YTD reaches it.
            if (row.Revenue >= options.RevenueLine && crossedYears.Add(period.Year))
            {
                var lastYear = row.RevenueLastYear
                    ?? ordered.FirstOrDefault(r => r.Period == new Period(period.Year - 1, 4))?.Row.Revenue;
                if (lastYear < options.RevenueLine)
                {
                    events.Add(new EnterpriseEvent(at, EnterpriseEventKinds.RevenueOverLine,
                        $"{(period.Quarter == 4 ? "年" : "累计")}营业收入{Text(row.Revenue)}万元，首次达到{Text(options.RevenueLine)}万元（上年{Text(lastYear.Value)}万元）"));
                }
            }

            var low = FirmFigures.IsLowEfficiency(row, period, options);
            if (low && !flagged)
            {
                flagged = true;
                events.Add(new EnterpriseEvent(at, EnterpriseEventKinds.LowEfficiencyFlagged,
                    $"亩均税收{Text(FirmFigures.TaxPerMu(row, period)!.Value)}万元/亩，低于{threshold}万元/亩，列为低效企业"));
            }
            else if (flagged && row.Remediation == RemediationStatus.Closed)
            {
                flagged = false;
                events.Add(new EnterpriseEvent(at, EnterpriseEventKinds.LowEfficiencyCleared, "企业已关停，低效企业出清"));
            }
            else if (flagged && FirmFigures.IsEvaluated(row, options) && !FirmFigures.IsUnderThreshold(row, period, options.LowEfficiencyThreshold))
            {
                flagged = false;
                events.Add(new EnterpriseEvent(at, EnterpriseEventKinds.LowEfficiencyCleared,
                    $"亩均税收{Text(FirmFigures.TaxPerMu(row, period)!.Value)}万元/亩，不再低于{threshold}万元/亩，低效企业出清"));
            }

            if (row.Remediation is RemediationStatus.Remediated or RemediationStatus.Closed
                && row.RemediationDate is { } done
                && remediated.Add((row.Remediation, done)))
            {
                events.Add(new EnterpriseEvent(at, EnterpriseEventKinds.Remediated,
                    $"低散乱整治完成（{row.Remediation.ToChinese()}，{done:yyyy-MM-dd}）"));
            }

            previous = filed;
        }

        return events;
    }

    private static decimal? Normal(decimal? value) => value is { } v ? FirmFigures.Normalize(v) : null;

    private static string Text(decimal value) => FirmFigures.Round(value).ToString(CultureInfo.InvariantCulture);
}

/// <summary>One period of a firm's history: the filed figures, and what the rules derive from them.</summary>
public sealed record EnterprisePeriod
{
    public required string Period { get; init; }

    public required string Source { get; init; }

    public required string Name { get; init; }

    public required string Town { get; init; }

    public required bool AboveScale { get; init; }

    public int? AboveScaleSince { get; init; }

    public required decimal Revenue { get; init; }

    public decimal? RevenueSamePeriodLastYear { get; init; }

    public decimal? RevenueLastYear { get; init; }

    public required decimal Tax { get; init; }

    public decimal? LandMu { get; init; }

    public decimal? ResearchSpending { get; init; }

    public int? Employees { get; init; }

    /// <summary>资质 as filed, <c>名称:年份</c>.</summary>
    public IReadOnlyList<string> Recognitions { get; init; } = [];

    public string? FormerCreditCode { get; init; }

    public DateOnly? ConversionDate { get; init; }

    /// <summary>整治状态 in Chinese: 无, 整治中, 已整治, 已关停.</summary>
    public required string Remediation { get; init; }

    public DateOnly? RemediationDate { get; init; }

    public string? IndustryCode { get; init; }

    public required bool Industrial { get; init; }

    public required bool InEvaluationScope { get; init; }

    public required decimal AnnualisedRevenue { get; init; }

    public required decimal AnnualisedTax { get; init; }

    /// <summary>万元/亩, rounded to 4 places; absent when land is missing or zero (not evaluable).</summary>
    public decimal? TaxPerMu { get; init; }

    public required bool LowEfficiency { get; init; }
}

/// <param name="Kind">One of <see cref="EnterpriseEventKinds"/>.</param>
/// <param name="Description">What happened, in Chinese.</param>
public sealed record EnterpriseEvent(string Period, string Kind, string Description);

public static class EnterpriseEventKinds
{
    public const string AboveScale = "above-scale";
    public const string Converted = "individual-to-enterprise";
    public const string Recognised = "recognition";
    public const string RevenueOverLine = "revenue-over-line";
    public const string LowEfficiencyFlagged = "low-efficiency-flagged";
    public const string LowEfficiencyCleared = "low-efficiency-cleared";
    public const string Remediated = "remediated";
}
