using Cultivation.Domain.Firms;
using Cultivation.Domain.Progress;
using Cultivation.Domain.Targets;
using static Cultivation.Domain.Tests.Progress.FirmRowBuilder;

namespace Cultivation.Domain.Tests.Progress;

public class LowEfficiencyClearedTests
{
    // Flagged at 2 万元/亩 on full-year figures (tax 20 over 10 亩).
    private static FirmRow Flagged(int n) => Row(Code(n), tax: 20m, land: 10m);

    [Fact]
    public void Clears_last_years_flagged_firms_that_are_no_longer_under_the_threshold_or_closed()
    {
        var scenario = new Scenario()
            .Quarter("2021Q4", Flagged(1), Flagged(2), Flagged(3), Flagged(4), Flagged(5), Row(Code(6), tax: 100m, land: 10m))
            .Quarter("2022Q1")
            .Quarter(
                "2022Q2",
                Row(Code(1), tax: 25m, land: 10m),                          // 5.0: cleared
                Row(Code(2), tax: 0m, land: 10m, remediation: RemediationStatus.Closed, remediated: "2022-04-30"),
                Row(Code(3), tax: 10m, land: 10m, town: West),             // 2.0: still under
                Row(Code(5), tax: 30m, land: null),                         // not evaluable
                Row(Code(6), tax: 1m, land: 10m))                           // newly low: not in the baseline
            .Target(TargetRules.LowEfficiencyCleared, target: null, id: "low-efficiency-cleared");

        var detail = scenario.Detail();

        Assert.Equal((5m, "all", "2021Q4"), (detail.Target, detail.TargetText, detail.BaselinePeriod));
        Assert.Equal([Code(1), Code(2)], detail.Firms.Select(f => f.CreditCode));
        Assert.Equal(2, detail.Achieved);
        Assert.Equal(2.5m, detail.Expected);
        Assert.Equal(ProgressStatus.AtRisk, detail.Status);     // 2 ≥ 0.8 × 2.5

        var notCleared = detail.NotCleared!.ToDictionary(n => n.CreditCode);
        Assert.Equal([Code(3), Code(4), Code(5)], notCleared.Keys.Order());
        Assert.Contains("仍低于5万元/亩", notCleared[Code(3)].Reason);
        Assert.Equal(2m, notCleared[Code(3)].TaxPerMu);
        Assert.Equal(West, notCleared[Code(3)].Town);
        Assert.Equal("2022Q2无该企业填报数据，也未报已关停", notCleared[Code(4)].Reason);
        Assert.Contains("no row in the as-of period 2022Q2", notCleared[Code(4)].ReasonEn);
        Assert.Contains("not be evaluated", notCleared[Code(5)].ReasonEn);
    }

    [Fact]
    public void Takes_the_first_complete_quarter_as_baseline_when_last_years_fourth_quarter_is_incomplete()
    {
        var scenario = new Scenario()
            .Filed("2021Q4", [East, West], Flagged(1))
            .Filed("2022Q1", [East], Flagged(2))
            .Quarter("2022Q2", Flagged(3), Row(Code(2), tax: 10m, land: 10m))
            .Quarter("2022Q3", Row(Code(3), tax: 40m, land: 10m))
            .Target(TargetRules.LowEfficiencyCleared, target: null);

        var detail = scenario.Detail();

        Assert.Equal(("2022Q2", 2m), (detail.BaselinePeriod, detail.Target));
        Assert.Equal([Code(3)], detail.Firms.Select(f => f.CreditCode));
        Assert.Equal([Code(2)], detail.NotCleared!.Select(f => f.CreditCode));
    }

    [Fact]
    public void Has_an_achieved_empty_target_when_nothing_was_flagged()
    {
        var scenario = new Scenario()
            .Quarter("2021Q4", Row(Code(1), tax: 100m, land: 10m))
            .Quarter("2022Q1", Row(Code(1), tax: 25m, land: 10m))
            .Target(TargetRules.LowEfficiencyCleared, target: null);

        var detail = scenario.Detail();

        Assert.Equal((0m, 0, ProgressStatus.Achieved), (detail.Target, detail.Achieved!.Value, detail.Status));
    }

    [Fact]
    public void Knows_the_baseline_before_the_first_complete_quarter_but_has_no_data_to_judge()
    {
        var scenario = new Scenario()
            .Quarter("2021Q4", Flagged(1))
            .Target(TargetRules.LowEfficiencyCleared, target: null);

        var detail = scenario.Detail();

        Assert.Equal((1m, 0, (decimal?)null, ProgressStatus.NoData, "暂无数据"), (detail.Target, detail.Achieved!.Value, detail.Expected, detail.Status, detail.StatusName));
        Assert.Contains("no complete quarter", Assert.Single(detail.NotCleared!).ReasonEn);
    }

    [Fact]
    public void Clears_a_closed_firm_that_stops_filing()
    {
        var scenario = new Scenario()
            .Quarter("2021Q4", Flagged(1), Flagged(2))
            .Quarter("2022Q1", Row(Code(1), tax: 0m, land: 10m, town: West, remediation: RemediationStatus.Closed, remediated: "2022-02-15"), Flagged(2))
            .Quarter("2022Q2", Flagged(2))
            .Target(TargetRules.LowEfficiencyCleared, target: null);

        var detail = scenario.Detail();

        var cleared = Assert.Single(detail.Firms);
        Assert.Equal((Code(1), West), (cleared.CreditCode, cleared.Town));
        Assert.Equal([Code(2)], detail.NotCleared!.Select(f => f.CreditCode));
    }

    [Fact]
    public void Clears_a_firm_closed_in_an_earlier_quarter_whose_later_row_leaves_the_status_blank()
    {
        var scenario = new Scenario()
            .Quarter("2021Q4", Flagged(1))
            .Quarter("2022Q1", Row(Code(1), tax: 1m, land: 10m, remediation: RemediationStatus.Closed, remediated: "2022-02-15"))
            .Quarter("2022Q2", Row(Code(1), tax: 1m, land: 10m))
            .Target(TargetRules.LowEfficiencyCleared, target: null);

        Assert.Equal([Code(1)], scenario.Detail().Firms.Select(f => f.CreditCode));
    }

    [Fact]
    public void Does_not_clear_a_firm_that_left_the_evaluation_scope()
    {
        // Now 规下 on 2 亩 with 亩均 30: in no scope to be judged, so not cleared (a flag is not shed by refiling).
        var scenario = new Scenario()
            .Quarter("2021Q4", Flagged(1), Flagged(2))
            .Quarter("2022Q1", Row(Code(1), aboveScale: false, tax: 15m, land: 2m), Row(Code(2), tax: 30m, land: 10m, industry: "5211"))
            .Target(TargetRules.LowEfficiencyCleared, target: null);

        var detail = scenario.Detail();

        Assert.Empty(detail.Firms);
        var notCleared = detail.NotCleared!.ToDictionary(n => n.CreditCode);
        Assert.Equal("已转为规下且用地面积不足3亩，不在亩均评价范围，不计为出清", notCleared[Code(1)].Reason);
        Assert.Equal("now 规下 on under 3 亩: out of the evaluation scope, not cleared", notCleared[Code(1)].ReasonEn);
        Assert.Equal("行业代码5211不属于工业，已不在亩均评价范围，不计为出清", notCleared[Code(2)].Reason);
    }

    [Fact]
    public void Leaves_a_closed_firm_out_of_the_baseline()
    {
        var scenario = new Scenario()
            .Quarter("2021Q4", Row(Code(1), tax: 0m, land: 10m, remediation: RemediationStatus.Closed, remediated: "2021-10-01"), Flagged(2))
            .Quarter("2022Q1", Flagged(2))
            .Target(TargetRules.LowEfficiencyCleared, target: null);

        Assert.Equal(1m, scenario.Detail().Target);
    }
}
