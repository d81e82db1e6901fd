using System.CommandLine;
using System.Globalization;

namespace Cultivation.Cli.Framework;

/// <summary>The options every command takes (SPEC §7): <c>--json</c> and <c>--now</c>.</summary>
public static class CommonOptions
{
    public static readonly Option<bool> Json = new("--json")
    {
        Description = Bilingual.Text("机器可读输出（与 HTTP 响应体完全相同）", "machine output, exactly the HTTP body"),
        Recursive = true,
    };

    public static readonly Option<DateTimeOffset?> Now = new("--now")
    {
        Description = Bilingual.Text("时钟（“本周”、截止日期据此计算），如 2022-10-17T09:00:00+08:00", "the clock (for \"this week\" and deadlines), an ISO date-time"),
        HelpName = "ISO date-time",
        Recursive = true,
        CustomParser = result =>
        {
            var text = result.Tokens[0].Value;
            if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var now))
            {
                return now;
            }

            result.AddError($"--now '{text}' 不是 ISO 时间，应如 2022-10-17T09:00:00+08:00 / is not an ISO date-time such as 2022-10-17T09:00:00+08:00");
            return null;
        },
    };
}
