using Cultivation.Domain.Firms;
using Cultivation.Domain.Periods;
using Cultivation.Domain.Targets;

namespace Cultivation.Domain.Progress.Rules;

/// <summary>
/// 规上工业亩均税收 of the as-of period: Σ annualised tax ÷ Σ 用地面积 over its 规上 industrial rows with
/// land (a ratio of sums). <c>no-data</c> before the first complete quarter, or when no such row has land.
/// The baseline is last year's value from last year's Q4 when complete, else the configured one.
/// </summary>
internal static class TaxPerMuAverageRule
{
    public static TargetDetail Evaluate(TargetDefinition definition, YearData data)
    {
        var target = definition.Target ?? 0m;
        var options = data.Options;
        var current = data.AsOf is { } asOf ? RatioOf(asOf, data.RowsOf(asOf), options) : null;

        decimal? baseline = definition.Baseline;
        string? baselinePeriod = baseline is null ? null : "configured";
        var lastYearQ4 = new Period(data.Year - 1, 4);
        if (data.IsComplete(lastYearQ4) && RatioOf(lastYearQ4, data.RowsOf(lastYearQ4), options) is { Value: { } lastValue })
        {
            baseline = lastValue;
            baselinePeriod = lastYearQ4.ToString();
        }

        string status;
        if (current?.Value is null)
        {
            status = ProgressStatus.NoData;
        }
        else
        {
            // value ≥ x  ⇔  Σtax × 4 ≥ x × q × Σland: decided exactly, not on the rounded quotient.
            var scaledTax = current.SumTax * 4;
            var scaledLand = current.SumLand * data.AsOf!.Value.Quarter;
            status = scaledTax >= target * scaledLand ? ProgressStatus.Achieved
                : scaledTax >= options.RatioAtRiskShareOfTarget * target * scaledLand ? ProgressStatus.AtRisk
                : ProgressStatus.Behind;
        }

        var value = current?.Value is { } v ? FirmFigures.Round(v) : (decimal?)null;
        var progress = new TargetProgress
        {
            Id = definition.Id,
            Name = definition.Name,
            Kind = ProgressStatus.Ratio,
            Unit = definition.Unit,
            Target = FirmFigures.Normalize(target),
            Value = value,
            Gap = value is { } shown ? FirmFigures.Normalize(target - shown) : null,
            Baseline = baseline is { } b ? FirmFigures.Round(b) : null,
            BaselinePeriod = baselinePeriod,
            Status = status,
            StatusName = ProgressStatus.ChineseName(status),
        };

        var firms = current is null ? [] : data.Sorted(current.Rows).Select(r => new TargetFirm(r.CreditCode.Value, r.Name, r.Town)
        {
            AnnualisedTax = FirmFigures.Round(FirmFigures.Annualise(r.Tax, data.AsOf!.Value)),
            LandMu = FirmFigures.Normalize(r.LandMu!.Value),
            TaxPerMu = FirmFigures.Round(FirmFigures.TaxPerMu(r, data.AsOf!.Value)!.Value),
        }).ToList();
        return new TargetDetail(progress) { Firms = firms };
    }

    /// <summary>亩均税收 of a period: Σ annualised tax ÷ Σ land over its 规上 industrial rows with land &gt; 0 (a ratio of sums).</summary>
    private static Ratio RatioOf(Period period, IEnumerable<FirmRow> rows, RuleOptions options)
    {
        var counted = rows.Where(r => r.AboveScale && FirmFigures.IsIndustrial(r, options) && FirmFigures.IsEvaluable(r)).ToList();
        var sumTax = counted.Sum(r => r.Tax);
        var sumLand = counted.Sum(r => r.LandMu!.Value);
        decimal? value = sumLand > 0 ? sumTax * 4 / (sumLand * period.Quarter) : null;
        return new Ratio(counted, sumTax, sumLand, value);
    }

    private sealed record Ratio(IReadOnlyList<FirmRow> Rows, decimal SumTax, decimal SumLand, decimal? Value);
}
