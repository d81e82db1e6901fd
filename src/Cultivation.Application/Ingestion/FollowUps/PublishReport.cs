using Cultivation.Application.Storage;

namespace Cultivation.Application.Ingestion.FollowUps;

/// <summary>The file's report (<c>filings-reports/</c>, JSON and text) becomes that of its current verdict.</summary>
public sealed class PublishReport(IFilingBlobs blobs) : IFilingFollowUp
{
    public string Name => "report";

    public FollowUpScope Scope => FollowUpScope.File;

    public bool Batched => false;

    public bool AppliesTo(FilingVerdict verdict) => true;

    public async Task RunAsync(IReadOnlyList<FilingVerdict> verdicts, CancellationToken cancellationToken)
    {
        foreach (var verdict in verdicts)
        {
            await blobs.WriteReportAsync(verdict.BlobName, verdict.Report.ToJson(), verdict.Report.ToText(), cancellationToken).ConfigureAwait(false);
        }
    }
}
