using System.Text.RegularExpressions;
using Cultivation.Application.Leaders;
using static Cultivation.Domain.Tests.Leaders.LeadersSamples;

namespace Cultivation.Domain.Tests.Leaders;

public sealed class DashboardPageTests
{
    [Fact]
    public void Escapes_every_value_from_a_filing_on_the_overview_and_the_drill_downs()
    {
        var report = Report();
        foreach (var html in new[] { DashboardPage.Render(report, []), DashboardPage.Render(report, [], "above-scale-upgrades"), DashboardPage.Render(report, [], "low-efficiency") })
        {
            Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("<b>公司", html, StringComparison.Ordinal);
        }

        Assert.Contains("=HYPERLINK(&quot;http://x&quot;,&quot;&lt;script&gt;alert(1)&lt;/script&gt;&quot;)", DashboardPage.Render(report, [], "above-scale-upgrades"), StringComparison.Ordinal);
        Assert.Contains("低效&lt;b&gt;公司&lt;/b&gt;", DashboardPage.Render(report, [], "low-efficiency"), StringComparison.Ordinal);
    }

    [Fact]
    public void Has_no_script_and_fetches_nothing_links_are_relative()
    {
        var html = DashboardPage.Render(Report(), [2021]);

        Assert.DoesNotMatch(new Regex("<(script|img|link|iframe)\\b", RegexOptions.IgnoreCase), html);
        Assert.DoesNotMatch(new Regex("(src|href)=\"(https?:)?//", RegexOptions.IgnoreCase), html);
        Assert.Contains("href=\"exports/2022\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"dashboard?year=2021\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"dashboard?year=2022&amp;list=above-scale-upgrades#firms\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"exports/2022?town=%E8%A5%BF%E5%9F%8E%E8%A1%97%E9%81%93\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Shows_figures_as_the_progress_json_has_them_with_the_digests_colours()
    {
        var html = DashboardPage.Render(Report(), []);

        Assert.Contains("<b data-field=\"achieved\">2</b> / 预期 <span data-field=\"expected\">50</span> / 目标 <span data-field=\"target\">100</span> 家", html, StringComparison.Ordinal);
        Assert.Contains("<b data-field=\"value\">24.8125</b> / 目标 <span data-field=\"target\">30</span> 万元/亩", html, StringComparison.Ordinal);
        Assert.Contains("style=\"color:#c62828\">滞后</span>", html, StringComparison.Ordinal);
        Assert.Contains("style=\"color:#f9a825\">有风险</span>", html, StringComparison.Ordinal);
        Assert.Contains("<span style=\"width:2%;background:#c62828\"></span><i style=\"left:50%\"", html, StringComparison.Ordinal);
        Assert.Contains("走势 Q1 1 → Q2 2（去年同期 7）", html, StringComparison.Ordinal);
        Assert.Contains("2022Q3 报送进度", html, StringComparison.Ordinal);
        Assert.Contains("<span class=\"missing\">西城街道 未报</span>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Draws_the_trend_as_an_inline_svg_with_a_point_per_complete_quarter()
    {
        var html = DashboardPage.Render(Report(), []);
        var chart = Regex.Match(html, "<svg[^>]*data-chart=\"trend\".*?</svg>", RegexOptions.Singleline).Value;

        Assert.Equal(3, Regex.Matches(chart, "<circle").Count); // Q1 and Q2 this year, Q2 last year
        Assert.Contains(">1</text>", chart, StringComparison.Ordinal);
        Assert.Contains(">2</text>", chart, StringComparison.Ordinal);
        Assert.Contains("stroke-dasharray=\"5 4\"", chart, StringComparison.Ordinal);
    }

    [Fact]
    public void A_targets_drill_down_lists_its_firms_with_the_figures_that_made_them_count()
    {
        var html = DashboardPage.Render(Report(), [], "above-scale-upgrades");

        Assert.Contains("<h3 id=\"firms\" class=\"firms\" data-count=\"2\">计入的企业（2 家）</h3>", html, StringComparison.Ordinal);
        Assert.Contains("<th>规上纳入年份</th><th>营业收入（万元，本年累计）</th><th>年化营业收入（万元）</th></tr>", html, StringComparison.Ordinal);
        Assert.Contains("<td>东城街道<td>2022<td>1,250.5<td>2,501</tr>", html, StringComparison.Ordinal);
        Assert.Contains("<details class=\"ranking\" open>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("section class=\"target\" id=\"t-tax-per-mu-average\"", html, StringComparison.Ordinal);
    }
}

public sealed class DashboardPagingTests
{
    private static Application.Leaders.LeadersReport WithFirms(int count)
    {
        var report = LeadersSamples.Report();
        var upgrades = report.Details[0] with
        {
            Firms = [.. Enumerable.Range(1, count).Select(i => new Domain.Progress.TargetFirm($"91330784{i:D10}", $"企业{i}", "东城街道"))],
        };
        return report with { Details = [upgrades, report.Details[1]] };
    }

    [Fact]
    public void A_long_list_is_shown_500_firms_a_page_with_links_to_the_next_and_previous_pages()
    {
        var report = WithFirms(1001);

        var first = DashboardPage.Render(report, [], "above-scale-upgrades", 1);
        var last = DashboardPage.Render(report, [], "above-scale-upgrades", 3);

        Assert.Equal(3, DashboardPage.Pages(report, "above-scale-upgrades"));
        Assert.Equal(500, Regex.Matches(first, "<tr data-firm=").Count);
        Assert.Contains("第 1 / 3 页（第 1–500 家）", first, StringComparison.Ordinal);
        Assert.Contains("<a rel=\"next\" href=\"dashboard?year=2022&amp;list=above-scale-upgrades&amp;page=2#firms\">", first, StringComparison.Ordinal);
        Assert.DoesNotContain("rel=\"prev\"", first, StringComparison.Ordinal);
        Assert.Equal(["913307840000001001"], Regex.Matches(last, "<tr data-firm=\"(\\d+)\"").Select(m => m.Groups[1].Value));
        Assert.Contains("data-count=\"1001\"", last, StringComparison.Ordinal);
        Assert.DoesNotContain("rel=\"next\"", last, StringComparison.Ordinal);
    }

    [Fact]
    public void Five_hundred_firms_fit_one_page_without_a_pager()
    {
        var html = DashboardPage.Render(WithFirms(500), [], "above-scale-upgrades", 1);

        Assert.Equal(500, Regex.Matches(html, "<tr data-firm=").Count);
        Assert.DoesNotContain("class=\"links pager\"", html, StringComparison.Ordinal);
    }
}
