using Cultivation.Domain.Firms;
using Cultivation.Domain.Periods;

namespace Cultivation.Domain.Progress;

/// <summary>
/// The body of <c>GET /api/low-efficiency/{year}/Q{q}</c>: the flagged firms of a period, lowest 亩均税收
/// first, and the period's data gaps (in-scope firms whose 亩均税收 cannot be evaluated).
/// </summary>
public sealed record LowEfficiencyList(string Period, decimal Threshold, IReadOnlyList<LowEfficiencyFirm> Firms)
{
    /// <summary>规上 industrial firms without land (blank or 0): leaving 用地面积 blank must not hide a firm.</summary>
    public IReadOnlyList<DataGap> DataGaps { get; init; } = [];

    /// <summary>
    /// Flags the rows of one period (one row per firm; a repeated credit code is taken once, the
    /// first). <paramref name="town"/>, when given, keeps only that town's firms.
    /// </summary>
    public static LowEfficiencyList For(Period period, IEnumerable<FirmRow> rowsOfPeriod, RuleOptions options, string? town = null)
    {
        var rows = rowsOfPeriod
            .DistinctBy(r => r.CreditCode)
            .Where(r => town is null || string.Equals(r.Town, town, StringComparison.Ordinal))
            .ToList();
        var firms = rows
            .Where(r => FirmFigures.IsLowEfficiency(r, period, options))
            .Select(r => (Row: r, TaxPerMu: FirmFigures.TaxPerMu(r, period)!.Value))
            .OrderBy(x => x.TaxPerMu)
            .ThenBy(x => x.Row.CreditCode.Value, StringComparer.Ordinal)
            .Select(x => new LowEfficiencyFirm(
                x.Row.CreditCode.Value,
                x.Row.Name,
                x.Row.Town,
                FirmFigures.Round(x.TaxPerMu),
                FirmFigures.Normalize(x.Row.LandMu!.Value),
                FirmFigures.Round(FirmFigures.Annualise(x.Row.Tax, period))))
            .ToList();
        var gaps = rows
            .Where(r => IsDataGap(r, options))
            .OrderBy(r => r.Town, StringComparer.Ordinal)
            .ThenBy(r => r.CreditCode.Value, StringComparer.Ordinal)
            .Select(DataGap.Of)
            .ToList();

        return new LowEfficiencyList(period.ToString(), FirmFigures.Normalize(options.LowEfficiencyThreshold), firms) { DataGaps = gaps };
    }

    /// <summary>
    /// A 规上 industrial firm (always in the evaluation scope) that is not evaluable. A 规下 firm without
    /// land is out of the scope (which needs ≥ 3 亩), and a closed firm is cleared, so neither is a gap.
    /// </summary>
    public static bool IsDataGap(FirmRow row, RuleOptions options) =>
        row.AboveScale
        && row.Remediation != RemediationStatus.Closed
        && FirmFigures.IsIndustrial(row, options)
        && !FirmFigures.IsEvaluable(row);
}

/// <param name="TaxPerMu">亩均税收 (万元/亩), rounded to 4 places.</param>
/// <param name="LandMu">用地面积 (亩).</param>
/// <param name="AnnualisedTax">Annualised tax (万元), rounded to 4 places.</param>
public sealed record LowEfficiencyFirm(string CreditCode, string Name, string Town, decimal TaxPerMu, decimal LandMu, decimal AnnualisedTax);

/// <summary>An in-scope firm whose 亩均税收 cannot be evaluated, with the reason in Chinese and English.</summary>
public sealed record DataGap(string CreditCode, string Name, string Town, string Reason, string ReasonEn)
{
    public static DataGap Of(FirmRow row) => row.LandMu is null
        ? new(row.CreditCode.Value, row.Name, row.Town, "规上工业企业未填写用地面积，无法评价亩均税收", "用地面积 not given for a 规上 industrial firm: 亩均税收 cannot be evaluated")
        : new(row.CreditCode.Value, row.Name, row.Town, "规上工业企业用地面积为0（如租用厂房），无法评价亩均税收", "用地面积 is 0 for a 规上 industrial firm (e.g. rented premises): 亩均税收 cannot be evaluated");
}
