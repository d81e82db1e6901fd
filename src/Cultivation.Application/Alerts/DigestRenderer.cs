using System.Globalization;
using System.Net;
using System.Text;
using Cultivation.Application.Leaders;
using Cultivation.Domain.Progress;

namespace Cultivation.Application.Alerts;

/// <summary>The digest as a mail: subject, HTML body and plain-text body.</summary>
public sealed record RenderedDigest(string Week, string Subject, string Html, string Text, WeeklyDigest Digest);

/// <summary>
/// Renders the digest in Chinese. The HTML is what mail clients render reliably: tables, inline
/// styles, no scripts, no external images; progress bars are two-cell tables. Every value that comes
/// from a filing (firm names, towns, reasons, file names) is HTML-escaped.
/// </summary>
public static class DigestRenderer
{
    public const string Green = "#2e7d32";
    public const string Amber = "#f9a825";
    public const string Red = "#c62828";
    public const string Grey = "#e0e0e0";
    public const string NoDataGrey = "#757575";

    public static string Subject(WeeklyDigest digest) =>
        string.Create(CultureInfo.InvariantCulture, $"{digest.CityName}企业梯度培育周报 {digest.IsoYear}年第{digest.WeekNumber}周");

    public static RenderedDigest Render(WeeklyDigest digest) =>
        new(digest.Week, Subject(digest), Html(digest), Text(digest), digest);

    public static string Number(decimal value) => value.ToString("#,0.##", CultureInfo.InvariantCulture);

    private static string E(string? value) => WebUtility.HtmlEncode(value ?? string.Empty);

    /// <summary>The colour of a status, shared by the digest and the dashboard: red behind, amber at risk, grey without data, else green.</summary>
    public static string StatusColor(string status) => status switch
    {
        ProgressStatus.Behind => Red,
        ProgressStatus.AtRisk => Amber,
        ProgressStatus.NoData => NoDataGrey,
        _ => Green,
    };

    /// <summary>The line under the targets' heading: how many lag, or that there is no complete quarter yet.</summary>
    private static string TargetsSummary(WeeklyDigest d)
    {
        var lagging = d.Lagging.Count();
        return d.Targets.Count == 0 ? "尚无已计算的目标进度。"
            : d.Targets.All(t => t.Status == ProgressStatus.NoData) ? "本年度尚无完整季度，各指标暂无数据。"
            : lagging == 0 ? "全部指标进度正常或已完成。"
            : $"{lagging} 项指标滞后或有风险（标红/黄）。";
    }

    /// <summary>"41 / 预期 50 / 目标 100 家" or "24.8 / 目标 30 万元/亩".</summary>
    public static string Figures(DigestTarget t)
    {
        var target = t.TargetText == "all" ? $"全部 {Number(t.Target)}" : Number(t.Target);
        return t.Kind == ProgressStatus.Ratio
            ? $"{(t.Value is { } v ? Number(v) : "—")} / 目标 {target} {t.Unit}"
            : $"{t.Achieved ?? 0} / 预期 {(t.Expected is { } e ? Number(e) : "—")} / 目标 {target} {t.Unit}";
    }

    public static int Percent(decimal share) => (int)Math.Round(share * 100m, MidpointRounding.AwayFromZero);

    private static string Date(DateOnly date) => date.ToString("yyyy年M月d日", CultureInfo.InvariantCulture);

    public static string Html(WeeklyDigest d)
    {
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>").Append(E(Subject(d))).Append("</title></head>");
        sb.Append("<body style=\"margin:0;padding:0;background:#f5f5f5;\">");
        sb.Append("<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" style=\"background:#f5f5f5;\"><tr><td align=\"center\" style=\"padding:16px;\">");
        sb.Append("<table role=\"presentation\" width=\"640\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" style=\"background:#ffffff;font-family:'Microsoft YaHei','PingFang SC',Arial,sans-serif;font-size:14px;color:#212121;\">");
        sb.Append("<tr><td style=\"padding:20px 24px;background:#1565c0;color:#ffffff;\">");
        sb.Append("<div style=\"font-size:20px;font-weight:bold;\">").Append(E(Subject(d))).Append("</div>");
        sb.Append("<div style=\"font-size:13px;\">").Append(E(Date(d.LocalDate))).Append(" · 进度截至 ").Append(E(d.AsOf ?? "尚无完整季度")).Append("</div>");
        sb.Append("</td></tr>");

        // Targets with bars.
        Section(sb, "一、目标进度");
        Paragraph(sb, TargetsSummary(d));
        if (d.Targets.Count > 0)
        {
            sb.Append("<tr><td style=\"padding:0 24px 8px 24px;\"><table role=\"presentation\" width=\"100%\" cellpadding=\"4\" cellspacing=\"0\" border=\"0\" style=\"border-collapse:collapse;font-size:13px;\">");
            foreach (var t in d.Targets)
            {
                var color = StatusColor(t.Status);
                var pct = Percent(t.Share);
                sb.Append("<tr><td style=\"border-bottom:1px solid #eeeeee;width:210px;\">").Append(E(t.Name)).Append("</td>");
                sb.Append("<td style=\"border-bottom:1px solid #eeeeee;width:170px;\">").Append(Bar(pct, color)).Append("</td>");
                sb.Append("<td style=\"border-bottom:1px solid #eeeeee;\">").Append(E(Figures(t)));
                if (TargetTrend.Line(t.Trend) is { Length: > 0 } trend)
                {
                    sb.Append("<div style=\"font-size:11px;color:#616161;\">走势 ").Append(E(trend)).Append("</div>");
                }

                sb.Append("</td>");
                sb.Append("<td style=\"border-bottom:1px solid #eeeeee;color:").Append(color).Append(";font-weight:bold;white-space:nowrap;\">").Append(E(t.StatusName)).Append("</td></tr>");
            }

            sb.Append("</table></td></tr>");
        }

        foreach (var t in d.Targets.Where(t => t.TownRanking is not null))
        {
            Paragraph(sb, $"{t.Name}：镇街完成率排名", bold: true);
            FirmTable(sb, ["排名", "镇街", "完成 / 分解目标", "完成率"], TownRows(t), int.MaxValue, "个");
        }

        Section(sb, "二、本周变化" + (d.PreviousWeek is { } pw ? $"（与 {pw} 相比）" : string.Empty));
        if (!d.HasPrevious)
        {
            Paragraph(sb, "这是第一份周报，尚无上期可比。");
        }
        else
        {
            if (d.NewFirms.Count == 0)
            {
                Paragraph(sb, "各指标无新增企业。");
            }

            foreach (var change in d.NewFirms)
            {
                Paragraph(sb, $"{change.TargetName}：新增 {change.Firms.Count} 家", bold: true);
                FirmTable(sb, ["企业名称", "统一社会信用代码", "镇街"], change.Firms.Select(f => new[] { f.Name, f.CreditCode, f.Town }), d.ListTop);
            }

            Paragraph(sb, $"新增低效企业（亩均税收低于标准）：{d.NewlyFlagged.Count} 家", bold: true);
            FirmTable(sb, ["企业名称", "镇街", "亩均税收（万元/亩）"], d.NewlyFlagged.Select(f => new[] { f.Name, f.Town, Number(f.TaxPerMu) }), d.ListTop);
            Paragraph(sb, $"已摘除低效企业：{d.NewlyCleared.Count} 家", bold: true);
            FirmTable(sb, ["企业名称", "统一社会信用代码", "镇街"], d.NewlyCleared.Select(f => new[] { f.Name, f.CreditCode, f.Town }), d.ListTop);
            if (d.PastCorrections.Count > 0)
            {
                Paragraph(sb, $"往期报送更正：{d.PastCorrections.Count} 个", bold: true);
                FirmTable(sb, ["文件", "报送单位", "报告期", "变化"], d.PastCorrections.Select(c => new[] { c.BlobName, c.Source, c.Period, c.Description }), d.ListTop, "个");
            }
        }

        Paragraph(sb, $"退回的报送文件：{d.Rejected.Count} 个", bold: true);
        FirmTable(sb, ["文件", "报送单位", "首个问题"], d.Rejected.Select(r => new[] { r.BlobName, r.Source, (r.FirstError ?? "—") + (r.Errors > 1 ? $"（共 {r.Errors} 处）" : string.Empty) }), d.ListTop, "个");

        Section(sb, $"三、逾期未报送（{d.DuePeriod}，截止 {Date(d.DueDate)}）");
        Paragraph(sb, d.LateTowns.Count == 0 ? "各镇街均已按时报送。" : $"{d.LateTowns.Count} 个镇街尚无通过的报送：{string.Join("、", d.LateTowns)}", bold: d.LateTowns.Count > 0, color: d.LateTowns.Count > 0 ? Red : null);

        Section(sb, $"四、小升规培育库前 {d.Pool.Count} 名");
        if (d.Pool.Count == 0)
        {
            Paragraph(sb, "培育库暂无企业。");
        }
        else
        {
            FirmTable(sb, ["排名", "企业名称", "镇街", "年化营业收入（万元）"], d.Pool.Select(p => new[] { p.Rank.ToString(CultureInfo.InvariantCulture), p.Name, p.Town, Number(p.AnnualisedRevenue) }), d.ListTop);
        }

        if (d.AttachmentName is { } attached)
        {
            Paragraph(sb, $"各名单超过 {d.ListTop} 家时只列前 {d.ListTop} 家；完整名单、各指标企业明细与镇街排名见附件《{attached}》。");
        }

        sb.Append("<tr><td style=\"padding:16px 24px;color:#757575;font-size:12px;\">本邮件由企业梯度培育系统自动发送，数据来自各镇街及统计局的季度报送。</td></tr>");
        sb.Append("</table></td></tr></table></body></html>");
        return sb.ToString();
    }

    /// <summary>A bar that renders without CSS support for widths on divs: a two-cell table, filled share in colour.</summary>
    private static string Bar(int percent, string color)
    {
        var sb = new StringBuilder();
        sb.Append("<table role=\"presentation\" width=\"160\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" style=\"width:160px;border-collapse:collapse;\"><tr>");
        if (percent > 0)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<td width=\"{percent}%\" style=\"width:{percent}%;height:12px;background:{color};font-size:1px;line-height:1px;\">&nbsp;</td>");
        }

        if (percent < 100)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<td width=\"{100 - percent}%\" style=\"width:{100 - percent}%;height:12px;background:{Grey};font-size:1px;line-height:1px;\">&nbsp;</td>");
        }

        sb.Append(CultureInfo.InvariantCulture, $"</tr></table><div style=\"font-size:11px;color:#616161;\">{percent}%</div>");
        return sb.ToString();
    }

    private static void Section(StringBuilder sb, string title) =>
        sb.Append("<tr><td style=\"padding:18px 24px 6px 24px;font-size:16px;font-weight:bold;color:#1565c0;\">").Append(E(title)).Append("</td></tr>");

    private static void Paragraph(StringBuilder sb, string text, bool bold = false, string? color = null) =>
        sb.Append("<tr><td style=\"padding:4px 24px;").Append(bold ? "font-weight:bold;" : string.Empty).Append(color is null ? string.Empty : $"color:{color};")
            .Append("\">").Append(E(text)).Append("</td></tr>");

    /// <summary>The first <paramref name="top"/> rows, then "另有 N 家" (the attached workbook has the rest).</summary>
    private static void FirmTable(StringBuilder sb, IReadOnlyList<string> headers, IEnumerable<string[]> rows, int top, string measure = "家")
    {
        var all = rows.ToList();
        if (all.Count == 0)
        {
            return;
        }

        var list = all.Take(top).ToList();

        sb.Append("<tr><td style=\"padding:2px 24px 8px 24px;\"><table role=\"presentation\" width=\"100%\" cellpadding=\"4\" cellspacing=\"0\" border=\"0\" style=\"border-collapse:collapse;font-size:13px;\"><tr>");
        foreach (var h in headers)
        {
            sb.Append("<th align=\"left\" style=\"background:#eeeeee;border-bottom:1px solid #bdbdbd;\">").Append(E(h)).Append("</th>");
        }

        sb.Append("</tr>");
        foreach (var row in list)
        {
            sb.Append("<tr>");
            foreach (var cell in row)
            {
                sb.Append("<td style=\"border-bottom:1px solid #eeeeee;\">").Append(E(cell)).Append("</td>");
            }

            sb.Append("</tr>");
        }

        if (all.Count > list.Count)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<tr><td colspan=\"{headers.Count}\" style=\"color:#616161;\">").Append(E(More(all.Count - list.Count, measure))).Append("</td></tr>");
        }

        sb.Append("</table></td></tr>");
    }

    /// <summary>另有 N 家（见附件）.</summary>
    public static string More(int count, string measure = "家") => $"……另有 {count} {measure}（完整名单见附件工作簿）";

    private static IEnumerable<string[]> TownRows(DigestTarget t) => t.TownRanking!.Select((town, i) => new[]
    {
        (i + 1).ToString(CultureInfo.InvariantCulture),
        town.Town,
        town.Share is { } share ? $"{town.Achieved} / {Number(share)}" : $"{town.Achieved} / —",
        town.Rate is { } rate ? $"{Percent(rate)}%" : "—",
    });

    /// <summary>The first <paramref name="top"/> lines of a list, then "另有 N 家".</summary>
    private static void TextList<T>(StringBuilder sb, IReadOnlyList<T> items, int top, Func<T, string> line, string measure = "家")
    {
        foreach (var item in items.Take(top))
        {
            sb.AppendLine("    - " + line(item));
        }

        if (items.Count > top)
        {
            sb.AppendLine("    " + More(items.Count - top, measure));
        }
    }

    public static string Text(WeeklyDigest d)
    {
        var sb = new StringBuilder();
        sb.AppendLine(Subject(d));
        sb.AppendLine($"{Date(d.LocalDate)} · 进度截至 {d.AsOf ?? "尚无完整季度"}");
        sb.AppendLine();
        sb.AppendLine("一、目标进度");
        sb.AppendLine("  " + TargetsSummary(d));

        foreach (var t in d.Targets)
        {
            var pct = Percent(t.Share);
            var filled = (int)Math.Round(pct / 5m, MidpointRounding.AwayFromZero);
            sb.AppendLine(CultureInfo.InvariantCulture, $"  [{new string('#', filled)}{new string('.', 20 - filled)}] {pct,3}%  {t.Name}：{Figures(t)}  {t.StatusName}{(t.IsLagging ? " ⚠" : string.Empty)}");
            if (TargetTrend.Line(t.Trend) is { Length: > 0 } trend)
            {
                sb.AppendLine("        走势 " + trend);
            }
        }

        foreach (var t in d.Targets.Where(t => t.TownRanking is not null))
        {
            sb.AppendLine($"  {t.Name}：镇街完成率排名");
            sb.AppendLine("    " + string.Join("、", TownRows(t).Select(r => $"{r[0]}. {r[1]} {r[2]}（{r[3]}）")));
        }

        sb.AppendLine();
        sb.AppendLine("二、本周变化" + (d.PreviousWeek is { } pw ? $"（与 {pw} 相比）" : string.Empty));
        if (!d.HasPrevious)
        {
            sb.AppendLine("  这是第一份周报，尚无上期可比。");
        }
        else
        {
            if (d.NewFirms.Count == 0)
            {
                sb.AppendLine("  各指标无新增企业。");
            }

            foreach (var change in d.NewFirms)
            {
                sb.AppendLine($"  {change.TargetName}：新增 {change.Firms.Count} 家");
                TextList(sb, change.Firms, d.ListTop, f => $"{f.Name}（{f.CreditCode}，{f.Town}）");
            }

            sb.AppendLine($"  新增低效企业：{d.NewlyFlagged.Count} 家");
            TextList(sb, d.NewlyFlagged, d.ListTop, f => $"{f.Name}（{f.Town}，亩均税收 {Number(f.TaxPerMu)} 万元/亩）");

            sb.AppendLine($"  已摘除低效企业：{d.NewlyCleared.Count} 家");
            TextList(sb, d.NewlyCleared, d.ListTop, f => $"{f.Name}（{f.CreditCode}，{f.Town}）");

            if (d.PastCorrections.Count > 0)
            {
                sb.AppendLine($"  往期报送更正：{d.PastCorrections.Count} 个");
                TextList(sb, d.PastCorrections, d.ListTop, c => $"{c.BlobName}（{c.Source}，{c.Period}）{c.Description}", "个");
            }
        }

        sb.AppendLine($"  退回的报送文件：{d.Rejected.Count} 个");
        TextList(sb, d.Rejected, d.ListTop, r => $"{r.BlobName}（{r.Source}）：{r.FirstError ?? "—"}{(r.Errors > 1 ? $"（共 {r.Errors} 处）" : string.Empty)}", "个");

        sb.AppendLine();
        sb.AppendLine($"三、逾期未报送（{d.DuePeriod}，截止 {Date(d.DueDate)}）");
        sb.AppendLine(d.LateTowns.Count == 0 ? "  各镇街均已按时报送。" : $"  {d.LateTowns.Count} 个镇街尚无通过的报送：{string.Join("、", d.LateTowns)}");
        sb.AppendLine();
        sb.AppendLine($"四、小升规培育库前 {d.Pool.Count} 名");
        if (d.Pool.Count == 0)
        {
            sb.AppendLine("  培育库暂无企业。");
        }

        foreach (var p in d.Pool)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"  {p.Rank,2}. {p.Name}（{p.Town}）年化营业收入 {Number(p.AnnualisedRevenue)} 万元");
        }

        if (d.AttachmentName is { } attached)
        {
            sb.AppendLine();
            sb.AppendLine($"完整名单、各指标企业明细与镇街排名见附件《{attached}》。");
        }

        return sb.ToString();
    }

    /// <summary>A short markdown summary for the group chat (DingTalk/WeCom markdown subset).</summary>
    public static string Markdown(WeeklyDigest d)
    {
        var sb = new StringBuilder();
        sb.AppendLine($"### {Subject(d)}");
        sb.AppendLine($"进度截至 {d.AsOf ?? "尚无完整季度"}");
        sb.AppendLine();
        foreach (var t in d.Lagging)
        {
            sb.AppendLine($"- **{MarkdownText(t.Name)}**：{Figures(t)}，{t.StatusName}");
        }

        if (!d.Lagging.Any())
        {
            sb.AppendLine("- " + TargetsSummary(d).TrimEnd('。'));
        }

        sb.AppendLine();
        sb.AppendLine(d.LateTowns.Count == 0 ? $"{d.DuePeriod} 各镇街均已报送" : $"{d.DuePeriod} 逾期未报送：{MarkdownText(string.Join("、", d.LateTowns))}");
        if (d.Rejected.Count > 0)
        {
            sb.AppendLine();
            sb.AppendLine($"本周退回文件 {d.Rejected.Count} 个");
        }

        sb.AppendLine();
        sb.AppendLine("详见周报邮件。");
        return sb.ToString();
    }

    // Group chats render markdown and some HTML: keep names literal.
    private static string MarkdownText(string text) => WebUtility.HtmlEncode(text).Replace("*", "\\*", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
}
