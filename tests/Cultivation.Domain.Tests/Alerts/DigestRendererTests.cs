using System.Text.RegularExpressions;
using Cultivation.Application.Alerts;
using Cultivation.Domain.Progress;
using static Cultivation.Domain.Tests.Alerts.DigestSamples;

namespace Cultivation.Domain.Tests.Alerts;

public sealed class DigestRendererTests
{
    private const string Script = "<script>alert(1)</script>";
    private const string Formula = "=HYPERLINK(\"http://x\")有限公司";

    private static WeeklyDigest Digest()
    {
        var upgrades = Count("above-scale-upgrades", "新增小升规企业", 100, 41, 75, ProgressStatus.Behind);
        var tax = Ratio("tax-per-mu-average", "规上工业亩均税收", 30, 24.8m, ProgressStatus.AtRisk);
        var giants = Count("national-little-giants", "新增国家级专精特新\"小巨人\"", 2, 2, 1, ProgressStatus.Achieved);
        return DigestBuilder.Build(Inputs() with
        {
            Progress = YearOf(upgrades, tax, giants),
            Details =
            [
                Detail(upgrades, Firm("A"), Firm("B", Script, "东城街道")) with { Pool = [new PoolFirm(1, "P1", Formula, "<b>镇</b>", 1800m)] },
                Detail(giants, Firm("G")),
            ],
            LowEfficiency = new LowEfficiencyList("2022Q3", 5, [Flagged("K1", "低效&公司")]),
            Versions = [RejectedVersion("西城街道", Monday.AddDays(-1), "值 <img src=x> 不是数字")],
            Previous = Snapshot(new Dictionary<string, IReadOnlyList<string>> { ["above-scale-upgrades"] = ["A"] }),
        });
    }

    [Fact]
    public void Subject_names_city_and_ISO_week_in_Chinese()
    {
        Assert.Equal("永康市企业梯度培育周报 2022年第42周", DigestRenderer.Subject(Digest()));
    }

    [Fact]
    public void Html_escapes_every_value_from_a_filing()
    {
        var html = DigestRenderer.Html(Digest());

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<b>镇", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html, StringComparison.Ordinal);
        Assert.Contains("低效&amp;公司", html, StringComparison.Ordinal);
        Assert.Contains("=HYPERLINK(&quot;http://x&quot;)有限公司", html, StringComparison.Ordinal);
        Assert.Contains("&lt;b&gt;镇&lt;/b&gt;", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Html_has_no_scripts_no_external_images_and_only_inline_styles()
    {
        var html = DigestRenderer.Html(Digest());

        Assert.DoesNotMatch(new Regex("<(script|img|link|style)\\b", RegexOptions.IgnoreCase), html);
        Assert.DoesNotMatch(new Regex("<[a-z]+[^>]*\\s(src|href)=", RegexOptions.IgnoreCase), html);
        Assert.DoesNotContain("http", html.Replace("http://x", string.Empty, StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Bars_are_table_cells_filled_to_the_share_of_the_target()
    {
        var html = DigestRenderer.Html(Digest());

        // 41 of 100 → 41 %, red (behind); 24.8 of 30 → 83 %, amber (at risk); 2 of 2 → 100 %, green, no grey rest.
        Assert.Contains("width:41%;height:12px;background:#c62828", html, StringComparison.Ordinal);
        Assert.Contains("width:59%;height:12px;background:#e0e0e0", html, StringComparison.Ordinal);
        Assert.Contains("width:83%;height:12px;background:#f9a825", html, StringComparison.Ordinal);
        Assert.Contains("width:100%;height:12px;background:#2e7d32", html, StringComparison.Ordinal);
        Assert.Contains("41 / 预期 75 / 目标 100 家", html, StringComparison.Ordinal);
        Assert.Contains("24.8 / 目标 30 万元/亩", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Text_carries_the_same_figures_and_the_names_literally()
    {
        var text = DigestRenderer.Text(Digest());

        Assert.Contains("永康市企业梯度培育周报 2022年第42周", text, StringComparison.Ordinal);
        Assert.Contains("[########............]  41%  新增小升规企业：41 / 预期 75 / 目标 100 家  滞后", text, StringComparison.Ordinal);
        Assert.Contains("新增小升规企业：新增 1 家", text, StringComparison.Ordinal);
        Assert.Contains(Script, text, StringComparison.Ordinal);
        Assert.Contains(Formula, text, StringComparison.Ordinal);
        Assert.Contains("值 <img src=x> 不是数字", text, StringComparison.Ordinal);
        Assert.Contains("2022Q3，截止 2022年10月15日", text, StringComparison.Ordinal);
        Assert.Contains("15 个镇街尚无通过的报送", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Names_past_periods_corrections_under_their_own_heading()
    {
        var digest = Digest() with { PastCorrections = [new PastFilingChange("2021/Q4/东城街道.xlsx", "东城街道", "2021Q4", PastFilingChangeKinds.Corrected)] };

        Assert.Contains("往期报送更正：1 个", DigestRenderer.Html(digest), StringComparison.Ordinal);
        Assert.Contains("    - 2021/Q4/东城街道.xlsx（东城街道，2021Q4）更正：新版本生效，相关进度已重算", DigestRenderer.Text(digest), StringComparison.Ordinal);
        Assert.DoesNotContain("往期报送更正", DigestRenderer.Text(Digest()), StringComparison.Ordinal);
    }

    [Fact]
    public void Shows_targets_without_data_in_grey_and_says_there_is_no_complete_quarter_yet()
    {
        var none = Count("above-scale-upgrades", "新增小升规企业", 100, 0, 0, ProgressStatus.NoData) with { Expected = null };
        var digest = DigestBuilder.Build(Inputs() with { Progress = YearOf(none) with { AsOf = null } });

        var html = DigestRenderer.Html(digest);

        Assert.Contains("本年度尚无完整季度，各指标暂无数据。", html, StringComparison.Ordinal);
        Assert.Contains("color:#757575;font-weight:bold;white-space:nowrap;\">暂无数据", html, StringComparison.Ordinal);
        Assert.Contains("0 / 预期 — / 目标 100 家", html, StringComparison.Ordinal);
        Assert.Empty(digest.Lagging);
    }

    [Fact]
    public void Markdown_for_the_group_chat_lists_lagging_targets_only()
    {
        var markdown = DigestRenderer.Markdown(Digest());

        Assert.Contains("新增小升规企业", markdown, StringComparison.Ordinal);
        Assert.Contains("规上工业亩均税收", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("小巨人", markdown, StringComparison.Ordinal);
    }
}
