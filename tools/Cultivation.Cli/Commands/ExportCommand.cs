using System.CommandLine;
using Cultivation.Application.Leaders;
using Cultivation.Cli.Framework;
using Spectre.Console;

namespace Cultivation.Cli.Commands;

/// <summary><c>export &lt;year&gt; [--town T] [--out FILE]</c>: the leaders' workbook, as <c>GET /api/exports/{year}?town=</c> gives it.</summary>
public sealed class ExportCommand(LeadersExportService exports, CliOutput output) : ICliCommand, ICommandGrammar
{
    private static readonly Argument<int> s_year = Grammar.YearArgument();

    private static readonly Option<string?> s_town = new("--town")
    {
        Description = Bilingual.Text("只含一个镇街的企业，如 东城街道", "only the firms of one town, e.g. 东城街道"),
        HelpName = "T",
    };

    private static readonly Option<string?> s_out = new("--out")
    {
        Description = Bilingual.Text("写到这个文件（默认：工作簿的文件名，写在当前目录）", "where to write it (default: the workbook's own name, in the current folder)"),
        HelpName = "FILE.xlsx",
    };

    public static Command Define() => new("export", Bilingual.Text("领导工作簿：总览、各指标企业明细、低效企业、数据缺口、镇街排名", "the leaders' workbook: overview, each target's firms, low-efficiency firms, data gaps, town ranking"))
    {
        s_year,
        s_town,
        s_out,
    };

    public async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var answer = await exports.WorkbookAsync(parse.GetValue(s_year), parse.GetValue(s_town), cancellationToken);
        if (answer.Value is not { } workbook)
        {
            CliOutput.Error($"{answer.Problem!.Chinese} / {answer.Problem.English}");
            return answer.Refusal == Application.Workbooks.Refusal.Invalid ? ExitCodes.Usage : ExitCodes.Rejected;
        }

        await using (workbook)
        {
            var file = Path.GetFullPath(parse.GetValue(s_out) ?? workbook.FileName);
            await using (var target = File.Create(file))
            {
                await workbook.Content.CopyToAsync(target, cancellationToken);
            }

            if (output.Json)
            {
                output.WriteJson(new { file, bytes = new FileInfo(file).Length });
            }
            else
            {
                AnsiConsole.MarkupLine($"领导工作簿已写入 / the leaders' workbook was written to [bold]{Markup.Escape(file)}[/]");
            }
        }

        return ExitCodes.Ok;
    }
}
