using System.Globalization;
using Cultivation.Application;
using Cultivation.Application.Filings;
using Cultivation.Application.Ingestion;
using Spectre.Console;

namespace Cultivation.Cli.Views;

/// <summary>How filings, ingestion outcomes and reports look in the terminal.</summary>
public static class FilingViews
{
    public static void PrintOutcomes(IReadOnlyList<IngestionOutcome> outcomes)
    {
        var table = new Table().AddColumns("文件 File", "结果 Result", "企业数 Rows", "错误 Errors", "版本 Version");
        foreach (var o in outcomes)
        {
            table.AddRow(Markup.Escape(o.BlobName), ResultMarkup(o.Result), o.Rows.ToString(CultureInfo.InvariantCulture),
                o.Errors.ToString(CultureInfo.InvariantCulture), o.Sha is null ? "-" : o.Sha[..12]);
        }

        AnsiConsole.Write(table);
    }

    /// <summary>The filings of a period as <c>GET /api/filings/{year}/Q{q}</c> lists them (pending, superseded and withdrawn included).</summary>
    public static void PrintFilings(FilingsOfPeriod list)
    {
        var table = new Table().Title($"{list.Period} 报送情况 / filings（时间为北京时间 / China time）").AddColumns("文件 File", "单位 Source", "状态 Status", "企业数 Rows", "错误 Errors", "处理时间 Ingested");
        foreach (var f in list.Filings)
        {
            table.AddRow(Markup.Escape(f.Name), Markup.Escape(f.Source), StatusMarkup(f.Status),
                f.Rows.ToString(CultureInfo.InvariantCulture), f.Errors.ToString(CultureInfo.InvariantCulture),
                (f.IngestedAt is { } at ? ChinaTime.Of(at).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : "-"));
        }

        AnsiConsole.Write(table);
    }

    /// <summary>A stored report's text in a panel headed by where it is stored (its name in <c>filings-reports</c>).</summary>
    public static void PrintReport(string reportName, string text) =>
        AnsiConsole.Write(new Panel(Markup.Escape(text.TrimEnd())).Header(Markup.Escape($"filings-reports/{reportName}")).Border(BoxBorder.Rounded));

    public static string ResultMarkup(IngestionResult result) => result switch
    {
        IngestionResult.Accepted => "[green]已接收 accepted[/]",
        IngestionResult.Rejected => "[red]已退回 rejected[/]",
        IngestionResult.Unchanged => "[grey]未变化 unchanged[/]",
        IngestionResult.Failed => "[yellow]失败待重试 failed[/]",
        IngestionResult.GaveUp => "[red]失败 failed (final)[/]",
        IngestionResult.InProgress => "[blue]处理中 in progress[/]",
        IngestionResult.FollowedUp => "[grey]补做后续工作 followed up[/]",
        IngestionResult.Superseded => "[grey]已被替代 superseded[/]",
        IngestionResult.Withdrawn => "[yellow]已撤回 withdrawn[/]",
        _ => "[grey]不存在 missing[/]",
    };

    public static string StatusMarkup(string status) => status switch
    {
        "accepted" => "[green]已接收 accepted[/]",
        "rejected" => "[red]已退回 rejected[/]",
        "failed" => "[yellow]失败 failed[/]",
        "superseded" => "[grey]已被替代 superseded[/]",
        "withdrawn" => "[yellow]已撤回 withdrawn[/]",
        _ => "[blue]待处理 pending[/]",
    };
}
