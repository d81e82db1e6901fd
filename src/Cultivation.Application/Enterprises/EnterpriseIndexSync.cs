using Cultivation.Application.Progress;
using Cultivation.Application.Storage;
using Cultivation.Domain.Filings;
using Microsoft.Extensions.Logging;

namespace Cultivation.Application.Enterprises;

/// <summary>
/// Brings the enterprise index into step with one file: the firms of its version in force get that version's rows in the
/// file's period, and the firms the index still shows as supplied by the file but that it no longer supplies (a correction
/// dropped them, or the file was withdrawn or superseded) lose that period's row, unless another file wrote it meanwhile.
/// Idempotent and run from whatever the ledger says when it runs, so the follow-up step, its retries and a rebuild are all
/// the same operation.
/// </summary>
/// <remarks>
/// <para>
/// Of two files of a period, at most one supplies a firm (the claims see to it), so the only writes that can collide on a
/// firm's period are a file taking the firm and the file that gave it up clearing it. The clear is conditional on the entry
/// as read, so a firm taken by B while A's correction dropped it keeps B's row in either order.
/// </para>
/// <para>
/// Rows are written without a condition; a writer whose file moved on while it wrote (another worker's newer verdict ran
/// meanwhile) finds that out when it reads the ledger again at the end, and goes round again from the new state. Should it
/// then clear firms it had just written, its write may have landed over the row of the file that now supplies them: the
/// period's other files are brought into step too, which writes their rows back.
/// </para>
/// </remarks>
public sealed partial class EnterpriseIndexSync(IEnterpriseIndex index, IFilingLedger ledger, AcceptedRows accepted, ILogger<EnterpriseIndexSync> logger)
{
    private const int MaxPasses = 5;

    /// <summary>Brings the index into step with the file; a name that is not a filing name has nothing in it.</summary>
    /// <param name="keepRows">Whether rows read from storage join the row cache (not for a pass over every file).</param>
    /// <returns>Firms written and cleared.</returns>
    public async Task<IndexSyncResult> SyncAsync(string blobName, bool keepRows, CancellationToken cancellationToken)
    {
        if (!FilingName.TryParse(blobName, out var name, out _))
        {
            return IndexSyncResult.None;
        }

        var result = await SyncAsync(name, keepRows, cancellationToken).ConfigureAwait(false);
        if (result.MayHaveOverwritten)
        {
            LogResyncingPeriod(blobName, name.Period.ToString());
            foreach (var other in await ledger.ListAsync(name.Period, cancellationToken).ConfigureAwait(false))
            {
                if (other.BlobName != blobName && AcceptedRows.InForce(other) && FilingName.TryParse(other.BlobName, out var otherName, out _))
                {
                    result += await SyncAsync(otherName, keepRows, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        return result;
    }

    private async Task<IndexSyncResult> SyncAsync(FilingName name, bool keepRows, CancellationToken cancellationToken)
    {
        var period = name.Period;
        var written = new HashSet<string>(StringComparer.Ordinal);
        var result = IndexSyncResult.None;
        for (var pass = 0; pass < MaxPasses; pass++)
        {
            var entry = await ledger.GetAsync(name.Value, cancellationToken).ConfigureAwait(false);
            var version = InForce(entry);
            var supplied = await index.SuppliedByAsync(period, name.Value, cancellationToken).ConfigureAwait(false);
            IReadOnlyList<IndexedSupply> stale = supplied;
            if (version is not null)
            {
                stale = [];

                // The usual case once done: every firm of the version shows it, nothing else shows the file (a version's codes are distinct).
                if (supplied.Count != entry!.CurrentRows || supplied.Any(s => s.Version != version))
                {
                    var rows = await accepted.VersionRowsAsync(name, entry, keepRows, cancellationToken).ConfigureAwait(false);
                    var shown = supplied.Where(s => s.Version == version).Select(s => s.CreditCode).ToHashSet(StringComparer.Ordinal);
                    var missing = rows.Where(r => !shown.Contains(r.CreditCode.Value)).ToList();
                    var codes = rows.Select(r => r.CreditCode.Value).ToHashSet(StringComparer.Ordinal);
                    stale = [.. supplied.Where(s => !codes.Contains(s.CreditCode))];
                    if (missing.Count > 0)
                    {
                        await index.SetAsync(period, name.Value, version, missing, cancellationToken).ConfigureAwait(false);
                        written.UnionWith(missing.Select(r => r.CreditCode.Value));
                        result += new IndexSyncResult(missing.Count, 0, false);
                    }
                }
            }

            var changed = stale.Count > 0 ? await index.ClearAsync(period, stale, cancellationToken).ConfigureAwait(false) : [];
            result += new IndexSyncResult(0, stale.Count - changed.Count, stale.Any(s => written.Contains(s.CreditCode)));

            // Done only if the file did not move while we wrote: otherwise what we wrote may be another version's.
            var after = InForce(await ledger.GetAsync(name.Value, cancellationToken).ConfigureAwait(false));
            if (after == version && changed.Count == 0)
            {
                return result;
            }

            LogGoingRound(name.Value, pass + 1);
        }

        throw new InvalidOperationException($"the enterprise index of {name.Value} could not be brought into step: the file kept changing ({MaxPasses} passes)");
    }

    /// <summary>The version in force of the file, if any.</summary>
    private static string? InForce(LedgerEntry? entry) => entry is not null && AcceptedRows.InForce(entry) ? entry.CurrentSha : null;

    [LoggerMessage(Level = LogLevel.Information, Message = "The enterprise index of {Blob} changed while it was written; going round again (pass {Pass})")]
    private partial void LogGoingRound(string blob, int pass);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Blob} wrote firms it no longer supplies; the other files of {Period} are brought into step too")]
    private partial void LogResyncingPeriod(string blob, string period);
}

/// <param name="Written">Firms whose row of the period was written.</param>
/// <param name="Cleared">Firms whose row of the period was removed.</param>
/// <param name="MayHaveOverwritten">Rows written in one pass were cleared in a later one: they may have landed over another file's.</param>
public sealed record IndexSyncResult(int Written, int Cleared, bool MayHaveOverwritten)
{
    public static readonly IndexSyncResult None = new(0, 0, false);

    public static IndexSyncResult operator +(IndexSyncResult a, IndexSyncResult b) =>
        new(a.Written + b.Written, a.Cleared + b.Cleared, a.MayHaveOverwritten || b.MayHaveOverwritten);
}
