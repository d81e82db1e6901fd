using System.CommandLine;
using Cultivation.Application.Progress;
using Cultivation.Cli.Framework;
using Cultivation.Cli.Views;

namespace Cultivation.Cli.Commands;

/// <summary><c>progress &lt;year&gt; [targetId]</c>: as <c>GET /api/progress/{year}[/{targetId}]</c>.</summary>
public sealed class ProgressCommand(ProgressQueries progress, CliOutput output) : ICliCommand, ICommandGrammar
{
    private static readonly Argument<int> s_year = Grammar.YearArgument();

    private static readonly Argument<string?> s_target = new("targetId")
    {
        Description = Bilingual.Text("一项指标，如 above-scale-upgrades：列出计入的企业", "one target, e.g. above-scale-upgrades: with the firms it counts"),
        Arity = ArgumentArity.ZeroOrOne,
    };

    public static Command Define() => new("progress", Bilingual.Text("一年各项培育指标的进度，或一项指标及其企业", "the progress of a year's targets, or one target with its firms"))
    {
        s_year,
        s_target,
    };

    public async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var year = parse.GetValue(s_year);
        return parse.GetValue(s_target) is { } target
            ? output.Answer(await progress.TargetAsync(year, target, cancellationToken), ProgressViews.PrintDetail)
            : output.Answer(await progress.YearAsync(year, cancellationToken), ProgressViews.PrintYear);
    }
}
