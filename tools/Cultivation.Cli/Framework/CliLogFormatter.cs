using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace Cultivation.Cli.Framework;

/// <summary>
/// The services' warnings and errors as one line each on standard error (standard output is kept for the
/// command's answer, e.g. its JSON): the message and the exception's type and first line, no stack trace.
/// </summary>
public sealed class CliLogFormatter() : ConsoleFormatter(FormatterName)
{
    public const string FormatterName = "cultivation";

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var message = logEntry.Formatter(logEntry.State, logEntry.Exception);
        var level = logEntry.LogLevel switch
        {
            LogLevel.Critical or LogLevel.Error => "error",
            LogLevel.Warning => "warn",
            _ => "info",
        };
        var exception = logEntry.Exception is { } ex ? $" ({ex.GetType().Name}: {ex.Message.Split('\n')[0].Trim()})" : string.Empty;
        textWriter.WriteLine($"cultivation: {level}: {message}{exception}");
    }
}
