using Cultivation.Application.Enterprises;
using Microsoft.Azure.Functions.Worker;

namespace Cultivation.Functions.Ingestion;

/// <summary>
/// Builds the enterprise index where it is not built yet (a deployment that predates it, or one whose index was lost), on the
/// reconciliation's schedule; once built, each run is one point read. Follow-up steps of ingestion keep it in step after that.
/// </summary>
public sealed class BuildEnterpriseIndex(EnterpriseIndexRebuild rebuild)
{
    [Function(nameof(BuildEnterpriseIndex))]
    public Task<EnterpriseIndexRebuildResult?> Run([TimerTrigger("%ReconcileSchedule%")] TimerInfo timer, CancellationToken cancellationToken)
        => rebuild.EnsureBuiltAsync(cancellationToken);
}
