using Cultivation.Application.Ingestion;
using Microsoft.Azure.Functions.Worker;

namespace Cultivation.Functions.Ingestion;

/// <summary>
/// Catches every filing the trigger missed, that failed, or that raised no event (Azurite raises
/// none). Schedule from the <c>ReconcileSchedule</c> setting: hourly in Azure, every minute locally.
/// </summary>
public sealed class ReconcileFilings(ReconcileService reconcile)
{
    [Function(nameof(ReconcileFilings))]
    public Task<IReadOnlyList<IngestionOutcome>> Run([TimerTrigger("%ReconcileSchedule%")] TimerInfo timer, CancellationToken cancellationToken)
        => reconcile.ReconcileAsync(progress: null, cancellationToken);
}
