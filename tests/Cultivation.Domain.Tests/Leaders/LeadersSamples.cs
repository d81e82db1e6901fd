using Cultivation.Application.Leaders;
using Cultivation.Domain.Progress;
using static Cultivation.Domain.Tests.Alerts.DigestSamples;

namespace Cultivation.Domain.Tests.Leaders;

/// <summary>A small leaders' report: 小升规 with town shares and a trend, 亩均 as a ratio, the low-efficiency list.</summary>
internal static class LeadersSamples
{
    public const string Hostile = "=HYPERLINK(\"http://x\",\"<script>alert(1)</script>\")";

    public static LeadersReport Report(string? town = null)
    {
        var upgrades = Count("above-scale-upgrades", "新增小升规企业", 100, 2, 50, ProgressStatus.Behind) with
        {
            ByTown = [new TownAchievement("东城街道", 2) { Share = 10, Rate = 0.2m }, new TownAchievement("西城街道", 0) { Share = 9, Rate = 0m }],
        };
        var tax = Ratio("tax-per-mu-average", "规上工业亩均税收", 30, 24.8125m, ProgressStatus.AtRisk) with { Baseline = 23.5m };
        var progress = YearOf(upgrades, tax) with
        {
            AsOf = "2022Q2",
            History =
            [
                new ProgressAtQuarter("2022Q1", [new TargetAtQuarter { Id = upgrades.Id, Achieved = 1, Status = ProgressStatus.Behind }, new TargetAtQuarter { Id = tax.Id, Value = 22.5m, Status = ProgressStatus.Behind }]),
                new ProgressAtQuarter("2022Q2", [new TargetAtQuarter { Id = upgrades.Id, Achieved = 2, Status = ProgressStatus.Behind }, new TargetAtQuarter { Id = tax.Id, Value = 24.8125m, Status = ProgressStatus.AtRisk }]),
            ],
            LastYear = [new ProgressAtQuarter("2021Q2", [new TargetAtQuarter { Id = upgrades.Id, Achieved = 7, Status = ProgressStatus.Behind }])],
        };
        return new LeadersReport
        {
            CityName = "永康市",
            Year = 2022,
            Towns = ["东城街道", "西城街道"],
            Town = town,
            Progress = progress,
            Details =
            [
                new TargetDetail(upgrades)
                {
                    Firms =
                    [
                        new TargetFirm("913307840000000001", Hostile, "东城街道") { AboveScaleSince = 2022, Revenue = 1300m, AnnualisedRevenue = 2600m },
                        new TargetFirm("913307840000000002", "+SUM(A1)五金", "东城街道") { AboveScaleSince = 2022, Revenue = 1250.5m, AnnualisedRevenue = 2501m },
                    ],
                    Pool = [new PoolFirm(1, "913307840000000003", "@培育企业", "西城街道", 1800m)],
                },
                new TargetDetail(tax)
                {
                    Firms = [new TargetFirm("913307840000000004", "-亩均企业", "西城街道") { AnnualisedTax = 300m, LandMu = 12m, TaxPerMu = 25m }],
                },
            ],
            LowEfficiency = new LowEfficiencyList("2022Q2", 5m, [new LowEfficiencyFirm("913307840000000005", "低效<b>公司</b>", "西城街道", 2.34m, 20m, 46.8m)])
            {
                DataGaps = [new DataGap("913307840000000006", "缺地企业", "东城街道", "规上工业企业未填写用地面积，无法评价亩均税收", "no land")],
            },
            NextPeriod = "2022Q3",
            FiledNext = ["东城街道"],
            MissingNext = ["西城街道"],
            GeneratedAt = new DateTimeOffset(2022, 7, 18, 1, 0, 0, TimeSpan.Zero),
        };
    }
}
