using System.CommandLine;
using Cultivation.Application.Alerts;
using Cultivation.Cli.Framework;
using Spectre.Console;

namespace Cultivation.Cli.Commands;

/// <summary><c>alerts preview [--out FILE.html]</c>: this week's digest, rendered; nothing is claimed or sent.</summary>
public sealed class AlertsPreviewCommand(WeeklyDigestService digests, CliOutput output) : ICliCommand, ICommandGrammar
{
    private static readonly Option<string> s_out = new("--out")
    {
        Description = Bilingual.Text("HTML 版本写到这个文件（默认 alerts-preview.html）", "where to write the HTML part (alerts-preview.html by default)"),
        HelpName = "FILE.html",
        DefaultValueFactory = _ => "alerts-preview.html",
    };

    public static Command Define() => new("preview", Bilingual.Text("预览本周周报（不发送）", "renders this week's digest without sending it"))
    {
        s_out,
    };

    public async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var rendered = await digests.PreviewAsync(cancellationToken);
        var file = Path.GetFullPath(parse.GetRequiredValue(s_out));
        await File.WriteAllTextAsync(file, rendered.Html, cancellationToken);
        if (output.Json)
        {
            output.WriteJson(new { week = rendered.Week, subject = rendered.Subject, html = file, text = rendered.Text, digest = rendered.Digest });
        }
        else
        {
            Console.Out.WriteLine(rendered.Text);
            AnsiConsole.MarkupLine($"[grey]HTML 版本已写入 / HTML written to {Markup.Escape(file)}[/]");
        }

        return ExitCodes.Ok;
    }
}
