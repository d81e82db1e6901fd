using System.Globalization;
using System.Threading.Channels;
using Cultivation.Application.Ingestion.FollowUps;
using Cultivation.Application.Progress;
using Cultivation.Application.Reading;
using Cultivation.Application.Storage;
using Cultivation.Application.Telemetry;
using Cultivation.Domain;
using Cultivation.Domain.City;
using Cultivation.Domain.Filings;
using Cultivation.Domain.Firms;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cultivation.Application.Ingestion;

/// <summary>
/// Ingests one filing: all or nothing. The rows of a version are written under that version first and
/// become visible only when the ledger entry is switched to it with an ETag-conditional update, so
/// readers never see half a file and a rejected correction leaves the last accepted version in force.
/// The blob trigger and the reconciliation timer both come here.
/// </summary>
public sealed partial class IngestionService
{
    private readonly IFilingBlobs _blobs;
    private readonly IFilingLedger _ledger;
    private readonly IFirmClaims _claims;
    private readonly IFirmRowStore _rows;
    private readonly IFilingReader _reader;
    private readonly AcceptedRows _accepted;
    private readonly FilingTakeover _takeover;
    private readonly VerdictRecorder _verdicts;
    private readonly Lifecycle.FilingSwitch _switch;
    private readonly FollowUpRunner _followUps;
    private readonly CityOptions _city;
    private readonly IngestionOptions _options;
    private readonly ReadingOptions _reading;
    private readonly TimeProvider _clock;
    private readonly ILogger<IngestionService> _logger;
    private readonly IOperationsTelemetry _telemetry;

    public IngestionService(
        IFilingBlobs blobs,
        IFilingLedger ledger,
        IFirmClaims claims,
        IFirmRowStore rows,
        IFilingReader reader,
        AcceptedRows accepted,
        FilingTakeover takeover,
        VerdictRecorder verdicts,
        Lifecycle.FilingSwitch filingSwitch,
        FollowUpRunner followUps,
        IOptions<CityOptions> city,
        IOptions<IngestionOptions> options,
        IOptions<ReadingOptions> reading,
        TimeProvider clock,
        ILogger<IngestionService> logger,
        IOperationsTelemetry telemetry)
    {
        _blobs = blobs;
        _ledger = ledger;
        _claims = claims;
        _rows = rows;
        _reader = reader;
        _accepted = accepted;
        _takeover = takeover;
        _verdicts = verdicts;
        _switch = filingSwitch;
        _followUps = followUps;
        _city = city.Value;
        _options = options.Value;
        _reading = reading.Value;
        _clock = clock;
        _logger = logger;
        _telemetry = telemetry;
    }

    /// <summary>Ingests the blob's current content, read from storage, and does the follow-up work of the verdict.</summary>
    public Task<IngestionOutcome> IngestAsync(string blobName, CancellationToken cancellationToken) =>
        IngestAsync(blobName, ct => _blobs.OpenAsync(blobName, ct), cancellationToken);

    /// <summary>Ingests content already opened (the caller's stream, disposed here); <paramref name="blobETag"/> may be unknown.</summary>
    public Task<IngestionOutcome> IngestAsync(string blobName, Stream content, string? blobETag, CancellationToken cancellationToken) =>
        IngestAsync(blobName, _ => Task.FromResult<FilingContent?>(new FilingContent(content, blobETag, -1)), cancellationToken);

    /// <summary>
    /// The blob trigger's way in: <paramref name="open"/> reads the blob the host bound, with the ETag of exactly the bytes
    /// read, so that reconciliation knows the file ingested. It is never called for a name that is not a filing name.
    /// </summary>
    public async Task<IngestionOutcome> IngestAsync(string blobName, Func<CancellationToken, Task<FilingContent?>> open, CancellationToken cancellationToken)
    {
        var ingested = await IngestOneAsync(blobName, open, null, false, cancellationToken).ConfigureAwait(false);
        return await FollowUpAsync(ingested, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Evaluates the file again although its version was decided, because what decided it changed: a version rejected only for
    /// other files' claims, or a file superseded by one no longer in force (SPEC §4); then its follow-up work.
    /// </summary>
    public async Task<IngestionOutcome> ReconsiderAsync(string blobName, CancellationToken cancellationToken) =>
        await FollowUpAsync(await IngestOneAsync(blobName, ct => _blobs.OpenAsync(blobName, ct), null, true, cancellationToken).ConfigureAwait(false),
            cancellationToken).ConfigureAwait(false);

    /// <summary>One file of a reconciliation batch: the follow-up work is left to the batch (one progress refresh for all).</summary>
    internal Task<Ingested> IngestForBatchAsync(FilingBlobInfo blob, bool reconsider, CancellationToken cancellationToken) =>
        IngestOneAsync(blob.Name, ct => _blobs.OpenAsync(blob.Name, ct), blob.ETag, reconsider, cancellationToken);

    /// <summary>Every ingestion, triggered or reconciled, comes here; <see cref="DecideAsync"/> is where each verdict is reported.</summary>
    private async Task<Ingested> IngestOneAsync(string blobName, Func<CancellationToken, Task<FilingContent?>> open, string? listedETag,
        bool retake, CancellationToken cancellationToken)
    {
        var started = _clock.GetTimestamp();
        if (!FilingName.TryParse(blobName, out var name, out var nameProblem))
        {
            // Never opened: such a name may address another blob (x/../2022/Q1/西城街道.xlsx is 西城街道's once resolved).
            return await DecideAsync(blobName, FilingReport.NameVersion(blobName), new FilingContent(Stream.Null, listedETag, 0), false, started,
                state => RejectAsync(state, null, string.Empty, string.Empty, [FilingError.ForFile(nameProblem)], 1, cancellationToken),
                cancellationToken).ConfigureAwait(false);
        }

        var content = await open(cancellationToken).ConfigureAwait(false);
        if (content is null)
        {
            LogMissing(blobName);
            return new Ingested(new IngestionOutcome(blobName, IngestionResult.Missing, Message: "blob not found"));
        }

        await using (content.ConfigureAwait(false))
        {
            await using var local = await LocalCopy.CreateAsync(content.Stream, _reading.MaxFileBytes, cancellationToken).ConfigureAwait(false);
            return await DecideAsync(blobName, local.Sha, content, retake, started, state => ProcessAsync(state, name, local, cancellationToken),
                cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Takes the version on and decides on it; every attempt's outcome, and so every verdict, is reported here once.</summary>
    private async Task<Ingested> DecideAsync(string blobName, string version, FilingContent read, bool retake, long started,
        Func<Attempt, Task<Ingested>> decide, CancellationToken cancellationToken)
    {
        var (held, done) = await _takeover.TakeAsync(blobName, version, read.ETag, read.LastModified, retake, cancellationToken).ConfigureAwait(false);
        if (held is null)
        {
            // Already decided or held elsewhere: no new verdict, unless the takeover itself gave up on a worker that never came back.
            return done!.Verdict is not null ? Reported(done, started) : done;
        }

        var state = new Attempt(blobName, version, held);
        try
        {
            return Reported(await decide(state).ConfigureAwait(false), started);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return Reported(await RecordFailureAsync(state, ex, cancellationToken).ConfigureAwait(false), started);
        }
    }

    private Ingested Reported(Ingested ingested, long started) =>
        ingested with { Outcome = _telemetry.Reported(ingested.Outcome, _clock.GetElapsedTime(started)) };

    /// <summary>The follow-up work of the verdict just made, or of an earlier one left undone; never fails the ingestion.</summary>
    private async Task<IngestionOutcome> FollowUpAsync(Ingested ingested, CancellationToken cancellationToken)
    {
        if (ingested.Entry is not { FollowUps.Count: > 0 } entry)
        {
            return ingested.Outcome;
        }

        try
        {
            var held = ingested.Verdict is not null ? entry : await _followUps.ClaimAsync(entry, cancellationToken).ConfigureAwait(false);
            var after = held is null ? entry
                : (await _followUps.RunAsync([new FollowUpWork(held, ingested.Verdict), .. ingested.Others], cancellationToken).ConfigureAwait(false))[0];
            return ingested.Outcome with { FollowUpsDue = [.. after.FollowUps.Select(d => d.Step).Distinct()] };
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogFollowUpsNotTaken(ex, entry.BlobName);
            return ingested.Outcome with { FollowUpsDue = [.. entry.FollowUps.Select(d => d.Step).Distinct()] };
        }
    }

    private async Task<Ingested> ProcessAsync(Attempt state, FilingName name, LocalCopy local, CancellationToken cancellationToken)
    {
        if (!_city.IsSource(name.Source))
        {
            var problem = new Problem(
                $"报送单位“{name.Source}”不是本市配置的镇街或{_city.StatisticsBureau}",
                $"the source '{name.Source}' in the file name is not a configured town or {_city.StatisticsBureau}");
            return await RejectAsync(state, name, string.Empty, string.Empty, [FilingError.ForFile(problem)], 1, cancellationToken).ConfigureAwait(false);
        }

        // A file uploaded after this one is the source's filing: this one is superseded, and never read.
        if (await _switch.NewerInForceAsync(state.Entry, cancellationToken).ConfigureAwait(false) is not null)
        {
            return SwitchedTo(state, await _switch.SupersedeAsync(state.Entry, cancellationToken).ConfigureAwait(false));
        }

        if (local.TooLarge)
        {
            var mb = (_reading.MaxFileBytes / (1024.0 * 1024)).ToString("0.#", CultureInfo.InvariantCulture);
            var problem = new Problem($"文件超过大小上限（{mb} MB）", $"the file is larger than the limit of {mb} MB");
            return await RejectAsync(state, name, string.Empty, string.Empty, [FilingError.ForFile(problem)], 1, cancellationToken).ConfigureAwait(false);
        }

        // The rows are stored while the file is still being read: under the version, invisible until the switch.
        // Should the file be rejected on the way, what was stored is deleted again.
        // Their partitions are chosen from the file's size, as the number of rows is not known yet (a version
        // already in force keeps its own).
        var shards = state.Entry.CurrentSha == state.Sha && state.Entry.CurrentShards > 0
            ? state.Entry.CurrentShards
            : _rows.ShardsFor(FilingSize.EstimatedRows(local.Length));
        var stream = Channel.CreateUnbounded<FirmRow>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        using var stopStoring = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // Stopping ends the stream of rows; transactions already sent are let finish (a cancelled request may
        // still be applied by the server, after the rows it wrote were looked for and deleted).
        var storing = new StoredRows(_rows.WriteAsync(name, state.Sha, shards, stream.Reader.ReadAllAsync(stopStoring.Token), cancellationToken), stopStoring);
        try
        {
            FilingReadResult read;
            try
            {
                read = _reader.Read(local.File, name, row =>
                {
                    storing.Sent++;
                    stream.Writer.TryWrite(row);
                });
            }
            finally
            {
                stream.Writer.TryComplete();
            }

            if (!read.IsAccepted)
            {
                await DiscardAsync(state, name, shards, storing, cancellationToken).ConfigureAwait(false);
                IReadOnlyList<FilingError> errors = read.Errors.Count > 0
                    ? read.Errors
                    : [FilingError.ForFile(new Problem("文件中没有企业数据行", "the file holds no firm rows"), read.Sheet)];
                return await RejectAsync(state, name, read.Format, read.Sheet, errors, Math.Max(read.ErrorCount, errors.Count), cancellationToken).ConfigureAwait(false);
            }

            var rows = read.Rows;
            var codes = rows.Select(r => r.CreditCode.Value).ToHashSet(StringComparer.Ordinal);
            state.Claimed = name.Period;
            var conflicts = await _claims.ClaimAsync(name.Period, state.BlobName, state.Sha, codes, ClaimsInForce.By(_ledger), cancellationToken).ConfigureAwait(false);
            if (conflicts.Count > 0)
            {
                // Of two files supplying a firm in one period, the one ingested first keeps it; this one is evaluated again
                // once any of the files it lost to is no longer in force.
                await DiscardAsync(state, name, shards, storing, cancellationToken).ConfigureAwait(false);
                state.ConflictsWith = ConflictErrors.LostTo(conflicts);
                var errors = ConflictErrors.Of(conflicts, rows, read.Sheet);
                return await RejectAsync(state, name, read.Format, read.Sheet, errors, errors.Count, cancellationToken).ConfigureAwait(false);
            }

            if (!await _blobs.ArchiveExistsAsync(state.Sha, cancellationToken).ConfigureAwait(false))
            {
                local.File.Position = 0;
                await _blobs.ArchiveAsync(state.Sha, local.File, cancellationToken).ConfigureAwait(false);
            }

            await storing.Writing.ConfigureAwait(false);
            return await AcceptAsync(state, name, read, shards, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // Nothing of this attempt may still be writing once it ends, whichever way.
            await storing.StopAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Switches the entry to the version (ETag-conditional): from then on its rows are the ones read.</summary>
    private async Task<Ingested> AcceptAsync(Attempt state, FilingName name, FilingReadResult read, int shards, CancellationToken cancellationToken)
    {
        var rows = read.Rows;
        var now = _clock.GetUtcNow();
        var old = state.Entry;
        var verdict = FilingVerdict.Of(FilingReport.From(state.BlobName, name, state.Sha, FilingStatus.Accepted, read.Format, read.Sheet, rows.Count, [], 0,
            state.Sha, now)) with
        {
            Replaced = old.CurrentSha is { } oldSha && oldSha != state.Sha ? oldSha : null,
            ReplacedShards = old.CurrentShards,
        };
        var switched = await _switch.AcceptAsync(old, old.Settled(FilingStatus.Accepted, 0, now) with
        {
            CurrentSha = state.Sha,
            CurrentRows = rows.Count,
            CurrentShards = shards,
            CurrentAcceptedAt = now,
        }, verdict, cancellationToken).ConfigureAwait(false);
        if (switched is { Verdict.Status: FilingStatus.Accepted })
        {
            _accepted.Remember(state.BlobName, state.Sha, rows);
            LogAccepted(state.BlobName, rows.Count, state.Sha);
        }
        else if (switched is not null && switched.Verdict.Replaced != state.Sha)
        {
            // A file uploaded later came into force meanwhile: the rows just stored are of no version in force.
            await DeleteRowsAsync(state, name, shards, cancellationToken).ConfigureAwait(false);
        }

        return SwitchedTo(state, switched);
    }

    /// <summary>
    /// What a switch of the source's files decided for this one: accepted, or superseded by a file uploaded later; none when our
    /// lease ran out and another worker took the file on (it finishes the job).
    /// </summary>
    private static Ingested SwitchedTo(Attempt state, Lifecycle.Switched? switched)
    {
        if (switched is null)
        {
            return new Ingested(new IngestionOutcome(state.BlobName, IngestionResult.InProgress, 0, 0, state.Sha));
        }

        state.Entry = switched.Entry;
        var accepted = switched.Verdict.Status == FilingStatus.Accepted;
        var rows = accepted ? switched.Entry.CurrentRows : 0;
        var outcome = new IngestionOutcome(state.BlobName, accepted ? IngestionResult.Accepted : IngestionResult.Superseded, rows, 0, state.Sha);
        return new Ingested(outcome, switched.Entry, switched.Verdict) { Others = switched.Others };
    }

    /// <summary>Stops storing the rows of a rejected version and deletes what was stored (unless it is the version in force).</summary>
    private async Task DiscardAsync(Attempt state, FilingName name, int shards, StoredRows storing, CancellationToken cancellationToken)
    {
        await storing.StopAsync().ConfigureAwait(false);
        if (storing.Sent > 0 && state.Entry.CurrentSha != state.Sha)
        {
            await DeleteRowsAsync(state, name, shards, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task DeleteRowsAsync(Attempt state, FilingName name, int shards, CancellationToken cancellationToken)
    {
        try
        {
            await _rows.DeleteAsync(name, state.Sha, shards, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The filer still hears of the rejection; the rows stay behind under a version nothing reads.
            LogDiscardFailed(ex, state.BlobName, state.Sha);
        }
    }

    /// <param name="errors">The errors to list (the first ones).</param>
    /// <param name="errorCount">How many there are in all, listed or not: what the ledger, the version and the report say.</param>
    private async Task<Ingested> RejectAsync(Attempt state, FilingName? name, string format, string sheet,
        IReadOnlyList<FilingError> errors, int errorCount, CancellationToken cancellationToken)
    {
        var now = _clock.GetUtcNow();
        var verdict = FilingVerdict.Of(FilingReport.From(state.BlobName, name, state.Sha, FilingStatus.Rejected, format, sheet, 0, errors,
            _reading.MaxErrorsReported, state.Entry.CurrentSha, now) with { ErrorCount = errorCount }) with { LostTo = state.ConflictsWith };
        var settled = state.Entry.Settled(FilingStatus.Rejected, errorCount, now) with { ConflictsWith = state.ConflictsWith };
        var written = await _verdicts.RecordAsync(state.Entry, settled, verdict, cancellationToken).ConfigureAwait(false);
        if (written is null)
        {
            return new Ingested(new IngestionOutcome(state.BlobName, IngestionResult.InProgress, 0, 0, state.Sha));
        }

        state.Entry = written;
        LogRejected(state.BlobName, errorCount, state.Sha);
        return new Ingested(new IngestionOutcome(state.BlobName, IngestionResult.Rejected, 0, errorCount, state.Sha), written, verdict);
    }

    private async Task<Ingested> RecordFailureAsync(Attempt state, Exception failure, CancellationToken cancellationToken)
    {
        var attempts = state.Entry.Attempts + 1;
        var now = _clock.GetUtcNow();
        // The exception type only: messages may quote figures from the file.
        var type = failure.GetType().Name;
        LogFailed(failure, state.BlobName, attempts, _options.MaxAttempts);
        var gaveUp = attempts >= _options.MaxAttempts;
        LedgerEntry? written = null;
        FilingVerdict? verdict = null;
        try
        {
            var current = await _ledger.GetAsync(state.BlobName, cancellationToken).ConfigureAwait(false);
            if (current is not null && current.LatestSha == state.Sha && current.Status == FilingStatus.Pending)
            {
                var failed = current with
                {
                    Status = FilingStatus.Failed,
                    Attempts = attempts,
                    NextAttemptAt = gaveUp ? null : now + _options.RetryDelay(attempts),
                    PendingSince = null,
                    LastFailure = type,
                    IngestedAt = now,
                };
                (written, verdict) = gaveUp
                    ? await _verdicts.GiveUpAsync(current, failed, type, cancellationToken).ConfigureAwait(false)
                    : (await _ledger.TryWriteAsync(failed, cancellationToken).ConfigureAwait(false), null);

                // A failed version is not in force: its claim keeps no other file from the firms (a retry claims
                // them again). Dropped once the failure is recorded, which is what makes it no longer count.
                if (written is not null && state.Claimed is { } period)
                {
                    await _claims.PruneAsync(period, state.BlobName, ClaimsInForce.By(_ledger), cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Storage is still down: the entry stays pending and its lease expiry brings reconciliation back.
            LogFailureNotRecorded(ex, state.BlobName);
        }

        return new Ingested(new IngestionOutcome(state.BlobName, gaveUp ? IngestionResult.GaveUp : IngestionResult.Failed, 0, 0, state.Sha, type),
            written, verdict);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Accepted {Blob}: {Rows} rows, version {Sha}")]
    private partial void LogAccepted(string blob, int rows, string sha);

    [LoggerMessage(Level = LogLevel.Information, Message = "Rejected {Blob}: {Errors} errors, version {Sha}")]
    private partial void LogRejected(string blob, int errors, string sha);


    [LoggerMessage(Level = LogLevel.Warning, Message = "{Blob} no longer exists")]
    private partial void LogMissing(string blob);

    [LoggerMessage(Level = LogLevel.Error, Message = "Ingesting {Blob} failed (attempt {Attempt} of {MaxAttempts})")]
    private partial void LogFailed(Exception exception, string blob, int attempt, int maxAttempts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not delete the stored rows of the rejected version {Sha} of {Blob}")]
    private partial void LogDiscardFailed(Exception exception, string blob, string sha);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not record the failure of {Blob}")]
    private partial void LogFailureNotRecorded(Exception exception, string blob);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not take on the follow-ups of {Blob}; reconciliation does them")]
    private partial void LogFollowUpsNotTaken(Exception exception, string blob);
}
