using Cultivation.Domain.Firms;
using Cultivation.Domain.Periods;

namespace Cultivation.Application.Enterprises;

/// <summary>
/// The enterprise index: for each credit code, the firm's row in every period in which an accepted filing in force supplies it,
/// with the file and version that supplied it, so that <c>GET /api/enterprises/{creditCode}</c> is one point read whatever the
/// number of filings. It is derived data: <see cref="EnterpriseIndexSync"/> keeps it in step with the ledger, file by file.
/// </summary>
public interface IEnterpriseIndex
{
    /// <summary>The firm's periods as the index holds them (one point read; two for a firm with periods from 2060 on).</summary>
    Task<IReadOnlyList<IndexedPeriod>> GetAsync(string creditCode, CancellationToken cancellationToken);

    /// <summary>The firms the index shows as supplied in <paramref name="period"/> by <paramref name="blobName"/> (any of its versions).</summary>
    Task<IReadOnlyList<IndexedSupply>> SuppliedByAsync(Period period, string blobName, CancellationToken cancellationToken);

    /// <summary>Makes <paramref name="rows"/> the firms' rows of <paramref name="period"/>, supplied by that version of the file.</summary>
    Task SetAsync(Period period, string blobName, string version, IReadOnlyList<FirmRow> rows, CancellationToken cancellationToken);

    /// <summary>
    /// Removes the period's row of each firm whose entry is still exactly as <see cref="SuppliedByAsync"/> read it; an entry
    /// another writer changed meanwhile (the file that now supplies the firm) is left alone.
    /// </summary>
    /// <returns>The credit codes whose entry had changed and were left alone.</returns>
    Task<IReadOnlyList<string>> ClearAsync(Period period, IReadOnlyList<IndexedSupply> supplies, CancellationToken cancellationToken);

    /// <summary>Whether the index was built from every filing in force (see <see cref="EnterpriseIndexRebuild"/>); one point read.</summary>
    Task<bool> IsBuiltAsync(CancellationToken cancellationToken);

    Task MarkBuiltAsync(DateTimeOffset at, CancellationToken cancellationToken);
}

/// <summary>A firm's row in one period, and the file and version that supplied it.</summary>
public sealed record IndexedPeriod(Period Period, string BlobName, string Version, FirmRow Row);

/// <summary>
/// A firm a file supplies according to the index: <paramref name="Version"/> of the file wrote it; <paramref name="Tag"/> is the
/// entry's concurrency token as read, so that a clear never removes what another file wrote since.
/// </summary>
public sealed record IndexedSupply(string CreditCode, string Version, string Tag);
