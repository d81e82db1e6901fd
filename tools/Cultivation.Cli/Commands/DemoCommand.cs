using System.CommandLine;
using Cultivation.Application.Alerts;
using Cultivation.Application.Filings;
using Cultivation.Application.Ingestion;
using Cultivation.Application.Progress;
using Cultivation.Application.Storage;
using Cultivation.Cli.Framework;
using Cultivation.Cli.Services;
using Cultivation.Cli.Views;
using Cultivation.Domain.Filings;
using Cultivation.Domain.Periods;
using Spectre.Console;

namespace Cultivation.Cli.Commands;

/// <summary><c>demo</c>: the README's main job, end to end, on a clock that runs through the sample city's 2022.</summary>
public sealed class DemoCommand(
    TargetsService targets,
    FilingUploads uploads,
    Reconciliation reconciliation,
    IFilingBlobs blobs,
    FilingQueries filings,
    ProgressQueries progress,
    WeeklyDigestService digests,
    CorrectionScene correction,
    TimeProvider clock) : ICliCommand, ICommandGrammar
{
    /// <summary>The steps of the filing-life story, by the extension of its files in <c>seeds/filings-life/</c>.</summary>
    private static readonly (string Extension, string Title)[] s_lifeSteps =
    [
        (".xlsx", "一份更正因企业冲突被退回 / a correction held up: another town's file supplies one of its firms"),
        (".xls", "镇街另存为 .xls 更正 / a town re-saves its file as .xls: its .xlsx is superseded, the held-up correction goes in"),
        (".csv", "误传一份 CSV 导出 / a CSV export uploaded by mistake supersedes the town's .xlsx"),
    ];

    /// <summary>The demo's story runs in 2022; its clock starts before the first filing and moves along.</summary>
    public static DateTimeOffset? DefaultNow => new DateTimeOffset(2022, 1, 1, 0, 0, 0, TimeSpan.FromHours(8));

    public static Command Define() => new("demo", Bilingual.Text(
        "README 的主要任务：载入指标，按季度上传、入库示例城市的报送，显示进度并发送周报",
        "the README's main job, end to end: targets, the sample city's filings quarter by quarter, progress, the weekly digest"));

    /// <summary>
    /// The README's main job: load the targets, then bring the sample city's filings in quarter by
    /// quarter as the towns would (the broken correction after Q2, the late town's Q3 file after the
    /// rest of Q3, a filing's life in Q4: superseded, held up by a conflict, withdrawn), ingesting each batch as the reconciliation timer does and printing progress.
    /// </summary>
    public async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var seeds = Path.Combine(RepositoryRoot(), "seeds");
        foreach (var targetsFile in Directory.EnumerateFiles(Path.Combine(seeds, "targets"), "*.json").Order(StringComparer.Ordinal))
        {
            var (loaded, problems) = await targets.LoadAsync(await File.ReadAllTextAsync(targetsFile, cancellationToken), cancellationToken);
            AnsiConsole.MarkupLine(loaded is null
                ? $"[red]指标文件有误 {Markup.Escape(targetsFile)}: {Markup.Escape(string.Join("; ", problems))}[/]"
                : $"已载入 {loaded.Year} 年 {loaded.Targets.Count} 项指标 / loaded the targets of {loaded.Year}");
        }

        var regular = FilingUploads.Expand(Path.Combine(seeds, "filings"), null).ToList();
        var bad = Directory.Exists(Path.Combine(seeds, "filings-bad")) ? FilingUploads.Expand(Path.Combine(seeds, "filings-bad"), null).ToList() : [];
        var late = Directory.Exists(Path.Combine(seeds, "filings-late")) ? FilingUploads.Expand(Path.Combine(seeds, "filings-late"), null).ToList() : [];
        var life = Directory.Exists(Path.Combine(seeds, "filings-life")) ? FilingUploads.Expand(Path.Combine(seeds, "filings-life"), null).ToList() : [];
        var periods = regular.Select(u => FilingName.TryParse(u.Name, out var n, out _) ? n.Period : default).Distinct().Order().ToList();

        // The digests the leaders get: the Monday after the deadline of a quarter a town is late for, and of the last quarter.
        var digestAfter = periods.Where(p => late.Any(u => InPeriod(u.Name, p)) || p == periods[^1]).ToList();
        var all = new List<IngestionOutcome>();
        var step = 1;
        foreach (var period in periods)
        {
            // The towns send their files ten days after the quarter, ahead of the deadline.
            MoveClockTo(period.LastDay.AddDays(10), new TimeOnly(10, 0));
            AnsiConsole.Write(new Rule($"[bold]{step++}. {period} 报送 / filings of {period}[/]").LeftJustified());
            await uploads.UploadAllAsync([.. regular.Where(u => InPeriod(u.Name, period))], cancellationToken);
            var outcomes = await reconciliation.RunAsync(cancellationToken);
            all.AddRange(outcomes);
            AnsiConsole.MarkupLine($"入库 {outcomes.Count} 个文件：已接收 {outcomes.Count(o => o.Result == IngestionResult.Accepted)}，退回 {outcomes.Count(o => o.Result == IngestionResult.Rejected)}");
            await ShowRejectedAsync(outcomes, cancellationToken);

            if (period.Year == periods[^1].Year && period.Quarter >= 2)
            {
                await PrintProgressAsync(period.Year, cancellationToken);
            }

            var lifeNow = life.Where(u => InPeriod(u.Name, period)).ToList();
            if (lifeNow.Count > 0)
            {
                step = await PlayFilingLifeAsync(step, period, lifeNow, all, cancellationToken);
            }

            if (!digestAfter.Contains(period))
            {
                continue;
            }

            // A correction of an earlier quarter's file arrives in the week before the digest, broken: the digest lists it.
            var digestDay = MondayAfterDeadline(period);
            var badNow = bad.Where(u => FilingName.TryParse(u.Name, out var n, out _) && n.Period <= period).ToList();
            bad.RemoveAll(badNow.Contains);
            if (badNow.Count > 0)
            {
                MoveClockTo(DateOnly.FromDateTime(digestDay.AddDays(-4).Date), new TimeOnly(15, 0));
                AnsiConsole.Write(new Rule($"[bold]{step++}. 一份有误的更正文件 / a broken correction arrives[/]").LeftJustified());
                await uploads.UploadAllAsync(badNow, cancellationToken);
                var rejected = await reconciliation.RunAsync(cancellationToken);
                all.AddRange(rejected);
                FilingViews.PrintOutcomes(rejected);
                await ShowRejectedAsync(rejected, cancellationToken);
                AnsiConsole.MarkupLine("[grey]此前已接收的版本仍然有效 / the last accepted version stays in force[/]");
                foreach (var (_, name) in badNow)
                {
                    await correction.ShowNoticesAsync(name, cancellationToken);
                }
            }

            // The Monday after the quarter's filing deadline: a late town shows in the leaders' digest.
            await SendDemoDigestAsync(step++, digestDay, cancellationToken);

            var lateNow = late.Where(u => InPeriod(u.Name, period)).ToList();
            if (lateNow.Count > 0)
            {
                MoveClockTo(DateOnly.FromDateTime(digestDay.AddDays(1).Date), new TimeOnly(9, 0));
                AnsiConsole.Write(new Rule($"[bold]{step++}. 迟报文件到达 / the late filing arrives[/]").LeftJustified());
                await uploads.UploadAllAsync(lateNow, cancellationToken);
                var arrived = await reconciliation.RunAsync(cancellationToken);
                all.AddRange(arrived);
                FilingViews.PrintOutcomes(arrived);
                await PrintProgressAsync(period.Year, cancellationToken);
            }

            // The town that was told of its rejection corrects the annotated workbook it got and sends it again that afternoon.
            foreach (var (_, name) in badNow)
            {
                MoveClockTo(DateOnly.FromDateTime(digestDay.AddDays(1).Date), new TimeOnly(14, 0));
                AnsiConsole.Write(new Rule($"[bold]{step++}. 镇街改正后重新上传 / the town sends the corrected file[/]").LeftJustified());
                var corrected = await correction.CorrectAsync(name, Path.Combine(seeds, "filings", name), cancellationToken);
                all.AddRange(corrected);
                FilingViews.PrintOutcomes(corrected);
                await correction.ShowNoticesAsync(name, cancellationToken);
            }
        }

        var accepted = all.Count(o => o.Result == IngestionResult.Accepted);
        var rejectedCount = all.Count(o => o.Result == IngestionResult.Rejected);
        var withdrawn = all.Count(o => o.Result == IngestionResult.Withdrawn);
        AnsiConsole.MarkupLine($"[green]已接收 {accepted} 次[/]，[red]退回 {rejectedCount} 次[/]，撤回 {withdrawn} 次 / {accepted} accepted, {rejectedCount} rejected, {withdrawn} withdrawn");
        return ExitCodes.Ok;
    }

    /// <summary>
    /// A filing's life as clerks live it (SPEC §2, §4), from <c>seeds/filings-life/</c>, a day a step: a correction (.xlsx)
    /// rejected because another town's file supplies one of its firms; that town re-saving its file without the firm as .xls,
    /// which supersedes its .xlsx and lets the held-up correction in without a new upload; a CSV export uploaded by mistake,
    /// which supersedes a town's .xlsx until it is deleted again (withdrawn, the .xlsx back in force). Ends with the period's filings list.
    /// </summary>
    private async Task<int> PlayFilingLifeAsync(int step, Period period, List<(string File, string Name)> files, List<IngestionOutcome> all, CancellationToken cancellationToken)
    {
        var day = period.LastDay.AddDays(11);
        foreach (var (extension, title) in s_lifeSteps)
        {
            var batch = files.Where(f => f.Name.EndsWith(extension, StringComparison.OrdinalIgnoreCase)).ToList();
            if (batch.Count == 0)
            {
                continue;
            }

            MoveClockTo(day, new TimeOnly(10, 0));
            day = day.AddDays(1);
            AnsiConsole.Write(new Rule($"[bold]{step++}. {Markup.Escape(title)}[/]").LeftJustified());
            await uploads.UploadAllAsync(batch, cancellationToken);
            var outcomes = await reconciliation.RunUntilSettledAsync(cancellationToken);
            all.AddRange(outcomes);
            FilingViews.PrintOutcomes(outcomes);
            await ShowRejectedAsync(outcomes, cancellationToken);
        }

        var mistaken = files.Where(f => f.Name.EndsWith(".csv", StringComparison.OrdinalIgnoreCase)).ToList();
        if (mistaken.Count > 0)
        {
            MoveClockTo(day, new TimeOnly(10, 0));
            AnsiConsole.Write(new Rule($"[bold]{step++}. 误传的文件被删除即撤回 / the mistaken upload is deleted: withdrawn, the .xlsx back in force[/]").LeftJustified());
            foreach (var (_, name) in mistaken)
            {
                await uploads.DeleteAsync(name, cancellationToken);
            }

            var withdrawn = await reconciliation.RunUntilSettledAsync(cancellationToken);
            all.AddRange(withdrawn);
            FilingViews.PrintOutcomes(withdrawn);
        }

        FilingViews.PrintFilings(await filings.ListAsync(period, cancellationToken));
        AnsiConsole.MarkupLine("[grey]已被替代、已撤回的文件仍列出但不计入；同一批企业只是换了报送文件，进度应与上面相同 / superseded and withdrawn files are listed, not counted; the same firms are filed by other files, so progress must be as above[/]");
        await PrintProgressAsync(period.Year, cancellationToken);
        return step;
    }

    /// <summary>Sends (once per ISO week) the digest the leaders would get on <paramref name="now"/>, and keeps its HTML beside it.</summary>
    private async Task SendDemoDigestAsync(int step, DateTimeOffset now, CancellationToken cancellationToken)
    {
        (clock as FixedTimeProvider)?.MoveTo(now);
        var preview = await digests.PreviewAsync(now, cancellationToken);
        AnsiConsole.Write(new Rule($"[bold]{step}. 周报 {preview.Week} / the weekly digest of {now:yyyy-MM-dd}[/]").LeftJustified());
        Console.Out.WriteLine(preview.Text);
        var folder = Path.Combine(RepositoryRoot(), ".run", "demo");
        Directory.CreateDirectory(folder);
        var html = Path.Combine(folder, $"digest-{preview.Week}.html");
        await File.WriteAllTextAsync(html, preview.Html, cancellationToken);
        var outcome = await digests.SendAsync(now, cancellationToken);
        AnsiConsole.MarkupLine(Markup.Escape(outcome.Result switch
        {
            DigestSendResult.Sent => $"周报已发送 / digest sent to {string.Join(", ", outcome.To)} (Message-ID {outcome.MessageId}); HTML: {html}",
            DigestSendResult.AlreadySent => $"本周周报已发送过 / already sent this week; HTML: {html}",
            _ => $"周报未发送 / digest not sent: {outcome.Result} {outcome.Error}; HTML: {html}",
        }));
    }

    private static bool InPeriod(string blobName, Period period) =>
        blobName.StartsWith($"{period.Year}/Q{period.Quarter}/", StringComparison.Ordinal);

    /// <summary>Moves the demo's clock to a day of its story, China time (ingestion stamps files with it).</summary>
    private void MoveClockTo(DateOnly day, TimeOnly time) =>
        (clock as FixedTimeProvider)?.MoveTo(new DateTimeOffset(day.ToDateTime(time), TimeSpan.FromHours(8)));

    /// <summary>Monday 08:30 China time of the week after the filing deadline of <paramref name="period"/> (15 days after the quarter).</summary>
    private static DateTimeOffset MondayAfterDeadline(Period period)
    {
        var deadline = period.LastDay.AddDays(15);
        var monday = deadline.AddDays(((int)DayOfWeek.Monday - (int)deadline.DayOfWeek + 7) % 7);
        if (monday == deadline)
        {
            monday = monday.AddDays(7);
        }

        return new DateTimeOffset(monday.ToDateTime(new TimeOnly(8, 30)), TimeSpan.FromHours(8));
    }

    private async Task ShowRejectedAsync(IEnumerable<IngestionOutcome> outcomes, CancellationToken cancellationToken)
    {
        foreach (var rejected in outcomes.Where(o => o.Result == IngestionResult.Rejected))
        {
            if (await blobs.ReadReportAsync(ReportCommand.TextReport(rejected.BlobName), cancellationToken) is { } text)
            {
                FilingViews.PrintReport(ReportCommand.TextReport(rejected.BlobName), text);
            }
        }
    }

    private async Task PrintProgressAsync(int year, CancellationToken cancellationToken)
    {
        if (await progress.YearAsync(year, cancellationToken) is { Value: { } body })
        {
            ProgressViews.PrintYear(body);
        }
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Cultivation.sln")))
            {
                return dir.FullName;
            }
        }

        throw new UsageException("请在仓库目录内运行 demo（上级目录中找不到 Cultivation.sln）/ run the demo from inside the repository (Cultivation.sln not found above the current folder)");
    }
}
