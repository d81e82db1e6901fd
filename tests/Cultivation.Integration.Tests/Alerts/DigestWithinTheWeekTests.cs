using Cultivation.Application.Alerts;
using Cultivation.Functions.Alerts;
using Microsoft.Azure.Functions.Worker;

namespace Cultivation.Integration.Tests.Alerts;

/// <summary>
/// SPEC §6 "Delivery within the week": the timer function runs hourly (at half past, as
/// <c>AlertSchedule</c> says), sends from the week's send time on, and retries a failed send in the same week.
/// </summary>
public sealed class DigestWithinTheWeekTests
{
    private static readonly TimeSpan China = TimeSpan.FromHours(8);

    /// <summary>Monday 2022-10-17 00:30 China time (Sunday 16:30 UTC): the first hourly run of ISO week 42.</summary>
    private static readonly DateTimeOffset MondayEarly = new(2022, 10, 17, 0, 30, 0, China);

    [Fact]
    public async Task Smtp_down_from_0830_to_1100_on_monday_gives_one_digest_at_the_first_run_after_1100()
    {
        var smtpUp = false;
        using var h = new AlertsHarness(
            send: (inner, mail, ct) => smtpUp ? inner.SendAsync(mail, ct) : AlertsHarness.SendToDeadServerAsync(mail, ct),
            start: MondayEarly);
        h.Progress.Seed();

        var results = new List<(string At, DigestSendResult Result)>();
        for (var run = MondayEarly; run <= MondayEarly.AddDays(1); run = run.AddHours(1))
        {
            h.Clock.SetUtcNow(run);
            smtpUp = run >= new DateTimeOffset(2022, 10, 17, 11, 0, 0, China);
            results.Add((run.ToString("ddd HH:mm", System.Globalization.CultureInfo.InvariantCulture), await RunTimerAsync(h)));
        }

        Assert.Equal(
            [
                ("Mon 00:30", DigestSendResult.NotDue), ("Mon 01:30", DigestSendResult.NotDue), ("Mon 02:30", DigestSendResult.NotDue),
                ("Mon 03:30", DigestSendResult.NotDue), ("Mon 04:30", DigestSendResult.NotDue), ("Mon 05:30", DigestSendResult.NotDue),
                ("Mon 06:30", DigestSendResult.NotDue), ("Mon 07:30", DigestSendResult.NotDue),
                ("Mon 08:30", DigestSendResult.Failed), ("Mon 09:30", DigestSendResult.Failed), ("Mon 10:30", DigestSendResult.Failed),
                ("Mon 11:30", DigestSendResult.Sent),
            ],
            results.Take(12));
        Assert.Equal(13, results.Count(r => r.Result == DigestSendResult.AlreadySent));
        var mail = Assert.Single(await h.MailsAsync());
        Assert.Equal("<cultivation-330784-2022-W42@yongkang.example>", mail.MessageId);
        var claim = await h.Storage.Get<IDigestStore>().GetClaimAsync("330784", "2022-W42", default);
        Assert.Equal(new DateTimeOffset(2022, 10, 17, 11, 30, 0, China), claim!.SentAt);
        Assert.Equal(SendClaimState.Sent, claim.State);
    }

    [Fact]
    public async Task Runs_before_the_send_time_claim_nothing_and_a_run_after_the_send_sends_nothing()
    {
        using var h = new AlertsHarness(start: MondayEarly.AddHours(7));
        h.Progress.Seed();

        Assert.Equal(DigestSendResult.NotDue, await RunTimerAsync(h));
        Assert.Null(await h.Storage.Get<IDigestStore>().GetClaimAsync("330784", "2022-W42", default));

        h.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(DigestSendResult.Sent, await RunTimerAsync(h));
        h.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(DigestSendResult.AlreadySent, await RunTimerAsync(h));

        Assert.Single(await h.MailsAsync());
    }

    [Fact]
    public async Task The_send_day_and_time_are_settings()
    {
        using var h = new AlertsHarness(
            settings: new Dictionary<string, string?> { ["Alerts:SendDay"] = "Wednesday", ["Alerts:SendTime"] = "14:00" },
            start: AlertsHarness.Monday);
        h.Progress.Seed();

        Assert.Equal(DigestSendResult.NotDue, await RunTimerAsync(h));
        h.Clock.SetUtcNow(new DateTimeOffset(2022, 10, 19, 13, 30, 0, China));
        Assert.Equal(DigestSendResult.NotDue, await RunTimerAsync(h));
        Assert.Empty(await h.MailsAsync());

        h.Clock.SetUtcNow(new DateTimeOffset(2022, 10, 19, 14, 30, 0, China));
        Assert.Equal(DigestSendResult.Sent, await RunTimerAsync(h));
        Assert.Equal("永康市企业梯度培育周报 2022年第42周", Assert.Single(await h.MailsAsync()).Subject);
    }

    [Fact]
    public async Task Sends_of_unknown_outcome_still_count_after_a_send_that_failed_in_between()
    {
        // Per call: the outcome stays unknown after the data went out, or the connection fails before it.
        var script = new Queue<string>(["unknown", "down", "unknown", "unknown"]);
        using var h = new AlertsHarness(send: async (inner, mail, ct) =>
        {
            switch (script.Count > 0 ? script.Dequeue() : "up")
            {
                case "down":
                    await AlertsHarness.SendToDeadServerAsync(mail, ct);
                    break;
                case "unknown":
                    await inner.SendAsync(mail, ct);
                    throw new IOException("connection reset after DATA");
                default:
                    await inner.SendAsync(mail, ct);
                    break;
            }
        });
        h.Progress.Seed();

        var results = new List<DigestSendResult>();
        for (var i = 0; i < 5; i++)
        {
            results.Add(await RunTimerAsync(h));
            h.Clock.Advance(TimeSpan.FromHours(1));
        }

        Assert.Equal([DigestSendResult.Unknown, DigestSendResult.Failed, DigestSendResult.Unknown, DigestSendResult.Unknown, DigestSendResult.GaveUp], results);
        Assert.Equal(3, (await h.MailsAsync()).Count);
    }

    /// <summary>The timer function as the host calls it; a failed send throws (so it shows in the logs) and is reported as <see cref="DigestSendResult.Failed"/>.</summary>
    private static async Task<DigestSendResult> RunTimerAsync(AlertsHarness h)
    {
        try
        {
            return (await new SendWeeklyDigest(h.Service).Run(new TimerInfo(), default)).Result;
        }
        catch (InvalidOperationException ex) when (ex.Message.Contains("not sent", StringComparison.Ordinal))
        {
            return DigestSendResult.Failed;
        }
    }
}
