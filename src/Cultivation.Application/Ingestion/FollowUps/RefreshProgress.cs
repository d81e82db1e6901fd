namespace Cultivation.Application.Ingestion.FollowUps;

/// <summary>
/// Derived data (progress) follows the accepted rows of the periods that changed: one recompute for a whole
/// reconciliation batch, not one per file.
/// </summary>
public sealed class RefreshProgress(IEnumerable<IAcceptedFilingsObserver> observers) : IFilingFollowUp
{
    public string Name => "progress";

    public FollowUpScope Scope => FollowUpScope.File;

    public bool Batched => true;

    public bool AppliesTo(FilingVerdict verdict) => verdict.ChangesRowsInForce;

    public async Task RunAsync(IReadOnlyList<FilingVerdict> verdicts, CancellationToken cancellationToken)
    {
        var periods = verdicts.Select(v => v.Name?.Period).OfType<Domain.Periods.Period>().Distinct().Order().ToList();
        if (periods.Count == 0)
        {
            return;
        }

        foreach (var observer in observers)
        {
            await observer.OnAcceptedRowsChangedAsync(periods, cancellationToken).ConfigureAwait(false);
        }
    }
}
