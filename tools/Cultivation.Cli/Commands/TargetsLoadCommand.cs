using System.CommandLine;
using Cultivation.Application.Progress;
using Cultivation.Cli.Framework;
using Spectre.Console;

namespace Cultivation.Cli.Commands;

/// <summary><c>targets load &lt;file&gt;</c>: a year's targets in the format of SPEC §1.</summary>
public sealed class TargetsLoadCommand(TargetsService targets, CliOutput output) : ICliCommand, ICommandGrammar
{
    private static readonly Argument<string> s_file = new("file")
    {
        Description = Bilingual.Text("指标文件，如 seeds/targets/2022.json", "the targets file, e.g. seeds/targets/2022.json"),
    };

    public static Command Define() => new("load", Bilingual.Text("载入一年的培育指标", "loads a year's targets"))
    {
        s_file,
    };

    public async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var file = parse.GetRequiredValue(s_file);
        if (!File.Exists(file))
        {
            throw new UsageException($"没有这个文件 / no such file: {file}");
        }

        var (loaded, problems) = await targets.LoadAsync(await File.ReadAllTextAsync(file, cancellationToken), cancellationToken);
        if (loaded is null)
        {
            foreach (var p in problems)
            {
                CliOutput.Error(p.ToString());
            }

            return ExitCodes.Rejected;
        }

        if (output.Json)
        {
            output.WriteJson(new { year = loaded.Year, region = loaded.Region, targets = loaded.Targets.Select(t => t.Id) });
        }
        else
        {
            AnsiConsole.MarkupLine($"已载入 {loaded.Year} 年 {loaded.Targets.Count} 项指标 / loaded {loaded.Targets.Count} targets for {loaded.Year}");
        }

        return ExitCodes.Ok;
    }
}
