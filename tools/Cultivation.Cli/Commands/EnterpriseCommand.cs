using System.CommandLine;
using Cultivation.Application.Enterprises;
using Cultivation.Cli.Framework;
using Spectre.Console;
using static Cultivation.Cli.Views.ProgressViews;

namespace Cultivation.Cli.Commands;

/// <summary><c>enterprise &lt;creditCode&gt;</c>: as <c>GET /api/enterprises/{creditCode}</c>.</summary>
public sealed class EnterpriseCommand(EnterpriseQueries enterprises, CliOutput output) : ICliCommand, ICommandGrammar
{
    private static readonly Argument<string> s_code = new("creditCode")
    {
        Description = Bilingual.Text("18 位统一社会信用代码", "the 18-character unified social credit code"),
    };

    public static Command Define() => new("enterprise", Bilingual.Text("一家企业各报告期的报送、派生指标和事件", "a firm's filings by period, derived figures and events"))
    {
        s_code,
    };

    public async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var result = await enterprises.EnterpriseAsync(parse.GetRequiredValue(s_code), cancellationToken);
        return output.Answer(result, history =>
        {
            AnsiConsole.MarkupLine($"[bold]{Markup.Escape(history.Name)}[/]  {history.CreditCode}  {Markup.Escape(history.Town)}");
            var table = new Table().AddColumns("报告期", "报送单位", "规上", "营业收入(万元)", "实缴税金(万元)", "用地(亩)", "亩均税收", "低效");
            foreach (var p in history.Periods)
            {
                table.AddRow(p.Period, Markup.Escape(p.Source), p.AboveScale ? "是" : "否", N(p.Revenue), N(p.Tax), N(p.LandMu),
                    N(p.TaxPerMu), p.LowEfficiency ? "[red]是[/]" : "否");
            }

            AnsiConsole.Write(table);
            foreach (var e in history.Events)
            {
                AnsiConsole.MarkupLine($"  {e.Period}  {Markup.Escape(e.Description)}");
            }
        });
    }
}
