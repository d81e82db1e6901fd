using Cultivation.Application.Alerts;
using Cultivation.Application.Ingestion;

namespace Cultivation.Application.Telemetry;

/// <summary>
/// What operations are told: one event per filing verdict and per digest send. The services call it
/// where an outcome becomes final; the implementation decides what is an event.
/// </summary>
public interface IOperationsTelemetry
{
    /// <summary>An ingestion attempt ended; outcomes that are no verdict (unchanged, in progress) are ignored.</summary>
    void FilingIngested(IngestionOutcome outcome, TimeSpan duration);

    /// <summary>A digest run ended; only runs that tried to send (sent, failed, unknown) are events.</summary>
    void DigestSendEnded(DigestSendOutcome outcome);
}

public static class OperationsTelemetryExtensions
{
    /// <summary>Tells the telemetry and hands the outcome on, so a service can report where it returns.</summary>
    public static IngestionOutcome Reported(this IOperationsTelemetry telemetry, IngestionOutcome outcome, TimeSpan duration)
    {
        telemetry.FilingIngested(outcome, duration);
        return outcome;
    }

    /// <inheritdoc cref="Reported(IOperationsTelemetry, IngestionOutcome, TimeSpan)"/>
    public static DigestSendOutcome Reported(this IOperationsTelemetry telemetry, DigestSendOutcome outcome)
    {
        telemetry.DigestSendEnded(outcome);
        return outcome;
    }
}
