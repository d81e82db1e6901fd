using System.CommandLine;
using Cultivation.Application.Alerts;
using Cultivation.Cli.Framework;
using Spectre.Console;

namespace Cultivation.Cli.Commands;

/// <summary>
/// <c>alerts send</c>: sends this week's digest now unless it went out already. An explicit request, so unlike the
/// hourly timer it does not wait for the week's send time (Alerts:SendDay/SendTime); <c>--now</c> sets the clock.
/// </summary>
public sealed class AlertsSendCommand(WeeklyDigestService digests, CliOutput output) : ICliCommand, ICommandGrammar
{
    public static Command Define() => new("send", Bilingual.Text(
        "立即发送本周周报（每个 ISO 周只发一次；不等待定时发送时间）",
        "sends this week's digest now (once per ISO week; does not wait for the timer's send time)"));

    public async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var outcome = await digests.SendAsync(cancellationToken);
        if (output.Json)
        {
            output.WriteJson(outcome);
        }
        else
        {
            AnsiConsole.MarkupLine(Markup.Escape(Describe(outcome)));
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

    public static string Describe(DigestSendOutcome outcome) => outcome.Result switch
    {
        DigestSendResult.Sent => $"{outcome.Week} 周报已发送 / sent to {string.Join(", ", outcome.To)} ({outcome.MessageId})",
        DigestSendResult.AlreadySent => $"{outcome.Week} 周报本周已发送，未重复发送 / already sent this week",
        DigestSendResult.InProgress => $"{outcome.Week} 周报正由另一进程发送 / another sender holds this week",
        DigestSendResult.Failed => $"{outcome.Week} 周报发送失败，下次运行将重发 / not sent: {outcome.Error}",
        DigestSendResult.Unknown => $"{outcome.Week} 周报发送结果未知，下次运行将再发一次 / outcome unknown: {outcome.Error}",
        DigestSendResult.GaveUp => $"{outcome.Week} 周报多次发送结果未知，不再重试 / gave up: {outcome.Error}",
        DigestSendResult.Disabled => "周报已停用 / alerts disabled (Alerts:Enabled=false)",
        DigestSendResult.NotDue => $"{outcome.Week} 周报未到发送时间 / not due yet this week",
        _ => $"未配置收件人 / {outcome.Error}",
    };
}
