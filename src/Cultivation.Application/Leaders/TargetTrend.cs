using System.Globalization;
using Cultivation.Domain.Periods;
using Cultivation.Domain.Progress;

namespace Cultivation.Application.Leaders;

/// <summary>A target at one quarter of the trend: this year's figure and status, and last year's figure (同比).</summary>
/// <param name="ThisYear">Achieved (count) or value (ratio) at the quarter; null when the quarter is not complete yet.</param>
/// <param name="LastYear">The same quarter of last year, with this year's rules; null where last year's filings are missing.</param>
public sealed record TrendPoint(int Quarter, decimal? ThisYear, string? Status, decimal? LastYear);

/// <summary>
/// A target's trend by quarter, read from the progress body's <c>history</c> and <c>lastYear</c> (SPEC §3), as
/// the digest, the dashboard and the leaders' workbook show it.
/// </summary>
public static class TargetTrend
{
    /// <summary>Quarters 1–4 where this year or last year has a figure, in order.</summary>
    public static IReadOnlyList<TrendPoint> Of(YearProgress progress, string targetId)
    {
        var thisYear = Figures(progress.History, targetId);
        var lastYear = Figures(progress.LastYear, targetId);
        return [.. Enumerable.Range(1, 4)
            .Where(q => thisYear.ContainsKey(q) || lastYear.ContainsKey(q))
            .Select(q => new TrendPoint(
                q,
                thisYear.TryGetValue(q, out var now) ? now.Figure : null,
                thisYear.TryGetValue(q, out var n) ? n.Status : null,
                lastYear.TryGetValue(q, out var then) ? then.Figure : null))];
    }

    /// <summary>
    /// The trend in a line, e.g. <c>Q1 31 → Q2 34 → Q3 43（去年同期 85）</c>; empty when there is no complete quarter
    /// this year. 去年同期 is last year's figure at the latest quarter shown.
    /// </summary>
    public static string Line(IReadOnlyList<TrendPoint> points)
    {
        var shown = points.Where(p => p.ThisYear is not null).ToList();
        if (shown.Count == 0)
        {
            return string.Empty;
        }

        var line = string.Join(" → ", shown.Select(p => $"Q{p.Quarter} {Number(p.ThisYear!.Value)}"));
        return shown[^1].LastYear is { } last ? $"{line}（去年同期 {Number(last)}）" : line;
    }

    /// <summary>A figure as leaders read it: thousands separated, at most two decimals.</summary>
    public static string Number(decimal value) => value.ToString("#,0.##", CultureInfo.InvariantCulture);

    private static Dictionary<int, (decimal? Figure, string Status)> Figures(IReadOnlyList<ProgressAtQuarter> trend, string targetId)
    {
        var figures = new Dictionary<int, (decimal?, string)>();
        foreach (var point in trend)
        {
            if (Period.TryParse(point.Period, out var period) && point.Targets.FirstOrDefault(t => t.Id == targetId) is { } target)
            {
                figures[period.Quarter] = (target.Achieved ?? target.Value, target.Status);
            }
        }

        return figures;
    }
}
