using System.Globalization;
using System.Net;
using System.Text;
using Cultivation.Application.Ingestion;
using Cultivation.Application.Storage;

namespace Cultivation.Application.Notices;

/// <summary>
/// Writes the short message that tells a filer (or the bureau) of one verdict: the file, the verdict, the counts, the time
/// in China time, for a rejection the first errors in Chinese and what became of the annotated workbook, and what to do
/// next; Chinese first, an English line after. Everything taken from the file or its name is shown as plain text.
/// </summary>
public static class NoticeRenderer
{
    /// <summary>Characters of a cell value quoted beside an error (the workbook has the whole cell).</summary>
    private const int ValueQuote = 30;

    private static readonly CultureInfo s_inv = CultureInfo.InvariantCulture;

    public static FilerNotice Render(FilingVerdict verdict, NoticeAudience audience, string cityName, int maxErrors, WorkbookNote workbook)
    {
        var notice = Compose(verdict, audience, cityName, Math.Max(0, maxErrors), workbook);
        return new FilerNotice(notice.Subject, Text(notice), Html(notice), Markdown(notice));
    }

    /// <summary><c>2022年第2季度</c>.</summary>
    public static string PeriodText(string period) =>
        Domain.Periods.Period.TryParse(period, out var p) ? $"{p.Year}年第{p.Quarter}季度" : period;

    private static Composed Compose(FilingVerdict verdict, NoticeAudience audience, string cityName, int maxErrors, WorkbookNote workbook)
    {
        var report = verdict.Report;
        var name = verdict.Name;
        var file = Plain(verdict.BlobName, 200);
        var source = name?.Source;
        var period = name is null ? null : PeriodText(name.Period.ToString());
        var what = name is null ? file : $"{source} {period}报送文件";
        var rejected = verdict.Status == FilingStatus.Rejected;

        var subject = (audience, verdict.Status) switch
        {
            (NoticeAudience.BureauForBadName, _) => $"【已退回】文件名不符合规则：{Plain(verdict.BlobName, 60)}",
            (NoticeAudience.BureauForGaveUp, _) => $"【处理失败】{what}多次处理失败，需经信局处理",
            (NoticeAudience.BureauForSource, FilingStatus.Rejected) => $"【已退回】{what}：{report.ErrorCount} 个错误（{source}未登记联系人）",
            (_, FilingStatus.Accepted) => $"【已接收】{what}：{report.Rows} 家企业",
            (_, FilingStatus.Rejected) => $"【已退回】{what}：{report.ErrorCount} 个错误，请改正后重新上传",
            (_, FilingStatus.Superseded) => $"【已被替代】{what}：以后上传的 {Plain(verdict.SupersededBy ?? "-", 60)} 为准",
            (_, FilingStatus.Withdrawn) => $"【已撤回】{what}：文件已删除，数据不再计入",
            _ => $"【{report.StatusName}】{what}",
        };

        var intro = audience switch
        {
            NoticeAudience.BureauForBadName => "有一个文件的文件名不符合规则，无法判断是哪个单位报送的，所以通知经信局。这个文件没有被处理。",
            NoticeAudience.BureauForGaveUp => "有一个文件多次处理失败，系统已停止重试。这不是文件内容的问题，需要经信局处理。",
            NoticeAudience.BureauForSource => $"{source}没有登记接收处理结果的联系人（City:Contacts），这份退回的结果无法直接告诉他们，请转告。",
            _ => null,
        };

        var fields = new List<(string Label, string Value)> { ("文件", file) };
        if (name is not null)
        {
            fields.Add(("报送单位", name.Source));
            fields.Add(("报告期", $"{period}（{name.Period}）"));
        }

        fields.Add(("结果", verdict.Status switch
        {
            FilingStatus.Accepted => $"已接收，{report.Rows} 家企业已计入进度",
            FilingStatus.Rejected => $"已退回，{report.ErrorCount} 个错误，整个文件未被采用",
            FilingStatus.Failed => "处理失败，已停止重试",
            FilingStatus.Superseded => $"已被替代：同一报告期后上传的 {Plain(verdict.SupersededBy ?? "-", 200)} 为准，本文件保留但不计入",
            FilingStatus.Withdrawn => "已撤回：文件已从 filings 中删除，其数据不再计入进度",
            _ => report.StatusName,
        }));
        fields.Add(("处理时间", ChinaTime.Format(verdict.DecidedAt)));
        if (verdict.Status == FilingStatus.Accepted && verdict.Replaced is not null)
        {
            fields.Add(("更正", "本文件替换了此前接收的版本，以本版本为准。"));
        }
        else if (verdict.Status is FilingStatus.Rejected or FilingStatus.Failed && report.InForce is not null)
        {
            fields.Add(("仍然有效", "此前已接收的版本仍然有效，直到改正后的文件被接收。"));
        }

        fields.Add(("版本", report.Version.Length > 16 ? report.Version[..16] + "…" : report.Version));

        var listed = verdict.Status == FilingStatus.Accepted ? [] : report.Errors.Take(maxErrors).Select(ErrorLine).ToList();
        var more = verdict.Status == FilingStatus.Accepted ? 0 : report.ErrorCount - listed.Count;
        var errorsTitle = listed.Count == 0 ? null : more > 0 ? $"前 {listed.Count} 个错误（共 {report.ErrorCount} 个）" : "错误";

        var workbookText = rejected && name is not null ? WorkbookText(workbook) : null;
        var next = (audience, verdict.Status) switch
        {
            (NoticeAudience.BureauForBadName, _) =>
                "请上传者按“年份/Q季度/报送单位.xlsx”的规则（如 2022/Q3/东城街道.xlsx）重新命名后上传。",
            (NoticeAudience.BureauForGaveUp, _) =>
                "排除故障（存储、权限等，见运行日志中的 Cultivation.FilingGaveUp 事件）后，请报送单位上传新的版本；同一内容的版本不会再自动处理。",
            (_, FilingStatus.Rejected) when name is not null =>
                $"下一步：改正后以同一文件名上传到 filings/{name.Period.Year}/Q{name.Period.Quarter}/，覆盖原文件，系统会重新检查。",
            (_, FilingStatus.Accepted) => "无需操作。如需更正，以同一文件名重新上传即可，以最后上传的为准。",
            (_, FilingStatus.Superseded) => "无需操作。如果本文件才是要报送的，删除较新的文件，本文件即恢复有效。",
            (_, FilingStatus.Withdrawn) => "如属误删，重新上传同一文件即可恢复；如是有意撤回，无需操作。",
            _ => null,
        };

        var english = (audience, verdict.Status) switch
        {
            (NoticeAudience.BureauForBadName, _) => $"The blob {file} is not a filing name; it was not processed.",
            (NoticeAudience.BureauForGaveUp, _) => $"Filing {file} was given up after repeated failures (not a problem in the file); the bureau needs to look into it.",
            (_, FilingStatus.Accepted) => $"Filing {file} was accepted: {report.Rows} firms.",
            (_, FilingStatus.Rejected) => $"Filing {file} was rejected with {report.ErrorCount} errors; nothing from it was applied."
                + (workbook.State == WorkbookState.Attached ? " The annotated workbook is attached: fix the cells marked red and upload it again under the same name." : string.Empty),
            (_, FilingStatus.Superseded) => $"Filing {file} was superseded by {Plain(verdict.SupersededBy ?? "-", 200)}, uploaded later for the same period; it is kept but no longer counted.",
            (_, FilingStatus.Withdrawn) => $"Filing {file} was withdrawn: its blob was deleted and its rows no longer count. Upload the same file again to reinstate it.",
            _ => $"Filing {file}: {verdict.Status.ToString().ToLowerInvariant()}.",
        };

        return new Composed($"{cityName}企业梯度培育 · 报送文件处理结果", subject, intro, fields, errorsTitle, listed, more, workbookText,
            rejected && name is not null ? workbook.Link : null, next, english);
    }

    private static string ErrorLine(ReportError e)
    {
        var sb = new StringBuilder(e.Row > 0 ? string.Create(s_inv, $"第 {e.Row} 行") : "整个文件");
        if (e.Column.Length > 0)
        {
            sb.Append('【').Append(Plain(e.Column, 40)).Append('】');
        }

        if (e.Value.Length > 0)
        {
            sb.Append('“').Append(Plain(e.Value, ValueQuote)).Append('”');
        }

        return sb.Append('：').Append(Plain(e.Reason, 300)).ToString();
    }

    private static string? WorkbookText(WorkbookNote workbook) => workbook.State switch
    {
        WorkbookState.Attached =>
            $"附件“{workbook.FileName}”就是您上传的表：出错的单元格已标红（鼠标停在上面可看原因），每个出错行最右边的“错误说明”列写明了该行的问题。可以直接在附件里改正。",
        WorkbookState.TooLarge =>
            string.Create(s_inv, $"错误标注版有 {workbook.Bytes / (1024.0 * 1024):0.#} MB，超过邮件附件的上限，没有附上。")
            + (workbook.Link is null ? "请向经信局索取。" : "请从下面的链接下载（需登录）。"),
        WorkbookState.Replaced => "这一版已被后来上传的文件覆盖（未被接收的版本不存档），无法附上错误标注版；请以新文件的处理结果为准。",
        _ => workbook.Link is null ? null : "错误标注版（您上传的表，出错的单元格已标红）可从下面的链接下载（需登录）。",
    };

    private static string Text(Composed n)
    {
        var sb = new StringBuilder();
        sb.AppendLine(n.Heading).AppendLine();
        if (n.Intro is not null)
        {
            sb.AppendLine(n.Intro).AppendLine();
        }

        foreach (var (label, value) in n.Fields)
        {
            sb.Append(label).Append('：').AppendLine(value);
        }

        if (n.ErrorsTitle is not null)
        {
            sb.AppendLine().Append(n.ErrorsTitle).AppendLine("：");
            for (var i = 0; i < n.Errors.Count; i++)
            {
                sb.AppendLine(s_inv, $"{i + 1}. {n.Errors[i]}");
            }

            if (n.More > 0)
            {
                sb.AppendLine(s_inv, $"……另有 {n.More} 个错误，见错误标注版。");
            }
        }

        sb.AppendLine();
        foreach (var paragraph in new[] { n.Workbook, n.Link, n.Next }.OfType<string>())
        {
            sb.AppendLine(paragraph);
        }

        sb.AppendLine().AppendLine(n.English);
        sb.AppendLine().AppendLine("本邮件由系统自动发送，请勿直接回复。/ Sent automatically; please do not reply.");
        return sb.ToString();
    }

    private static string Html(Composed n)
    {
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>").Append(E(n.Subject)).Append("</title></head>");
        sb.Append("<body style=\"font-family:'PingFang SC','Microsoft YaHei',sans-serif;font-size:14px;color:#222;max-width:680px\">");
        sb.Append("<h2 style=\"font-size:18px\">").Append(E(n.Heading)).Append("</h2>");
        if (n.Intro is not null)
        {
            sb.Append("<p style=\"color:#a61b1b\">").Append(E(n.Intro)).Append("</p>");
        }

        sb.Append("<table style=\"border-collapse:collapse\">");
        foreach (var (label, value) in n.Fields)
        {
            sb.Append("<tr><th style=\"text-align:left;padding:2px 12px 2px 0;white-space:nowrap;vertical-align:top\">").Append(E(label))
                .Append("</th><td style=\"padding:2px 0\">").Append(E(value)).Append("</td></tr>");
        }

        sb.Append("</table>");
        if (n.ErrorsTitle is not null)
        {
            sb.Append("<h3 style=\"font-size:15px\">").Append(E(n.ErrorsTitle)).Append("</h3><ol>");
            foreach (var line in n.Errors)
            {
                sb.Append("<li>").Append(E(line)).Append("</li>");
            }

            sb.Append("</ol>");
            if (n.More > 0)
            {
                sb.Append(s_inv, $"<p>……另有 {n.More} 个错误，见错误标注版。</p>");
            }
        }

        foreach (var paragraph in new[] { n.Workbook, n.Next }.OfType<string>())
        {
            sb.Append("<p>").Append(E(paragraph)).Append("</p>");
        }

        if (n.Link is not null)
        {
            sb.Append("<p><a href=\"").Append(E(n.Link)).Append("\">下载错误标注版 / download the annotated workbook</a></p>");
        }

        sb.Append("<p style=\"color:#666\">").Append(E(n.English)).Append("</p>");
        sb.Append("<p style=\"color:#999;font-size:12px\">本邮件由系统自动发送，请勿直接回复。/ Sent automatically; please do not reply.</p>");
        return sb.Append("</body></html>").ToString();
    }

    private static string Markdown(Composed n)
    {
        var sb = new StringBuilder();
        sb.Append("#### ").AppendLine(Md(n.Subject)).AppendLine();
        if (n.Intro is not null)
        {
            sb.AppendLine(Md(n.Intro)).AppendLine();
        }

        // Chat groups are wider than the filer's desk: the file and its verdict, not the firms' values.
        foreach (var (label, value) in n.Fields.Where(f => f.Label != "版本"))
        {
            sb.Append("- ").Append(label).Append('：').AppendLine(Md(value));
        }

        if (n.ErrorsTitle is not null)
        {
            sb.AppendLine().Append("**").Append(n.ErrorsTitle).AppendLine("**").AppendLine();
            for (var i = 0; i < n.Errors.Count; i++)
            {
                sb.AppendLine(s_inv, $"{i + 1}. {Md(n.Errors[i])}");
            }

            if (n.More > 0)
            {
                sb.AppendLine().AppendLine(s_inv, $"……另有 {n.More} 个错误，见错误标注版。");
            }
        }

        sb.AppendLine();
        if (n.Link is not null)
        {
            sb.Append("[下载错误标注版（标出错误的原表）](").Append(n.Link).AppendLine(")").AppendLine();
        }

        if (n.Next is not null)
        {
            sb.AppendLine(Md(n.Next)).AppendLine();
        }

        sb.AppendLine(Md(n.English));
        return sb.ToString();
    }

    private static string E(string value) => WebUtility.HtmlEncode(value);

    /// <summary>Text from a file for a chat's markdown: no markup, links or emphasis can come of it.</summary>
    private static string Md(string value) => WebUtility.HtmlEncode(value)
        .Replace("\\", "\\\\", StringComparison.Ordinal)
        .Replace("*", "\\*", StringComparison.Ordinal)
        .Replace("_", "\\_", StringComparison.Ordinal)
        .Replace("`", "\\`", StringComparison.Ordinal)
        .Replace('[', '［').Replace(']', '］').Replace('(', '（').Replace(')', '）');

    /// <summary>A value on one line (no control characters, so nothing can start a header or a line of its own), at most <paramref name="max"/> characters.</summary>
    private static string Plain(string value, int max)
    {
        var clean = new string([.. value.Select(c => char.IsControl(c) || c is '\u2028' or '\u2029' ? ' ' : c)]).Trim();
        if (clean.Length <= max)
        {
            return clean;
        }

        var keep = char.IsHighSurrogate(clean[max - 2]) ? max - 2 : max - 1;
        return string.Concat(clean.AsSpan(0, keep), "…");
    }

    private sealed record Composed(
        string Heading,
        string Subject,
        string? Intro,
        IReadOnlyList<(string Label, string Value)> Fields,
        string? ErrorsTitle,
        IReadOnlyList<string> Errors,
        int More,
        string? Workbook,
        string? Link,
        string? Next,
        string English);
}
