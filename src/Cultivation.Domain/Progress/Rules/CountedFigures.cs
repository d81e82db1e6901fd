using Cultivation.Domain.Firms;
using Cultivation.Domain.Targets;

namespace Cultivation.Domain.Progress.Rules;

/// <summary>
/// The figures that made a firm count (SPEC §3, "every number must be traceable"): for each rule the
/// fields of the firm's state a reader needs to check the count by hand, e.g. 10亿's YTD revenue against
/// last year's, or 个转企's former code and date. The leaders' workbook and the dashboard show them.
/// </summary>
internal static class CountedFigures
{
    public static TargetFirm For(TargetDefinition definition, FirmRow state, YearData data)
    {
        var firm = new TargetFirm(state.CreditCode.Value, state.Name, state.Town);
        var period = data.Latest.TryGetValue(state.CreditCode, out var latest) ? latest.Period : data.AsOf;
        return definition.Rule switch
        {
            TargetRules.AboveScaleUpgrades => firm with
            {
                AboveScaleSince = state.AboveScaleSince,
                Revenue = FirmFigures.Normalize(state.Revenue),
                AnnualisedRevenue = period is { } p ? FirmFigures.Round(FirmFigures.Annualise(state.Revenue, p)) : null,
            },
            TargetRules.IndividualToEnterprise => firm with
            {
                FormerCreditCode = state.FormerCreditCode?.Value,
                ConversionDate = state.ConversionDate,
            },
            TargetRules.Recognitions => firm with
            {
                Recognition = Recognition(definition, state, data.Year),
            },
            TargetRules.RevenueOverThreshold => firm with
            {
                // YTD only grows: the year's highest YTD is the figure that reached the line.
                Revenue = FirmFigures.Normalize(data.RowsOfYear(state.CreditCode).Select(r => r.Row.Revenue).DefaultIfEmpty(state.Revenue).Max()),
                LastYearRevenue = data.LastYearRevenue(state.CreditCode) is { } last ? FirmFigures.Normalize(last) : null,
            },
            TargetRules.ScatteredFirmsRemediated => firm with
            {
                Remediation = state.Remediation.ToChinese(),
                RemediationDate = state.RemediationDate,
            },
            TargetRules.LowEfficiencyCleared => Cleared(firm, state, data),
            _ => firm,
        };
    }

    private static string? Recognition(TargetDefinition definition, FirmRow state, int year)
    {
        var name = definition.Parameter(TargetRules.RecognitionParameter);
        return state.Recognitions.FirstOrDefault(r => r.Year == year && string.Equals(r.Name, name, StringComparison.Ordinal)) is { } r
            ? $"{r.Name}:{r.Year}"
            : null;
    }

    /// <summary>Closed (已关停), or evaluated at the as-of period and no longer under the line: its 亩均税收 then.</summary>
    private static TargetFirm Cleared(TargetFirm firm, FirmRow state, YearData data)
    {
        if (data.RowsOfYear(state.CreditCode).Any(r => r.Row.Remediation == RemediationStatus.Closed))
        {
            return firm with { Remediation = RemediationStatus.Closed.ToChinese() };
        }

        var current = data.AsOf is { } asOf ? data.RowAt(state.CreditCode, asOf) : null;
        return current is null || FirmFigures.TaxPerMu(current, data.AsOf!.Value) is not { } perMu
            ? firm
            : firm with
            {
                AnnualisedTax = FirmFigures.Round(FirmFigures.Annualise(current.Tax, data.AsOf!.Value)),
                LandMu = FirmFigures.Normalize(current.LandMu!.Value),
                TaxPerMu = FirmFigures.Round(perMu),
            };
    }
}
