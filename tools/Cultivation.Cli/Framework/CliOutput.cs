using System.Text.Json;
using Cultivation.Application;
using Cultivation.Application.Progress;
using Spectre.Console;

namespace Cultivation.Cli.Framework;

/// <summary>
/// Where commands write: tables, bars and panels for people, or with <c>--json</c> exactly the HTTP body on
/// standard output; messages about problems go to standard error.
/// </summary>
public sealed class CliOutput(bool json)
{
    public bool Json { get; } = json;

    public static void Error(string message) => Console.Error.WriteLine($"cultivation: {message}");

    public void WriteJson(object body) => Console.Out.WriteLine(JsonSerializer.Serialize(body, body.GetType(), CultivationJson.Options));

    /// <summary>A query's answer: printed or as JSON (exit 0); not found is exit 1 and an invalid request exit 2.</summary>
    public int Answer<T>(QueryResult<T> result, Action<T> print)
        where T : class
    {
        if (result.Value is null)
        {
            Error(result.Problem?.ToString() ?? "查无此项 / not found");
            return result.IsInvalid ? ExitCodes.Usage : ExitCodes.Rejected;
        }

        if (Json)
        {
            WriteJson(result.Value);
        }
        else
        {
            print(result.Value);
        }

        return ExitCodes.Ok;
    }

    /// <summary>A progress bar for long operations; plain lines when the output is not a terminal, nothing with --json.</summary>
    public async Task WithProgressAsync(string title, int total, Func<Action<string>, Task> work)
    {
        if (Json || total == 0)
        {
            await work(_ => { });
            return;
        }

        if (!AnsiConsole.Profile.Capabilities.Interactive)
        {
            var done = 0;
            var step = Math.Max(1, total / 10);
            await work(item =>
            {
                var n = Interlocked.Increment(ref done);
                if (n % step == 0 || n == total)
                {
                    Console.Out.WriteLine($"{title}: {n}/{total}");
                }
            });
            return;
        }

        await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async ctx =>
            {
                var task = ctx.AddTask(title, maxValue: total);
                await work(_ => task.Increment(1));
            });
    }
}
