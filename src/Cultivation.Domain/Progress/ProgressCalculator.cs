using System.Globalization;
using Cultivation.Domain.Firms;
using Cultivation.Domain.Periods;
using Cultivation.Domain.Targets;

namespace Cultivation.Domain.Progress;

/// <summary>
/// Computes a year's progress against its targets from the accepted rows (SPEC section 3).
/// Pure: the same input always gives the same output.
/// </summary>
/// <remarks>
/// Choices where the spec leaves room:
/// <list type="bullet">
/// <item>The as-of period is the latest quarter of the year that every configured town filed,
/// even if an earlier quarter is still incomplete; 统计局 is optional.</item>
/// <item>A firm's state is its latest row (up to the as-of period): a recognition, conversion or
/// remediation dropped from a later filing is taken as withdrawn. Only 小升规 (earlier 规下 rows)
/// and 10亿 (last year's revenue) look further back.</item>
/// <item>Before the first complete quarter nothing is expected yet: achieved 0, expected 0, and
/// every target (ratio targets too) is on-track. Once a quarter is complete, a ratio target with
/// nothing evaluable has no value and is behind.</item>
/// <item>A low-efficiency baseline firm is cleared only by its as-of row being evaluable and not
/// under the threshold, or by 已关停; leaving the scope (becoming 规下 with less land, a
/// non-industrial 行业代码) does not clear it, so a flag cannot be shed by refiling.</item>
/// <item>The 10亿 rule takes last year's revenue from 上年营业收入 of the firm's rows this year
/// (latest first), else from its row of last year's Q4; before Q4 a firm whose annualised revenue
/// reaches the line is <c>projected</c> (or <c>unknown</c>) and the achieved count stays 0.</item>
/// <item>Ratio values and gaps are rounded to 4 places for display; their statuses are decided
/// on the exact sums.</item>
/// </list>
/// </remarks>
public static class ProgressCalculator
{
    public static ProgressResult Compute(ProgressInput input)
    {
        var data = new YearData(input);
        var progress = new List<TargetProgress>();
        var details = new List<TargetDetail>();
        foreach (var definition in input.Targets.Targets)
        {
            var detail = definition.Kind == TargetKind.Ratio
                ? RatioTarget(definition, data)
                : CountTarget(definition, data);
            details.Add(detail);
            progress.Add(detail.ToSummary());
        }

        var body = new YearProgress
        {
            Year = input.Year,
            AsOf = data.AsOf?.ToString(),
            ComputedAt = input.ComputedAt.UtcDateTime,
            NextPeriod = NextPeriod(data),
            Targets = progress,
        };
        return new ProgressResult(body, details);
    }

    /// <summary>The latest quarter of <paramref name="year"/> that every configured town has filed, or null.</summary>
    public static Period? AsOfPeriod(int year, IReadOnlyDictionary<Period, IReadOnlySet<string>> acceptedSources, IReadOnlyList<string> towns)
    {
        for (var q = 4; q >= 1; q--)
        {
            var period = new Period(year, q);
            if (IsComplete(period, acceptedSources, towns))
            {
                return period;
            }
        }

        return null;
    }

    /// <summary>
    /// A count target's status: <c>achieved</c> (≥ target), <c>on-track</c> (≥ expected),
    /// <c>at-risk</c> (≥ 80% of expected, configuration), else <c>behind</c>.
    /// </summary>
    public static string CountStatus(decimal achieved, decimal target, decimal expected, RuleOptions options) =>
        achieved >= target ? ProgressStatus.Achieved
        : achieved >= expected ? ProgressStatus.OnTrack
        : achieved >= options.AtRiskShareOfExpected * expected ? ProgressStatus.AtRisk
        : ProgressStatus.Behind;

    public static bool IsComplete(Period period, IReadOnlyDictionary<Period, IReadOnlySet<string>> acceptedSources, IReadOnlyList<string> towns) =>
        acceptedSources.TryGetValue(period, out var sources) && towns.All(sources.Contains);

    private static NextPeriodStatus? NextPeriod(YearData data)
    {
        if (data.AsOf is { Quarter: 4 })
        {
            return null;
        }

        var next = data.AsOf?.Next ?? new Period(data.Year, 1);
        var filed = data.Input.AcceptedSources.TryGetValue(next, out var sources) ? sources : new HashSet<string>();
        var towns = data.Input.City.Towns;
        var missing = towns.Where(t => !filed.Contains(t)).ToList();
        var count = towns.Count - missing.Count;
        return count == 0 ? null : new NextPeriodStatus(next.ToString(), count, towns.Count, missing);
    }

    private static TargetDetail CountTarget(TargetDefinition definition, YearData data)
    {
        var outcome = definition.Rule switch
        {
            TargetRules.AboveScaleUpgrades => AboveScaleUpgrades(data),
            TargetRules.IndividualToEnterprise => IndividualToEnterprise(data),
            TargetRules.Recognitions => Recognitions(definition, data),
            TargetRules.RevenueOverThreshold => RevenueOverThreshold(definition, data),
            TargetRules.LowEfficiencyCleared => LowEfficiencyCleared(data),
            TargetRules.ScatteredFirmsRemediated => ScatteredFirmsRemediated(data),
            _ => throw new InvalidOperationException($"no count rule '{definition.Rule}'"),
        };

        var target = definition.Target ?? outcome.AllTarget ?? 0m;
        var achieved = data.AsOf is null ? 0 : outcome.Firms.Count;
        var expected = data.AsOf is { } asOf ? target * definition.Profile[asOf.Quarter - 1] : 0m;
        var status = data.AsOf is null ? ProgressStatus.OnTrack : CountStatus(achieved, target, expected, data.Input.Options);

        var firms = data.AsOf is null ? [] : outcome.Firms;
        var byTown = data.Input.City.Towns
            .Select((town, order) => (Town: town, Order: order, Achieved: firms.Count(f => f.Town == town)))
            .Concat(firms.Select(f => f.Town).Distinct().Where(t => !data.Input.City.IsTown(t))
                .Select(t => (Town: t, Order: int.MaxValue, Achieved: firms.Count(f => f.Town == t))))
            .OrderByDescending(x => x.Achieved)
            .ThenBy(x => x.Order)
            .Select(x => new TownAchievement(x.Town, x.Achieved))
            .ToList();

        var progress = new TargetProgress
        {
            Id = definition.Id,
            Name = definition.Name,
            Kind = ProgressStatus.Count,
            Unit = definition.Unit,
            Target = FirmFigures.Normalize(target),
            TargetText = definition.IsAll ? TargetsFile.All : null,
            Achieved = achieved,
            Expected = FirmFigures.Normalize(expected),
            BaselinePeriod = outcome.BaselinePeriod,
            Status = status,
            StatusName = ProgressStatus.ChineseName(status),
            ByTown = byTown,
        };

        return new TargetDetail(progress)
        {
            Firms = data.Sorted(firms).Select(r => new TargetFirm(r.CreditCode.Value, r.Name, r.Town)).ToList(),
            Pool = outcome.Pool,
            Projected = outcome.Projected,
            Unknown = outcome.Unknown,
            NotCleared = outcome.NotCleared,
        };
    }

    private static TargetDetail RatioTarget(TargetDefinition definition, YearData data)
    {
        var target = definition.Target ?? 0m;
        var options = data.Input.Options;
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
        if (data.AsOf is null)
        {
            status = ProgressStatus.OnTrack;
        }
        else if (current?.Value is null)
        {
            status = ProgressStatus.Behind;
        }
        else
        {
            // value ≥ x  ⇔  Σtax × 4 ≥ x × q × Σland: decided exactly, not on the rounded quotient.
            var scaledTax = current.SumTax * 4;
            var scaledLand = current.SumLand * data.AsOf.Value.Quarter;
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
    private static Ratio? RatioOf(Period period, IEnumerable<FirmRow> rows, RuleOptions options)
    {
        var counted = rows.Where(r => r.AboveScale && FirmFigures.IsIndustrial(r, options) && FirmFigures.IsEvaluable(r)).ToList();
        var sumTax = counted.Sum(r => r.Tax);
        var sumLand = counted.Sum(r => r.LandMu!.Value);
        decimal? value = sumLand > 0 ? sumTax * 4 / (sumLand * period.Quarter) : null;
        return new Ratio(counted, sumTax, sumLand, value);
    }

    private static Outcome AboveScaleUpgrades(YearData data)
    {
        var options = data.Input.Options;
        var firms = new List<FirmRow>();
        var pool = new List<(FirmRow Row, decimal Annualised)>();
        foreach (var latest in data.Latest.Values)
        {
            var row = latest.Row;
            if (!FirmFigures.IsIndustrial(row, options))
            {
                continue;
            }

            if (row.AboveScale)
            {
                var upgraded = row.AboveScaleSince == data.Year
                    || (row.AboveScaleSince is null && data.History(row.CreditCode).Any(h => h.Period < latest.Period && !h.Row.AboveScale));
                if (upgraded)
                {
                    firms.Add(row);
                }
            }
            else if (FirmFigures.AnnualisedAtLeast(row.Revenue, latest.Period, options.PoolRevenueFloor))
            {
                pool.Add((row, FirmFigures.Annualise(row.Revenue, latest.Period)));
            }
        }

        var ranked = pool
            .OrderByDescending(p => p.Annualised)
            .ThenBy(p => p.Row.CreditCode.Value, StringComparer.Ordinal)
            .Select((p, i) => new PoolFirm(i + 1, p.Row.CreditCode.Value, p.Row.Name, p.Row.Town, FirmFigures.Round(p.Annualised)))
            .ToList();
        return new Outcome(firms) { Pool = ranked };
    }

    private static Outcome IndividualToEnterprise(YearData data) => new(data.LatestRows
        .Where(r => r.CreditCode.IsEnterprise
            && r.FormerCreditCode is { IsIndividualBusiness: true }
            && r.ConversionDate?.Year == data.Year)
        .ToList());

    private static Outcome Recognitions(TargetDefinition definition, YearData data)
    {
        var name = definition.Parameter(TargetRules.RecognitionParameter) ?? string.Empty;
        return new Outcome(data.LatestRows
            .Where(r => r.Recognitions.Any(g => g.Year == data.Year && string.Equals(g.Name, name, StringComparison.Ordinal)))
            .ToList());
    }

    private static Outcome RevenueOverThreshold(TargetDefinition definition, YearData data)
    {
        var line = decimal.TryParse(definition.Parameter(TargetRules.ThresholdParameter), NumberStyles.Number, CultureInfo.InvariantCulture, out var given)
            ? given
            : data.Input.Options.RevenueLine;
        var firms = new List<FirmRow>();
        var projected = new List<RevenueFirm>();
        var unknown = new List<RevenueFirm>();
        var fullYear = data.AsOf is { Quarter: 4 };
        foreach (var latest in data.Latest.Values)
        {
            var row = latest.Row;

            // At Q4 the annual revenue is the Q4 row's; before, it is only a projection.
            if (fullYear && latest.Period != data.AsOf)
            {
                continue;
            }

            if (!FirmFigures.AnnualisedAtLeast(row.Revenue, latest.Period, line))
            {
                continue;
            }

            var lastYear = data.LastYearRevenue(row.CreditCode);
            var entry = new RevenueFirm(row.CreditCode.Value, row.Name, row.Town, FirmFigures.Round(FirmFigures.Annualise(row.Revenue, latest.Period)))
            {
                LastYearRevenue = lastYear is { } known ? FirmFigures.Normalize(known) : null,
            };
            if (lastYear is null)
            {
                unknown.Add(entry);
            }
            else if (lastYear < line)
            {
                if (fullYear)
                {
                    firms.Add(row);
                }
                else
                {
                    projected.Add(entry);
                }
            }
        }

        return new Outcome(firms)
        {
            Projected = projected.OrderByDescending(p => p.AnnualisedRevenue).ThenBy(p => p.CreditCode, StringComparer.Ordinal).ToList(),
            Unknown = unknown.OrderByDescending(p => p.AnnualisedRevenue).ThenBy(p => p.CreditCode, StringComparer.Ordinal).ToList(),
        };
    }

    private static Outcome LowEfficiencyCleared(YearData data)
    {
        var options = data.Input.Options;

        // Baseline: flagged on last year's full-year figures when that quarter is complete, else
        // on the year's first complete quarter.
        Period? baselinePeriod = null;
        var lastYearQ4 = new Period(data.Year - 1, 4);
        if (data.IsComplete(lastYearQ4))
        {
            baselinePeriod = lastYearQ4;
        }
        else
        {
            for (var q = 1; q <= 4 && baselinePeriod is null; q++)
            {
                if (data.IsComplete(new Period(data.Year, q)))
                {
                    baselinePeriod = new Period(data.Year, q);
                }
            }
        }

        if (baselinePeriod is not { } basePeriod)
        {
            return new Outcome([]) { AllTarget = 0m, NotCleared = [] };
        }

        var baseline = data.RowsOf(basePeriod).Where(r => FirmFigures.IsLowEfficiency(r, basePeriod, options)).ToList();
        var cleared = new List<FirmRow>();
        var notCleared = new List<(FirmRow Row, NotClearedFirm Firm)>();
        foreach (var flagged in baseline)
        {
            var current = data.AsOf is { } asOf ? data.RowAt(flagged.CreditCode, asOf) : null;
            var shown = data.LatestOf(flagged.CreditCode) ?? flagged;
            var threshold = FirmFigures.Normalize(options.LowEfficiencyThreshold).ToString(CultureInfo.InvariantCulture);
            if (current is null)
            {
                var period = data.AsOf?.ToString() ?? "—";
                notCleared.Add((shown, new NotClearedFirm(shown.CreditCode.Value, shown.Name, shown.Town,
                    data.AsOf is null ? "本年度尚无完整季度的数据" : $"{period}无该企业填报数据",
                    data.AsOf is null ? "no complete quarter yet this year" : $"no row in the as-of period {period}")));
            }
            else if (current.Remediation == RemediationStatus.Closed)
            {
                cleared.Add(current);
            }
            else if (!FirmFigures.IsEvaluable(current))
            {
                notCleared.Add((current, new NotClearedFirm(current.CreditCode.Value, current.Name, current.Town,
                    "用地面积缺失或为0，无法评价亩均税收", "land missing or zero: 亩均税收 cannot be evaluated")));
            }
            else if (FirmFigures.IsUnderThreshold(current, data.AsOf!.Value, options.LowEfficiencyThreshold))
            {
                var taxPerMu = FirmFigures.Round(FirmFigures.TaxPerMu(current, data.AsOf!.Value)!.Value);
                var text = taxPerMu.ToString(CultureInfo.InvariantCulture);
                notCleared.Add((current, new NotClearedFirm(current.CreditCode.Value, current.Name, current.Town,
                    $"亩均税收{text}万元/亩，仍低于{threshold}万元/亩", $"亩均税收 {text} 万元/亩, still under {threshold} 万元/亩")
                {
                    TaxPerMu = taxPerMu,
                }));
            }
            else
            {
                cleared.Add(current);
            }
        }

        return new Outcome(cleared)
        {
            AllTarget = baseline.Count,
            BaselinePeriod = basePeriod.ToString(),
            NotCleared = data.Sorted(notCleared, n => n.Row).Select(n => n.Firm).ToList(),
        };
    }

    private static Outcome ScatteredFirmsRemediated(YearData data) => new(data.LatestRows
        .Where(r => r.Remediation is RemediationStatus.Remediated or RemediationStatus.Closed
            && r.RemediationDate?.Year == data.Year)
        .ToList());

    private sealed record Ratio(IReadOnlyList<FirmRow> Rows, decimal SumTax, decimal SumLand, decimal? Value);

    private sealed record Outcome(IReadOnlyList<FirmRow> Firms)
    {
        public decimal? AllTarget { get; init; }

        public string? BaselinePeriod { get; init; }

        public IReadOnlyList<PoolFirm>? Pool { get; init; }

        public IReadOnlyList<RevenueFirm>? Projected { get; init; }

        public IReadOnlyList<RevenueFirm>? Unknown { get; init; }

        public IReadOnlyList<NotClearedFirm>? NotCleared { get; init; }
    }

    /// <summary>The rows that matter for one year, indexed by firm and by period.</summary>
    private sealed class YearData
    {
        private readonly Dictionary<CreditCode, List<FiledRow>> _history = [];
        private readonly Dictionary<Period, List<FirmRow>> _byPeriod = [];
        private readonly Dictionary<string, int> _townOrder;

        public YearData(ProgressInput input)
        {
            Input = input;
            Year = input.Year;
            AsOf = AsOfPeriod(Year, input.AcceptedSources, input.City.Towns);
            _townOrder = input.City.Towns.Select((t, i) => (t, i)).ToDictionary(x => x.t, x => x.i, StringComparer.Ordinal);

            // Last year's rows, and this year's up to the as-of period: rows of a later, partly
            // filed quarter wait. A firm has one row per period; a repeat is ignored.
            var seen = new HashSet<(CreditCode, Period)>();
            foreach (var filed in input.Rows)
            {
                var relevant = filed.Period.Year == Year - 1 || (filed.Period.Year == Year && AsOf is { } asOf && filed.Period <= asOf);
                if (!relevant || !seen.Add((filed.Row.CreditCode, filed.Period)))
                {
                    continue;
                }

                if (!_history.TryGetValue(filed.Row.CreditCode, out var list))
                {
                    _history[filed.Row.CreditCode] = list = [];
                }

                list.Add(filed);
                if (!_byPeriod.TryGetValue(filed.Period, out var rows))
                {
                    _byPeriod[filed.Period] = rows = [];
                }

                rows.Add(filed.Row);
            }

            foreach (var list in _history.Values)
            {
                list.Sort((a, b) => a.Period.CompareTo(b.Period));
            }

            Latest = _history
                .Select(h => h.Value.LastOrDefault(r => r.Period.Year == Year))
                .Where(r => r is not null)
                .ToDictionary(r => r!.Row.CreditCode, r => r!);
        }

        public ProgressInput Input { get; }

        public int Year { get; }

        public Period? AsOf { get; }

        /// <summary>Each firm's latest row of the year (up to the as-of period).</summary>
        public IReadOnlyDictionary<CreditCode, FiledRow> Latest { get; }

        public IEnumerable<FirmRow> LatestRows => Latest.Values.Select(r => r.Row);

        public bool IsComplete(Period period) => ProgressCalculator.IsComplete(period, Input.AcceptedSources, Input.City.Towns);

        public IReadOnlyList<FiledRow> History(CreditCode code) => _history.TryGetValue(code, out var list) ? list : [];

        public IReadOnlyList<FirmRow> RowsOf(Period period) => _byPeriod.TryGetValue(period, out var rows) ? rows : [];

        public FirmRow? RowAt(CreditCode code, Period period) => History(code).FirstOrDefault(r => r.Period == period)?.Row;

        public FirmRow? LatestOf(CreditCode code) => Latest.TryGetValue(code, out var row) ? row.Row : null;

        /// <summary>上年营业收入 as this year's rows give it (latest first), else last year's Q4 row's revenue.</summary>
        public decimal? LastYearRevenue(CreditCode code)
        {
            var history = History(code);
            var given = history.Where(r => r.Period.Year == Year).Reverse().Select(r => r.Row.RevenueLastYear).FirstOrDefault(v => v is not null);
            return given ?? history.FirstOrDefault(r => r.Period == new Period(Year - 1, 4))?.Row.Revenue;
        }

        /// <summary>Firms in town order (as configured), then by credit code.</summary>
        public IEnumerable<FirmRow> Sorted(IEnumerable<FirmRow> rows) => Sorted(rows, r => r);

        public IEnumerable<T> Sorted<T>(IEnumerable<T> items, Func<T, FirmRow> row) => items
            .OrderBy(x => _townOrder.TryGetValue(row(x).Town, out var order) ? order : int.MaxValue)
            .ThenBy(x => row(x).Town, StringComparer.Ordinal)
            .ThenBy(x => row(x).CreditCode.Value, StringComparer.Ordinal);
    }
}
