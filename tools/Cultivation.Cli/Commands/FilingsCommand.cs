using System.CommandLine;
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

        FilingViews.PrintFilings(list);
        if (list.Filings.Count == 0)
        {
            AnsiConsole.MarkupLine("[grey]本期尚无报送 / nothing filed for this period yet[/]");
        }

        return ExitCodes.Ok;
    }
}
