using Cultivation.Application.Progress;

namespace Cultivation.Application.Leaders;

/// <summary>The dashboard page of a year (the default year when none is asked for), or why there is none.</summary>
public sealed class DashboardService(LeadersReportService reports, ProgressQueries queries)
{
    /// <param name="list">A drill-down: a target id or <see cref="DashboardPage.LowEfficiencyList"/>; null for the overview.</param>
    /// <param name="page">The page of a drill-down's firms (1-based).</param>
    public async Task<QueryResult<string>> PageAsync(int? year, string? list, int page, CancellationToken cancellationToken)
    {
        var shown = year ?? await reports.DefaultYearAsync(cancellationToken).ConfigureAwait(false);
        var report = await reports.BuildAsync(shown, null, cancellationToken).ConfigureAwait(false);
        if (report.Value is not { } value)
        {
            return new QueryResult<string>(null, report.Problem, report.IsInvalid);
        }

        if (list is not null && !DashboardPage.HasDrillDown(value, list))
        {
            return QueryResult<string>.NotFound(new Domain.Problem(
                $"{shown}年没有名单“{list}”（可用：{string.Join("、", value.Progress.Targets.Select(t => t.Id).Append(DashboardPage.LowEfficiencyList))}）",
                $"{shown} has no list '{list}'"));
        }

        if (page < 1 || page > (list is null ? 1 : DashboardPage.Pages(value, list)))
        {
            return QueryResult<string>.NotFound(new Domain.Problem($"没有第 {page} 页", $"there is no page {page}"));
        }

        // The neighbouring years that have targets, for switching (one point read each).
        var years = new List<int>();
        foreach (var other in new[] { shown - 1, shown + 1 })
        {
            if ((await queries.YearAsync(other, cancellationToken).ConfigureAwait(false)).Value is not null)
            {
                years.Add(other);
            }
        }

        return QueryResult<string>.Found(DashboardPage.Render(value, years, list, page));
    }
}
