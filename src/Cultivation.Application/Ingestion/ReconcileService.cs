using Cultivation.Application.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cultivation.Application.Ingestion;

/// <summary>
/// What the reconciliation timer does: finds every filing that was missed, failed, never raised an
/// event (Azurite raises none) or was overwritten, and ingests it, so no dropped file is left behind.
/// </summary>
public sealed partial class ReconcileService
{
    private readonly IFilingBlobs _blobs;
    private readonly IFilingLedger _ledger;
    private readonly IngestionService _ingestion;
    private readonly IEnumerable<IAcceptedFilingsObserver> _observers;
    private readonly IngestionOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger<ReconcileService> _logger;

    public ReconcileService(IFilingBlobs blobs, IFilingLedger ledger, IngestionService ingestion,
        IEnumerable<IAcceptedFilingsObserver> observers, IOptions<IngestionOptions> options,
        TimeProvider clock, ILogger<ReconcileService> logger)
    {
        _blobs = blobs;
        _ledger = ledger;
        _ingestion = ingestion;
        _observers = observers;
        _options = options.Value;
        _clock = clock;
        _logger = logger;
    }

    /// <summary>The blobs that need ingesting now, in name order.</summary>
    public async Task<IReadOnlyList<string>> FindDueAsync(CancellationToken cancellationToken)
    {
        var entries = (await _ledger.ListAllAsync(cancellationToken).ConfigureAwait(false))
            .ToDictionary(e => e.BlobName, StringComparer.Ordinal);
        var now = _clock.GetUtcNow();
        var due = new List<string>();
        await foreach (var blob in _blobs.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            if (IsDue(entries.GetValueOrDefault(blob.Name), blob, now))
            {
                due.Add(blob.Name);
            }
        }

        due.Sort(StringComparer.Ordinal);
        return due;
    }

    /// <param name="progress">Told after each file, for a progress bar.</param>
    public async Task<IReadOnlyList<IngestionOutcome>> ReconcileAsync(IProgress<IngestionOutcome>? progress, CancellationToken cancellationToken)
    {
        var due = await FindDueAsync(cancellationToken).ConfigureAwait(false);
        var outcomes = new IngestionOutcome[due.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, due.Count),
            new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                outcomes[i] = await _ingestion.IngestAsync(due[i], notifyObservers: false, ct).ConfigureAwait(false);
                progress?.Report(outcomes[i]);
            }).ConfigureAwait(false);

        // Derived data (progress) is refreshed once for the whole batch, not once per file.
        var changed = outcomes.Where(o => o.Result == IngestionResult.Accepted)
            .Select(o => Domain.Filings.FilingName.TryParse(o.BlobName, out var n, out _) ? n.Period : (Domain.Periods.Period?)null)
            .OfType<Domain.Periods.Period>()
            .Distinct()
            .ToList();
        if (changed.Count > 0)
        {
            foreach (var observer in _observers)
            {
                await observer.OnAcceptedRowsChangedAsync(changed, cancellationToken).ConfigureAwait(false);
            }
        }

        LogReconciled(due.Count, outcomes.Count(o => o.Result == IngestionResult.Accepted), outcomes.Count(o => o.Result == IngestionResult.Rejected),
            outcomes.Count(o => o.Result is IngestionResult.Failed or IngestionResult.GaveUp));
        return outcomes;
    }

    private bool IsDue(LedgerEntry? entry, FilingBlobInfo blob, DateTimeOffset now) => entry switch
    {
        null => true,
        { Status: FilingStatus.Pending } => entry.PendingSince is null || entry.PendingSince + _options.PendingLease <= now,
        _ when entry.BlobETag != blob.ETag => true,
        { Status: FilingStatus.Failed } => entry.Attempts < _options.MaxAttempts && (entry.NextAttemptAt is null || entry.NextAttemptAt <= now),
        _ => false,
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Reconciled {Due} filings: {Accepted} accepted, {Rejected} rejected, {Failed} failed")]
    private partial void LogReconciled(int due, int accepted, int rejected, int failed);
}
