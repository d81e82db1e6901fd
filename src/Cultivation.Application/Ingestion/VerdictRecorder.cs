using Cultivation.Application.Ingestion.FollowUps;
using Cultivation.Application.Storage;
using Cultivation.Domain;
using Cultivation.Domain.Filings;
using Microsoft.Extensions.Logging;

namespace Cultivation.Application.Ingestion;

/// <summary>
/// Stores verdicts: first the verdict's record (what its follow-up steps need, such as the report), then the ledger entry
/// that names it together with the follow-ups it owes, ETag-conditional. Every verdict on a file is made here.
/// </summary>
public sealed partial class VerdictRecorder(IFilingBlobs blobs, IFilingLedger ledger, FollowUpRunner followUps, TimeProvider clock,
    ILogger<VerdictRecorder> logger)
{
    /// <param name="held">The entry as this worker holds it (pending).</param>
    /// <param name="settled">The entry once the verdict is stored (status, version in force …).</param>
    /// <returns>The stored entry, its follow-ups taken on by this worker; null when another worker changed it first (our lease ran out).</returns>
    public async Task<LedgerEntry?> RecordAsync(LedgerEntry held, LedgerEntry settled, FilingVerdict verdict, CancellationToken cancellationToken)
    {
        await KeepAsync(verdict, cancellationToken).ConfigureAwait(false);
        return await ledger.TryWriteAsync(Naming(held, settled, verdict), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Keeps the verdict's record, before any ledger entry names it.</summary>
    public Task KeepAsync(FilingVerdict verdict, CancellationToken cancellationToken) =>
        blobs.WriteVerdictAsync(verdict.Id, verdict.ToJson(), cancellationToken);

    /// <summary>The settled entry naming the verdict and the follow-ups it owes, taken on by this worker.</summary>
    public LedgerEntry Naming(LedgerEntry held, LedgerEntry settled, FilingVerdict verdict) => settled with
    {
        VerdictId = verdict.Id,
        FollowUps = followUps.Plan(held, verdict),
        FollowUpAt = followUps.LeaseUntil(),
        FollowUpAttempts = 0,
    };

    /// <summary>
    /// A version given up after its last attempt (<paramref name="failed"/> says how many): final until a new version is
    /// uploaded, and its report says so. Should even the record fail (storage still down), the failure is stored without it.
    /// </summary>
    public async Task<(LedgerEntry? Entry, FilingVerdict? Verdict)> GiveUpAsync(LedgerEntry held, LedgerEntry failed, string failure,
        CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        FilingName.TryParse(held.BlobName, out var name, out _);
        var problem = new Problem(
            $"文件处理失败：已尝试 {failed.Attempts} 次仍未完成（{failure}），这不是文件内容的问题；请联系经信局",
            $"processing failed after {failed.Attempts} attempts ({failure}); this is not a problem in the file: please contact the bureau");
        var verdict = FilingVerdict.Of(FilingReport.From(held.BlobName, name, held.LatestSha ?? string.Empty, FilingStatus.Failed, string.Empty,
            string.Empty, 0, [FilingError.ForFile(problem)], 1, held.CurrentSha, now));
        try
        {
            var written = await RecordAsync(held, failed, verdict, cancellationToken).ConfigureAwait(false);
            return (written, written is null ? null : verdict);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogGaveUpWithoutReport(ex, held.BlobName);
            return (await ledger.TryWriteAsync(failed, cancellationToken).ConfigureAwait(false), null);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "{Blob} was given up, but the record of that verdict could not be stored: it gets no report")]
    private partial void LogGaveUpWithoutReport(Exception exception, string blob);
}
