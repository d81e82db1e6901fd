using Cultivation.Application.Alerts;
using Cultivation.Application.Telemetry;
using Cultivation.Integration.Tests.Alerts;

namespace Cultivation.Integration.Tests.Telemetry;

/// <summary>
/// One operations event per digest send that was tried (the "no digest by Monday noon" alert and the
/// workbook's digest history read them); runs that find the week already sent are no event.
/// </summary>
public sealed class DigestEventsTests
{
    [Fact]
    public async Task A_send_refused_by_the_server_then_sent_gives_a_failed_and_a_sent_event_and_later_runs_none()
    {
        var calls = 0;
        var events = new EventCapture();
        using var h = new AlertsHarness(
            send: (inner, mail, ct) => Interlocked.Increment(ref calls) == 1
                ? throw new MailSendException(MailDelivery.NotSent, "connection refused")
                : inner.SendAsync(mail, ct),
            configure: events.Install);
        h.Progress.Seed();

        Assert.Equal(DigestSendResult.Failed, (await h.Service.SendAsync(default)).Result);
        Assert.Equal(DigestSendResult.Sent, (await h.Service.SendAsync(default)).Result);
        Assert.Equal(DigestSendResult.AlreadySent, (await h.Service.SendAsync(default)).Result);

        Assert.Equal([TelemetryEvents.DigestFailed, TelemetryEvents.DigestSent], events.Events.Select(e => e.Name));
        Assert.All(events.Events, e => Assert.Equal("2022-W42", e.Properties["week"]));
        Assert.Equal("Failed", events.Events[0].Properties["result"]);
        Assert.Equal("Sent", events.Events[1].Properties["result"]);
        Assert.Equal("1", events.Events[1].Properties["recipients"]);
    }

    [Fact]
    public async Task An_unknown_outcome_is_a_failed_event()
    {
        var events = new EventCapture();
        using var h = new AlertsHarness(send: (_, _, _) => throw new IOException("connection reset after DATA"), configure: events.Install);
        h.Progress.Seed();

        Assert.Equal(DigestSendResult.Unknown, (await h.Service.SendAsync(default)).Result);

        var failed = Assert.Single(events.Events);
        Assert.Equal(TelemetryEvents.DigestFailed, failed.Name);
        Assert.Equal("Unknown", failed.Properties["result"]);
    }
}
