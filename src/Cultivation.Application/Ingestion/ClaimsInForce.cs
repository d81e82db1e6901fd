using Cultivation.Application.Storage;

namespace Cultivation.Application.Ingestion;

internal static class ClaimsInForce
{
    /// <summary>A claim counts while its version is in force, or may still become so (<see cref="LedgerEntry.MayBeInForce"/>).</summary>
    public static ClaimInForce By(IFilingLedger ledger) => async (owner, version, cancellationToken) =>
    {
        var entry = await ledger.GetAsync(owner, cancellationToken).ConfigureAwait(false);
        return entry is not null && entry.MayBeInForce(version);
    };
}
