using System.CommandLine;
using System.Globalization;
using Cultivation.Application.Enterprises;
using Cultivation.Application.Progress;
using Cultivation.Cli.Framework;
using Cultivation.Cli.Views;

namespace Cultivation.Cli.Commands;

/// <summary>
/// <c>recompute &lt;year&gt;</c>: the stored progress of a year, computed again from the accepted filings; and the enterprise index
/// rebuilt from the filings in force (how a deployment that predates the index gets one, or a stale one is put right).
/// </summary>
public sealed class RecomputeCommand(ProgressService progress, EnterpriseIndexRebuild enterprises, CliOutput output) : ICliCommand, ICommandGrammar
{
    private static readonly Argument<int> s_year = Grammar.YearArgument();

    public static Command Define() => new("recompute", Bilingual.Text(
        "根据已接收的报送重新计算一年的进度，并重建企业索引", "recomputes a year's stored progress from the accepted filings, and rebuilds the enterprise index"))
    {
        s_year,
    };

    public async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var year = parse.GetValue(s_year);
        var index = await enterprises.RebuildAsync(cancellationToken);
        if (!output.Json)
        {
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"企业索引已重建：{index.Files} 个文件，写入 {index.Written} 条、清除 {index.Cleared} 条，用时 {index.Elapsed.TotalSeconds:F1} 秒 / " +
                $"enterprise index rebuilt: {index.Files} files, {index.Written} firm rows written, {index.Cleared} cleared, in {index.Elapsed.TotalSeconds:F1} s"));
        }

        var stored = await progress.RecomputeAsync(year, cancellationToken);
        if (stored is null)
        {
            CliOutput.Error($"{year}年的指标尚未载入 / no targets are loaded for {year}");
            return ExitCodes.Rejected;
        }

        return output.Answer(QueryResult<Domain.Progress.YearProgress>.Found(stored.Progress), ProgressViews.PrintYear);
    }
}
