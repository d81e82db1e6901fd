using Cultivation.Application.Notices;
using Cultivation.Domain.Filings;

namespace Cultivation.Domain.Tests.Notices;

public sealed class NoticeRendererTests
{
    [Fact]
    public void A_rejection_lists_the_first_ten_errors_in_chinese_with_row_column_and_value_and_says_the_workbook_is_attached()
    {
        var errors = Enumerable.Range(1, 12)
            .Select(i => new FilingError("Sheet1", i + 1, "实缴税金(万元)", "-" + i, $"实缴税金不能为负数（第{i}个）", "tax may not be negative"))
            .ToList();
        var verdict = Verdicts.Rejected("2022/Q2/象珠镇.xlsx", errors, inForce: new string('a', 64));

        var notice = NoticeRenderer.Render(verdict, NoticeAudience.Source, "永康市", 10,
            new WorkbookNote(WorkbookState.Attached, "象珠镇-2022Q2-核验结果.xlsx", 14_210));

        Assert.Equal("【已退回】象珠镇 2022年第2季度报送文件：12 个错误，请改正后重新上传", notice.Subject);
        Assert.Contains("结果：已退回，12 个错误，整个文件未被采用", notice.Text);
        Assert.Contains("处理时间：2022-10-13 15:00:00（北京时间）", notice.Text);
        Assert.Contains("报告期：2022年第2季度（2022Q2）", notice.Text);
        Assert.Contains("仍然有效：此前已接收的版本仍然有效", notice.Text);
        Assert.Contains("前 10 个错误（共 12 个）：", notice.Text);
        Assert.Contains("1. 第 2 行【实缴税金(万元)】“-1”：实缴税金不能为负数（第1个）", notice.Text);
        Assert.Contains("10. 第 11 行【实缴税金(万元)】“-10”：实缴税金不能为负数（第10个）", notice.Text);
        Assert.DoesNotContain("第11个", notice.Text);
        Assert.Contains("……另有 2 个错误，见错误标注版。", notice.Text);
        Assert.Contains("附件“象珠镇-2022Q2-核验结果.xlsx”就是您上传的表", notice.Text);
        Assert.Contains("filings/2022/Q2/", notice.Text);
        Assert.Contains("Filing 2022/Q2/象珠镇.xlsx was rejected with 12 errors", notice.Text);
        Assert.True(notice.Text.IndexOf("已退回", StringComparison.Ordinal) < notice.Text.IndexOf("rejected", StringComparison.Ordinal), "Chinese first");
        Assert.Equal(10, CountOf(notice.Html, "<li>"));
    }

    [Fact]
    public void An_acceptance_gives_the_rows_and_says_a_correction_replaced_the_version_before()
    {
        var verdict = Verdicts.Accepted("2022/Q2/象珠镇.xlsx", rows: 126) with { Replaced = new string('b', 64) };

        var notice = NoticeRenderer.Render(verdict, NoticeAudience.Source, "永康市", 10, WorkbookNote.NoneAtAll);

        Assert.Equal("【已接收】象珠镇 2022年第2季度报送文件：126 家企业", notice.Subject);
        Assert.Contains("结果：已接收，126 家企业已计入进度", notice.Text);
        Assert.Contains("更正：本文件替换了此前接收的版本", notice.Text);
        Assert.DoesNotContain("错误", notice.Text);
        Assert.Contains("Filing 2022/Q2/象珠镇.xlsx was accepted: 126 firms.", notice.Text);
    }

    [Fact]
    public void A_superseded_file_names_the_file_now_in_force_and_how_to_put_it_back()
    {
        var verdict = Verdicts.Superseded("2022/Q2/象珠镇.xlsx", "2022/Q2/象珠镇.xls");

        var notice = NoticeRenderer.Render(verdict, NoticeAudience.Source, "永康市", 10, WorkbookNote.NoneAtAll);

        Assert.Equal("【已被替代】象珠镇 2022年第2季度报送文件：以后上传的 2022/Q2/象珠镇.xls 为准", notice.Subject);
        Assert.Contains("结果：已被替代：同一报告期后上传的 2022/Q2/象珠镇.xls 为准，本文件保留但不计入", notice.Text);
        Assert.Contains("删除较新的文件，本文件即恢复有效", notice.Text);
        Assert.DoesNotContain("仍然有效", notice.Text);
        Assert.Contains("Filing 2022/Q2/象珠镇.xlsx was superseded by 2022/Q2/象珠镇.xls", notice.Text);
    }

    [Fact]
    public void A_withdrawn_file_says_its_rows_no_longer_count_and_the_same_file_reinstates_it()
    {
        var notice = NoticeRenderer.Render(Verdicts.Withdrawn("2022/Q2/象珠镇.xlsx"), NoticeAudience.Source, "永康市", 10, WorkbookNote.NoneAtAll);

        Assert.Equal("【已撤回】象珠镇 2022年第2季度报送文件：文件已删除，数据不再计入", notice.Subject);
        Assert.Contains("结果：已撤回：文件已从 filings 中删除，其数据不再计入进度", notice.Text);
        Assert.Contains("如属误删，重新上传同一文件即可恢复", notice.Text);
        Assert.Contains("Filing 2022/Q2/象珠镇.xlsx was withdrawn", notice.Text);
        Assert.DoesNotContain("错误", notice.Text);
    }

    [Fact]
    public void A_bad_name_goes_to_the_bureau_on_one_line_whatever_the_name_holds()
    {
        var name = "2022/Q2/象珠镇\r\nBcc: everyone@example.com.xlsx";
        var verdict = Verdicts.Rejected(name, [FilingError.ForFile(new Problem("文件名不符合规则", "not a filing name"))]);

        var notice = NoticeRenderer.Render(verdict, NoticeAudience.BureauForBadName, "永康市", 10, WorkbookNote.NoneAtAll);

        Assert.Equal("【已退回】文件名不符合规则：2022/Q2/象珠镇  Bcc: everyone@example.com.xlsx", notice.Subject);
        Assert.DoesNotContain('\r', notice.Subject + notice.Text);
        Assert.Contains("无法判断是哪个单位报送的，所以通知经信局", notice.Text);
        Assert.Contains("1. 整个文件：文件名不符合规则", notice.Text);
        Assert.DoesNotContain("报送单位：", notice.Text);
    }

    [Fact]
    public void A_chat_message_links_the_workbook_and_no_value_from_the_file_becomes_a_link_or_markup()
    {
        var errors = new List<FilingError>
        {
            new("Sheet1", 9, "企业名称", "[点此](http://evil.example) **加急**", "企业名称包含不允许的字符 [x](http://evil.example)", "bad name"),
        };
        var verdict = Verdicts.Rejected("2022/Q2/象珠镇.xlsx", errors);
        var link = "https://func.example.cn/api/filings/2022/Q2/%E8%B1%A1%E7%8F%A0%E9%95%87/report.xlsx";

        var notice = NoticeRenderer.Render(verdict, NoticeAudience.Source, "永康市", 10, new WorkbookNote(WorkbookState.None, Link: link));

        Assert.Contains($"[下载错误标注版（标出错误的原表）]({link})", notice.Markdown);
        Assert.Equal(1, CountOf(notice.Markdown, "](")); // the only link is ours
        Assert.Contains("企业名称包含不允许的字符 ［x］（http://evil.example）", notice.Markdown);
        Assert.DoesNotContain("evil.example) **", notice.Markdown);
        Assert.DoesNotContain("版本", notice.Markdown);
        Assert.StartsWith("#### 【已退回】象珠镇 2022年第2季度报送文件：1 个错误", notice.Markdown);
    }

    [Fact]
    public void A_workbook_too_large_for_mail_is_linked_and_a_replaced_one_is_explained()
    {
        var verdict = Verdicts.Rejected("2022/Q2/象珠镇.xlsx", [new FilingError("Sheet1", 2, "统一社会信用代码", "x", "代码有误", "bad code")]);

        var large = NoticeRenderer.Render(verdict, NoticeAudience.Source, "永康市", 10,
            new WorkbookNote(WorkbookState.TooLarge, "象珠镇-2022Q2-核验结果.xlsx", 31_457_280, "https://func.example.cn/x/report.xlsx"));
        var replaced = NoticeRenderer.Render(verdict, NoticeAudience.Source, "永康市", 10, new WorkbookNote(WorkbookState.Replaced));

        Assert.Contains("错误标注版有 30 MB，超过邮件附件的上限，没有附上。请从下面的链接下载（需登录）。", large.Text);
        Assert.Contains("https://func.example.cn/x/report.xlsx", large.Text);
        Assert.Contains("<a href=\"https://func.example.cn/x/report.xlsx\">", large.Html);
        Assert.Contains("这一版已被后来上传的文件覆盖", replaced.Text);
        Assert.DoesNotContain("附件", replaced.Text);
    }

    [Fact]
    public void A_file_given_up_tells_the_bureau_it_is_not_the_filers_doing()
    {
        var verdict = Verdicts.Failed("2022/Q3/花街镇.xlsx");

        var notice = NoticeRenderer.Render(verdict, NoticeAudience.BureauForGaveUp, "永康市", 10, WorkbookNote.NoneAtAll);

        Assert.Equal("【处理失败】花街镇 2022年第3季度报送文件多次处理失败，需经信局处理", notice.Subject);
        Assert.Contains("这不是文件内容的问题，需要经信局处理", notice.Text);
        Assert.Contains("1. 整个文件：文件处理失败：已尝试 5 次仍未完成", notice.Text);
        Assert.Contains("Cultivation.FilingGaveUp", notice.Text);
    }

    [Fact]
    public void Html_escapes_what_comes_from_the_file()
    {
        var verdict = Verdicts.Rejected("2022/Q2/象珠镇.xlsx", [new FilingError("Sheet1", 3, "企业名称", "<script>alert(1)</script>", "名称有误", "bad")]);

        var notice = NoticeRenderer.Render(verdict, NoticeAudience.Source, "永康市", 10, WorkbookNote.NoneAtAll);

        Assert.DoesNotContain("<script>", notice.Html);
        Assert.Contains("&lt;script&gt;", notice.Html);
    }

    private static int CountOf(string text, string part) => (text.Length - text.Replace(part, string.Empty, StringComparison.Ordinal).Length) / part.Length;
}
