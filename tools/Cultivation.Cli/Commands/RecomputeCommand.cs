using System.CommandLine;
using Cultivation.Application.Progress;
using Cultivation.Cli.Framework;
using Cultivation.Cli.Views;

namespace Cultivation.Cli.Commands;

/// <summary><c>recompute &lt;year&gt;</c>: the stored progress of a year, computed again from the accepted filings.</summary>
public sealed class RecomputeCommand(ProgressService progress, CliOutput output) : ICliCommand, ICommandGrammar
{
    private static readonly Argument<int> s_year = Grammar.YearArgument();

    public static Command Define() => new("recompute", Bilingual.Text("根据已接收的报送重新计算一年的进度", "recomputes a year's stored progress from the accepted filings"))
    {
        s_year,
    };

    public async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var year = parse.GetValue(s_year);
        var stored = await progress.RecomputeAsync(year, cancellationToken);
        if (stored is null)
        {
            CliOutput.Error($"{year}年的指标尚未载入 / no targets are loaded for {year}");
            return ExitCodes.Rejected;
        }

        return output.Answer(QueryResult<Domain.Progress.YearProgress>.Found(stored.Progress), ProgressViews.PrintYear);
    }
}
