using System.Globalization;
using Cultivation.Domain.Firms;
using Cultivation.Domain.Periods;

namespace Cultivation.Domain.Progress.Rules;

/// <summary>
/// Low-efficiency firms cleared (SPEC section 3). The baseline is the set flagged on last year's
/// full-year figures (last year's Q4 when complete, else the year's first complete quarter); the target
/// is that whole set. A baseline firm is cleared when any of its rows of the year up to the as-of period
/// says 已关停 (a closed firm stops being filed), or when its as-of row is evaluated (industrial, in the
/// evaluation scope, with land) and no longer under the threshold.
/// </summary>
/// <remarks>
/// Everything else is not cleared and is listed with the reason: no as-of row, land missing, or out of
/// the evaluation scope (规下 on less land, or no longer industrial). Leaving the scope does not clear a
/// firm, so a flag cannot be shed by refiling a figure.
/// </remarks>
internal static class LowEfficiencyClearedRule
{
    public static CountOutcome Count(YearData data)
    {
        var options = data.Options;
        if (BaselinePeriod(data) is not { } basePeriod)
        {
            return new CountOutcome([]) { AllTarget = 0m, NotCleared = [] };
        }

        var baseline = data.RowsOf(basePeriod).Where(r => FirmFigures.IsLowEfficiency(r, basePeriod, options)).ToList();
        var cleared = new List<FirmRow>();
        var notCleared = new List<(FirmRow Row, NotClearedFirm Firm)>();
        foreach (var flagged in baseline)
        {
            var code = flagged.CreditCode;
            var shown = data.StateOf(code) ?? flagged;
            if (data.RowsOfYear(code).Any(r => r.Row.Remediation == RemediationStatus.Closed))
            {
                cleared.Add(shown);
                continue;
            }

            var current = data.AsOf is { } asOf ? data.RowAt(code, asOf) : null;
            if (current is not null && FirmFigures.IsEvaluated(current, options) && !FirmFigures.IsUnderThreshold(current, data.AsOf!.Value, options.LowEfficiencyThreshold))
            {
                cleared.Add(shown);
            }
            else
            {
                notCleared.Add((current ?? shown, Reason(current ?? shown, current is not null, data)));
            }
        }

        return new CountOutcome(cleared)
        {
            AllTarget = baseline.Count,
            BaselinePeriod = basePeriod.ToString(),
            NotCleared = data.Sorted(notCleared, n => n.Row).Select(n => n.Firm).ToList(),
        };
    }

    private static Period? BaselinePeriod(YearData data)
    {
        var lastYearQ4 = new Period(data.Year - 1, 4);
        return data.IsComplete(lastYearQ4)
            ? lastYearQ4
            : Enumerable.Range(1, 4).Select(q => new Period(data.Year, q)).Where(data.IsComplete).Cast<Period?>().FirstOrDefault();
    }

    private static NotClearedFirm Reason(FirmRow row, bool hasAsOfRow, YearData data)
    {
        var options = data.Options;
        var (reason, reasonEn, taxPerMu) = (hasAsOfRow, data.AsOf) switch
        {
            (_, null) => ("本年度尚无完整季度的数据", "no complete quarter yet this year", (decimal?)null),
            (false, { } asOf) => ($"{asOf}无该企业填报数据，也未报已关停", $"no row in the as-of period {asOf}, and never reported closed (已关停)", null),
            _ when !FirmFigures.IsIndustrial(row, options) =>
                ($"行业代码{row.IndustryCode}不属于工业，已不在亩均评价范围，不计为出清", $"industry code {row.IndustryCode} is not industrial: out of the evaluation scope, not cleared", null),
            _ when !FirmFigures.IsEvaluable(row) =>
                ("用地面积缺失或为0，无法评价亩均税收", "land missing or zero: 亩均税收 cannot be evaluated", null),
            _ when !FirmFigures.InEvaluationScope(row, options) =>
                ($"已转为规下且用地面积不足{Text(options.EvaluationScopeLandMu)}亩，不在亩均评价范围，不计为出清",
                    $"now 规下 on under {Text(options.EvaluationScopeLandMu)} 亩: out of the evaluation scope, not cleared", null),
            (_, { } asOf) => UnderThreshold(row, asOf, options),
        };
        return new NotClearedFirm(row.CreditCode.Value, row.Name, row.Town, reason, reasonEn) { TaxPerMu = taxPerMu };
    }

    private static (string, string, decimal?) UnderThreshold(FirmRow row, Period asOf, RuleOptions options)
    {
        var taxPerMu = FirmFigures.Round(FirmFigures.TaxPerMu(row, asOf)!.Value);
        var (text, threshold) = (Text(taxPerMu), Text(options.LowEfficiencyThreshold));
        return ($"亩均税收{text}万元/亩，仍低于{threshold}万元/亩", $"亩均税收 {text} 万元/亩, still under {threshold} 万元/亩", taxPerMu);
    }

    private static string Text(decimal value) => FirmFigures.Normalize(value).ToString(CultureInfo.InvariantCulture);
}
