using Cultivation.Application.Alerts;
using Spectre.Console;

namespace Cultivation.Cli;

/// <summary><c>alerts preview</c> and <c>alerts send</c>: the weekly digest of SPEC section 6.</summary>
public sealed partial class Commands
{
    private const string DefaultPreviewFile = "alerts-preview.html";

    private Task<int> AlertsAsync(IReadOnlyList<string> rest, CancellationToken cancellationToken) => rest switch
    {
        ["preview"] => AlertsPreviewAsync(cancellationToken),
        ["send"] => AlertsSendAsync(cancellationToken),
        _ => throw new UsageException("alerts needs 'preview' [--out FILE.html] or 'send'"),
    };

    private async Task<int> AlertsPreviewAsync(CancellationToken cancellationToken)
    {
        var rendered = await digests.PreviewAsync(cancellationToken);
        var file = Path.GetFullPath(args.Option("out") ?? DefaultPreviewFile);
        await File.WriteAllTextAsync(file, rendered.Html, cancellationToken);
        if (args.Json)
        {
            WriteJson(new { week = rendered.Week, subject = rendered.Subject, html = file, text = rendered.Text, digest = rendered.Digest });
        }
        else
        {
            Console.Out.WriteLine(rendered.Text);
            AnsiConsole.MarkupLine($"[grey]HTML 版本已写入 / HTML written to {Markup.Escape(file)}[/]");
        }

        return ExitCodes.Ok;
    }

    private async Task<int> AlertsSendAsync(CancellationToken cancellationToken)
    {
        var outcome = await digests.SendAsync(cancellationToken);
        if (args.Json)
        {
            WriteJson(outcome);
        }
        else
        {
            AnsiConsole.MarkupLine(Markup.Escape(outcome.Result switch
            {
                DigestSendResult.Sent => $"{outcome.Week} 周报已发送 / sent to {string.Join(", ", outcome.To)} ({outcome.MessageId})",
                DigestSendResult.AlreadySent => $"{outcome.Week} 周报本周已发送，未重复发送 / already sent this week",
                DigestSendResult.InProgress => $"{outcome.Week} 周报正由另一进程发送 / another sender holds this week",
                DigestSendResult.Failed => $"{outcome.Week} 周报发送失败，下次运行将重发 / not sent: {outcome.Error}",
                DigestSendResult.Unknown => $"{outcome.Week} 周报发送结果未知，下次运行将再发一次 / outcome unknown: {outcome.Error}",
                DigestSendResult.GaveUp => $"{outcome.Week} 周报多次发送结果未知，不再重试 / gave up: {outcome.Error}",
                DigestSendResult.Disabled => "周报已停用 / alerts disabled (Alerts:Enabled=false)",
                _ => $"未配置收件人 / {outcome.Error}",
            }));
            if (outcome.GroupChat is { Configured: true } chat)
            {
                AnsiConsole.MarkupLine(Markup.Escape(chat.Delivered ? "群消息已发送 / group chat notified" : $"群消息未送达 / group chat not notified: {chat.Error}"));
            }
        }

        return outcome.Result switch
        {
            DigestSendResult.Sent or DigestSendResult.AlreadySent or DigestSendResult.InProgress or DigestSendResult.Disabled => ExitCodes.Ok,
            DigestSendResult.NotConfigured => ExitCodes.Usage,
            _ => ExitCodes.Failed,
        };
    }
}
