using Cultivation.Application.Alerts;
using Microsoft.Azure.Functions.Worker;

namespace Cultivation.Functions.Alerts;

/// <summary>
/// The weekly alert email. The <c>AlertSchedule</c> setting runs it hourly (<c>0 30 * * * *</c>); runs before
/// the week's send time (<c>Alerts:SendDay</c>/<c>Alerts:SendTime</c>, Monday 08:30 China time) do nothing, the
/// first run from then on sends, later runs of the week retry a failed send and otherwise send nothing new.
/// </summary>
public sealed class SendWeeklyDigest(WeeklyDigestService digests)
{
    [Function(nameof(SendWeeklyDigest))]
    public async Task<DigestSendOutcome> Run([TimerTrigger("%AlertSchedule%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        var outcome = await digests.SendIfDueAsync(cancellationToken);

        // A send known not to have happened fails the run, so that it shows in the logs; the next run retries.
        return outcome.Result == DigestSendResult.Failed
            ? throw new InvalidOperationException($"Weekly digest {outcome.Week} not sent: {outcome.Error}")
            : outcome;
    }
}
