using Cultivation.Application.Storage;

namespace Cultivation.Application.Ingestion.FollowUps;

/// <summary>
/// The version and its outcome join the file's history (<c>FilingVersions</c>): the filings list shows a rejected correction
/// beside the version in force, and the weekly digest lists the files rejected since the last one. A file superseded or
/// withdrawn is no new version: its versions keep the outcome they were ingested with.
/// </summary>
public sealed class RecordVersion(IFilingLedger ledger) : IFilingFollowUp
{
    public string Name => "version";

    public FollowUpScope Scope => FollowUpScope.Verdict;

    public bool Batched => false;

    public bool AppliesTo(FilingVerdict verdict) => verdict.Status is not (FilingStatus.Superseded or FilingStatus.Withdrawn);

    public async Task RunAsync(IReadOnlyList<FilingVerdict> verdicts, CancellationToken cancellationToken)
    {
        foreach (var verdict in verdicts)
        {
            var report = verdict.Report;
            await ledger.RecordVersionAsync(new FilingVersion
            {
                BlobName = verdict.BlobName,
                Sha = verdict.Version,
                Period = verdict.Name?.Period,
                Source = verdict.Name?.Source ?? string.Empty,
                Status = verdict.Status,
                Rows = report.Rows,
                Errors = report.ErrorCount,
                Format = report.Format,
                IngestedAt = verdict.DecidedAt,
                FirstError = verdict.Status != FilingStatus.Accepted && report.Errors.Count > 0 ? report.Errors[0].Reason : null,
            }, cancellationToken).ConfigureAwait(false);
        }
    }
}
