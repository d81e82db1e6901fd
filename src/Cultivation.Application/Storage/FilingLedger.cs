using Cultivation.Domain.Filings;
using Cultivation.Domain.Periods;

namespace Cultivation.Application.Storage;

/// <summary>
/// A filing's life: pending → accepted, rejected (final until a new version) or failed (retried); superseded by a file of
/// the same source and period uploaded later, or withdrawn when its blob is deleted (SPEC §2, §4).
/// </summary>
public enum FilingStatus
{
    Pending,
    Accepted,
    Rejected,
    Failed,

    /// <summary>Another file of the source and period (its xlsx, xls or csv) was uploaded later and is in force: kept, listed, not counted.</summary>
    Superseded,

    /// <summary>The blob was deleted: nothing of it counts; uploading the same bytes again reinstates it.</summary>
    Withdrawn,
}

/// <summary>
/// The ingestion ledger's entry for one blob of the <c>filings</c> container. It names the version
/// in force (the last accepted one, whose rows readers see) and the state of the latest version seen.
/// Versions are the SHA-256 of the content; the blob ETag only tells cheaply that something changed.
/// </summary>
public sealed record LedgerEntry
{
    public required string BlobName { get; init; }

    /// <summary>Null when the blob name is not a canonical filing name.</summary>
    public Period? Period { get; init; }

    public string Source { get; init; } = string.Empty;

    /// <summary>Status of the latest version seen.</summary>
    public FilingStatus Status { get; init; }

    public string? LatestSha { get; init; }

    /// <summary>The blob's ETag when <see cref="LatestSha"/> was read from it.</summary>
    public string? BlobETag { get; init; }

    /// <summary>
    /// The blob's Last-Modified when <see cref="LatestSha"/> was read from it: of a source's files for a period, the one
    /// uploaded last is its filing (<see cref="Domain.Filings.FilingPrecedence"/>).
    /// </summary>
    public DateTimeOffset? UploadedAt { get; init; }

    public int Errors { get; init; }

    /// <summary>
    /// For a version rejected only because other files hold its firms: the versions of those files it lost to. Once any of them
    /// is no longer in force, the version is evaluated again (SPEC §4); empty for any other status.
    /// </summary>
    public IReadOnlyList<FiledVersion> ConflictsWith { get; init; } = [];

    public DateTimeOffset? IngestedAt { get; init; }

    /// <summary>The accepted version in force; null when none was ever accepted.</summary>
    public string? CurrentSha { get; init; }

    public int CurrentRows { get; init; }

    public int CurrentShards { get; init; }

    public DateTimeOffset? CurrentAcceptedAt { get; init; }

    /// <summary>Attempts at the latest version that ended in an infrastructure failure.</summary>
    public int Attempts { get; init; }

    public DateTimeOffset? NextAttemptAt { get; init; }

    /// <summary>When a worker took the latest version on; a pending entry older than the lease is abandoned.</summary>
    public DateTimeOffset? PendingSince { get; init; }

    public string? LastFailure { get; init; }

    /// <summary>The verdict on the latest version (its record is kept beside the reports); null before the first one.</summary>
    public string? VerdictId { get; init; }

    /// <summary>
    /// Follow-up work (publish the report, record the version, refresh progress …) that verdicts of this file still need,
    /// in the order it runs. Reconciliation finishes it when the worker that made the verdict could not.
    /// </summary>
    public IReadOnlyList<DueFollowUp> FollowUps { get; init; } = [];

    /// <summary>Not before this time may another worker take the follow-ups on: the lease of the worker doing them, or the retry backoff.</summary>
    public DateTimeOffset? FollowUpAt { get; init; }

    /// <summary>Runs of the follow-ups that left some of them undone since they were last all done.</summary>
    public int FollowUpAttempts { get; init; }

    /// <summary>Opaque concurrency token of the stored entry (null before it is stored).</summary>
    public string? ETag { get; init; }

    /// <summary>The entry once an attempt at the latest version ended as <paramref name="status"/>: retry and lease state cleared.</summary>
    public LedgerEntry Settled(FilingStatus status, int errors, DateTimeOffset at) => this with
    {
        Status = status,
        Errors = errors,
        IngestedAt = at,
        Attempts = 0,
        PendingSince = null,
        NextAttemptAt = null,
        LastFailure = null,
        ConflictsWith = [],
    };

    /// <summary>
    /// Whether <paramref name="version"/> of this file is in force, or may still become so: it is the current version, or the
    /// latest one and being ingested. A version rejected, failed, superseded or withdrawn never will be.
    /// </summary>
    public bool MayBeInForce(string version) => CurrentSha == version || (LatestSha == version && Status == FilingStatus.Pending);
}

/// <summary>A version of a file: the blob's name and the SHA-256 of the content.</summary>
public sealed record FiledVersion(string BlobName, string Version)
{
    /// <summary>
    /// The stored form, one <c>{blob name}|{version}</c> a line: a filing name holds no control character, and a version no '|'.
    /// </summary>
    public static string Format(IEnumerable<FiledVersion> versions) => string.Join('\n', versions.Select(v => v.BlobName + "|" + v.Version));

    public static IReadOnlyList<FiledVersion> Parse(string? stored) =>
        string.IsNullOrEmpty(stored)
            ? []
            : [.. stored.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(v => v.LastIndexOf('|') is var bar and > 0 ? new FiledVersion(v[..bar], v[(bar + 1)..]) : null).OfType<FiledVersion>()];
}

/// <summary>
/// A follow-up step still due: <paramref name="Step"/> is the step's stable name; <paramref name="Verdict"/> the verdict it is
/// owed to, or null for a step that brings the file's derived data up to whatever its current verdict is.
/// </summary>
public sealed record DueFollowUp(string Step, string? Verdict = null)
{
    public override string ToString() => Verdict is null ? Step : Step + "@" + Verdict;

    /// <summary>The stored form, e.g. <c>report;version@0d9f…</c>.</summary>
    public static string Format(IEnumerable<DueFollowUp> due) => string.Join(';', due);

    public static IReadOnlyList<DueFollowUp> Parse(string? stored) =>
        string.IsNullOrEmpty(stored)
            ? []
            : [.. stored.Split(';', StringSplitOptions.RemoveEmptyEntries).Select(d => d.Split('@', 2) is [var step, var verdict] ? new DueFollowUp(step, verdict) : new DueFollowUp(d))];
}

/// <summary>One version of a filing as it was ingested; the filings list shows them all.</summary>
public sealed record FilingVersion
{
    public required string BlobName { get; init; }

    public required string Sha { get; init; }

    public Period? Period { get; init; }

    public string Source { get; init; } = string.Empty;

    public FilingStatus Status { get; init; }

    public int Rows { get; init; }

    public int Errors { get; init; }

    public string Format { get; init; } = string.Empty;

    public DateTimeOffset IngestedAt { get; init; }

    /// <summary>The first error's reason, for lists (the report has all of them).</summary>
    public string? FirstError { get; init; }
}

/// <summary>The ingestion ledger (Table Storage in production).</summary>
public interface IFilingLedger
{
    Task<LedgerEntry?> GetAsync(string blobName, CancellationToken cancellationToken);

    Task<IReadOnlyList<LedgerEntry>> ListAsync(Period period, CancellationToken cancellationToken);

    /// <summary>Every entry, including those of blob names that are not canonical.</summary>
    Task<IReadOnlyList<LedgerEntry>> ListAllAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Stores <paramref name="entry"/> only if the stored one still has <see cref="LedgerEntry.ETag"/>
    /// (or does not exist yet when it is null). Returns the entry with its new ETag, or null when
    /// someone else changed it first.
    /// </summary>
    Task<LedgerEntry?> TryWriteAsync(LedgerEntry entry, CancellationToken cancellationToken);

    /// <summary>
    /// The files of one source for one period, and the group's concurrency token: read the token first, the entries after it,
    /// so that any change of which file is in force made since is caught by <see cref="TryWriteGroupAsync"/>.
    /// </summary>
    Task<FilingGroup> GetGroupAsync(Period period, string source, CancellationToken cancellationToken);

    /// <summary>
    /// Stores <paramref name="entries"/> (files of the group, each only if unchanged since read, as <see cref="TryWriteAsync"/>)
    /// in one transaction with the group's token, which it changes: every write that changes which of a source's files is in
    /// force goes through here, so two of them never both land on what they read. Null when anything changed first.
    /// </summary>
    Task<IReadOnlyList<LedgerEntry>?> TryWriteGroupAsync(FilingGroup group, IReadOnlyList<LedgerEntry> entries, CancellationToken cancellationToken);

    Task RecordVersionAsync(FilingVersion version, CancellationToken cancellationToken);

    Task<IReadOnlyList<FilingVersion>> ListVersionsAsync(Period period, CancellationToken cancellationToken);

    /// <summary>Every version ingested after <paramref name="since"/>, of any period, badly named blobs included.</summary>
    Task<IReadOnlyList<FilingVersion>> ListVersionsSinceAsync(DateTimeOffset since, CancellationToken cancellationToken);
}

/// <summary>
/// Which file supplies a firm (credit code) in a period: one firm, one file per period. A file claims the
/// codes of one of its versions as a whole, atomically against every other file's claims, so that of two
/// files claiming a firm concurrently exactly one wins (the first to claim).
/// </summary>
/// <remarks>
/// A claim stays on record until its owner's file settles (<see cref="PruneAsync"/>), but only counts while
/// <see cref="ClaimInForce"/> says its version can still be, or is, in force: a claim left behind by an
/// attempt that crashed or failed before it could release it blocks no one.
/// </remarks>
public interface IFirmClaims
{
    /// <summary>Every claim of a period that is on record: credit code → owning blob name.</summary>
    Task<IReadOnlyDictionary<string, string>> ListAsync(Period period, CancellationToken cancellationToken);

    /// <summary>
    /// Claims <paramref name="creditCodes"/> for version <paramref name="version"/> of <paramref name="owner"/>,
    /// all or none: none when another file's claim in force holds any of them. The owner's own claims
    /// never conflict with it.
    /// </summary>
    /// <returns>Every conflict (code, the file holding it); empty when the claim is taken.</returns>
    Task<IReadOnlyList<ClaimConflict>> ClaimAsync(Period period, string owner, string version, IReadOnlyCollection<string> creditCodes,
        ClaimInForce inForce, CancellationToken cancellationToken);

    /// <summary>Drops the owner's claims whose version is no longer in force (after it was accepted, rejected or failed).</summary>
    Task PruneAsync(Period period, string owner, ClaimInForce inForce, CancellationToken cancellationToken);
}

/// <summary>Whether a claim of <paramref name="owner"/>'s version <paramref name="version"/> still counts.</summary>
public delegate Task<bool> ClaimInForce(string owner, string version, CancellationToken cancellationToken);

/// <param name="Version">The owner's version whose claim holds the firm.</param>
public sealed record ClaimConflict(string CreditCode, string Owner, string Version);

/// <summary>The bytes of filings and what the pipeline writes beside them (Blob Storage).</summary>
public interface IFilingBlobs
{
    /// <summary>Every blob in the <c>filings</c> container.</summary>
    IAsyncEnumerable<FilingBlobInfo> ListAsync(CancellationToken cancellationToken);

    /// <summary>The blobs of the <c>filings</c> container whose names start with <paramref name="prefix"/> (e.g. <c>2022/Q1/</c>).</summary>
    IAsyncEnumerable<FilingBlobInfo> ListAsync(string prefix, CancellationToken cancellationToken);

    /// <summary>Opens a filing for reading; null when the blob no longer exists.</summary>
    Task<FilingContent?> OpenAsync(string blobName, CancellationToken cancellationToken);

    /// <summary>Whether the blob exists in the <c>filings</c> container now.</summary>
    Task<bool> ExistsAsync(string blobName, CancellationToken cancellationToken);

    Task UploadAsync(string blobName, Stream content, CancellationToken cancellationToken);

    /// <summary>Keeps the bytes of an accepted version at <c>filings-archive/{sha256}</c> (write once).</summary>
    Task ArchiveAsync(string sha, Stream content, CancellationToken cancellationToken);

    Task<bool> ArchiveExistsAsync(string sha, CancellationToken cancellationToken);

    /// <summary>Opens the archived bytes of a version; null when that version was never archived.</summary>
    Task<FilingContent?> OpenArchiveAsync(string sha, CancellationToken cancellationToken);

    /// <summary>
    /// Writes the report of <paramref name="blobName"/> and its human-readable <c>.txt</c> twin: <c>filings-reports/{name}.json</c>,
    /// or for a name that is not a filing name a key of its own (<see cref="Ingestion.FilingReport.KeyOf"/>).
    /// </summary>
    Task WriteReportAsync(string blobName, string json, string text, CancellationToken cancellationToken);

    /// <param name="reportName">The blob name followed by <c>.json</c> or <c>.txt</c>.</param>
    Task<string?> ReadReportAsync(string reportName, CancellationToken cancellationToken);

    /// <summary>Keeps the record of a verdict (what its follow-up steps need), written before the verdict is stored in the ledger.</summary>
    Task WriteVerdictAsync(string verdictId, string json, CancellationToken cancellationToken);

    Task<string?> ReadVerdictAsync(string verdictId, CancellationToken cancellationToken);
}

public sealed record FilingBlobInfo(string Name, string ETag, long Length, DateTimeOffset? LastModified);

/// <param name="ETag">The ETag of exactly these bytes; null when whoever handed them over did not know it.</param>
public sealed record FilingContent(Stream Stream, string? ETag, long Length) : IAsyncDisposable
{
    /// <summary>The blob's Last-Modified with these bytes; null when unknown.</summary>
    public DateTimeOffset? LastModified { get; init; }

    public ValueTask DisposeAsync() => Stream.DisposeAsync();
}

/// <summary>Firm rows of accepted filing versions, stored under the version that supplied them.</summary>
public interface IFirmRowStore
{
    /// <summary>How many partitions a version of this many rows is spread over.</summary>
    int ShardsFor(int rowCount);

    /// <summary>Writes the rows of a version as they come (the rows may still be being read from the file).</summary>
    Task WriteAsync(FilingName name, string sha, int shards, IAsyncEnumerable<Domain.Firms.FirmRow> rows, CancellationToken cancellationToken);

    IAsyncEnumerable<Domain.Firms.FirmRow> ReadAsync(FilingName name, string sha, int shards, CancellationToken cancellationToken);

    Task<Domain.Firms.FirmRow?> FindAsync(FilingName name, string sha, int shards, string creditCode, CancellationToken cancellationToken);

    Task DeleteAsync(FilingName name, string sha, int shards, CancellationToken cancellationToken);
}
