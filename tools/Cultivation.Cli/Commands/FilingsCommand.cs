using System.CommandLine;
using System.Globalization;
using Cultivation.Application.Filings;
using Cultivation.Cli.Framework;
using Cultivation.Cli.Views;
using Spectre.Console;

namespace Cultivation.Cli.Commands;

/// <summary><c>filings &lt;year&gt; Q&lt;q&gt;</c>: as <c>GET /api/filings/{year}/Q{q}</c>.</summary>
public sealed class FilingsCommand(FilingQueries filings, CliOutput output) : ICliCommand, ICommandGrammar
{
    private static readonly Argument<Domain.Periods.Period> s_period = Grammar.PeriodArgument();

    public static Command Define() => new("filings", Bilingual.Text("一个报告期的报送文件：状态、企业数、错误数", "the filings of a period: status, rows, errors"))
    {
        s_period,
    };

    public async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var period = parse.GetValue(s_period);
        var list = await filings.ListAsync(period, cancellationToken);
        if (output.Json)
        {
            output.WriteJson(list);
            return ExitCodes.Ok;
        }

        var table = new Table().Title($"{period} 报送情况 / filings").AddColumns("文件 File", "单位 Source", "状态 Status", "企业数 Rows", "错误 Errors", "处理时间 Ingested (UTC)");
        foreach (var f in list.Filings)
        {
            table.AddRow(Markup.Escape(f.Name), Markup.Escape(f.Source), FilingViews.StatusMarkup(f.Status),
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
}
