using Cultivation.Application.Ingestion.FollowUps;
using Cultivation.Application.Storage;
using Cultivation.Domain.Filings;
using Microsoft.Extensions.Logging;

namespace Cultivation.Application.Ingestion.Lifecycle;

/// <summary>What a switch stored: the file's entry and verdict, and the verdicts it made on the other files of the source and period.</summary>
public sealed record Switched(LedgerEntry Entry, FilingVerdict Verdict, IReadOnlyList<FollowUpWork> Others);

/// <summary>
/// The one place where it changes which of a source's files of a period is in force (SPEC §2, one filing per source and
/// period): an accepted version comes into force and every other file of the source and period goes out of it, superseded;
/// a file yields to one uploaded later that is in force; a deleted file is withdrawn. Each switch is one transaction of the
/// group's ledger entries together with the group's token, so of two workers switching a group at once exactly one lands on
/// what it read and the other reads again: never two files of a source in force, never a firm's rows counted twice.
/// </summary>
public sealed partial class FilingSwitch(IFilingLedger ledger, VerdictRecorder verdicts, TimeProvider clock, ILogger<FilingSwitch> logger)
{
    /// <summary>A group changes a few times per upload; this many lost races in a row means something is wrong.</summary>
    private const int MaxAttempts = 16;

    /// <summary>The file of the source and period uploaded after <paramref name="held"/>'s and in force, if any.</summary>
    public async Task<LedgerEntry?> NewerInForceAsync(LedgerEntry held, CancellationToken cancellationToken)
    {
        if (!FilingName.TryParse(held.BlobName, out var name, out _))
        {
            return null;
        }

        var group = await ledger.GetGroupAsync(name.Period, name.Source, cancellationToken).ConfigureAwait(false);
        return group.NewerInForce(name, held.UploadedAt);
    }

    /// <summary>
    /// Puts <paramref name="held"/>'s version in force as <paramref name="settled"/> with <paramref name="verdict"/> and supersedes
    /// the other files of the source and period; unless one of them uploaded later came into force meanwhile, which supersedes
    /// this one instead (the verdict returned says which).
    /// </summary>
    /// <returns>Null when the entry changed since <paramref name="held"/> was read: another worker took the file on.</returns>
    public Task<Switched?> AcceptAsync(LedgerEntry held, LedgerEntry settled, FilingVerdict verdict, CancellationToken cancellationToken) =>
        SwitchAsync(held, (group, name, now) => group.NewerInForce(name, held.UploadedAt) is { } newer
            ? Superseded(held, newer.BlobName, now)
            : (settled, verdict), cancellationToken);

    /// <summary>Supersedes <paramref name="held"/> by the file uploaded later that is in force (if there still is one).</summary>
    /// <returns>Null when the entry changed since it was read, or no file uploaded later is in force any more.</returns>
    public Task<Switched?> SupersedeAsync(LedgerEntry held, CancellationToken cancellationToken) =>
        SwitchAsync(held, (group, name, now) => group.NewerInForce(name, held.UploadedAt) is { } newer ? Superseded(held, newer.BlobName, now) : null,
            cancellationToken);

    /// <summary>Withdraws <paramref name="held"/> (its blob was deleted): nothing of it counts any more.</summary>
    /// <returns>Null when the entry changed since it was read (e.g. the blob was uploaded again and taken on).</returns>
    public Task<Switched?> WithdrawAsync(LedgerEntry held, CancellationToken cancellationToken) =>
        SwitchAsync(held, (_, name, now) => OutOfForce(held, FilingStatus.Withdrawn, null, now), cancellationToken);

    private async Task<Switched?> SwitchAsync(LedgerEntry held, Func<FilingGroup, FilingName, DateTimeOffset, (LedgerEntry Settled, FilingVerdict Verdict)?> decide,
        CancellationToken cancellationToken)
    {
        if (!FilingName.TryParse(held.BlobName, out var name, out _))
        {
            throw new ArgumentException($"'{held.BlobName}' is not a filing name: it belongs to no source and period", nameof(held));
        }

        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var group = await ledger.GetGroupAsync(name.Period, name.Source, cancellationToken).ConfigureAwait(false);
            if (group.Entry(held.BlobName)?.ETag != held.ETag)
            {
                return null;
            }

            var now = clock.GetUtcNow();
            if (decide(group, name, now) is not { } decided)
            {
                return null;
            }

            var (settled, verdict) = decided;
            List<(LedgerEntry Held, (LedgerEntry Settled, FilingVerdict Verdict) Decided)> others = verdict.Status == FilingStatus.Accepted
                ? [.. group.Siblings(held.BlobName).Where(s => GoesOutOfForce(s.Entry, s.Name, name, held.UploadedAt))
                    .Select(s => (s.Entry, Superseded(s.Entry, held.BlobName, now)))]
                : [];
            await verdicts.KeepAsync(verdict, cancellationToken).ConfigureAwait(false);
            foreach (var other in others)
            {
                await verdicts.KeepAsync(other.Decided.Verdict, cancellationToken).ConfigureAwait(false);
            }

            var entries = others.Select(o => verdicts.Naming(o.Held, o.Decided.Settled, o.Decided.Verdict)).Prepend(verdicts.Naming(held, settled, verdict)).ToList();
            if (await ledger.TryWriteGroupAsync(group, entries, cancellationToken).ConfigureAwait(false) is { } written)
            {
                return new Switched(written[0], verdict, [.. others.Select((o, i) => new FollowUpWork(written[i + 1], o.Decided.Verdict))]);
            }

            LogRaced(held.BlobName, attempt + 1);
        }

        throw new InvalidOperationException($"the files of {name.Source} for {name.Period} kept changing; gave up after {MaxAttempts} attempts");
    }

    /// <summary>
    /// Which other files an accepted one supersedes: any in force (by the time of the switch, none uploaded later is), and those
    /// uploaded before it whatever their verdict; one uploaded later that was not accepted, or one still being read, decides itself.
    /// </summary>
    private static bool GoesOutOfForce(LedgerEntry sibling, FilingName siblingName, FilingName name, DateTimeOffset? uploadedAt) =>
        sibling.CurrentSha is not null
        || (sibling.Status is FilingStatus.Accepted or FilingStatus.Rejected or FilingStatus.Failed
            && !FilingPrecedence.Precedes(siblingName, sibling.UploadedAt, name, uploadedAt));

    private static (LedgerEntry, FilingVerdict) Superseded(LedgerEntry entry, string by, DateTimeOffset now) =>
        OutOfForce(entry, FilingStatus.Superseded, by, now);

    /// <summary>The entry and verdict of a file that goes out of force as <paramref name="status"/>: its version in force stops counting.</summary>
    private static (LedgerEntry, FilingVerdict) OutOfForce(LedgerEntry entry, FilingStatus status, string? by, DateTimeOffset now)
    {
        FilingName.TryParse(entry.BlobName, out var name, out _);
        var report = FilingReport.From(entry.BlobName, name, entry.LatestSha ?? string.Empty, status, string.Empty, string.Empty, 0, [], 0, null, now)
            with { SupersededBy = by };
        var verdict = FilingVerdict.Of(report) with { Replaced = entry.CurrentSha, ReplacedShards = entry.CurrentShards };
        var settled = entry.Settled(status, 0, now) with { CurrentSha = null, CurrentRows = 0, CurrentShards = 0, CurrentAcceptedAt = null };
        return (settled, verdict);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "The files of {Blob}'s source and period changed while it was switched (attempt {Attempt}); reading them again")]
    private partial void LogRaced(string blob, int attempt);
}
