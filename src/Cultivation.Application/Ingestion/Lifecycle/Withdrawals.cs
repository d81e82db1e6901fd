using Cultivation.Application.Ingestion.FollowUps;
using Cultivation.Application.Storage;
using Cultivation.Application.Telemetry;
using Cultivation.Domain.Filings;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cultivation.Application.Ingestion.Lifecycle;

/// <summary>
/// Deleting a filing's blob withdraws it (SPEC §2): its rows stop counting, its firms are released, progress is recomputed,
/// the filings list shows it as withdrawn, and the verdict's follow-up steps tell its source. Deletions are often accidents:
/// the archive keeps the bytes, and uploading the same bytes again reinstates the filing. Found by reconciliation (an entry
/// whose blob is no longer listed) and, in Azure, at once by the BlobDeleted event; a blob that exists again is not withdrawn.
/// </summary>
public sealed partial class Withdrawals(
    IFilingBlobs blobs,
    IFilingLedger ledger,
    FilingSwitch filingSwitch,
    FollowUpRunner followUps,
    IOptions<IngestionOptions> options,
    TimeProvider clock,
    ILogger<Withdrawals> logger,
    IOperationsTelemetry telemetry)
{
    /// <summary>Withdraws the filing if its blob is gone, then does the verdict's follow-up work.</summary>
    public async Task<IngestionOutcome> WithdrawAsync(string blobName, CancellationToken cancellationToken)
    {
        var withdrawn = await WithdrawOneAsync(blobName, cancellationToken).ConfigureAwait(false);
        if (withdrawn is not { Entry: { } entry, Verdict: not null })
        {
            return withdrawn.Outcome;
        }

        try
        {
            var after = await followUps.RunAsync([new FollowUpWork(entry, withdrawn.Verdict), .. withdrawn.Others], cancellationToken).ConfigureAwait(false);
            return withdrawn.Outcome with { FollowUpsDue = [.. after[0].FollowUps.Select(d => d.Step).Distinct()] };
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The verdict is stored with the steps it owes: reconciliation finishes them.
            LogFollowUpsNotRun(ex, blobName);
            return withdrawn.Outcome with { FollowUpsDue = [.. entry.FollowUps.Select(d => d.Step).Distinct()] };
        }
    }

    /// <summary>The withdrawal alone; its follow-up work is the caller's (a reconciliation batch runs it with the rest).</summary>
    internal async Task<Ingested> WithdrawOneAsync(string blobName, CancellationToken cancellationToken)
    {
        var started = clock.GetTimestamp();
        if (!FilingName.TryParse(blobName, out _, out _))
        {
            // A name that is not a filing name filed nothing: its rejection stays on record.
            return new Ingested(new IngestionOutcome(blobName, IngestionResult.Unchanged, Message: "not a filing name"));
        }

        for (var attempt = 0; attempt < 10; attempt++)
        {
            var entry = await ledger.GetAsync(blobName, cancellationToken).ConfigureAwait(false);
            if (entry is null)
            {
                return new Ingested(new IngestionOutcome(blobName, IngestionResult.Missing, Message: "never ingested"));
            }

            if (entry.Status == FilingStatus.Withdrawn)
            {
                return new Ingested(new IngestionOutcome(blobName, IngestionResult.Unchanged, 0, 0, entry.LatestSha, "already withdrawn"), entry);
            }

            if (entry.Status == FilingStatus.Pending && entry.PendingSince + options.Value.PendingLease > clock.GetUtcNow())
            {
                // Being read by a worker that holds its bytes: decided once it is done (then reconciliation, or a retried event, withdraws it).
                return new Ingested(new IngestionOutcome(blobName, IngestionResult.InProgress, 0, 0, entry.LatestSha), entry);
            }

            // Read after the entry: an upload since is either seen here, or changes the entry and so fails the switch below.
            if (await blobs.ExistsAsync(blobName, cancellationToken).ConfigureAwait(false))
            {
                LogExistsAgain(blobName);
                return new Ingested(new IngestionOutcome(blobName, IngestionResult.Unchanged, 0, 0, entry.LatestSha, "the blob exists"), entry);
            }

            if (await filingSwitch.WithdrawAsync(entry, cancellationToken).ConfigureAwait(false) is { } switched)
            {
                LogWithdrawn(blobName, switched.Verdict.Replaced ?? "-");
                var outcome = telemetry.Reported(new IngestionOutcome(blobName, IngestionResult.Withdrawn, 0, 0, entry.LatestSha), clock.GetElapsedTime(started));
                return new Ingested(outcome, switched.Entry, switched.Verdict) { Others = switched.Others };
            }
        }

        return new Ingested(new IngestionOutcome(blobName, IngestionResult.InProgress));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Withdrew {Blob}: its blob was deleted; version {Sha} no longer counts")]
    private partial void LogWithdrawn(string blob, string sha);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Blob} was deleted but exists again: nothing is withdrawn")]
    private partial void LogExistsAgain(string blob);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not do the follow-ups of the withdrawal of {Blob}; reconciliation does them")]
    private partial void LogFollowUpsNotRun(Exception exception, string blob);
}
