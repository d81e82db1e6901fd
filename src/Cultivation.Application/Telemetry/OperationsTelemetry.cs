using System.Collections;
using System.Globalization;
using Cultivation.Application.Alerts;
using Cultivation.Application.Ingestion;
using Cultivation.Domain.Filings;
using Microsoft.Extensions.Logging;
using P = Cultivation.Application.Telemetry.TelemetryEvents.Properties;

namespace Cultivation.Application.Telemetry;

/// <summary>
/// Writes each event as a structured log record of the category <see cref="Category"/> carrying the
/// attribute <see cref="EventNameAttribute"/>: the Azure Monitor exporter turns such records into
/// Application Insights custom events, and anywhere else (the CLI, tests) they are ordinary logs.
/// Logs are never sampled by the worker's telemetry set-up, so neither are these events.
/// </summary>
public sealed class OperationsTelemetry : IOperationsTelemetry
{
    /// <summary>The log category of the events (the function app keeps it at Information whatever the other filters say).</summary>
    public const string Category = "Cultivation.Operations";

    /// <summary>The log attribute that makes the Azure Monitor exporter send a record as a custom event of that name.</summary>
    public const string EventNameAttribute = "microsoft.custom_event.name";

    private static readonly EventId s_eventId = new(9100, "OperationsEvent");
    private readonly ILogger _logger;

    public OperationsTelemetry(ILoggerFactory loggers)
    {
        _logger = loggers.CreateLogger(Category);
    }

    public void FilingIngested(IngestionOutcome outcome, TimeSpan duration)
    {
        var name = outcome.Result switch
        {
            IngestionResult.Accepted => TelemetryEvents.FilingAccepted,
            IngestionResult.Rejected => TelemetryEvents.FilingRejected,
            IngestionResult.Failed => TelemetryEvents.FilingFailed,
            IngestionResult.GaveUp => TelemetryEvents.FilingGaveUp,
            IngestionResult.Superseded when outcome.Sha is not null => TelemetryEvents.FilingSuperseded,
            IngestionResult.Withdrawn => TelemetryEvents.FilingWithdrawn,
            _ => null,
        };
        if (name is null)
        {
            return;
        }

        var filing = FilingName.TryParse(outcome.BlobName, out var parsed, out _) ? parsed : null;
        Write(name,
        [
            new(P.Blob, outcome.BlobName),
            new(P.Period, filing?.Period.ToString() ?? string.Empty),
            new(P.Source, filing?.Source ?? string.Empty),
            new(P.Version, outcome.Sha ?? string.Empty),
            new(P.Rows, outcome.Rows),
            new(P.Errors, outcome.Errors),
            new(P.DurationMs, (long)Math.Round(duration.TotalMilliseconds)),
            // For a failure the exception's type only (IngestionService never puts a message here: messages may quote the file).
            new(P.Failure, outcome.Result is IngestionResult.Failed or IngestionResult.GaveUp ? outcome.Message ?? string.Empty : string.Empty),
        ]);
    }

    public void DigestSendEnded(DigestSendOutcome outcome)
    {
        var name = outcome.Result switch
        {
            DigestSendResult.Sent => TelemetryEvents.DigestSent,
            // A send that was tried and did not (surely) arrive; GaveUp only repeats an earlier Unknown.
            DigestSendResult.Failed or DigestSendResult.Unknown => TelemetryEvents.DigestFailed,
            _ => null,
        };
        if (name is null)
        {
            return;
        }

        Write(name,
        [
            new(P.Week, outcome.Week),
            new(P.Result, outcome.Result.ToString()),
            new(P.Recipients, outcome.To.Count),
        ]);
    }

    private void Write(string name, List<KeyValuePair<string, object?>> properties)
    {
        properties.Insert(0, new(EventNameAttribute, name));
        properties.Add(new("{OriginalFormat}", "Operations event {" + EventNameAttribute + "}"));
        _logger.Log(LogLevel.Information, s_eventId, new EventState(properties), null, static (state, _) => state.ToString());
    }

    /// <summary>The record's attributes, in the shape logging providers read structured state from.</summary>
    private sealed class EventState(List<KeyValuePair<string, object?>> properties) : IReadOnlyList<KeyValuePair<string, object?>>
    {
        public int Count => properties.Count;

        public KeyValuePair<string, object?> this[int index] => properties[index];

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => properties.GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString() =>
            "Operations event " + string.Join(", ", properties.Where(p => p.Key != "{OriginalFormat}")
                .Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Key}={p.Value}")));
    }
}
