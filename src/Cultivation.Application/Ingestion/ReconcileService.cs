using Cultivation.Application.Ingestion.FollowUps;
using Cultivation.Application.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cultivation.Application.Ingestion;

/// <summary>
/// What the reconciliation timer does: finds every filing that was missed, failed, never raised an
/// event (Azurite raises none) or was overwritten, and ingests it, so no dropped file is left behind;
/// withdraws the filings whose blobs were deleted; evaluates again the files whose verdict depended on
/// others that changed (<see cref="Lifecycle.Reconsideration"/>); and finishes the follow-up work (report,
/// version record, progress …) that earlier verdicts left undone.
/// Each file on its own: one file's bad name, bad bytes or storage error never stops the rest of the batch.
/// </summary>
public sealed partial class ReconcileService
{
    private readonly IFilingBlobs _blobs;
    private readonly IFilingLedger _ledger;
    private readonly IngestionService _ingestion;
    private readonly Lifecycle.Withdrawals _withdrawals;
    private readonly FollowUpRunner _followUps;
    private readonly IngestionOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger<ReconcileService> _logger;

    public ReconcileService(IFilingBlobs blobs, IFilingLedger ledger, IngestionService ingestion, Lifecycle.Withdrawals withdrawals,
        FollowUpRunner followUps, IOptions<IngestionOptions> options, TimeProvider clock, ILogger<ReconcileService> logger)
    {
        _blobs = blobs;
        _ledger = ledger;
        _ingestion = ingestion;
        _withdrawals = withdrawals;
        _followUps = followUps;
        _options = options.Value;
        _clock = clock;
        _logger = logger;
    }

    /// <summary>The blobs that need ingesting now and the files whose follow-up work is due, in name order.</summary>
    public async Task<IReadOnlyList<string>> FindDueAsync(CancellationToken cancellationToken) =>
        [.. (await FindDueFilesAsync(cancellationToken).ConfigureAwait(false)).Select(d => d.Name)];

    /// <param name="progress">Told after each file, for a progress bar.</param>
    public async Task<IReadOnlyList<IngestionOutcome>> ReconcileAsync(IProgress<IngestionOutcome>? progress, CancellationToken cancellationToken)
    {
        var due = await FindDueFilesAsync(cancellationToken).ConfigureAwait(false);
        var ingested = new Ingested?[due.Count];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(Enumerable.Range(0, due.Count), parallel, async (i, ct) =>
        {
            if (due[i].Blob is not null || due[i].Withdraw)
            {
                ingested[i] = await IngestAsync(due[i], ct).ConfigureAwait(false);
                progress?.Report(ingested[i]!.Outcome);
            }
        }).ConfigureAwait(false);

        // The batch's follow-up work, one step at a time over every file (one progress refresh for all), whatever failed above.
        var held = new LedgerEntry?[due.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, due.Count), parallel, async (i, ct) =>
            held[i] = ingested[i] is { Verdict: not null } fresh ? fresh.Entry : await ClaimAsync(ingested[i]?.Entry ?? due[i].Entry, ct).ConfigureAwait(false))
            .ConfigureAwait(false);
        var work = Enumerable.Range(0, due.Count).Where(i => held[i] is not null).ToList();

        // The files a switch superseded are held by this worker too: their follow-ups join the batch (after the batch's own).
        var after = await _followUps.RunAsync(
            [.. work.Select(i => new FollowUpWork(held[i]!, ingested[i]?.Verdict)), .. ingested.SelectMany(x => x?.Others ?? [])], cancellationToken)
            .ConfigureAwait(false);

        var outcomes = new IngestionOutcome[due.Count];
        for (var i = 0; i < due.Count; i++)
        {
            var k = work.IndexOf(i);
            outcomes[i] = ingested[i]?.Outcome ?? new IngestionOutcome(due[i].Name, k >= 0 ? IngestionResult.FollowedUp : IngestionResult.InProgress);
            var entry = k >= 0 ? after[k] : ingested[i]?.Entry ?? due[i].Entry;
            outcomes[i] = outcomes[i] with { FollowUpsDue = [.. (entry?.FollowUps ?? []).Select(d => d.Step).Distinct()] };
            if (ingested[i] is null)
            {
                progress?.Report(outcomes[i]);
            }
        }

        LogReconciled(due.Count, outcomes.Count(o => o.Result == IngestionResult.Accepted), outcomes.Count(o => o.Result == IngestionResult.Rejected),
            outcomes.Count(o => o.Result is IngestionResult.Failed or IngestionResult.GaveUp), outcomes.Count(o => o.Result == IngestionResult.Superseded),
            outcomes.Count(o => o.Result == IngestionResult.Withdrawn), outcomes.Count(o => o.FollowUpsDue.Count > 0));
        return outcomes;
    }

    private async Task<List<DueFile>> FindDueFilesAsync(CancellationToken cancellationToken)
    {
        var entries = new Dictionary<string, LedgerEntry>(StringComparer.Ordinal);
        foreach (var entry in await _ledger.ListAllAsync(cancellationToken).ConfigureAwait(false))
        {
            entries.TryAdd(entry.BlobName, entry);
        }

        var now = _clock.GetUtcNow();
        var due = new List<DueFile>();
        var listed = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var blob in _blobs.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            listed.Add(blob.Name);
            var entry = entries.GetValueOrDefault(blob.Name);
            if (NeedsIngesting(entry, blob, now))
            {
                due.Add(new DueFile(blob.Name, blob, entry));
            }
            else if (entry is not null && Lifecycle.Reconsideration.IsDue(entry, entries))
            {
                due.Add(new DueFile(blob.Name, blob, entry) { Reconsider = true });
            }
            else if (entry is not null && _followUps.IsDue(entry, now))
            {
                due.Add(new DueFile(blob.Name, null, entry));
            }
        }

        // A filing whose blob is gone is withdrawn (the withdrawal looks once more whether it exists); a verdict's follow-ups are
        // owed even once its blob is gone (the version's record, progress).
        foreach (var gone in entries.Values.Where(e => !listed.Contains(e.BlobName)))
        {
            if (gone.Period is not null && gone.Status != FilingStatus.Withdrawn)
            {
                due.Add(new DueFile(gone.BlobName, null, gone) { Withdraw = true });
            }
            else if (_followUps.IsDue(gone, now))
            {
                due.Add(new DueFile(gone.BlobName, null, gone));
            }
        }

        due.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return due;
    }

    private bool NeedsIngesting(LedgerEntry? entry, FilingBlobInfo blob, DateTimeOffset now)
    {
        if (entry is null)
        {
            return true;
        }

        if (entry.Status == FilingStatus.Pending)
        {
            return entry.PendingSince is null || entry.PendingSince + _options.PendingLease <= now;
        }

        // A name that is not a filing name is decided on the name alone: a new upload under it is no new version.
        // A withdrawn filing whose blob is there again (uploaded, or restored from soft delete with its old ETag) is reinstated.
        if ((entry.BlobETag != blob.ETag && entry.LatestSha != FilingReport.NameVersion(blob.Name)) || entry.Status == FilingStatus.Withdrawn)
        {
            return true;
        }

        return entry.Status == FilingStatus.Failed && entry.Attempts < _options.MaxAttempts && (entry.NextAttemptAt is null || entry.NextAttemptAt <= now);
    }

    private async Task<Ingested> IngestAsync(DueFile due, CancellationToken cancellationToken)
    {
        try
        {
            return due.Blob is { } blob
                ? await _ingestion.IngestForBatchAsync(blob, due.Reconsider, cancellationToken).ConfigureAwait(false)
                : await _withdrawals.WithdrawOneAsync(due.Name, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Not even taken on (the ledger or the blob could not be read): tried again by the next run.
            LogFileFailed(ex, due.Name);
            return new Ingested(new IngestionOutcome(due.Name, IngestionResult.Failed, Message: ex.GetType().Name));
        }
    }

    private async Task<LedgerEntry?> ClaimAsync(LedgerEntry? entry, CancellationToken cancellationToken)
    {
        try
        {
            return entry is null ? null : await _followUps.ClaimAsync(entry, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogFileFailed(ex, entry!.BlobName);
            return null;
        }
    }

    /// <param name="Blob">Set when the blob is to be ingested; null when it is to be withdrawn or only follow-up work is due.</param>
    private sealed record DueFile(string Name, FilingBlobInfo? Blob, LedgerEntry? Entry)
    {
        /// <summary>Its version was decided, but what decided it changed: evaluated again.</summary>
        public bool Reconsider { get; init; }

        /// <summary>Its blob is gone: withdrawn.</summary>
        public bool Withdraw { get; init; }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Reconciled {Due} filings: {Accepted} accepted, {Rejected} rejected, {Failed} failed, {Superseded} superseded, {Withdrawn} withdrawn, {FollowUpsDue} with follow-ups still due")]
    private partial void LogReconciled(int due, int accepted, int rejected, int failed, int superseded, int withdrawn, int followUpsDue);

    [LoggerMessage(Level = LogLevel.Error, Message = "Reconciling {Blob} failed; the rest of the batch goes on")]
    private partial void LogFileFailed(Exception exception, string blob);
}
