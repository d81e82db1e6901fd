using Cultivation.Application.Storage;
using Microsoft.Extensions.Logging;

namespace Cultivation.Application.Enterprises;

/// <summary>
/// Builds the enterprise index from the ledger: every file is brought into step (<see cref="EnterpriseIndexSync"/>), then
/// the index is marked built, from which moment lookups trust it. A deployment that predates the index gets one this way
/// (the <c>BuildEnterpriseIndex</c> timer, or <c>cultivation recompute</c>), and one that went stale is put right.
/// </summary>
/// <remarks>
/// Resumable: a rebuild that stops part way leaves the index unmarked and the next one starts again, finding the files
/// already in step cheaply (one query per bucket, no rows read). Follow-up steps may run alongside: both are the same sync.
/// </remarks>
public sealed partial class EnterpriseIndexRebuild(IEnterpriseIndex index, IFilingLedger ledger, EnterpriseIndexSync sync, TimeProvider clock,
    ILogger<EnterpriseIndexRebuild> logger)
{
    private const int Parallelism = 4;

    /// <summary>Brings every file into step and marks the index built.</summary>
    public async Task<EnterpriseIndexRebuildResult> RebuildAsync(CancellationToken cancellationToken)
    {
        var started = clock.GetTimestamp();
        var files = (await ledger.ListAllAsync(cancellationToken).ConfigureAwait(false)).Where(e => e.Period is not null).Select(e => e.BlobName).ToList();
        var total = IndexSyncResult.None;
        var gate = new object();
        await Parallel.ForEachAsync(files, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken }, async (file, ct) =>
        {
            var done = await sync.SyncAsync(file, keepRows: false, ct).ConfigureAwait(false);
            lock (gate)
            {
                total += done;
            }
        }).ConfigureAwait(false);

        await index.MarkBuiltAsync(clock.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        var result = new EnterpriseIndexRebuildResult(files.Count, total.Written, total.Cleared, clock.GetElapsedTime(started));
        LogRebuilt(result.Files, result.Written, result.Cleared, result.Elapsed.TotalSeconds);
        return result;
    }

    /// <summary>Builds the index unless it is built already (one point read then); null when there was nothing to do.</summary>
    public async Task<EnterpriseIndexRebuildResult?> EnsureBuiltAsync(CancellationToken cancellationToken) =>
        await index.IsBuiltAsync(cancellationToken).ConfigureAwait(false) ? null : await RebuildAsync(cancellationToken).ConfigureAwait(false);

    [LoggerMessage(Level = LogLevel.Information, Message = "Enterprise index built from {Files} files: {Written} firm rows written, {Cleared} cleared, in {Seconds:F1} s")]
    private partial void LogRebuilt(int files, int written, int cleared, double seconds);
}

/// <param name="Files">Ledger entries of filing periods brought into step.</param>
/// <param name="Written">Firm rows written (those already in step are not written again).</param>
/// <param name="Cleared">Firm rows removed (files no longer supplying them).</param>
public sealed record EnterpriseIndexRebuildResult(int Files, int Written, int Cleared, TimeSpan Elapsed);
