using Cultivation.Application.Storage;

namespace Cultivation.Application.Ingestion;

internal static class ClaimsInForce
{
    /// <summary>
    /// A claim counts while its version is in force, or may still become so: it is the file's current version,
    /// or the latest one and being ingested. A version that was rejected, failed, or superseded never will be.
    /// </summary>
    public static ClaimInForce By(IFilingLedger ledger) => async (owner, version, cancellationToken) =>
    {
        var entry = await ledger.GetAsync(owner, cancellationToken).ConfigureAwait(false);
        return entry is not null && (entry.CurrentSha == version || (entry.LatestSha == version && entry.Status == FilingStatus.Pending));
    };
}
