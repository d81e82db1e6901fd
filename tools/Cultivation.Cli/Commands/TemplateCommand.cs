using System.CommandLine;
using Cultivation.Application.Filings;
using Cultivation.Cli.Framework;
using Cultivation.Domain.City;
using Microsoft.Extensions.Options;

namespace Cultivation.Cli.Commands;

/// <summary>
/// <c>template &lt;year&gt; Q&lt;q&gt; &lt;source&gt; [--out FILE]</c>: the source's 填报模板 for the period, prefilled with its firms of
/// its last accepted filing, as <c>GET /api/templates/{year}/Q{q}/{source}</c> gives it; exit code 1 for a source that is
/// not the city's.
/// </summary>
public sealed class TemplateCommand(FilingTemplateService templates, IOptions<CityOptions> city, CliOutput output) : ICliCommand, ICommandGrammar
{
    private static readonly Argument<Domain.Periods.Period> s_period = Grammar.PeriodArgument();

    private static readonly Argument<string> s_source = new("source")
    {
        Description = Bilingual.Text("报送单位：镇街或统计局，如 东城街道", "the filing source: a town or the statistics bureau, e.g. 东城街道"),
        HelpName = "source",
    };

    private static readonly Option<string?> s_out = new("--out")
    {
        Description = Bilingual.Text("写到这个文件（默认：{单位}-{报告期}-填报模板.xlsx，写在当前目录）", "where to write it (default: {source}-{period}-填报模板.xlsx in the current folder)"),
        HelpName = "FILE.xlsx",
    };

    public static Command Define() => new("template", Bilingual.Text(
        "报送单位的填报模板（预填上次被接收的文件中的企业）",
        "a source's 填报模板, prefilled with the firms of its last accepted filing"))
    {
        s_period,
        s_source,
        s_out,
    };

    public async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var source = parse.GetRequiredValue(s_source).Trim();
        var answer = await templates.TemplateAsync(parse.GetValue(s_period), source, cancellationToken);
        var exit = await WorkbookOutput.SaveAsync(output, answer, parse.GetValue(s_out), Bilingual.Text("填报模板已写入", "the template was written to"), cancellationToken);
        if (exit != ExitCodes.Ok && !city.Value.IsSource(source)
            && Suggestions.Nearest(source, city.Value.Towns.Append(city.Value.StatisticsBureau)) is { } nearest)
        {
            CliOutput.Error($"是否要用 {nearest}？/ did you mean {nearest}?");
        }

        return exit;
    }
}
