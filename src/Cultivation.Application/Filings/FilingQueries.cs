using System.Globalization;
using Cultivation.Application.Ingestion;
using Cultivation.Application.Storage;
using Cultivation.Domain.Filings;
using Cultivation.Domain.Periods;

namespace Cultivation.Application.Filings;

/// <summary>
/// The filings of a period as analysts and filers see them (<c>GET /api/filings/{year}/Q{q}</c>): every file of the period in
/// the ledger (accepted, rejected, failed, superseded, withdrawn) and every blob of the period in the container not yet
/// ingested in its present version (pending).
/// </summary>
public sealed class FilingQueries(IFilingLedger ledger, IFilingBlobs blobs)
{
    public async Task<FilingsOfPeriod> ListAsync(Period period, CancellationToken cancellationToken)
    {
        var entries = (await ledger.ListAsync(period, cancellationToken).ConfigureAwait(false)).ToDictionary(e => e.BlobName, StringComparer.Ordinal);
        var versions = await ledger.ListVersionsAsync(period, cancellationToken).ConfigureAwait(false);
        var uploaded = new Dictionary<string, FilingBlobInfo>(StringComparer.Ordinal);
        await foreach (var blob in blobs.ListAsync(string.Create(CultureInfo.InvariantCulture, $"{period.Year}/Q{period.Quarter}/"), cancellationToken).ConfigureAwait(false))
        {
            if (FilingName.TryParse(blob.Name, out var name, out _) && name.Period == period)
            {
                uploaded[blob.Name] = blob;
            }
        }

        var items = new List<FilingListItem>();
        foreach (var blobName in entries.Keys.Union(uploaded.Keys).Order(StringComparer.Ordinal))
        {
            var entry = entries.GetValueOrDefault(blobName);
            if (entry is null || (uploaded.GetValueOrDefault(blobName) is { } blob && Unread(entry, blob)))
            {
                // Uploaded, and this version not ingested yet: the file's latest word is still to come.
                FilingName.TryParse(blobName, out var name, out _);
                items.Add(new FilingListItem(blobName, name!.Source, Wire(FilingStatus.Pending), 0, 0, ReportName(blobName), null, null, null, null, null));
                if (entry?.CurrentSha is not null)
                {
                    items.Add(InForce(entry));
                }

                continue;
            }

            var latest = versions.FirstOrDefault(v => v.BlobName == entry.BlobName && v.Sha == entry.LatestSha);
            items.Add(new FilingListItem(
                entry.BlobName,
                entry.Source,
                Wire(entry.Status),
                entry.Status == FilingStatus.Accepted ? entry.CurrentRows : 0,
                entry.Errors,
                ReportName(entry.BlobName),
                entry.IngestedAt,
                entry.LatestSha,
                entry.Status == FilingStatus.Accepted ? true : null,
                latest?.FirstError,
                entry.Status == FilingStatus.Failed ? entry.Attempts : null));

            // A rejected (or failed) correction leaves the last accepted version in force: list both.
            if (entry.Status != FilingStatus.Accepted && entry.CurrentSha is not null)
            {
                items.Add(InForce(entry));
            }
        }

        return new FilingsOfPeriod(period.ToString(), items);
    }

    /// <summary>The blob holds another upload than the one the ledger last read (a withdrawn file's blob that is back, too).</summary>
    private static bool Unread(LedgerEntry entry, FilingBlobInfo blob) =>
        entry.Status != FilingStatus.Pending && ((entry.BlobETag is not null && entry.BlobETag != blob.ETag) || entry.Status == FilingStatus.Withdrawn);

    private static FilingListItem InForce(LedgerEntry entry) => new(
        entry.BlobName,
        entry.Source,
        Wire(FilingStatus.Accepted),
        entry.CurrentRows,
        0,
        ReportName(entry.BlobName),
        entry.CurrentAcceptedAt,
        entry.CurrentSha,
        true,
        null,
        null);

    public static string ReportName(string blobName) => $"filings-reports/{FilingReport.KeyOf(blobName)}.json";

    public static string Wire(FilingStatus status) => status.ToString().ToLowerInvariant();
}

/// <summary>The body of <c>GET /api/filings/{year}/Q{q}</c>.</summary>
public sealed record FilingsOfPeriod(string Period, IReadOnlyList<FilingListItem> Filings);

/// <param name="InForce">True for the version whose rows count (the last accepted one).</param>
public sealed record FilingListItem(
    string Name,
    string Source,
    string Status,
    int Rows,
    int Errors,
    string Report,
    DateTimeOffset? IngestedAt,
    string? Version,
    bool? InForce,
    string? FirstError,
    int? Attempts);
