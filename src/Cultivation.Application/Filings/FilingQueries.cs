using Cultivation.Application.Ingestion;
using Cultivation.Application.Storage;
using Cultivation.Domain.Periods;

namespace Cultivation.Application.Filings;

/// <summary>The filings of a period as analysts and filers see them (<c>GET /api/filings/{year}/Q{q}</c>).</summary>
public sealed class FilingQueries(IFilingLedger ledger)
{
    public async Task<FilingsOfPeriod> ListAsync(Period period, CancellationToken cancellationToken)
    {
        var entries = await ledger.ListAsync(period, cancellationToken).ConfigureAwait(false);
        var versions = await ledger.ListVersionsAsync(period, cancellationToken).ConfigureAwait(false);
        var items = new List<FilingListItem>();
        foreach (var entry in entries.OrderBy(e => e.BlobName, StringComparer.Ordinal))
        {
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
            if (entry.Status != FilingStatus.Accepted && entry.CurrentSha is { } current)
            {
                items.Add(new FilingListItem(
                    entry.BlobName,
                    entry.Source,
                    Wire(FilingStatus.Accepted),
                    entry.CurrentRows,
                    0,
                    ReportName(entry.BlobName),
                    entry.CurrentAcceptedAt,
                    current,
                    true,
                    null,
                    null));
            }
        }

        return new FilingsOfPeriod(period.ToString(), items);
    }

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
