using Cultivation.Domain.Periods;
using Cultivation.Domain.Progress.Rules;
using Cultivation.Domain.Targets;

namespace Cultivation.Domain.Progress;

/// <summary>
/// Computes a year's progress against its targets from the accepted rows (SPEC section 3): the targets
/// as of the latest complete quarter, the trend at every complete quarter up to it (<c>history</c>), and
/// the same trend for last year with this year's rules (<c>lastYear</c>, 同比). Pure: the same input
/// always gives the same output. Each rule lives in <c>Progress/Rules</c>.
/// </summary>
/// <remarks>
/// Choices where the spec leaves room:
/// <list type="bullet">
/// <item>The as-of period is the latest quarter of the year that is complete, even if an earlier quarter
/// is still incomplete; the trend lists only complete quarters.</item>
/// <item>Event fields are resolved from any row of last year or this year up to the as-of period
/// (<see cref="EventFields"/>); a firm is counted only when it has a row this year.</item>
/// <item>Before the first complete quarter every target is <c>no-data</c> with 0 counted: a count of
/// firms from no rows is 0, but there is nothing to judge it against.</item>
/// <item>The trend of last year judges last year's figures against this year's targets and profiles
/// (the same rules); its figures are the point of it.</item>
/// <item>Ratio values, gaps and town rates are rounded to 4 places for display; statuses and rankings
/// are decided on exact figures.</item>
/// </list>
/// </remarks>
public static class ProgressCalculator
{
    public static ProgressResult Compute(ProgressInput input)
    {
        var index = new RowIndex(input.Rows);
        var asOf = FilingCompleteness.AsOf(input.Year, input.AcceptedSources, input.City);
        var details = Evaluate(input, index, input.Year, asOf);

        var history = FilingCompleteness.CompleteQuarters(input.Year, asOf, input.AcceptedSources, input.City)
            .Select(q => AtQuarter(q, q == asOf ? details : Evaluate(input, index, input.Year, q)))
            .ToList();
        var lastYear = FilingCompleteness.CompleteQuarters(input.Year - 1, null, input.AcceptedSources, input.City)
            .Select(q => AtQuarter(q, Evaluate(input, index, input.Year - 1, q)))
            .ToList();

        var body = new YearProgress
        {
            Year = input.Year,
            AsOf = asOf?.ToString(),
            ComputedAt = input.ComputedAt.UtcDateTime,
            NextPeriod = FilingCompleteness.NextPeriod(input.Year, asOf, input.AcceptedSources, input.City),
            StatisticsBureauFiled = FilingCompleteness.BureauFiled(asOf, input.AcceptedSources, input.City),
            Targets = [.. details.Select(d => d.ToSummary())],
            History = history,
            LastYear = lastYear,
        };
        return new ProgressResult(body, details);
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

    /// <summary>Every target of <paramref name="year"/> as of <paramref name="asOf"/> (with this input's targets).</summary>
    private static List<TargetDetail> Evaluate(ProgressInput input, RowIndex index, int year, Period? asOf)
    {
        var data = new YearData(input, index, year, asOf);
        return [.. input.Targets.Targets.Select(definition => definition.Kind == TargetKind.Ratio
            ? TaxPerMuAverageRule.Evaluate(definition, data)
            : CountTarget.Evaluate(definition, data))];
    }

    private static ProgressAtQuarter AtQuarter(Period period, IEnumerable<TargetProgress> targets) =>
        new(period.ToString(), [.. targets.Select(TargetAtQuarter.Of)]);
}
