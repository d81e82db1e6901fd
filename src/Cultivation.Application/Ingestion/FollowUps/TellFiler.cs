using Cultivation.Application.Notices;

namespace Cultivation.Application.Ingestion.FollowUps;

/// <summary>
/// The filer hears of the verdict (<see cref="FilerNotifier"/>): owed to each verdict, so a rejected correction is told even
/// once a newer version is decided. A message not yet delivered (SMTP down, the robot not answering, an outcome unknown)
/// keeps the step due, and the next reconciliation sends it; one already sent is never sent again.
/// </summary>
public sealed class TellFiler(FilerNotifier notifier) : IFilingFollowUp
{
    public string Name => "notify";

    public FollowUpScope Scope => FollowUpScope.Verdict;

    public bool Batched => false;

    /// <summary>Only verdicts someone is to hear of (a contact configured for them) owe the step.</summary>
    public bool AppliesTo(FilingVerdict verdict) => notifier.AddresseeOf(verdict) is not null;

    public async Task RunAsync(IReadOnlyList<FilingVerdict> verdicts, CancellationToken cancellationToken)
    {
        foreach (var verdict in verdicts)
        {
            await notifier.NotifyAsync(verdict, cancellationToken).ConfigureAwait(false);
        }
    }
}
