using Cultivation.Application.Ingestion.Lifecycle;
using Cultivation.Application.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Cultivation.Application.Ingestion.FollowUps;

/// <summary>
/// When a verdict changes which files of a period are in force, the files whose verdict depended on them are evaluated again
/// at once (<see cref="Reconsideration"/>): a version rejected only for conflicts with a file now corrected or withdrawn, a file
/// superseded by one now withdrawn. A verdict that depended on others (superseded, or rejected for conflicts) looks too, so
/// that a change landing while it was being made is not missed. Reconciliation finds the same files should this step never run.
/// </summary>
/// <remarks>
/// Ingestion runs the follow-up steps and this step runs ingestion, so the service is looked up when the step runs rather than
/// handed over when it is built. Each evaluation makes a verdict of its own whose follow-ups look again; it ends because a file
/// evaluated again either comes into force (the period changed) or is decided as before (nothing changed).
/// </remarks>
public sealed class ReconsiderPeriod(IFilingLedger ledger, IServiceProvider services) : IFilingFollowUp
{
    public string Name => "reconsider";

    public FollowUpScope Scope => FollowUpScope.File;

    public bool Batched => true;

    public bool AppliesTo(FilingVerdict verdict) =>
        verdict.Name is not null && (verdict.ChangesRowsInForce || verdict.Status == FilingStatus.Superseded || verdict.LostTo.Count > 0);

    public async Task RunAsync(IReadOnlyList<FilingVerdict> verdicts, CancellationToken cancellationToken)
    {
        var ingestion = services.GetRequiredService<IngestionService>();
        foreach (var period in verdicts.Select(v => v.Name?.Period).OfType<Domain.Periods.Period>().Distinct().Order())
        {
            // One at a time, looking again after each: an evaluation changes what the next one is due for.
            var done = new HashSet<string>(StringComparer.Ordinal);
            while ((await DueAsync(period, cancellationToken).ConfigureAwait(false)).FirstOrDefault(e => !done.Contains(e.BlobName)) is { } due)
            {
                done.Add(due.BlobName);
                await ingestion.ReconsiderAsync(due.BlobName, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task<IReadOnlyList<LedgerEntry>> DueAsync(Domain.Periods.Period period, CancellationToken cancellationToken) =>
        Reconsideration.Due(await ledger.ListAsync(period, cancellationToken).ConfigureAwait(false));
}
