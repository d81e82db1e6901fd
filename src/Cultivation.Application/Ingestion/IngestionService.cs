using System.Globalization;
using System.Threading.Channels;
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
    private readonly IEnumerable<IAcceptedFilingsObserver> _observers;
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
        IEnumerable<IAcceptedFilingsObserver> observers,
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
        _observers = observers;
        _city = city.Value;
        _options = options.Value;
        _reading = reading.Value;
        _clock = clock;
        _logger = logger;
        _telemetry = telemetry;
    }

    /// <summary>Ingests the blob's current content, read from storage.</summary>
    public Task<IngestionOutcome> IngestAsync(string blobName, CancellationToken cancellationToken) =>
        IngestAsync(blobName, notifyObservers: true, cancellationToken);

    /// <param name="notifyObservers">False when the caller (reconciliation of many files) refreshes derived data once at the end.</param>
    public async Task<IngestionOutcome> IngestAsync(string blobName, bool notifyObservers, CancellationToken cancellationToken)
    {
        var content = await _blobs.OpenAsync(blobName, cancellationToken).ConfigureAwait(false);
        if (content is null)
        {
            LogMissing(blobName);
            return new IngestionOutcome(blobName, IngestionResult.Missing, Message: "blob not found");
        }

        await using (content.ConfigureAwait(false))
        {
            return await IngestAsync(blobName, content.Stream, content.ETag, notifyObservers, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Ingests content already opened (the blob trigger hands over a stream); <paramref name="blobETag"/> may be unknown.</summary>
    public Task<IngestionOutcome> IngestAsync(string blobName, Stream content, string? blobETag, CancellationToken cancellationToken) =>
        IngestAsync(blobName, content, blobETag, notifyObservers: true, cancellationToken);

    private async Task<IngestionOutcome> IngestAsync(string blobName, Stream content, string? blobETag, bool notifyObservers, CancellationToken cancellationToken)
    {
        var started = _clock.GetTimestamp();
        await using var local = await LocalCopy.CreateAsync(content, _reading.MaxFileBytes, cancellationToken).ConfigureAwait(false);
        var sha = local.Sha;

        var entry = await _ledger.GetAsync(blobName, cancellationToken).ConfigureAwait(false);
        LedgerEntry? taken = null;
        for (var attempt = 0; attempt < 10 && taken is null; attempt++)
        {
            var now = _clock.GetUtcNow();
            if (entry is not null && entry.LatestSha == sha)
            {
                switch (entry.Status)
                {
                    case FilingStatus.Accepted or FilingStatus.Rejected:
                        if (blobETag is not null && entry.BlobETag != blobETag)
                        {
                            // Same bytes uploaded again: remember the new ETag so reconciliation stops looking.
                            await _ledger.TryWriteAsync(entry with { BlobETag = blobETag }, cancellationToken).ConfigureAwait(false);
                        }

                        LogUnchanged(blobName, sha);
                        return new IngestionOutcome(blobName, IngestionResult.Unchanged, entry.Status == FilingStatus.Accepted ? entry.CurrentRows : 0, entry.Errors, sha);
                    case FilingStatus.Failed when entry.Attempts >= _options.MaxAttempts:
                        return new IngestionOutcome(blobName, IngestionResult.GaveUp, 0, 0, sha, entry.LastFailure);
                    case FilingStatus.Pending when entry.PendingSince + _options.PendingLease > now:
                        return new IngestionOutcome(blobName, IngestionResult.InProgress, 0, 0, sha);
                }
            }

            FilingName.TryParse(blobName, out var parsed, out _);
            var sameVersion = entry?.LatestSha == sha;
            var pending = (entry ?? new LedgerEntry { BlobName = blobName, Period = parsed?.Period, Source = parsed?.Source ?? string.Empty }) with
            {
                Status = FilingStatus.Pending,
                LatestSha = sha,
                BlobETag = blobETag ?? (sameVersion ? entry?.BlobETag : null),
                PendingSince = now,
                Attempts = sameVersion ? entry!.Attempts : 0,
                NextAttemptAt = null,
            };
            taken = await _ledger.TryWriteAsync(pending, cancellationToken).ConfigureAwait(false);
            if (taken is null)
            {
                entry = await _ledger.GetAsync(blobName, cancellationToken).ConfigureAwait(false);
            }
        }

        if (taken is null)
        {
            return new IngestionOutcome(blobName, IngestionResult.InProgress, 0, 0, sha);
        }

        var state = new Attempt(blobName, sha, taken) { NotifyObservers = notifyObservers };
        try
        {
            return _telemetry.Reported(await ProcessAsync(state, local, cancellationToken).ConfigureAwait(false), _clock.GetElapsedTime(started));
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return _telemetry.Reported(await RecordFailureAsync(state, ex, cancellationToken).ConfigureAwait(false), _clock.GetElapsedTime(started));
        }
    }

    private async Task<IngestionOutcome> ProcessAsync(Attempt state, LocalCopy local, CancellationToken cancellationToken)
    {
        if (!FilingName.TryParse(state.BlobName, out var name, out var nameProblem))
        {
            return await RejectAsync(state, null, string.Empty, string.Empty, [FilingError.ForFile(nameProblem)], cancellationToken).ConfigureAwait(false);
        }

        if (!_city.IsSource(name.Source))
        {
            var problem = new Problem(
                $"报送单位“{name.Source}”不是本市配置的镇街或{_city.StatisticsBureau}",
                $"the source '{name.Source}' in the file name is not a configured town or {_city.StatisticsBureau}");
            return await RejectAsync(state, name, string.Empty, string.Empty, [FilingError.ForFile(problem)], cancellationToken).ConfigureAwait(false);
        }

        if (local.TooLarge)
        {
            var mb = (_reading.MaxFileBytes / (1024.0 * 1024)).ToString("0.#", CultureInfo.InvariantCulture);
            var problem = new Problem($"文件超过大小上限（{mb} MB）", $"the file is larger than the limit of {mb} MB");
            return await RejectAsync(state, name, string.Empty, string.Empty, [FilingError.ForFile(problem)], cancellationToken).ConfigureAwait(false);
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
                return await RejectAsync(state, name, read.Format, read.Sheet, errors, cancellationToken).ConfigureAwait(false);
            }

            var rows = read.Rows;
            var codes = rows.Select(r => r.CreditCode.Value).ToHashSet(StringComparer.Ordinal);
            state.Claimed = name.Period;
            var conflicts = await _claims.ClaimAsync(name.Period, state.BlobName, state.Sha, codes, ClaimInForceAsync, cancellationToken).ConfigureAwait(false);
            if (conflicts.Count > 0)
            {
                // Of two files supplying a firm in one period, the one ingested first keeps it.
                await DiscardAsync(state, name, shards, storing, cancellationToken).ConfigureAwait(false);
                var byCode = rows.ToDictionary(r => r.CreditCode.Value, StringComparer.Ordinal);
                var errors = conflicts.Select(c => new FilingError(read.Sheet, byCode[c.CreditCode].SourceRow, "统一社会信用代码", c.CreditCode,
                    $"该企业本期已由文件“{c.Owner}”报送，同一企业每期只能由一个文件报送",
                    $"this firm is already filed for the period by '{c.Owner}'; a firm is filed by one file per period"))
                    .OrderBy(e => e.Row).ToList();
                return await RejectAsync(state, name, read.Format, read.Sheet, errors, cancellationToken).ConfigureAwait(false);
            }

            if (!await _blobs.ArchiveExistsAsync(state.Sha, cancellationToken).ConfigureAwait(false))
            {
                local.File.Position = 0;
                await _blobs.ArchiveAsync(state.Sha, local.File, cancellationToken).ConfigureAwait(false);
            }

            await storing.Writing.ConfigureAwait(false);
            return await SwitchAsync(state, name, read, shards, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // Nothing of this attempt may still be writing once it ends, whichever way.
            await storing.StopAsync().ConfigureAwait(false);
        }
    }

    private async Task<IngestionOutcome> SwitchAsync(Attempt state, FilingName name, FilingReadResult read, int shards, CancellationToken cancellationToken)
    {
        var rows = read.Rows;
        var now = _clock.GetUtcNow();
        var old = state.Entry;
        var accepted = await _ledger.TryWriteAsync(old.Settled(FilingStatus.Accepted, 0, now) with
        {
            CurrentSha = state.Sha,
            CurrentRows = rows.Count,
            CurrentShards = shards,
            CurrentAcceptedAt = now,
        }, cancellationToken).ConfigureAwait(false);
        if (accepted is null)
        {
            // Our lease ran out and another worker took the file on; it finishes the job.
            return new IngestionOutcome(state.BlobName, IngestionResult.InProgress, 0, 0, state.Sha);
        }

        state.Entry = accepted;
        _accepted.Remember(state.BlobName, state.Sha, rows);

        // The old version's contribution goes entirely: its claim is dropped, and so is any an earlier attempt
        // left behind (it failed while storage was down, or crashed).
        await _claims.PruneAsync(name.Period, state.BlobName, ClaimInForceAsync, cancellationToken).ConfigureAwait(false);
        if (old.CurrentSha is { } oldSha && oldSha != state.Sha)
        {
            await _rows.DeleteAsync(name, oldSha, old.CurrentShards, cancellationToken).ConfigureAwait(false);
        }

        var report = FilingReport.From(state.BlobName, name, state.Sha, FilingStatus.Accepted, read.Format, read.Sheet, rows.Count, [], 0, state.Sha, now);
        await _blobs.WriteReportAsync(state.BlobName, report.ToJson(), report.ToText(), cancellationToken).ConfigureAwait(false);
        await _ledger.RecordVersionAsync(new FilingVersion
        {
            BlobName = state.BlobName,
            Sha = state.Sha,
            Period = name.Period,
            Source = name.Source,
            Status = FilingStatus.Accepted,
            Rows = rows.Count,
            Format = read.Format,
            IngestedAt = now,
        }, cancellationToken).ConfigureAwait(false);

        LogAccepted(state.BlobName, rows.Count, state.Sha);
        foreach (var observer in state.NotifyObservers ? _observers : [])
        {
            await observer.OnAcceptedRowsChangedAsync([name.Period], cancellationToken).ConfigureAwait(false);
        }

        return new IngestionOutcome(state.BlobName, IngestionResult.Accepted, rows.Count, 0, state.Sha);
    }

    /// <summary>Stops storing the rows of a rejected version and deletes what was stored (unless it is the version in force).</summary>
    private async Task DiscardAsync(Attempt state, FilingName name, int shards, StoredRows storing, CancellationToken cancellationToken)
    {
        await storing.StopAsync().ConfigureAwait(false);
        if (storing.Sent == 0 || state.Entry.CurrentSha == state.Sha)
        {
            return;
        }

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

    /// <summary>
    /// A claim counts while its version is in force, or may still become so: it is the file's current version,
    /// or the latest one and being ingested. A version that was rejected, failed, or superseded never will be.
    /// </summary>
    private async Task<bool> ClaimInForceAsync(string owner, string version, CancellationToken cancellationToken)
    {
        var entry = await _ledger.GetAsync(owner, cancellationToken).ConfigureAwait(false);
        return entry is not null && (entry.CurrentSha == version || (entry.LatestSha == version && entry.Status == FilingStatus.Pending));
    }

    private async Task<IngestionOutcome> RejectAsync(Attempt state, FilingName? name, string format, string sheet,
        IReadOnlyList<FilingError> errors, CancellationToken cancellationToken)
    {
        var now = _clock.GetUtcNow();
        var report = FilingReport.From(state.BlobName, name, state.Sha, FilingStatus.Rejected, format, sheet, 0, errors,
            _reading.MaxErrorsReported, state.Entry.CurrentSha, now);
        await _blobs.WriteReportAsync(state.BlobName, report.ToJson(), report.ToText(), cancellationToken).ConfigureAwait(false);

        var written = await _ledger.TryWriteAsync(state.Entry.Settled(FilingStatus.Rejected, errors.Count, now), cancellationToken).ConfigureAwait(false);
        if (written is not null)
        {
            state.Entry = written;
            if (state.Claimed is { } period)
            {
                await _claims.PruneAsync(period, state.BlobName, ClaimInForceAsync, cancellationToken).ConfigureAwait(false);
            }
        }

        await _ledger.RecordVersionAsync(new FilingVersion
        {
            BlobName = state.BlobName,
            Sha = state.Sha,
            Period = name?.Period,
            Source = name?.Source ?? string.Empty,
            Status = FilingStatus.Rejected,
            Errors = errors.Count,
            Format = format,
            IngestedAt = now,
            FirstError = errors.Count > 0 ? errors[0].Chinese : null,
        }, cancellationToken).ConfigureAwait(false);

        LogRejected(state.BlobName, errors.Count, state.Sha);
        return new IngestionOutcome(state.BlobName, IngestionResult.Rejected, 0, errors.Count, state.Sha);
    }

    private async Task<IngestionOutcome> RecordFailureAsync(Attempt state, Exception failure, CancellationToken cancellationToken)
    {
        var attempts = state.Entry.Attempts + 1;
        var delay = TimeSpan.FromTicks(Math.Min(
            _options.FirstRetryDelay.Ticks * (1L << Math.Min(attempts - 1, 20)),
            _options.MaxRetryDelay.Ticks));
        var now = _clock.GetUtcNow();
        LogFailed(failure, state.BlobName, attempts, _options.MaxAttempts);
        try
        {
            var current = await _ledger.GetAsync(state.BlobName, cancellationToken).ConfigureAwait(false);
            if (current is not null && current.LatestSha == state.Sha && current.Status == FilingStatus.Pending)
            {
                var written = await _ledger.TryWriteAsync(current with
                {
                    Status = FilingStatus.Failed,
                    Attempts = attempts,
                    NextAttemptAt = attempts >= _options.MaxAttempts ? null : now + delay,
                    PendingSince = null,
                    // The exception type only: messages may quote figures from the file.
                    LastFailure = failure.GetType().Name,
                    IngestedAt = now,
                }, cancellationToken).ConfigureAwait(false);

                // A failed version is not in force: its claim keeps no other file from the firms (a retry claims
                // them again). Dropped once the failure is recorded, which is what makes it no longer count.
                if (written is not null && state.Claimed is { } period)
                {
                    await _claims.PruneAsync(period, state.BlobName, ClaimInForceAsync, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Storage is still down: the entry stays pending and its lease expiry brings reconciliation back.
            LogFailureNotRecorded(ex, state.BlobName);
        }

        return new IngestionOutcome(state.BlobName, attempts >= _options.MaxAttempts ? IngestionResult.GaveUp : IngestionResult.Failed,
            0, 0, state.Sha, failure.GetType().Name);
    }

    /// <summary>The rows being stored while the file is read.</summary>
    private sealed class StoredRows(Task writing, CancellationTokenSource stop)
    {
        public Task Writing { get; } = writing;

        /// <summary>Rows handed over to be stored.</summary>
        public int Sent { get; set; }

        /// <summary>Stops storing, if it is still going, and waits until nothing is written any more.</summary>
        public async Task StopAsync()
        {
            if (!Writing.IsCompleted)
            {
                await stop.CancelAsync().ConfigureAwait(false);
            }

            try
            {
                await Writing.ConfigureAwait(false);
            }
            catch (Exception)
            {
                // Stopped, or failed: whoever needs the outcome awaited it already.
            }
        }
    }

    private sealed class Attempt(string blobName, string sha, LedgerEntry entry)
    {
        public string BlobName { get; } = blobName;

        public string Sha { get; } = sha;

        public LedgerEntry Entry { get; set; } = entry;

        public bool NotifyObservers { get; init; } = true;

        /// <summary>The period in which this attempt claimed (or tried to claim) its firms.</summary>
        public Domain.Periods.Period? Claimed { get; set; }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Accepted {Blob}: {Rows} rows, version {Sha}")]
    private partial void LogAccepted(string blob, int rows, string sha);

    [LoggerMessage(Level = LogLevel.Information, Message = "Rejected {Blob}: {Errors} errors, version {Sha}")]
    private partial void LogRejected(string blob, int errors, string sha);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Blob} version {Sha} was already ingested")]
    private partial void LogUnchanged(string blob, string sha);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Blob} no longer exists")]
    private partial void LogMissing(string blob);

    [LoggerMessage(Level = LogLevel.Error, Message = "Ingesting {Blob} failed (attempt {Attempt} of {MaxAttempts})")]
    private partial void LogFailed(Exception exception, string blob, int attempt, int maxAttempts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not delete the stored rows of the rejected version {Sha} of {Blob}")]
    private partial void LogDiscardFailed(Exception exception, string blob, string sha);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not record the failure of {Blob}")]
    private partial void LogFailureNotRecorded(Exception exception, string blob);
}
