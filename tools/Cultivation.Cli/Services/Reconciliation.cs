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

    /// <summary>
    /// Runs until no file is due, as successive timer runs would: a file evaluated again because of another's verdict
    /// (a conflict rejection whose winner went out of force) may only be due after that verdict.
    /// </summary>
    public async Task<IReadOnlyList<IngestionOutcome>> RunUntilSettledAsync(CancellationToken cancellationToken)
    {
        var outcomes = new List<IngestionOutcome>();
        for (var run = 0; run < 5 && (run == 0 || (await reconcile.FindDueAsync(cancellationToken)).Count > 0); run++)
        {
            outcomes.AddRange(await RunAsync(cancellationToken));
        }

        return outcomes;
    }
}
