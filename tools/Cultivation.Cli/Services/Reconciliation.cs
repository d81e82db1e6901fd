using Cultivation.Application.Ingestion;
using Cultivation.Cli.Framework;

namespace Cultivation.Cli.Services;

/// <summary>What the reconciliation timer does, with a progress bar over the files due.</summary>
public sealed class Reconciliation(ReconcileService reconcile, CliOutput output)
{
    public async Task<IReadOnlyList<IngestionOutcome>> RunAsync(CancellationToken cancellationToken)
    {
        var due = await reconcile.FindDueAsync(cancellationToken);
        IReadOnlyList<IngestionOutcome> outcomes = [];
        await output.WithProgressAsync("入库 Ingesting", due.Count, async tick =>
        {
            outcomes = await reconcile.ReconcileAsync(new Progress<IngestionOutcome>(o => tick(o.BlobName)), cancellationToken);
        });
        return [.. outcomes.OrderBy(o => o.BlobName, StringComparer.Ordinal)];
    }
}
