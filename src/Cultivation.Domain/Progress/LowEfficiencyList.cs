using Cultivation.Domain.Firms;
using Cultivation.Domain.Periods;

namespace Cultivation.Domain.Progress;

/// <summary>The body of <c>GET /api/low-efficiency/{year}/Q{q}</c>: the flagged firms of a period, lowest 亩均税收 first.</summary>
public sealed record LowEfficiencyList(string Period, decimal Threshold, IReadOnlyList<LowEfficiencyFirm> Firms)
{
    /// <summary>
    /// Flags the rows of one period (one row per firm; a repeated credit code is taken once, the
    /// first). <paramref name="town"/>, when given, keeps only that town's firms.
    /// </summary>
    public static LowEfficiencyList For(Period period, IEnumerable<FirmRow> rowsOfPeriod, RuleOptions options, string? town = null)
    {
        var firms = rowsOfPeriod
            .DistinctBy(r => r.CreditCode)
            .Where(r => town is null || string.Equals(r.Town, town, StringComparison.Ordinal))
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

        return new LowEfficiencyList(period.ToString(), FirmFigures.Normalize(options.LowEfficiencyThreshold), firms);
    }
}

/// <param name="TaxPerMu">亩均税收 (万元/亩), rounded to 4 places.</param>
/// <param name="LandMu">用地面积 (亩).</param>
/// <param name="AnnualisedTax">Annualised tax (万元), rounded to 4 places.</param>
public sealed record LowEfficiencyFirm(string CreditCode, string Name, string Town, decimal TaxPerMu, decimal LandMu, decimal AnnualisedTax);
