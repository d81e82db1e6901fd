using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Cultivation.Application;
using Cultivation.Application.Ingestion;
using Cultivation.Application.Storage;
using Cultivation.Cli.Framework;
using Spectre.Console;

namespace Cultivation.Cli.Commands;

/// <summary>
/// <c>report &lt;blob name&gt;</c>: the stored report of a filing's latest version (<c>--json</c>: the stored JSON as
/// it is); exit code 1 when that version was rejected or there is no report.
/// </summary>
public sealed class ReportCommand(IFilingBlobs blobs, IFilingLedger ledger, CliOutput output) : ICliCommand, ICommandGrammar
{
    private static readonly Argument<string> s_blob = new("blob")
    {
        Description = Bilingual.Text("filings 容器中的文件名，如 2022/Q1/东城街道.xlsx", "the blob's name in 'filings', e.g. 2022/Q1/东城街道.xlsx"),
        HelpName = "blob name",
    };

    public static Command Define() => new("report", Bilingual.Text("报送文件的处理报告（被退回或没有报告时退出码为 1）", "a filing's report (exit code 1 when it was rejected or there is none)"))
    {
        s_blob,
    };

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

        return (entry?.Status ?? report.Status) == FilingStatus.Rejected ? ExitCodes.Rejected : ExitCodes.Ok;
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
        summary.AddRow("处理时间 At (UTC)", report.IngestedAt.ToString("yyyy-MM-dd HH:mm:ss", inv));
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
