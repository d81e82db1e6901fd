using Cultivation.Application.Storage;

namespace Cultivation.Application.Ingestion.FollowUps;

/// <summary>
/// What a verdict puts out of use goes: the file's firm claims that no longer count, and the rows of the version it put out
/// of force (replaced by an accepted one, or of a file superseded or withdrawn). Until then they are only unused (claims count only while their version may be in force,
/// and readers read the rows of the current version), so this is cleanup that may wait.
/// </summary>
public sealed class ReleaseReplacedVersion(IFilingLedger ledger, IFirmClaims claims, IFirmRowStore rows) : IFilingFollowUp
{
    public string Name => "release";

    public FollowUpScope Scope => FollowUpScope.Verdict;

    public bool Batched => false;

    public bool AppliesTo(FilingVerdict verdict) => true;

    public async Task RunAsync(IReadOnlyList<FilingVerdict> verdicts, CancellationToken cancellationToken)
    {
        foreach (var verdict in verdicts)
        {
            if (verdict.Name is not { } name)
            {
                continue;
            }

            await claims.PruneAsync(name.Period, verdict.BlobName, ClaimsInForce.By(ledger), cancellationToken).ConfigureAwait(false);
            if (verdict.Replaced is { } replaced)
            {
                // The same bytes uploaded again since make the replaced version current (or about to be) once more.
                var entry = await ledger.GetAsync(verdict.BlobName, cancellationToken).ConfigureAwait(false);
                if (entry is not null && !entry.MayBeInForce(replaced))
                {
                    await rows.DeleteAsync(name, replaced, verdict.ReplacedShards, cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }
}
