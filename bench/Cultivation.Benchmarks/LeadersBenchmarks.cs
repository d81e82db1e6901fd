using System.Text;
using Cultivation.Application.Ingestion;
using Cultivation.Application.Leaders;
using Cultivation.Application.Progress;
using Cultivation.Application.Storage;

using static Cultivation.Benchmarks.Report;

namespace Cultivation.Benchmarks;

/// <summary>
/// Measurement 8: the leaders' workbook (<c>GET /api/exports/2022</c>) of the sample city and of the 10× city, each built
/// three times in a fresh child process as the route builds it (stored progress read, workbook written to a temporary
/// file): time and peak working set; and the dashboard page's size (overview and its largest drill-down).
/// </summary>
public sealed class LeadersBenchmarks(string connection)
{
    private const double GoalSeconds = 10;
    private const double GoalMb = 300;
    private static readonly CancellationToken s_none = CancellationToken.None;

    public async Task RunAsync(bool largeCity)
    {
        Line("## 8. The leaders' workbook and the dashboard (workbook in a fresh process each run)");
        Line();
        Line("| city | rows loaded | workbook runs s | median s | peak working set MB (max) | xlsx MB | uncompressed MB | dashboard KB | largest drill-down KB |");
        Line("|---|---:|---|---:|---:|---:|---:|---:|---:|");
        await CityAsync("sample city (4,500 firms)", Paths.Filings);
        if (largeCity && await BenchFiles.LargeCityAsync() is { } large)
        {
            var (median, peak) = await CityAsync("10× city (45,000 firms)", large);
            Line();
            Line(FormattableString.Invariant($"- 10× city: median **{median:F2} s** (goal < {GoalSeconds} s), peak **{peak:F0} MB** (goal < {GoalMb} MB): **{(median < GoalSeconds && peak < GoalMb ? "met" : "NOT met")}**"));
        }

        Line();
    }

    private async Task<(double Median, double Peak)> CityAsync(string label, string filings)
    {
        await using var env = new BenchStorage(connection);
        await env.LoadTargetsAsync();
        await env.UploadTreeAsync(filings);
        await env.Get<ReconcileService>().ReconcileAsync(null, s_none);
        var rows = (await env.Get<IFilingLedger>().ListAllAsync(s_none)).Where(e => e.CurrentSha is not null).Sum(e => e.CurrentRows);

        var runs = new List<(double Mb, double Seconds, long Bytes, long Uncompressed)>();
        for (var i = 0; i < 3; i++)
        {
            runs.Add(await WorkbookBenchmarks.ChildAsync("leaders", env.Prefix, "2022", "-"));
        }

        var dashboards = env.Get<DashboardService>();
        var overview = Encoding.UTF8.GetByteCount((await dashboards.PageAsync(2022, null, 1, s_none)).Value!);
        var drill = 0;
        foreach (var target in (await env.Get<ProgressQueries>().YearAsync(2022, s_none)).Value!.Targets.Select(t => t.Id).Append(DashboardPage.LowEfficiencyList))
        {
            drill = Math.Max(drill, Encoding.UTF8.GetByteCount((await dashboards.PageAsync(2022, target, 1, s_none)).Value!));
        }

        var median = Harness.Median([.. runs.Select(r => r.Seconds)]);
        var peak = runs.Max(r => r.Mb);
        Line(FormattableString.Invariant(
            $"| {label} | {rows:N0} | {string.Join(", ", runs.Select(r => r.Seconds.ToString("F2", System.Globalization.CultureInfo.InvariantCulture)))} | {median:F2} | {peak:F0} | {runs[0].Bytes / 1048576.0:F2} | {runs[0].Uncompressed / 1048576.0:F1} | {overview / 1024.0:F0} | {drill / 1024.0:F0} |"));
        return (median, peak);
    }
}
