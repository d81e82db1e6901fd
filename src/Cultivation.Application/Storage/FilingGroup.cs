using Cultivation.Domain.Filings;
using Cultivation.Domain.Periods;

namespace Cultivation.Application.Storage;

/// <summary>
/// The files of one source for one period (its xlsx, xls and csv, as far as the ledger knows them), read together with the
/// group's concurrency token: of these files at most one is in force, and every change of which one is made on the token.
/// </summary>
/// <param name="ETag">The group's token as read; null when no change was ever made on it.</param>
public sealed record FilingGroup(Period Period, string Source, string? ETag, IReadOnlyList<LedgerEntry> Entries)
{
    /// <summary>The entry of <paramref name="blobName"/>, if the ledger has one.</summary>
    public LedgerEntry? Entry(string blobName) => Entries.FirstOrDefault(e => e.BlobName == blobName);

    /// <summary>The other files of the group, and what they are called as filing names.</summary>
    public IEnumerable<(LedgerEntry Entry, FilingName Name)> Siblings(string blobName) =>
        Entries.Where(e => e.BlobName != blobName).Select(e => FilingName.TryParse(e.BlobName, out var n, out _) ? (e, n) : default).Where(s => s.n is not null)!;

    /// <summary>
    /// The file of the group in force uploaded after <paramref name="name"/> (at <paramref name="uploadedAt"/>): while there is one,
    /// <paramref name="name"/> is superseded, read or not. Files not in force (rejected, pending …) leave the older one its chance.
    /// </summary>
    public LedgerEntry? NewerInForce(FilingName name, DateTimeOffset? uploadedAt) =>
        Siblings(name.Value)
            .Where(s => s.Entry.CurrentSha is not null && s.Entry.Status != FilingStatus.Withdrawn && FilingPrecedence.Precedes(s.Name, s.Entry.UploadedAt, name, uploadedAt))
            .Select(s => s.Entry)
            .FirstOrDefault();
}
