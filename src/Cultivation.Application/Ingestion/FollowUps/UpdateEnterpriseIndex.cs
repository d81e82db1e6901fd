using Cultivation.Application.Enterprises;
using Cultivation.Application.Storage;

namespace Cultivation.Application.Ingestion.FollowUps;

/// <summary>
/// The enterprise index (<c>GET /api/enterprises/{creditCode}</c>) follows the file's version in force: its firms' rows in
/// the file's period are that version's, and the firms it no longer supplies leave the period.
/// </summary>
public sealed class UpdateEnterpriseIndex(EnterpriseIndexSync sync) : IFilingFollowUp
{
    public string Name => "enterprises";

    public FollowUpScope Scope => FollowUpScope.File;

    public bool Batched => false;

    /// <summary>Every verdict that may change what the file supplies; a rejected or failed version leaves the one in force as it was.</summary>
    public bool AppliesTo(FilingVerdict verdict) => verdict.Name is not null && verdict.Status is not (FilingStatus.Rejected or FilingStatus.Failed);

    public async Task RunAsync(IReadOnlyList<FilingVerdict> verdicts, CancellationToken cancellationToken)
    {
        foreach (var verdict in verdicts)
        {
            await sync.SyncAsync(verdict.BlobName, keepRows: true, cancellationToken).ConfigureAwait(false);
        }
    }
}
