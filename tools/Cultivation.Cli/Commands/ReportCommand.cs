using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Cultivation.Application;
using Cultivation.Application.Filings;
using Cultivation.Application.Ingestion;
using Cultivation.Application.Storage;
using Cultivation.Cli.Framework;
using Spectre.Console;

namespace Cultivation.Cli.Commands;

/// <summary>
/// <c>report &lt;blob name&gt; [--xlsx [--out FILE]]</c>: the stored report of a filing's latest version (<c>--json</c>: the
/// stored JSON as it is), or with <c>--xlsx</c> the annotated workbook (the filer's rows back, each bad cell marked), as
/// <c>GET /api/filings/{year}/Q{q}/{source}/report.xlsx</c> gives it; exit code 1 when that version was rejected or there
/// is no report.
/// </summary>
public sealed class ReportCommand(IFilingBlobs blobs, IFilingLedger ledger, FilingReportService reports, CliOutput output) : ICliCommand, ICommandGrammar
{
    private static readonly Argument<string> s_blob = new("blob")
    {
        Description = Bilingual.Text("filings 容器中的文件名，如 2022/Q1/东城街道.xlsx", "the blob's name in 'filings', e.g. 2022/Q1/东城街道.xlsx"),
        HelpName = "blob name",
    };

    private static readonly Option<bool> s_xlsx = new("--xlsx")
    {
        Description = Bilingual.Text(
            "写出错误标注版：上传的表原样返回，出错的单元格标红，每个出错行加“错误说明”列",
            "writes the annotated workbook: the filer's own rows back, each bad cell marked, a 错误说明 column on each bad row"),
    };

    private static readonly Option<string?> s_out = new("--out")
    {
        Description = Bilingual.Text("错误标注版写到这个文件（默认：{单位}-{报告期}-核验结果.xlsx，写在当前目录）", "where --xlsx writes (default: {source}-{period}-核验结果.xlsx in the current folder)"),
        HelpName = "FILE.xlsx",
    };

    public static Command Define()
    {
        var command = new Command("report", Bilingual.Text("报送文件的处理报告或错误标注版（被退回或没有报告时退出码为 1）", "a filing's report or annotated workbook (exit code 1 when it was rejected or there is none)"))
        {
            s_blob,
            s_xlsx,
            s_out,
        };
        command.Validators.Add(result =>
        {
            if (result.GetResult(s_out) is not null && !result.GetValue(s_xlsx))
            {
                result.AddError("--out 只用于 --xlsx（错误标注版）/ --out goes with --xlsx (the annotated workbook)");
            }
        });
        return command;
    }

    /// <summary>The names of a filing's reports in <c>filings-reports</c>.</summary>
    public static string JsonReport(string blobName) => blobName + ".json";

    public static string TextReport(string blobName) => blobName + ".txt";

    public async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var blob = parse.GetRequiredValue(s_blob);
        var json = await blobs.ReadReportAsync(JsonReport(blob), cancellationToken);
        if (json is null)
        {
            CliOutput.Error($"没有 {blob} 的处理报告（文件名有误，或尚未入库）/ no report for {blob} (a wrong name, or not ingested yet)");
            return ExitCodes.Rejected;
        }

        var report = JsonSerializer.Deserialize<FilingReport>(json, CultivationJson.Options)!;
        var entry = await ledger.GetAsync(blob, cancellationToken);
        var exit = (entry?.Status ?? report.Status) == FilingStatus.Rejected ? ExitCodes.Rejected : ExitCodes.Ok;
        if (parse.GetValue(s_xlsx))
        {
            var saved = await WorkbookOutput.SaveAsync(output, await reports.WorkbookAsync(blob, report, cancellationToken), parse.GetValue(s_out),
                Bilingual.Text("错误标注版已写入", "the annotated workbook was written to"), cancellationToken);
            return saved == ExitCodes.Ok ? exit : saved;
        }

        if (output.Json)
        {
            Console.Out.WriteLine(json);
        }
        else
        {
            Print(report);
            if (entry is not null && entry.LatestSha != report.Version)
            {
                AnsiConsole.MarkupLine("[yellow]此报告属于较早的版本，最新版本尚未处理完 / this report is of an earlier version; the latest one is not processed yet[/]");
            }
        }

        return exit;
    }

    private static void Print(FilingReport report)
    {
        var inv = CultureInfo.InvariantCulture;
        var accepted = report.Status == FilingStatus.Accepted;
        var summary = new Grid().AddColumn().AddColumn();
        summary.AddRow("文件 File", Markup.Escape(report.Name));
        if (report.Period is not null)
        {
            summary.AddRow("报告期 Period", $"{report.Period}    报送单位 Source: {Markup.Escape(report.Source ?? "-")}");
        }

        summary.AddRow("结果 Result", accepted ? $"[green]{report.StatusName} accepted[/]" : $"[red]{report.StatusName} {report.Status.ToString().ToLowerInvariant()}[/]");
        summary.AddRow(accepted ? "企业数 Rows" : "错误数 Errors", (accepted ? report.Rows : report.ErrorCount).ToString(inv));
        summary.AddRow("版本 Version", report.Version);
        summary.AddRow("处理时间 At", ChinaTime.Format(report.IngestedAt));
        if (!accepted && report.InForce is not null)
        {
            summary.AddRow("仍有效 In force", $"{report.InForce}（此前已接收的版本 / the last accepted version）");
        }

        AnsiConsole.Write(new Panel(summary).Header("filings-reports/" + Markup.Escape(JsonReport(report.Name))).Border(BoxBorder.Rounded));
        if (report.Errors.Count == 0)
        {
            return;
        }

        var errors = new Table().AddColumns("工作表 Sheet", "行 Row", "列 Column", "值 Value", "原因 Reason");
        foreach (var e in report.Errors)
        {
            errors.AddRow(Markup.Escape(e.Sheet), e.Row == 0 ? "-" : e.Row.ToString(inv), Markup.Escape(e.Column), Markup.Escape(e.Value),
                Markup.Escape($"{e.Reason}\n{e.ReasonEn}"));
        }

        AnsiConsole.Write(errors);
        if (report.ErrorCount > report.Errors.Count)
        {
            AnsiConsole.MarkupLine($"……另有 {report.ErrorCount - report.Errors.Count} 个错误未列出 / {report.ErrorCount - report.Errors.Count} more errors not listed");
        }
    }
}
