using System.Globalization;
using System.Text.Json;
using Cultivation.Application;
using Cultivation.Application.Filings;
using Cultivation.Application.Ingestion;
using Cultivation.Application.Progress;
using Cultivation.Application.Storage;
using Cultivation.Domain.Filings;
using Cultivation.Domain.Periods;
using Spectre.Console;

namespace Cultivation.Cli;

/// <summary>The commands of SPEC section 7. Each prints a table, or with <c>--json</c> exactly the HTTP body.</summary>
public sealed partial class Commands(
    CliArguments args,
    IFilingBlobs blobs,
    IngestionService ingestion,
    ReconcileService reconcile,
    FilingQueries filings,
    ProgressQueries progress,
    ProgressService progressService,
    TargetsService targetsService,
    Cultivation.Application.Alerts.WeeklyDigestService digests,
    TimeProvider clock)
{
    public const string Usage = """
        cultivation — 企业梯度培育目标 (enterprise tier-cultivation targets)

        Commands:
          upload <file or folder>… [--period 2022Q2]   put filings into the 'filings' container under their canonical names
          ingest <blob name>                            ingest one filing now (exit code 1 when it is rejected)
          reconcile                                     ingest every filing not yet ingested in its current version
          filings <year> Q<q>                           the filings of a period, their status and reports
          progress <year> [targetId]                    the progress table of a year, or one target with its firms
          enterprise <creditCode>                       a firm's filings by period, derived figures and events
          low-efficiency <year> Q<q> [--town T]         firms under the 亩均税收 threshold, lowest first
          targets load <file>                           load a year's targets (seeds/targets/2022.json)
          recompute <year>                              recompute a year's stored progress from the accepted filings
          alerts preview [--out FILE.html] | alerts send  render / send the weekly digest (once per ISO week)
          demo                                          the README's main job, end to end

        Options: --json (machine output, the HTTP body), --now <ISO date-time> (the clock), --help.
        Exit codes: 0 ok, 1 rejected or not found, 2 usage error, 3 storage unreachable.
        """;

    private static readonly string[] s_extensions = [".xlsx", ".xls", ".csv"];

    public Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var rest = args.Positional.Skip(1).ToList();
        return args.Positional[0] switch
        {
            "upload" => UploadAsync(rest, cancellationToken),
            "ingest" => IngestAsync(rest, cancellationToken),
            "reconcile" => ReconcileAsync(cancellationToken),
            "filings" => FilingsAsync(rest, cancellationToken),
            "progress" => ProgressAsync(rest, cancellationToken),
            "enterprise" => EnterpriseAsync(rest, cancellationToken),
            "low-efficiency" => LowEfficiencyAsync(rest, cancellationToken),
            "targets" => TargetsAsync(rest, cancellationToken),
            "recompute" => RecomputeAsync(rest, cancellationToken),
            "alerts" => AlertsAsync(rest, cancellationToken),
            "demo" => DemoAsync(cancellationToken),
            var other => throw new UsageException($"unknown command '{other}'"),
        };
    }

    private async Task<int> UploadAsync(IReadOnlyList<string> paths, CancellationToken cancellationToken)
    {
        if (paths.Count == 0)
        {
            throw new UsageException("upload needs at least one file or folder");
        }

        Period? period = null;
        if (args.Option("period") is { } p)
        {
            period = Period.TryParse(p, out var parsed) ? parsed : throw new UsageException($"--period '{p}' is not a period such as 2022Q2");
        }

        var uploads = paths.SelectMany(path => Expand(path, period)).ToList();
        var uploaded = await UploadAllAsync(uploads, cancellationToken);
        if (args.Json)
        {
            WriteJson(new { uploaded = uploaded.Select(u => new { file = u.File, name = u.Name }) });
        }
        else
        {
            AnsiConsole.MarkupLine($"已上传 {uploaded.Count} 个文件 / uploaded {uploaded.Count} files to 'filings'");
        }

        return ExitCodes.Ok;
    }

    private async Task<List<(string File, string Name)>> UploadAllAsync(IReadOnlyList<(string File, string Name)> uploads, CancellationToken cancellationToken)
    {
        var done = new List<(string File, string Name)>();
        await WithProgressAsync("上传 Uploading", uploads.Count, async tick =>
        {
            foreach (var (file, name) in uploads)
            {
                await using var stream = File.OpenRead(file);
                await blobs.UploadAsync(name, stream, cancellationToken);
                done.Add((file, name));
                tick(name);
            }
        });
        return done;
    }

    private async Task<int> IngestAsync(IReadOnlyList<string> rest, CancellationToken cancellationToken)
    {
        if (rest.Count != 1)
        {
            throw new UsageException("ingest needs exactly one blob name, e.g. 2022/Q1/东城街道.xlsx");
        }

        var outcome = await ingestion.IngestAsync(rest[0], cancellationToken);
        var report = await blobs.ReadReportAsync(rest[0] + ".json", cancellationToken);
        if (args.Json)
        {
            Console.Out.WriteLine(report ?? JsonSerializer.Serialize(outcome, CultivationJson.Options));
        }
        else
        {
            PrintOutcomes([outcome]);
            if (outcome.Result == IngestionResult.Rejected)
            {
                await PrintReportAsync(rest[0], cancellationToken);
            }
        }

        return outcome.Result switch
        {
            IngestionResult.Rejected or IngestionResult.Missing => ExitCodes.Rejected,
            IngestionResult.Failed or IngestionResult.GaveUp => ExitCodes.Failed,
            _ => ExitCodes.Ok,
        };
    }

    private async Task<int> ReconcileAsync(CancellationToken cancellationToken)
    {
        var outcomes = await ReconcileWithProgressAsync(cancellationToken);
        if (args.Json)
        {
            WriteJson(new { ingested = outcomes });
        }
        else
        {
            PrintOutcomes(outcomes);
        }

        return ExitCodes.Ok;
    }

    private async Task<IReadOnlyList<IngestionOutcome>> ReconcileWithProgressAsync(CancellationToken cancellationToken)
    {
        var due = await reconcile.FindDueAsync(cancellationToken);
        IReadOnlyList<IngestionOutcome> outcomes = [];
        await WithProgressAsync("入库 Ingesting", due.Count, async tick =>
        {
            outcomes = await reconcile.ReconcileAsync(new Progress<IngestionOutcome>(o => tick(o.BlobName)), cancellationToken);
        });
        return [.. outcomes.OrderBy(o => o.BlobName, StringComparer.Ordinal)];
    }

    private async Task<int> FilingsAsync(IReadOnlyList<string> rest, CancellationToken cancellationToken)
    {
        var period = ReadPeriod(rest, "filings");
        var list = await filings.ListAsync(period, cancellationToken);
        if (args.Json)
        {
            WriteJson(list);
            return ExitCodes.Ok;
        }

        var table = new Table().Title($"{period} 报送情况 / filings").AddColumns("文件 File", "单位 Source", "状态 Status", "企业数 Rows", "错误 Errors", "处理时间 Ingested (UTC)");
        foreach (var f in list.Filings)
        {
            table.AddRow(Markup.Escape(f.Name), Markup.Escape(f.Source), StatusMarkup(f.Status),
                f.Rows.ToString(CultureInfo.InvariantCulture), f.Errors.ToString(CultureInfo.InvariantCulture),
                f.IngestedAt?.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? "-");
        }

        AnsiConsole.Write(table);
        if (list.Filings.Count == 0)
        {
            AnsiConsole.MarkupLine("[grey]本期尚无报送 / nothing filed for this period yet[/]");
        }

        return ExitCodes.Ok;
    }

    internal static Period ReadPeriod(IReadOnlyList<string> rest, string command)
    {
        var text = string.Concat(rest);
        if (rest.Count is < 1 or > 2 || !Period.TryParse(text.Replace("年", "", StringComparison.Ordinal), out var period))
        {
            throw new UsageException($"{command} needs a period: <year> Q<quarter>, e.g. '{command} 2022 Q1'");
        }

        return period;
    }

    private async Task PrintReportAsync(string blobName, CancellationToken cancellationToken)
    {
        var text = await blobs.ReadReportAsync(blobName + ".txt", cancellationToken);
        if (text is not null)
        {
            AnsiConsole.Write(new Panel(Markup.Escape(text.TrimEnd())).Header($"filings-reports/{Markup.Escape(blobName)}.txt").Border(BoxBorder.Rounded));
        }
    }

    private static void PrintOutcomes(IReadOnlyList<IngestionOutcome> outcomes)
    {
        var table = new Table().AddColumns("文件 File", "结果 Result", "企业数 Rows", "错误 Errors", "版本 Version");
        foreach (var o in outcomes)
        {
            table.AddRow(Markup.Escape(o.BlobName), ResultMarkup(o.Result), o.Rows.ToString(CultureInfo.InvariantCulture),
                o.Errors.ToString(CultureInfo.InvariantCulture), o.Sha is null ? "-" : o.Sha[..12]);
        }

        AnsiConsole.Write(table);
    }

    private static string ResultMarkup(IngestionResult result) => result switch
    {
        IngestionResult.Accepted => "[green]已接收 accepted[/]",
        IngestionResult.Rejected => "[red]已退回 rejected[/]",
        IngestionResult.Unchanged => "[grey]未变化 unchanged[/]",
        IngestionResult.Failed => "[yellow]失败待重试 failed[/]",
        IngestionResult.GaveUp => "[red]失败 failed (final)[/]",
        IngestionResult.InProgress => "[blue]处理中 in progress[/]",
        IngestionResult.FollowedUp => "[grey]补做后续工作 followed up[/]",
        _ => "[grey]不存在 missing[/]",
    };

    private static string StatusMarkup(string status) => status switch
    {
        "accepted" => "[green]已接收 accepted[/]",
        "rejected" => "[red]已退回 rejected[/]",
        "failed" => "[yellow]失败 failed[/]",
        _ => "[blue]处理中 pending[/]",
    };

    private static IEnumerable<(string File, string Name)> Expand(string path, Period? period)
    {
        if (Directory.Exists(path))
        {
            return Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories)
                .Where(f => s_extensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase))
                .Order(StringComparer.Ordinal)
                .Select(f => (f, CanonicalName(f, period)));
        }

        if (File.Exists(path))
        {
            return [(path, CanonicalName(path, period))];
        }

        throw new UsageException($"no such file or folder: {path}");
    }

    /// <summary>
    /// <c>…/2022/Q2/东城街道.xlsx</c> keeps its period; any other file needs <c>--period</c>.
    /// </summary>
    internal static string CanonicalName(string file, Period? period)
    {
        var full = Path.GetFullPath(file).Replace('\\', '/');
        var parts = full.Split('/');
        var fileName = parts[^1];
        if (period is { } p)
        {
            return FilingName.Canonical(p, Path.GetFileNameWithoutExtension(fileName), Path.GetExtension(fileName));
        }

        if (parts.Length >= 3)
        {
            var candidate = string.Join('/', parts[^3..]);
            if (FilingName.TryParse(candidate, out var name, out _))
            {
                return name.Value;
            }
        }

        throw new UsageException($"'{file}' is not under a {{year}}/Q{{quarter}}/ folder: give --period, e.g. --period 2022Q2");
    }

    private bool Interactive => !args.Json && AnsiConsole.Profile.Capabilities.Interactive;

    /// <summary>A progress bar for long operations; plain lines when the output is not a terminal.</summary>
    private async Task WithProgressAsync(string title, int total, Func<Action<string>, Task> work)
    {
        if (args.Json || total == 0)
        {
            await work(_ => { });
            return;
        }

        if (!Interactive)
        {
            var done = 0;
            var step = Math.Max(1, total / 10);
            await work(item =>
            {
                var n = Interlocked.Increment(ref done);
                if (n % step == 0 || n == total)
                {
                    Console.Out.WriteLine($"{title}: {n}/{total}");
                }
            });
            return;
        }

        await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async ctx =>
            {
                var task = ctx.AddTask(title, maxValue: total);
                await work(_ => task.Increment(1));
            });
    }

    private static void WriteJson(object body) => Console.Out.WriteLine(JsonSerializer.Serialize(body, body.GetType(), CultivationJson.Options));
}
