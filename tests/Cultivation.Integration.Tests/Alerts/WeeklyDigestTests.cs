using System.Net;
using System.Net.Sockets;
using System.Text;
using Cultivation.Application.Alerts;
using Cultivation.Application.Storage;
using Cultivation.Domain.Periods;
using Cultivation.Domain.Progress;

namespace Cultivation.Integration.Tests.Alerts;

public sealed class WeeklyDigestTests
{
    private const string Script = "<script>alert(1)</script>";

    [Fact]
    public async Task Sends_one_digest_with_subject_recipients_message_id_and_both_bodies()
    {
        using var h = new AlertsHarness();
        h.Progress.Seed(new TargetFirm("913307840000000011", Script, "东城街道"));
        await h.FileAllButAsync(new Period(2022, 3), "唐先镇", "花街镇");

        var outcome = await h.Service.SendAsync(default);

        Assert.Equal(DigestSendResult.Sent, outcome.Result);
        var mail = Assert.Single(await h.MailsAsync());
        Assert.Equal("永康市企业梯度培育周报 2022年第42周", mail.Subject);
        Assert.Equal([h.Recipient], mail.To);
        Assert.Equal("cultivation@yongkang.example", mail.From);
        Assert.Equal("<cultivation-330784-2022-W42@yongkang.example>", mail.MessageId);
        Assert.Contains("41 / 预期 75 / 目标 100 家", mail.Html, StringComparison.Ordinal);
        Assert.Contains("24.8 / 目标 30 万元/亩", mail.Html, StringComparison.Ordinal);
        Assert.Contains("width:41%", mail.Html, StringComparison.Ordinal);
        Assert.Contains("唐先镇、花街镇", mail.Html, StringComparison.Ordinal);
        Assert.Contains("=SUM(A1)培育企业", mail.Html, StringComparison.Ordinal);
        Assert.Contains("41 / 预期 75 / 目标 100 家", mail.Text, StringComparison.Ordinal);
        Assert.Contains("2 个镇街尚无通过的报送：唐先镇、花街镇", mail.Text, StringComparison.Ordinal);
        Assert.Contains("1. =SUM(A1)培育企业（东城街道）年化营业收入 1,900 万元", mail.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_leaders_workbook_travels_with_the_digest_as_an_attachment()
    {
        using var h = new AlertsHarness();
        h.Progress.Seed(new TargetFirm("913307840000000011", Script, "东城街道"));

        Assert.Equal(DigestSendResult.Sent, (await h.Service.SendAsync(default)).Result);

        var mail = Assert.Single(await h.MailsAsync());
        var source = await h.Smtp.SourceAsync(mail.Id);
        var attachment = Assert.IsType<MimeKit.MimePart>(Assert.Single(source.Attachments));
        Assert.Equal("永康市企业梯度培育-2022.xlsx", attachment.FileName);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", attachment.ContentType.MimeType);
        using var bytes = new MemoryStream();
        await attachment.Content!.DecodeToAsync(bytes);
        using var book = new Cultivation.Domain.Tests.Builders.XlsxInspector(bytes.ToArray());
        Assert.Equal(["新增小升规企业", "家", "100", "41", "75"], book.Sheet("总览").Row(2, 5));
        Assert.Equal(Script, book.Sheet("新增小升规企业").Text("B2")!);
        Assert.Contains("见附件《永康市企业梯度培育-2022.xlsx》", mail.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_second_run_in_the_same_week_sends_nothing()
    {
        using var h = new AlertsHarness();
        h.Progress.Seed();

        Assert.Equal(DigestSendResult.Sent, (await h.Service.SendAsync(default)).Result);
        h.Clock.Advance(TimeSpan.FromDays(3));
        Assert.Equal(DigestSendResult.AlreadySent, (await h.Service.SendAsync(default)).Result);

        Assert.Single(await h.MailsAsync());
    }

    [Fact]
    public async Task Five_concurrent_runs_send_one_email()
    {
        using var h = new AlertsHarness();
        h.Progress.Seed();

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => Task.Run(() => h.Service.SendAsync(default))));

        Assert.Single(outcomes, o => o.Result == DigestSendResult.Sent);
        Assert.All(outcomes.Where(o => o.Result != DigestSendResult.Sent), o => Assert.Contains(o.Result, new[] { DigestSendResult.InProgress, DigestSendResult.AlreadySent }));
        Assert.Single(await h.MailsAsync());
    }

    [Fact]
    public async Task A_connect_failure_releases_the_week_so_the_next_run_sends()
    {
        var calls = 0;
        using var h = new AlertsHarness(send: async (inner, mail, ct) =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                await AlertsHarness.SendToDeadServerAsync(mail, ct);
            }

            await inner.SendAsync(mail, ct);
        });
        h.Progress.Seed();

        var first = await h.Service.SendAsync(default);
        Assert.Equal(DigestSendResult.Failed, first.Result);
        Assert.Empty(await h.MailsAsync());

        Assert.Equal(DigestSendResult.Sent, (await h.Service.SendAsync(default)).Result);
        Assert.Equal(DigestSendResult.AlreadySent, (await h.Service.SendAsync(default)).Result);
        Assert.Single(await h.MailsAsync());
    }

    [Fact]
    public async Task An_unknown_outcome_is_sent_at_most_once_more()
    {
        var calls = 0;
        using var h = new AlertsHarness(send: async (inner, mail, ct) =>
        {
            await inner.SendAsync(mail, ct);
            if (Interlocked.Increment(ref calls) == 1)
            {
                throw new IOException("connection reset after DATA");
            }
        });
        h.Progress.Seed();

        Assert.Equal(DigestSendResult.Unknown, (await h.Service.SendAsync(default)).Result);
        Assert.Equal(DigestSendResult.Sent, (await h.Service.SendAsync(default)).Result);
        Assert.Equal(DigestSendResult.AlreadySent, (await h.Service.SendAsync(default)).Result);

        var mails = await h.MailsAsync();
        Assert.Equal(2, mails.Count);
        Assert.All(mails, m => Assert.Equal("<cultivation-330784-2022-W42@yongkang.example>", m.MessageId));
    }

    [Fact]
    public async Task A_server_that_drops_the_connection_after_the_data_leaves_the_outcome_unknown()
    {
        using var server = DroppingSmtpServer.Start();
        using var h = new AlertsHarness(settings: new Dictionary<string, string?> { ["Smtp:Port"] = server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        h.Progress.Seed();

        var outcome = await h.Service.SendAsync(default);

        Assert.Equal(DigestSendResult.Unknown, outcome.Result);
        Assert.True(server.ReceivedData);
        var claim = await h.Storage.Get<IDigestStore>().GetClaimAsync("330784", "2022-W42", default);
        Assert.Equal(SendClaimState.Unknown, claim!.State);
    }

    [Fact]
    public async Task A_crashed_senders_claim_blocks_until_its_lease_expires()
    {
        using var h = new AlertsHarness();
        h.Progress.Seed();
        var store = h.Storage.Get<IDigestStore>();
        await store.TryWriteClaimAsync(new DigestClaim
        {
            City = "330784", Week = "2022-W42", State = SendClaimState.Claimed, Owner = "crashed",
            ClaimedAt = AlertsHarness.Monday, LeaseUntil = AlertsHarness.Monday.AddMinutes(10), Attempts = 1,
        }, default);

        Assert.Equal(DigestSendResult.InProgress, (await h.Service.SendAsync(default)).Result);
        Assert.Empty(await h.MailsAsync());

        h.Clock.Advance(TimeSpan.FromMinutes(11));
        Assert.Equal(DigestSendResult.Sent, (await h.Service.SendAsync(default)).Result);
        Assert.Single(await h.MailsAsync());
    }

    [Fact]
    public async Task Next_weeks_digest_lists_what_changed_since_this_one()
    {
        using var h = new AlertsHarness();
        h.Progress.Seed(new TargetFirm("913307840000000011", "老企业", "东城街道"));
        h.Progress.SeedCleared();
        h.Progress.LowEfficiency = new LowEfficiencyList("2022Q3", 5,
        [
            new LowEfficiencyFirm("913307840000000021", "已整改低效企业", "西城街道", 3m, 10m, 30m),
            new LowEfficiencyFirm("913307840000000023", "停报低效企业", "西城街道", 2m, 10m, 20m),
        ]);
        Assert.Equal(DigestSendResult.Sent, (await h.Service.SendAsync(default)).Result);

        // 0021 is cleared by the rule; 0023 merely left the flagged list (it stopped filing): not cleared.
        h.Progress.Seed(new TargetFirm("913307840000000011", "老企业", "东城街道"), new TargetFirm("913307840000000012", "新晋规上企业", "江南街道"));
        h.Progress.SeedCleared(new TargetFirm("913307840000000021", "已整改低效企业", "西城街道"));
        h.Progress.LowEfficiency = new LowEfficiencyList("2022Q3", 5, [new LowEfficiencyFirm("913307840000000022", Script, "古山镇", 1.5m, 12m, 18m)]);
        h.Clock.Advance(TimeSpan.FromDays(7));
        Assert.Equal(DigestSendResult.Sent, (await h.Service.SendAsync(default)).Result);

        var mails = await h.MailsAsync();
        Assert.Equal(2, mails.Count);
        var second = mails[1];
        Assert.Equal("永康市企业梯度培育周报 2022年第43周", second.Subject);
        Assert.Contains("（与 2022-W42 相比）", second.Text, StringComparison.Ordinal);
        Assert.Contains("新增小升规企业：新增 1 家", second.Text, StringComparison.Ordinal);
        Assert.Contains("新晋规上企业（913307840000000012，江南街道）", second.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("老企业", second.Text, StringComparison.Ordinal);
        Assert.Contains("新增低效企业：1 家", second.Text, StringComparison.Ordinal);
        Assert.Contains("已摘除低效企业：1 家", second.Text, StringComparison.Ordinal);
        Assert.Contains("已整改低效企业（913307840000000021，西城街道）", second.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("停报低效企业", second.Text, StringComparison.Ordinal);
        Assert.Contains("已整改低效企业", second.Html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", second.Html, StringComparison.Ordinal);
        Assert.DoesNotContain(Script, second.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Next_weeks_digest_names_a_correction_of_last_years_filing_under_past_corrections()
    {
        using var h = new AlertsHarness();
        h.Progress.Seed();
        await h.FileAllButAsync(new Period(2021, 4));
        Assert.Equal(DigestSendResult.Sent, (await h.Service.SendAsync(default)).Result);

        var ledger = h.Storage.Get<IFilingLedger>();
        var entry = (await ledger.GetAsync("2021/Q4/东城街道.xlsx", default))!;
        Assert.NotNull(await ledger.TryWriteAsync(entry with { CurrentSha = "sha-corrected", LatestSha = "sha-corrected" }, default));
        h.Clock.Advance(TimeSpan.FromDays(7));
        Assert.Equal(DigestSendResult.Sent, (await h.Service.SendAsync(default)).Result);

        var mails = await h.MailsAsync();
        Assert.DoesNotContain("往期报送更正", mails[0].Text, StringComparison.Ordinal);
        Assert.Contains("往期报送更正：1 个", mails[1].Text, StringComparison.Ordinal);
        Assert.Contains("2021/Q4/东城街道.xlsx（东城街道，2021Q4）更正：新版本生效，相关进度已重算", mails[1].Text, StringComparison.Ordinal);
        Assert.Contains("往期报送更正：1 个", mails[1].Html, StringComparison.Ordinal);
    }

    /// <summary>An SMTP server that takes the whole message and then drops the connection instead of answering 250.</summary>
    private sealed class DroppingSmtpServer : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        public bool ReceivedData { get; private set; }

        public static DroppingSmtpServer Start()
        {
            var server = new DroppingSmtpServer();
            server._listener.Start();
            _ = server.ServeAsync();
            return server;
        }

        private async Task ServeAsync()
        {
            using var client = await _listener.AcceptTcpClientAsync();
            using var stream = client.GetStream();
            using var reader = new StreamReader(stream, Encoding.ASCII);
            using var writer = new StreamWriter(stream, Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };
            await writer.WriteLineAsync("220 test ESMTP");
            while (await reader.ReadLineAsync() is { } line)
            {
                if (line.StartsWith("EHLO", StringComparison.OrdinalIgnoreCase) || line.StartsWith("HELO", StringComparison.OrdinalIgnoreCase))
                {
                    await writer.WriteLineAsync("250 test");
                }
                else if (line.StartsWith("DATA", StringComparison.OrdinalIgnoreCase))
                {
                    await writer.WriteLineAsync("354 go ahead");
                    while (await reader.ReadLineAsync() is { } data && data != ".")
                    {
                    }

                    ReceivedData = true;
                    client.Client.Shutdown(SocketShutdown.Both);
                    client.Close();
                    return;
                }
                else
                {
                    await writer.WriteLineAsync("250 ok");
                }
            }
        }

        public void Dispose() => _listener.Stop();
    }
}
