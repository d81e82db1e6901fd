using Cultivation.Application.Ingestion.FollowUps;
using Cultivation.Application.Storage;
using Cultivation.Domain.Filings;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cultivation.Application.Ingestion;

/// <summary>What ingestion knows of a file once its work is over: the outcome, the ledger entry, and the verdict it made, if any.</summary>
public sealed record Ingested(IngestionOutcome Outcome, LedgerEntry? Entry = null, FilingVerdict? Verdict = null)
{
    /// <summary>Verdicts the same switch made on the other files of the source and period (superseded by this one), their follow-ups held here.</summary>
    public IReadOnlyList<FollowUpWork> Others { get; init; } = [];
}

/// <summary>
/// Takes the latest version of a file on for one worker: the ledger entry goes <c>pending</c> (ETag-conditional), unless the
/// version was already decided, another worker holds it, or it was given up. Every try counts against
/// <see cref="IngestionOptions.MaxAttempts"/>, including one whose worker died, timed out or ran out of memory before it
/// could record anything: taking such a version over counts that attempt, so a file that kills its worker is not retried
/// without end.
/// </summary>
public sealed partial class FilingTakeover(IFilingLedger ledger, VerdictRecorder verdicts, IOptions<IngestionOptions> options,
    TimeProvider clock, ILogger<FilingTakeover> logger)
{
    /// <summary>The failure recorded for an attempt that never came back.</summary>
    public const string Abandoned = "AttemptAbandoned";

    private readonly IngestionOptions _options = options.Value;

    /// <param name="uploadedAt">The blob's Last-Modified with these bytes (null when unknown: then the time it is taken on).</param>
    /// <param name="retake">
    /// Evaluate the version again although it was decided: a version rejected only for conflicts, or one superseded, when what
    /// decided it may have changed (reconsideration). A superseded or withdrawn file whose blob was uploaded again is retaken anyway.
    /// </param>
    /// <returns>The entry held by this worker, or what there is to say instead.</returns>
    public async Task<(LedgerEntry? Held, Ingested? Done)> TakeAsync(string blobName, string version, string? blobETag, DateTimeOffset? uploadedAt,
        bool retake, CancellationToken cancellationToken)
    {
        var entry = await ledger.GetAsync(blobName, cancellationToken).ConfigureAwait(false);
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var now = clock.GetUtcNow();
            if (entry is not null && entry.LatestSha == version && !Retaken(entry, blobETag, retake))
            {
                switch (entry.Status)
                {
                    case FilingStatus.Accepted or FilingStatus.Rejected or FilingStatus.Superseded:
                        if (blobETag is not null && entry.BlobETag != blobETag)
                        {
                            // Same bytes uploaded again: remember the new ETag so reconciliation stops looking.
                            entry = await ledger.TryWriteAsync(entry with { BlobETag = blobETag, UploadedAt = uploadedAt ?? entry.UploadedAt }, cancellationToken)
                                .ConfigureAwait(false) ?? entry;
                        }

                        LogUnchanged(blobName, version);
                        var rows = entry.Status == FilingStatus.Accepted ? entry.CurrentRows : 0;
                        return (null, new Ingested(new IngestionOutcome(blobName, Unchanged(entry.Status), rows, entry.Errors, version), entry));
                    case FilingStatus.Failed when entry.Attempts >= _options.MaxAttempts:
                        return (null, new Ingested(new IngestionOutcome(blobName, IngestionResult.GaveUp, 0, 0, version, entry.LastFailure), entry));
                    case FilingStatus.Pending when entry.PendingSince + _options.PendingLease > now:
                        return (null, new Ingested(new IngestionOutcome(blobName, IngestionResult.InProgress, 0, 0, version), entry));
                }
            }

            var sameVersion = entry is not null && entry.LatestSha == version;
            var attempts = !sameVersion ? 0 : entry!.Status == FilingStatus.Pending ? entry.Attempts + 1 : entry.Attempts;
            if (sameVersion && attempts >= _options.MaxAttempts)
            {
                LogAbandonedTooOften(blobName, attempts);
                var (gaveUp, verdict) = await verdicts.GiveUpAsync(entry!, entry! with
                {
                    Status = FilingStatus.Failed,
                    Attempts = attempts,
                    NextAttemptAt = null,
                    PendingSince = null,
                    LastFailure = Abandoned,
                    IngestedAt = now,
                }, Abandoned, cancellationToken).ConfigureAwait(false);
                if (gaveUp is not null)
                {
                    return (null, new Ingested(new IngestionOutcome(blobName, IngestionResult.GaveUp, 0, 0, version, Abandoned), gaveUp, verdict));
                }
            }
            else
            {
                FilingName.TryParse(blobName, out var parsed, out _);
                var pending = (entry ?? new LedgerEntry { BlobName = blobName, Period = parsed?.Period, Source = parsed?.Source ?? string.Empty }) with
                {
                    Status = FilingStatus.Pending,
                    LatestSha = version,
                    BlobETag = blobETag ?? (sameVersion ? entry?.BlobETag : null),
                    UploadedAt = uploadedAt ?? (sameVersion ? entry?.UploadedAt : null) ?? now,
                    PendingSince = now,
                    Attempts = attempts,
                    NextAttemptAt = null,
                };
                if (await ledger.TryWriteAsync(pending, cancellationToken).ConfigureAwait(false) is { } taken)
                {
                    return (taken, null);
                }
            }

            entry = await ledger.GetAsync(blobName, cancellationToken).ConfigureAwait(false);
        }

        return (null, new Ingested(new IngestionOutcome(blobName, IngestionResult.InProgress, 0, 0, version), entry));
    }

    /// <summary>
    /// A decided version is taken on again when its verdict depended on other files (rejected only for their claims, or
    /// superseded by one of them) and reconsideration asks, or when a superseded or withdrawn file's blob was uploaded again.
    /// </summary>
    private static bool Retaken(LedgerEntry entry, string? blobETag, bool retake) => entry.Status switch
    {
        FilingStatus.Rejected => retake && entry.ConflictsWith.Count > 0,
        FilingStatus.Superseded => retake || (blobETag is not null && blobETag != entry.BlobETag),
        FilingStatus.Withdrawn => true,
        _ => false,
    };

    /// <summary>What an unchanged version's outcome says: superseded stays superseded.</summary>
    private static IngestionResult Unchanged(FilingStatus status) => status == FilingStatus.Superseded ? IngestionResult.Superseded : IngestionResult.Unchanged;

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Blob} version {Sha} was already ingested")]
    private partial void LogUnchanged(string blob, string sha);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Blob}: attempt {Attempt} never came back (the worker died or timed out); the version is given up")]
    private partial void LogAbandonedTooOften(string blob, int attempt);
}
