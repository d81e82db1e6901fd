using Cultivation.Application.Alerts;
using Microsoft.Azure.Functions.Worker;

namespace Cultivation.Functions.Alerts;

/// <summary>
/// The weekly alert email. Schedule from the <c>AlertSchedule</c> setting (Monday 08:30 China time is
/// <c>0 30 0 * * 1</c> UTC); a retry or second run in the same ISO week sends nothing new.
/// </summary>
public sealed class SendWeeklyDigest(WeeklyDigestService digests)
{
    [Function(nameof(SendWeeklyDigest))]
    public async Task<DigestSendOutcome> Run([TimerTrigger("%AlertSchedule%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        var outcome = await digests.SendAsync(cancellationToken);

        // A send known not to have happened fails the run, so that it shows in the logs; the claim is free again.
        return outcome.Result == DigestSendResult.Failed
            ? throw new InvalidOperationException($"Weekly digest {outcome.Week} not sent: {outcome.Error}")
            : outcome;
    }
}
