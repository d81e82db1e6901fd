using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Cultivation.Application;
using Cultivation.Application.Ingestion;
using Cultivation.Application.Notices;
using Cultivation.Application.Storage;
using Cultivation.Domain.Filings;
using Cultivation.Domain.Tests.Builders;
using Cultivation.Infrastructure.Storage;
using Cultivation.Integration.Tests.Alerts;
using Cultivation.Integration.Tests.Lifecycle;
using Xunit.Abstractions;
using static Cultivation.Integration.Tests.Notices.NoticeHarness;

namespace Cultivation.Integration.Tests.Notices;

/// <summary>SPEC §4 "Every result reaches the filer", against Azurite and smtp4dev: the follow-up step <c>notify</c>.</summary>
public sealed class TellFilerTests(ITestOutputHelper output)
{
    private const string Red = "FFFFC7CE";

    [Fact]
    public async Task A_rejected_correction_sends_that_town_exactly_one_email_with_its_annotated_workbook_and_a_second_reconciliation_sends_nothing()
    {
        using var h = new NoticeHarness();
        await h.UploadAsync(Xiangzhu, Seed("filings", Xiangzhu));
        Assert.Equal(IngestionResult.Accepted, Assert.Single(await h.ReconcileAsync()).Result);

        // The sample city's broken correction: a wrong check character, a town not of the city, a negative tax.
        await h.UploadAsync(Xiangzhu, Seed("filings-bad", Xiangzhu));
        var started = Stopwatch.GetTimestamp();
        var rejected = Assert.Single(await h.ReconcileAsync());
        var elapsed = Stopwatch.GetElapsedTime(started);
        Assert.Equal((IngestionResult.Rejected, 3), (rejected.Result, rejected.Errors));
        Assert.Empty(rejected.FollowUpsDue);
        Assert.Empty(await h.ReconcileAsync());

        var mails = await h.MailsToAsync(h.Town);
        Assert.Equal(2, mails.Count);
        Assert.StartsWith("【已接收】象珠镇 2022年第2季度报送文件：", mails[0].Subject);
        var mail = mails[1];
        Assert.Equal("【已退回】象珠镇 2022年第2季度报送文件：3 个错误，请改正后重新上传", mail.Subject);
        Assert.Contains("结果：已退回，3 个错误，整个文件未被采用", mail.Text);
        Assert.Contains("仍然有效：此前已接收的版本仍然有效", mail.Text);
        Assert.Empty(await h.MailsToAsync(h.Bureau));

        var source = await h.Smtp.SourceAsync(mail.Id);
        var attachment = Assert.IsType<MimeKit.MimePart>(Assert.Single(source.Attachments));
        Assert.Equal("象珠镇-2022Q2-核验结果.xlsx", attachment.FileName);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", attachment.ContentType.MimeType);
        using var bytes = new MemoryStream();
        await attachment.Content!.DecodeToAsync(bytes);

        // The highlighted cells are exactly the cells the stored report names (row, and the header of its column).
        var report = await StoredReportAsync(h, Xiangzhu);
        using var book = new XlsxInspector(bytes.ToArray());
        var sheet = book.Sheet(0);
        var header = sheet.Row(1, 40);
        var reported = report.Errors.Select(e => HeaderMap.ColumnLetters(IndexOf(header, e.Column)) + e.Row.ToString(CultureInfo.InvariantCulture)).Order().ToList();
        var red = sheet.Worksheet.Descendants<DocumentFormat.OpenXml.Spreadsheet.Cell>()
            .Select(c => c.CellReference!.Value!).Where(r => sheet.Fill(r) == Red).Order().ToList();
        Assert.Equal(["A6", "C10", "I15"], reported);
        Assert.Equal(reported, red);
        Assert.Equal("清溪镇", sheet.Text("C10"));
        Assert.Equal("-12.5", sheet.Text("I15"));

        // The message names each of them, first of all the wrong check character.
        Assert.Contains("1. 第 6 行【统一社会信用代码】", mail.Text);
        Assert.Contains("2. 第 10 行【所属镇街】“清溪镇”", mail.Text);
        Assert.Contains("3. 第 15 行【实缴税金(万元)】“-12.5”", mail.Text);

        var size = await MessageSizeAsync(h, mail.Id);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"rejection email: {size:N0} bytes as delivered, attachment {bytes.Length:N0} bytes; the rejecting reconciliation (ingestion and every follow-up, the notice included) took {elapsed.TotalMilliseconds:N0} ms"));
    }

    [Fact]
    public async Task An_smtp_outage_during_the_step_keeps_it_due_without_failing_the_ingestion_and_the_next_reconciliation_sends_it_once()
    {
        using var h = new NoticeHarness();
        h.SmtpDown = true;
        await h.UploadAsync(Xiangzhu, Seed("filings-bad", Xiangzhu));

        var outcome = await h.Storage.Get<IngestionService>().IngestAsync(Xiangzhu, default);

        Assert.Equal(IngestionResult.Rejected, outcome.Result);
        Assert.Equal(["notify"], outcome.FollowUpsDue);
        Assert.Empty(await h.MailsToAsync(h.Town));
        Assert.Empty(await h.Storage.EntitiesAsync(StorageNames.NoticesTable));

        h.SmtpDown = false;
        var started = Stopwatch.GetTimestamp();
        var followed = Assert.Single(await h.ReconcileAsync());
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"the reconciliation that finished only the notify step (the workbook written and mailed) took {Stopwatch.GetElapsedTime(started).TotalMilliseconds:N0} ms"));
        Assert.Equal(IngestionResult.FollowedUp, followed.Result);
        Assert.Empty(followed.FollowUpsDue);
        Assert.Empty(await h.ReconcileAsync());

        var mail = Assert.Single(await h.MailsToAsync(h.Town));
        Assert.StartsWith("【已退回】象珠镇 2022年第2季度报送文件：3 个错误", mail.Subject);
        var claim = Assert.Single(await h.Storage.EntitiesAsync(StorageNames.NoticesTable));
        Assert.Equal(("Sent", 1, "email"), (claim.GetString("State"), claim.GetInt32("Attempts"), claim.RowKey));
        Assert.Matches(@"^象珠镇-2022Q2-核验结果\.xlsx \([0-9,]+ bytes\)$", claim.GetString("Attachment"));
        Assert.Equal("【已退回】象珠镇 2022年第2季度报送文件：3 个错误，请改正后重新上传", claim.GetString("Subject"));
    }

    [Fact]
    public async Task A_send_whose_outcome_is_unknown_is_sent_once_more_and_then_never_again()
    {
        using var h = new NoticeHarness();
        h.BreakAfterHandOver = 1;
        await h.UploadAsync(Xiangzhu, Seed("filings", Xiangzhu));

        var outcome = await h.Storage.Get<IngestionService>().IngestAsync(Xiangzhu, default);
        Assert.Equal(IngestionResult.Accepted, outcome.Result);
        Assert.Equal(["notify"], outcome.FollowUpsDue);
        Assert.Equal("Unknown", Assert.Single(await h.Storage.EntitiesAsync(StorageNames.NoticesTable)).GetString("State"));

        Assert.Empty(Assert.Single(await h.ReconcileAsync()).FollowUpsDue);
        Assert.Empty(await h.ReconcileAsync());

        // At least once: the copy that may have arrived, and one more, carrying the same Message-ID.
        var mails = await h.MailsToAsync(h.Town);
        Assert.Equal(2, mails.Count);
        Assert.Equal(mails[0].MessageId, mails[1].MessageId);
        Assert.Matches("^<?cultivation-notice-[0-9a-f]{32}@yongkang.example>?$", mails[0].MessageId);
        var claim = Assert.Single(await h.Storage.EntitiesAsync(StorageNames.NoticesTable));
        Assert.Equal(("Sent", 2), (claim.GetString("State"), claim.GetInt32("Attempts")));
    }

    [Fact]
    public async Task Two_workers_telling_one_verdict_at_once_send_one_email()
    {
        using var h = new NoticeHarness();
        await h.UploadAsync(Xiangzhu, Seed("filings", Xiangzhu));
        h.SmtpDown = true;
        Assert.Equal(IngestionResult.Accepted, (await h.Storage.Get<IngestionService>().IngestAsync(Xiangzhu, default)).Result);
        h.SmtpDown = false;
        var entry = (await h.Storage.Get<IFilingLedger>().GetAsync(Xiangzhu, default))!;
        var verdict = FilingVerdict.FromJson((await h.Storage.Get<IFilingBlobs>().ReadVerdictAsync(entry.VerdictId!, default))!);

        // Two workers of the same app (their own service instances over the same storage) take the same message on.
        using var other = new NoticeHarness(new Dictionary<string, string?> { ["City:Contacts:0:Email"] = h.Town }, prefix: h.Storage.Prefix);
        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(async i =>
        {
            try
            {
                return await (i % 2 == 0 ? h : other).Storage.Get<FilerNotifier>().NotifyAsync(verdict, default);
            }
            catch (NoticeNotDeliveredException ex)
            {
                return ex.Deliveries;
            }
        }));

        Assert.Equal(1, results.Count(r => r.Single().Result == NoticeResult.Sent));
        Assert.All(results, r => Assert.Contains(r.Single().Result, new[] { NoticeResult.Sent, NoticeResult.AlreadySent, NoticeResult.InProgress }));
        Assert.Single(await h.MailsToAsync(h.Town));
    }

    [Fact]
    public async Task The_town_hears_once_that_its_file_was_superseded_by_a_re_save_and_once_that_the_re_save_was_withdrawn()
    {
        using var h = new NoticeHarness();
        const string xls = "2022/Q2/象珠镇.xls";
        await h.UploadAsync(Xiangzhu, Filings.CsvOf([1, 2], "象珠镇"));
        await h.ReconcileAsync();
        await ClerkActions.UploadAfterAsync(h.Storage, xls, Filings.CsvOf([1, 2, 3], "象珠镇"), Xiangzhu);
        await h.ReconcileAsync();

        await ClerkActions.DeleteAsync(h.Storage, xls);
        Assert.Contains(await h.ReconcileAsync(), o => o.BlobName == xls && o.Result == IngestionResult.Withdrawn);
        Assert.Empty(await h.ReconcileAsync());

        var subjects = (await h.MailsToAsync(h.Town)).Select(m => m.Subject).ToList();
        Assert.Single(subjects, s => s == "【已被替代】象珠镇 2022年第2季度报送文件：以后上传的 2022/Q2/象珠镇.xls 为准");
        Assert.Single(subjects, s => s == "【已撤回】象珠镇 2022年第2季度报送文件：文件已删除，数据不再计入");
        Assert.Single(subjects, s => s == "【已接收】象珠镇 2022年第2季度报送文件：3 家企业");
        var withdrawn = Assert.Single(await h.MailsToAsync(h.Town), m => m.Subject.StartsWith("【已撤回】", StringComparison.Ordinal));
        Assert.Contains("文件：2022/Q2/象珠镇.xls", withdrawn.Text);
        Assert.Contains("如属误删，重新上传同一文件即可恢复", withdrawn.Text);
        Assert.Empty((await h.Smtp.SourceAsync(withdrawn.Id)).Attachments);
    }

    [Fact]
    public async Task A_blob_whose_name_names_no_source_is_told_to_the_bureau()
    {
        using var h = new NoticeHarness();
        await h.UploadAsync("2022/象珠镇.xlsx", Seed("filings", Xiangzhu));

        Assert.Equal(IngestionResult.Rejected, Assert.Single(await h.ReconcileAsync()).Result);
        Assert.Empty(await h.ReconcileAsync());

        var mail = Assert.Single(await h.MailsToAsync(h.Bureau));
        Assert.Equal("【已退回】文件名不符合规则：2022/象珠镇.xlsx", mail.Subject);
        Assert.Contains("无法判断是哪个单位报送的，所以通知经信局", mail.Text);
        Assert.Empty((await h.Smtp.SourceAsync(mail.Id)).Attachments);
        Assert.Empty(await h.MailsToAsync(h.Town));
    }

    [Fact]
    public async Task A_contact_with_a_robot_gets_a_signed_chat_message_linking_the_annotated_workbook()
    {
        await using var robot = await FakeRobot.StartAsync((200, """{"errcode":0,"errmsg":"ok"}"""));
        using var h = new NoticeHarness(new Dictionary<string, string?>
        {
            ["City:Contacts:0:Email"] = null,
            ["City:Contacts:0:Webhook"] = robot.Url + "?access_token=xz",
            ["City:Contacts:0:WebhookSecret"] = "SECxiangzhu",
            ["Notices:ReportBaseUrl"] = "https://cultivation.example.cn/",
        });
        await h.UploadAsync(Xiangzhu, Seed("filings-bad", Xiangzhu));

        Assert.Equal(IngestionResult.Rejected, Assert.Single(await h.ReconcileAsync()).Result);
        Assert.Empty(await h.ReconcileAsync());

        var (query, body) = Assert.Single(robot.Requests);
        Assert.Matches("^\\?access_token=xz&timestamp=[0-9]{13}&sign=[A-Za-z0-9%]+$", query);
        using var json = JsonDocument.Parse(body);
        var markdown = json.RootElement.GetProperty("markdown");
        Assert.Equal("【已退回】象珠镇 2022年第2季度报送文件：3 个错误，请改正后重新上传", markdown.GetProperty("title").GetString());
        var text = markdown.GetProperty("text").GetString()!;
        Assert.Contains("](https://cultivation.example.cn/api/filings/2022/Q2/%E8%B1%A1%E7%8F%A0%E9%95%87/report.xlsx)", text);
        Assert.Contains("3. 第 15 行【实缴税金（万元）】", text);
        Assert.Empty(await h.MailsToAsync(h.Town));
        var claim = Assert.Single(await h.Storage.EntitiesAsync(StorageNames.NoticesTable));
        Assert.Equal(("chat", "Sent", "webhook 127.0.0.1"), (claim.RowKey, claim.GetString("State"), claim.GetString("Recipients")));
        Assert.Equal("【已退回】象珠镇 2022年第2季度报送文件：3 个错误，请改正后重新上传", claim.GetString("Subject"));
    }

    private static int IndexOf(IReadOnlyList<string?> header, string column)
    {
        for (var i = 0; i < header.Count; i++)
        {
            if (header[i] == column)
            {
                return i;
            }
        }

        throw new InvalidOperationException($"no column {column} in the header");
    }

    private static async Task<FilingReport> StoredReportAsync(NoticeHarness h, string blob) =>
        JsonSerializer.Deserialize<FilingReport>((await h.Storage.Get<IFilingBlobs>().ReadReportAsync(blob + ".json", default))!, CultivationJson.Options)!;

    private static async Task<long> MessageSizeAsync(NoticeHarness h, string id)
    {
        using var stream = new MemoryStream();
        await (await h.Smtp.SourceAsync(id)).WriteToAsync(stream);
        return stream.Length;
    }
}
