using Cultivation.Application.Storage;
using Cultivation.Domain.Filings;

namespace Cultivation.Application.Ingestion.Lifecycle;

/// <summary>
/// Which files of a period are to be evaluated again because what decided them changed, without any new upload (SPEC §2, §4):
/// a version rejected only for conflicts once a file it lost firms to is no longer in force (corrected, superseded, withdrawn),
/// and a superseded file once no file of its source uploaded later is in force (deleting the newer puts the older back).
/// </summary>
public static class Reconsideration
{
    /// <summary>The entries of <paramref name="period"/>'s files that are due, in name order.</summary>
    public static IReadOnlyList<LedgerEntry> Due(IReadOnlyList<LedgerEntry> period)
    {
        var byBlob = period.ToDictionary(e => e.BlobName, StringComparer.Ordinal);
        return [.. period.Where(e => IsDue(e, byBlob)).OrderBy(e => e.BlobName, StringComparer.Ordinal)];
    }

    /// <param name="byBlob">The ledger's entries by blob name: at least those of the entry's period.</param>
    public static bool IsDue(LedgerEntry entry, IReadOnlyDictionary<string, LedgerEntry> byBlob) => entry.Status switch
    {
        FilingStatus.Rejected => entry.ConflictsWith.Any(v => !byBlob.TryGetValue(v.BlobName, out var holder) || !holder.MayBeInForce(v.Version)),
        FilingStatus.Superseded => !NewerMayBeInForce(entry, byBlob.Values),
        _ => false,
    };

    /// <summary>Whether a file of the entry's source and period uploaded after it is in force, or being read and so may come into force.</summary>
    private static bool NewerMayBeInForce(LedgerEntry entry, IEnumerable<LedgerEntry> entries)
    {
        if (!FilingName.TryParse(entry.BlobName, out var name, out _))
        {
            return true;
        }

        return entries.Any(e => e.BlobName != entry.BlobName
            && (e.CurrentSha is not null || e.Status == FilingStatus.Pending)
            && e.Status != FilingStatus.Withdrawn
            && FilingName.TryParse(e.BlobName, out var other, out _)
            && FilingPrecedence.SameFiling(other, name)
            && FilingPrecedence.Precedes(other, e.UploadedAt, name, entry.UploadedAt));
    }
}
