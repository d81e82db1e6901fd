using Cultivation.Application.Alerts;
using Cultivation.Domain.Progress;
using static Cultivation.Domain.Tests.Alerts.DigestSamples;

namespace Cultivation.Domain.Tests.Alerts;

/// <summary>SPEC §6: lists capped at 20 then "另有 N 家", the towns ranked where shares exist, the trend in a line.</summary>
public sealed class DigestListsTests
{
    private static readonly TargetProgress Upgrades = Count("above-scale-upgrades", "新增小升规企业", 100, 25, 50, ProgressStatus.Behind);

    private static WeeklyDigest WithNewFirms(int count) => DigestBuilder.Build(Inputs() with
    {
        Progress = YearOf(Upgrades),
        Details = [Detail(Upgrades, [.. Enumerable.Range(1, count).Select(i => Firm($"C{i:D3}", $"新增企业{i:D3}号"))])],
        Previous = Snapshot(new Dictionary<string, IReadOnlyList<string>> { ["above-scale-upgrades"] = [] }),
    });

    [Fact]
    public void Lists_the_first_twenty_new_firms_then_says_how_many_more_in_html_and_text()
    {
        var digest = WithNewFirms(23);

        var html = DigestRenderer.Html(digest);
        var text = DigestRenderer.Text(digest);

        Assert.Contains("新增企业020号", html, StringComparison.Ordinal);
        Assert.DoesNotContain("新增企业021号", html, StringComparison.Ordinal);
        Assert.Contains("……另有 3 家（完整名单见附件工作簿）", html, StringComparison.Ordinal);
        Assert.Contains("新增小升规企业：新增 23 家", html, StringComparison.Ordinal);
        Assert.Contains("新增企业020号", text, StringComparison.Ordinal);
        Assert.DoesNotContain("新增企业021号", text, StringComparison.Ordinal);
        Assert.Contains("    ……另有 3 家（完整名单见附件工作簿）", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Twenty_new_firms_are_all_listed_without_a_remainder_line()
    {
        var html = DigestRenderer.Html(WithNewFirms(20));

        Assert.Contains("新增企业020号", html, StringComparison.Ordinal);
        Assert.DoesNotContain("另有", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejected_files_are_capped_too_and_counted_in_files()
    {
        var digest = DigestBuilder.Build(Inputs() with
        {
            Progress = YearOf(Upgrades),
            Versions = [.. Enumerable.Range(1, 22).Select(i => RejectedVersion("西城街道", Monday.AddHours(-i), $"第{i}个问题"))],
        });

        Assert.Contains("退回的报送文件：22 个", DigestRenderer.Html(digest), StringComparison.Ordinal);
        Assert.Contains("……另有 2 个（完整名单见附件工作簿）", DigestRenderer.Html(digest), StringComparison.Ordinal);
    }

    [Fact]
    public void Ranks_towns_by_completion_rate_where_the_target_has_shares()
    {
        var withShares = Upgrades with
        {
            ByTown =
            [
                new TownAchievement("芝英镇", 9) { Share = 5, Rate = 1.8m },
                new TownAchievement("东城街道", 4) { Share = 10, Rate = 0.4m },
                new TownAchievement("龙山镇", 2) { Share = 6, Rate = 0.3333m },
            ],
        };
        var giants = Count("national-little-giants", "新增国家级专精特新\"小巨人\"", 2, 1, 1, ProgressStatus.OnTrack) with
        {
            ByTown = [new TownAchievement("东城街道", 1)],
        };
        var digest = DigestBuilder.Build(Inputs() with { Progress = YearOf(withShares, giants) });

        var html = DigestRenderer.Html(digest);

        Assert.Contains("新增小升规企业：镇街完成率排名", html, StringComparison.Ordinal);
        Assert.DoesNotContain("小巨人\"：镇街完成率排名", html, StringComparison.Ordinal);
        Assert.Contains("<td style=\"border-bottom:1px solid #eeeeee;\">1</td><td style=\"border-bottom:1px solid #eeeeee;\">芝英镇</td><td style=\"border-bottom:1px solid #eeeeee;\">9 / 5</td><td style=\"border-bottom:1px solid #eeeeee;\">180%</td>", html, StringComparison.Ordinal);
        Assert.Contains("3. 龙山镇 2 / 6（33%）", DigestRenderer.Text(digest), StringComparison.Ordinal);
    }

    [Fact]
    public void Shows_each_targets_trend_by_quarter_in_one_line_with_last_years_same_quarter()
    {
        var progress = YearOf(Upgrades) with
        {
            History =
            [
                new ProgressAtQuarter("2022Q1", [new TargetAtQuarter { Id = "above-scale-upgrades", Achieved = 31, Status = ProgressStatus.OnTrack }]),
                new ProgressAtQuarter("2022Q2", [new TargetAtQuarter { Id = "above-scale-upgrades", Achieved = 34, Status = ProgressStatus.OnTrack }]),
                new ProgressAtQuarter("2022Q3", [new TargetAtQuarter { Id = "above-scale-upgrades", Achieved = 43, Status = ProgressStatus.Behind }]),
            ],
            LastYear = [.. Enumerable.Range(1, 4).Select(q => new ProgressAtQuarter($"2021Q{q}", [new TargetAtQuarter { Id = "above-scale-upgrades", Achieved = 80 + q, Status = ProgressStatus.OnTrack }]))],
        };
        var digest = DigestBuilder.Build(Inputs() with { Progress = progress });

        Assert.Contains("走势 Q1 31 → Q2 34 → Q3 43（去年同期 83）", DigestRenderer.Html(digest), StringComparison.Ordinal);
        Assert.Contains("        走势 Q1 31 → Q2 34 → Q3 43（去年同期 83）", DigestRenderer.Text(digest), StringComparison.Ordinal);
    }

    [Fact]
    public void Names_the_attached_workbook_when_there_is_one()
    {
        var digest = WithNewFirms(1) with { AttachmentName = "永康市企业梯度培育-2022.xlsx" };

        Assert.Contains("见附件《永康市企业梯度培育-2022.xlsx》", DigestRenderer.Html(digest), StringComparison.Ordinal);
        Assert.DoesNotContain("见附件《", DigestRenderer.Html(WithNewFirms(1)), StringComparison.Ordinal);
    }
}
