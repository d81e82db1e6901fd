using System.CommandLine;
using Cultivation.Application.Progress;
using Cultivation.Cli.Framework;
using Spectre.Console;
using static Cultivation.Cli.Views.ProgressViews;

namespace Cultivation.Cli.Commands;

/// <summary><c>low-efficiency &lt;year&gt; Q&lt;q&gt; [--town T]</c>: as <c>GET /api/low-efficiency/{year}/Q{q}?town=</c>.</summary>
public sealed class LowEfficiencyCommand(ProgressQueries progress, CliOutput output) : ICliCommand, ICommandGrammar
{
    private static readonly Argument<Domain.Periods.Period> s_period = Grammar.PeriodArgument();

    private static readonly Option<string?> s_town = new("--town")
    {
        Description = Bilingual.Text("只列一个镇街的企业，如 东城街道", "only the firms of one town, e.g. 东城街道"),
        HelpName = "T",
    };

    public static Command Define() => new("low-efficiency", Bilingual.Text("亩均税收低于阈值的低效企业，最低的在前", "firms under the 亩均税收 threshold, lowest first"))
    {
        s_period,
        s_town,
    };

    public async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var result = await progress.LowEfficiencyAsync(parse.GetValue(s_period), parse.GetValue(s_town), cancellationToken);
        return output.Answer(result, list =>
        {
            var table = new Table().Title($"{list.Period} 亩均税收低于 {list.Threshold} 万元/亩的企业 ({list.Firms.Count})")
                .AddColumns("统一社会信用代码", "企业名称", "镇街", "亩均税收", "用地(亩)", "年化税收(万元)");
            foreach (var f in list.Firms)
            {
                table.AddRow(f.CreditCode, Markup.Escape(f.Name), Markup.Escape(f.Town), N(f.TaxPerMu), N(f.LandMu), N(f.AnnualisedTax));
            }

            AnsiConsole.Write(table);
        });
    }
}
