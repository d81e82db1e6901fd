using System.Collections.Concurrent;
using System.Globalization;
using Cultivation.Application.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Cultivation.Integration.Tests.Telemetry;

/// <summary>An operations event as the log record carries it: its name and its properties as text.</summary>
public sealed record CapturedEvent(string Name, IReadOnlyDictionary<string, string> Properties);

/// <summary>
/// The real <see cref="OperationsTelemetry"/> writing to a logger that keeps the events, so tests see the
/// names and properties exactly as the exporter would receive them.
/// </summary>
public sealed class EventCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<CapturedEvent> _events = new();

    public IReadOnlyList<CapturedEvent> Events => [.. _events];

    /// <summary>Replaces the services' telemetry with one that reports to this capture.</summary>
    public void Install(IServiceCollection services) =>
        services.Replace(ServiceDescriptor.Singleton<IOperationsTelemetry>(
            new OperationsTelemetry(LoggerFactory.Create(logging => logging.AddProvider(this).SetMinimumLevel(LogLevel.Information)))));

    public IReadOnlyList<CapturedEvent> Named(string name) => [.. _events.Where(e => e.Name == name)];

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(EventCapture owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (category != OperationsTelemetry.Category || state is not IReadOnlyList<KeyValuePair<string, object?>> pairs)
            {
                return;
            }

            var properties = pairs.Where(p => p.Key != "{OriginalFormat}")
                .ToDictionary(p => p.Key, p => Convert.ToString(p.Value, CultureInfo.InvariantCulture) ?? string.Empty, StringComparer.Ordinal);
            var name = properties[OperationsTelemetry.EventNameAttribute];
            properties.Remove(OperationsTelemetry.EventNameAttribute);
            owner._events.Enqueue(new CapturedEvent(name, properties));
        }
    }
}
