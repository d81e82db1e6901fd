using System.Globalization;
using System.Net;
using System.Text;
using Cultivation.Application.Alerts;
using Cultivation.Domain.Progress;

namespace Cultivation.Application.Leaders;

/// <summary>
/// The leaders' dashboard (SPEC §5): one server-rendered HTML page for a phone. Each target's bar and status in
/// the digest's colours, its trend by quarter as an inline SVG chart, the town ranking where there are shares,
/// a drill-down (<c>&lt;details&gt;</c>, no script) to the firms behind the number, the low-efficiency list,
/// links to the workbook, and how far the towns are with the next quarter. No external resources and no script:
/// everything is inline, so the page works offline and under a strict Content-Security-Policy. Every value that
/// comes from a filing is HTML-escaped; links are relative and carry no query of the request (no function key).
/// </summary>
public static class DashboardPage
{
    /// <summary>The page's Content-Security-Policy: inline styles only, nothing fetched, no script.</summary>
    public const string ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private const string Css = """
        *{box-sizing:border-box}
        body{margin:0;background:#f5f5f5;color:#212121;font:15px/1.5 "Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif}
        header{background:#1565c0;color:#fff;padding:14px 16px}
        header h1{margin:0;font-size:20px}
        header p{margin:4px 0 0;font-size:13px}
        header a{color:#fff}
        main{max-width:960px;margin:0 auto;padding:8px}
        section{background:#fff;border-radius:6px;margin:8px 0;padding:12px 14px}
        h3{margin:12px 0 4px;font-size:15px}
        h2{margin:0 0 6px;font-size:16px;display:flex;justify-content:space-between;gap:8px}
        .status{white-space:nowrap;font-size:14px}
        .bar{position:relative;height:14px;background:#e0e0e0;border-radius:7px;overflow:hidden}
        .bar span{display:block;height:100%}
        .bar i{position:absolute;top:0;bottom:0;width:2px;background:#212121}
        .fig{margin:6px 0;font-size:14px}
        .fig b{font-size:20px}
        .muted{color:#616161;font-size:13px}
        svg{display:block;width:100%;max-width:480px;height:auto}
        details{margin-top:6px}
        summary{cursor:pointer;color:#1565c0;padding:4px 0}
        .scroll{overflow-x:auto;max-width:100%}
        table{border-collapse:collapse;width:100%;font-size:13px}
        th,td{text-align:left;padding:4px 6px;border-bottom:1px solid #eee;vertical-align:top}
        th{background:#eee}
        td.code{word-break:break-all;font-size:12px}
        td.num,th.num{text-align:right;white-space:nowrap}
        .links a{display:inline-block;margin:2px 8px 2px 0}
        .towns{display:flex;flex-wrap:wrap;gap:4px}
        .towns span{padding:1px 6px;border-radius:10px;font-size:12px}
        .filed{background:#e8f5e9;color:#2e7d32}
        .missing{background:#ffebee;color:#c62828}
        footer{color:#757575;font-size:12px;padding:8px 16px 24px}
        table.list td:nth-child(2){white-space:nowrap}
        table.list td:nth-child(n+3),table.list th:nth-child(n+3){text-align:right;white-space:nowrap}
        table.list td small{color:#616161;font-size:12px}
        #gap-list td:nth-child(3),#gap-list th:nth-child(3){white-space:normal;text-align:left}
        @media (min-width:900px){
          main{display:grid;grid-template-columns:1fr 1fr;gap:0 12px;align-items:start}
          #next,#low-efficiency,#workbooks{grid-column:1/-1}
          section.target:has(details[open]){grid-column:1/-1}
        main:has(#firms){display:block}
        }
        @media (max-width:600px){
          table.list tr:first-child{display:none}
          table.list tr{display:block;border-bottom:1px solid #e0e0e0;padding:4px 0}
          table.list td{display:block;border:0;padding:1px 4px;text-align:left}
          table.list td:nth-child(n+3){display:flex;justify-content:space-between;gap:8px;white-space:normal}
          table.list td:nth-child(n+3)::before{color:#616161}
        }
        """;

    /// <summary>Firms per drill-down page: a phone should not load the 亩均 list of a large city (15,000 firms, 2 MB) at once.</summary>
    public const int PageSize = 500;

    /// <summary>The list of the as-of period's low-efficiency firms and data gaps, drilled into like a target.</summary>
    public const string LowEfficiencyList = "low-efficiency";

    /// <summary>
    /// The overview (<paramref name="drillDown"/> null): every target's card with a link to its firms; or one drill-down
    /// page: a target's card with its town ranking open and the firms behind its number, or <see cref="LowEfficiencyList"/>.
    /// Drill-downs are pages of their own so that a phone loads only the list it opens (the 亩均 list alone holds
    /// every 规上 firm with land).
    /// </summary>
    /// <param name="years">Other years with progress, linked for switching; may be empty.</param>
    /// <param name="page">The page of a target's firms (1-based, <see cref="PageSize"/> each).</param>
    public static string Render(LeadersReport report, IReadOnlyList<int> years, string? drillDown = null, int page = 1)
    {
        var p = report.Progress;
        var sb = new StringBuilder(64 * 1024);
        var title = $"{report.CityName}企业梯度培育目标 {report.Year}年";
        var target = drillDown is null ? null : p.Targets.FirstOrDefault(t => t.Id == drillDown);
        var pageTitle = target is not null ? $"{target.Name} · {title}" : drillDown == LowEfficiencyList ? $"低效企业 · {title}" : title;
        sb.Append("<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">")
            .Append("<meta name=\"referrer\" content=\"no-referrer\">")
            .Append("<title>").Append(E(pageTitle)).Append("</title><style>").Append(Css).Append("</style></head><body>");

        sb.Append("<header><h1>").Append(E(title)).Append("</h1>");
        sb.Append("<p data-field=\"asOf\">进度截至 ").Append(E(p.AsOf ?? "尚无完整季度")).Append("</p>");
        sb.Append("<p>数据更新于 ").Append(E(China(p.ComputedAt))).Append("（北京时间）")
            .Append(p.AsOf is not null && !p.StatisticsBureauFiled ? " · 统计局本季度尚未报送" : string.Empty).Append("</p>");
        sb.Append("<p class=\"links\">");
        if (drillDown is not null)
        {
            sb.Append("<a href=\"").Append(A(DashboardLink(report.Year))).Append("\">← 返回总览</a>");
        }

        sb.Append("<a href=\"").Append(A(ExportLink(report.Year, report.Town))).Append("\" download>下载领导工作簿（Excel）</a>");
        foreach (var year in years.Where(y => y != report.Year && drillDown is null))
        {
            sb.Append("<a href=\"").Append(A(DashboardLink(year))).Append("\">").Append(year).Append("年</a>");
        }

        sb.Append("</p></header><main>");
        if (target is not null)
        {
            Target(sb, report, target, drilled: true, page);
        }
        else if (drillDown == LowEfficiencyList)
        {
            LowEfficiency(sb, report, drilled: true);
        }
        else
        {
            Next(sb, report);
            foreach (var t in p.Targets)
            {
                Target(sb, report, t, drilled: false, 1);
            }

            LowEfficiency(sb, report, drilled: false);
            TownWorkbooks(sb, report);
        }

        sb.Append("</main><footer>数据来自各镇街及统计局的季度报送；页面生成于 ").Append(E(China(report.GeneratedAt.UtcDateTime))).Append("（北京时间）。</footer></body></html>");
        return sb.ToString();
    }

    /// <summary>Whether <paramref name="drillDown"/> names a page of the report: one of its targets or the low-efficiency list.</summary>
    public static bool HasDrillDown(LeadersReport report, string drillDown) =>
        drillDown == LowEfficiencyList || report.Progress.Targets.Any(t => t.Id == drillDown);

    /// <summary>How many pages a drill-down has (at least one).</summary>
    public static int Pages(LeadersReport report, string drillDown) =>
        Math.Max(1, ((report.Detail(drillDown)?.Firms.Count ?? 0) + PageSize - 1) / PageSize);

    /// <summary>A drill-down's link (its first page unless told), relative to <c>/api/dashboard</c>.</summary>
    public static string DrillDownLink(int year, string drillDown, int page = 1) =>
        DashboardLink(year) + "&list=" + Uri.EscapeDataString(drillDown)
        + (page == 1 ? string.Empty : "&page=" + page.ToString(CultureInfo.InvariantCulture)) + "#firms";

    /// <summary>The workbook's link, relative to <c>/api/dashboard</c>.</summary>
    public static string ExportLink(int year, string? town) =>
        "exports/" + year.ToString(CultureInfo.InvariantCulture) + (town is null ? string.Empty : "?town=" + Uri.EscapeDataString(town));

    public static string DashboardLink(int year) => "dashboard?year=" + year.ToString(CultureInfo.InvariantCulture);

    /// <summary>A figure exactly as the progress JSON has it (invariant, no separators), so page and API agree.</summary>
    public static string Exact(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    private static void Next(StringBuilder sb, LeadersReport report)
    {
        sb.Append("<section id=\"next\"><h2>").Append(E(report.NextPeriod)).Append(" 报送进度 <span class=\"status muted\" data-field=\"filedNext\">")
            .Append(report.FiledNext.Count).Append(" / ").Append(report.FiledNext.Count + report.MissingNext.Count).Append(" 个镇街已报</span></h2><div class=\"towns\">");
        foreach (var town in report.FiledNext)
        {
            sb.Append("<span class=\"filed\">").Append(E(town)).Append(" ✓</span>");
        }

        foreach (var town in report.MissingNext)
        {
            sb.Append("<span class=\"missing\">").Append(E(town)).Append(" 未报</span>");
        }

        sb.Append("</div></section>");
    }

    private static void Target(StringBuilder sb, LeadersReport report, TargetProgress t, bool drilled, int page)
    {
        var color = DigestRenderer.StatusColor(t.Status);
        var ratio = t.Kind == ProgressStatus.Ratio;
        var done = ratio ? t.Value ?? 0m : t.Achieved ?? 0;
        var share = t.Target <= 0 ? (done > 0 ? 1m : 0m) : Math.Clamp(done / t.Target, 0m, 1m);
        sb.Append("<section class=\"target\" id=\"t-").Append(A(t.Id)).Append("\" data-target=\"").Append(A(t.Id)).Append("\" data-status=\"").Append(A(t.Status)).Append("\">");
        sb.Append("<h2><span>").Append(E(t.Name)).Append("</span><span class=\"status\" data-field=\"status\" style=\"color:").Append(color).Append("\">")
            .Append(E(t.StatusName)).Append("</span></h2>");
        sb.Append(CultureInfo.InvariantCulture, $"<div class=\"bar\" role=\"img\" aria-label=\"完成 {DigestRenderer.Percent(share)}%\"><span style=\"width:{DigestRenderer.Percent(share)}%;background:{color}\"></span>");
        if (!ratio && t.Expected is { } expected && t.Target > 0)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<i style=\"left:{DigestRenderer.Percent(Math.Clamp(expected / t.Target, 0m, 1m))}%\" title=\"预期进度\"></i>");
        }

        sb.Append("</div><p class=\"fig\">");
        var targetText = t.TargetText == "all" ? "全部 " : string.Empty;
        if (ratio)
        {
            sb.Append("<b data-field=\"value\">").Append(t.Value is { } v ? Exact(v) : "—").Append("</b> / 目标 <span data-field=\"target\">")
                .Append(Exact(t.Target)).Append("</span> ").Append(E(t.Unit));
            if (t.Baseline is { } baseline)
            {
                sb.Append(" <span class=\"muted\">（上年 <span data-field=\"baseline\">").Append(Exact(baseline)).Append("</span>）</span>");
            }
        }
        else
        {
            sb.Append("<b data-field=\"achieved\">").Append(t.Achieved ?? 0).Append("</b> / 预期 <span data-field=\"expected\">")
                .Append(t.Expected is { } e ? Exact(e) : "—").Append("</span> / 目标 ").Append(targetText).Append("<span data-field=\"target\">")
                .Append(Exact(t.Target)).Append("</span> ").Append(E(t.Unit));
        }

        sb.Append("</p>");
        var trend = report.Trend(t.Id);
        if (trend.Count > 0)
        {
            TrendChart.Append(sb, t, trend, color);
            if (TargetTrend.Line(trend) is { Length: > 0 } line)
            {
                sb.Append("<p class=\"muted\">走势 ").Append(E(line)).Append("</p>");
            }
        }

        if (t.ByTown is { } towns && towns.Any(b => b.Share is not null))
        {
            Ranking(sb, towns, drilled);
        }

        if (report.Detail(t.Id) is { } detail)
        {
            if (drilled)
            {
                Firms(sb, report, detail, page);
            }
            else
            {
                Link(sb, report, t.Id, $"查看{(report.Town is null ? string.Empty : report.Town + "的")}企业名单（{detail.Firms.Count} 家）", detail.Firms.Count);
            }
        }

        sb.Append("</section>");
    }

    private static void Link(StringBuilder sb, LeadersReport report, string drillDown, string text, int count) =>
        sb.Append("<p><a class=\"drill\" data-count=\"").Append(count).Append("\" href=\"").Append(A(DrillDownLink(report.Year, drillDown))).Append("\">")
            .Append(E(text)).Append(" →</a></p>");

    private static void Ranking(StringBuilder sb, IReadOnlyList<TownAchievement> towns, bool open)
    {
        sb.Append(open ? "<details class=\"ranking\" open>" : "<details class=\"ranking\">").Append("<summary>镇街完成率排名</summary><div class=\"scroll\"><table><tr><th>排名</th><th>镇街</th><th class=\"num\">完成 / 分解</th><th class=\"num\">完成率</th></tr>");
        var rank = 0;
        foreach (var town in towns)
        {
            sb.Append("<tr data-town=\"").Append(A(town.Town)).Append("\"><td>").Append(town.Share is null ? "—" : (++rank).ToString(CultureInfo.InvariantCulture))
                .Append("</td><td>").Append(E(town.Town)).Append("</td><td class=\"num\">").Append(town.Achieved).Append(" / ")
                .Append(town.Share is { } share ? Exact(share) : "—").Append("</td><td class=\"num\" data-field=\"rate\">")
                .Append(town.Rate is { } rate ? DigestRenderer.Percent(rate).ToString(CultureInfo.InvariantCulture) + "%" : "—").Append("</td></tr>");
        }

        sb.Append("</table></div></details>");
    }

    private static void Firms(StringBuilder sb, LeadersReport report, TargetDetail detail, int page)
    {
        var firms = detail.Firms;
        var where = report.Town is null ? string.Empty : report.Town + "的";
        var pages = Pages(report, detail.Id);
        var shown = firms.Skip((page - 1) * PageSize).Take(PageSize).ToList();
        sb.Append("<h3 id=\"firms\" class=\"firms\" data-count=\"").Append(firms.Count).Append("\">").Append(E(where)).Append("计入的企业（")
            .Append(firms.Count).Append(" 家）</h3>");
        if (firms.Count == 0)
        {
            sb.Append("<p class=\"muted\">暂无企业。</p>");
            return;
        }

        Pager(sb, report.Year, detail.Id, page, pages, firms.Count);
        var columns = FigureColumns.For(firms);
        ListHeader(sb, "firm-list", ["企业名称", "镇街", .. columns.Select(c => c.Header)]);
        foreach (var firm in shown)
        {
            sb.Append("<tr data-firm=\"").Append(A(firm.CreditCode)).Append("\"><td>").Append(E(firm.Name)).Append("<br><small>")
                .Append(E(firm.CreditCode)).Append("</small><td>").Append(E(firm.Town));
            foreach (var column in columns)
            {
                sb.Append("<td>").Append(E(FigureColumns.Text(column.Value(firm), column.Format)));
            }

            sb.Append("</tr>");
        }

        sb.Append("</table></div>");
    }

    /// <summary>Where this page of a long list is, with links to the pages before and after it; nothing for one page.</summary>
    private static void Pager(StringBuilder sb, int year, string drillDown, int page, int pages, int total)
    {
        if (pages <= 1)
        {
            return;
        }

        var first = ((page - 1) * PageSize) + 1;
        var last = Math.Min(total, page * PageSize);
        sb.Append(CultureInfo.InvariantCulture, $"<p class=\"links pager\" data-page=\"{page}\" data-pages=\"{pages}\">第 {page} / {pages} 页（第 {first}–{last} 家）");
        if (page > 1)
        {
            sb.Append("<a rel=\"prev\" href=\"").Append(A(DrillDownLink(year, drillDown, page - 1))).Append("\">← 上一页</a>");
        }

        if (page < pages)
        {
            sb.Append("<a rel=\"next\" href=\"").Append(A(DrillDownLink(year, drillDown, page + 1))).Append("\">下一页 →</a>");
        }

        sb.Append("</p>");
    }

    /// <summary>
    /// A long list's table and header row. On a phone each row becomes a card whose figures are labelled by the
    /// column's header, set once for the table in CSS rather than on every cell (the 亩均 list holds every 规上 firm with land).
    /// </summary>
    private static void ListHeader(StringBuilder sb, string id, IReadOnlyList<string> headers)
    {
        sb.Append("<style>@media (max-width:600px){");
        for (var i = 2; i < headers.Count; i++)
        {
            sb.Append(CultureInfo.InvariantCulture, $"#{id} td:nth-child({i + 1})::before{{content:\"{headers[i].Replace("\"", string.Empty, StringComparison.Ordinal)}\"}}");
        }

        sb.Append("}</style><div class=\"scroll\"><table class=\"list\" id=\"").Append(id).Append("\"><tr>");
        foreach (var header in headers)
        {
            sb.Append("<th>").Append(E(header)).Append("</th>");
        }

        sb.Append("</tr>");
    }

    private static void LowEfficiency(StringBuilder sb, LeadersReport report, bool drilled)
    {
        if (report.LowEfficiency is not { } list)
        {
            return;
        }

        sb.Append("<section id=\"low-efficiency\"><h2>低效企业（").Append(E(list.Period)).Append("，亩均税收低于 ").Append(Exact(list.Threshold))
            .Append(" 万元/亩）<span class=\"status\" data-field=\"lowEfficiencyCount\">").Append(list.Firms.Count).Append(" 家</span></h2>");
        if (!drilled)
        {
            Link(sb, report, LowEfficiencyList, $"查看名单（{list.Firms.Count} 家）与数据缺口（{list.DataGaps.Count} 家）", list.Firms.Count);
            sb.Append("</section>");
            return;
        }

        sb.Append("<h3 id=\"firms\" class=\"firms\" data-count=\"").Append(list.Firms.Count).Append("\">低效企业名单（").Append(list.Firms.Count).Append(" 家）</h3>");
        if (list.Firms.Count > 0)
        {
            ListHeader(sb, "low-list", ["企业名称", "镇街", "亩均税收（万元/亩）", "用地（亩）"]);
            foreach (var firm in list.Firms)
            {
                sb.Append("<tr data-firm=\"").Append(A(firm.CreditCode)).Append("\"><td>").Append(E(firm.Name)).Append("<td>").Append(E(firm.Town))
                    .Append("<td>").Append(FigureColumns.Text(firm.TaxPerMu, FigureFormat.PerMu)).Append("<td>").Append(FigureColumns.Text(firm.LandMu, FigureFormat.Mu)).Append("</tr>");
            }

            sb.Append("</table></div>");
        }

        sb.Append("<h3 class=\"gaps\" data-count=\"").Append(list.DataGaps.Count).Append("\">数据缺口：无法评价亩均税收的规上工业企业（")
            .Append(list.DataGaps.Count).Append(" 家）</h3>");
        if (list.DataGaps.Count > 0)
        {
            ListHeader(sb, "gap-list", ["企业名称", "镇街", "原因"]);
            foreach (var gap in list.DataGaps)
            {
                sb.Append("<tr data-gap=\"").Append(A(gap.CreditCode)).Append("\"><td>").Append(E(gap.Name)).Append("</td><td>").Append(E(gap.Town))
                    .Append("</td><td>").Append(E(gap.Reason)).Append("</td></tr>");
            }

            sb.Append("</table></div>");
        }

        sb.Append("</section>");
    }

    private static void TownWorkbooks(StringBuilder sb, LeadersReport report)
    {
        sb.Append("<section id=\"workbooks\"><h2>各镇街工作簿</h2><p class=\"links\">");
        foreach (var town in report.Towns)
        {
            sb.Append("<a href=\"").Append(A(ExportLink(report.Year, town))).Append("\" download>").Append(E(town)).Append("</a>");
        }

        sb.Append("</p></section>");
    }

    private static string China(DateTime utc) =>
        ChinaTime.Of(new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc))).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    private static string E(string? text) => WebUtility.HtmlEncode(text ?? string.Empty);

    // Attribute values: the same escaping (quotes included).
    private static string A(string text) => WebUtility.HtmlEncode(text);
}
