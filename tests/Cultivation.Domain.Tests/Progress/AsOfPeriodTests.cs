using Cultivation.Domain.Progress;
using Cultivation.Domain.Targets;
using static Cultivation.Domain.Tests.Progress.FirmRowBuilder;

namespace Cultivation.Domain.Tests.Progress;

public class AsOfPeriodTests
{
    [Fact]
    public void Stays_at_the_last_quarter_every_town_filed_while_the_next_is_partly_filed()
    {
        var scenario = new Scenario()
            .Quarter("2022Q1")
            .Quarter("2022Q2", Row(Code(1), since: 2022))
            .Filed("2022Q3", [East], Row(Code(2), since: 2022))
            .Target(TargetRules.AboveScaleUpgrades);

        var result = scenario.Compute();

        Assert.Equal("2022Q2", result.Progress.AsOf);
        var next = result.Progress.NextPeriod!;
        Assert.Equal(("2022Q3", 1, 3), (next.Period, next.Filed, next.Of));
        Assert.Equal([West, South], next.Missing);
        Assert.Equal([Code(1)], result.Details[0].Firms.Select(f => f.CreditCode));
    }

    [Fact]
    public void Completes_a_quarter_without_the_statistics_bureau_and_counts_its_rows()
    {
        var scenario = new Scenario()
            .Quarter("2022Q1")
            .Bureau("2022Q1", Row(Code(9), since: 2022, town: South))
            .Target(TargetRules.AboveScaleUpgrades);

        var result = scenario.Compute();

        Assert.Equal("2022Q1", result.Progress.AsOf);
        Assert.Equal([Code(9)], result.Details[0].Firms.Select(f => f.CreditCode));
        Assert.Null(result.Progress.NextPeriod);
    }

    [Fact]
    public void Does_not_complete_a_quarter_the_statistics_bureau_alone_filed()
    {
        var scenario = new Scenario().Bureau("2022Q1", Row(Code(9), since: 2022)).Target(TargetRules.AboveScaleUpgrades);

        Assert.Null(scenario.Compute().Progress.AsOf);
    }

    [Fact]
    public void Has_no_data_before_the_first_complete_quarter()
    {
        var scenario = new Scenario()
            .Filed("2022Q1", [East, West], Row(Code(1), since: 2022))
            .Target(TargetRules.AboveScaleUpgrades, 100m)
            .Target(TargetRules.TaxPerMuAverage, 30m, baseline: 23.5m);

        var result = scenario.Compute();

        Assert.Null(result.Progress.AsOf);
        Assert.Equal(new[] { South }, result.Progress.NextPeriod!.Missing);
        Assert.Equal("2022Q1", result.Progress.NextPeriod.Period);
        var count = result.Progress.Targets[0];
        Assert.Equal((0, (decimal?)null, ProgressStatus.NoData, "暂无数据"), (count.Achieved!.Value, count.Expected, count.Status, count.StatusName));
        Assert.Empty(result.Details[0].Firms);
        var ratio = result.Progress.Targets[1];
        Assert.Null(ratio.Value);
        Assert.Null(ratio.Gap);
        Assert.Equal(23.5m, ratio.Baseline);
        Assert.Equal(ProgressStatus.NoData, ratio.Status);
        Assert.Empty(result.Progress.History);
    }

    [Fact]
    public void Has_no_next_period_when_no_town_has_filed_it()
    {
        var result = new Scenario().Quarter("2022Q1").Target(TargetRules.AboveScaleUpgrades).Compute();

        Assert.Null(result.Progress.NextPeriod);
    }

    [Fact]
    public void Has_no_next_period_once_the_year_is_complete()
    {
        var result = new Scenario().Quarter("2022Q4").Quarter("2023Q1").Target(TargetRules.AboveScaleUpgrades).Compute();

        Assert.Equal("2022Q4", result.Progress.AsOf);
        Assert.Null(result.Progress.NextPeriod);
    }

    [Fact]
    public void Takes_a_firm_in_the_first_quarter_and_not_the_third_at_its_first_quarter_row()
    {
        var scenario = new Scenario()
            .Quarter("2022Q1", Row(Code(1), since: 2022, town: West))
            .Quarter("2022Q2")
            .Quarter("2022Q3", Row(Code(2), since: 2022))
            .Target(TargetRules.AboveScaleUpgrades);

        var detail = scenario.Detail();

        Assert.Equal([Code(1), Code(2)], detail.Firms.Select(f => f.CreditCode).Order());
        Assert.Equal(West, detail.Firms.Single(f => f.CreditCode == Code(1)).Town);
    }

    [Fact]
    public void Counts_a_firm_once_in_the_town_of_its_latest_row()
    {
        var scenario = new Scenario()
            .Quarter("2022Q1", Row(Code(1), since: 2022, town: West))
            .Quarter("2022Q2", Row(Code(1), since: 2022, town: South))
            .Target(TargetRules.AboveScaleUpgrades);

        var result = scenario.Compute();

        var firm = Assert.Single(result.Details[0].Firms);
        Assert.Equal(South, firm.Town);
        Assert.Equal(1, result.Progress.Targets[0].Achieved);
        Assert.Equal(new TownAchievement(South, 1), result.Progress.Targets[0].ByTown![0]);
    }

    [Fact]
    public void Lists_every_town_by_achievement_then_in_configured_order()
    {
        var scenario = new Scenario()
            .Quarter("2022Q1", Row(Code(1), since: 2022, town: South), Row(Code(2), since: 2022, town: South), Row(Code(3), since: 2022, town: West))
            .Target(TargetRules.AboveScaleUpgrades);

        var byTown = scenario.Compute().Progress.Targets[0].ByTown!;

        Assert.Equal([new(South, 2), new(West, 1), new(East, 0)], byTown);
    }
}

public class StatisticsBureauTests
{
    private static Scenario Year(bool required)
    {
        var scenario = new Scenario()
            .Quarter("2022Q1")
            .Bureau("2022Q1", Row(Code(9), since: 2022))
            .Quarter("2022Q2", Row(Code(1), since: 2022))
            .Target(TargetRules.AboveScaleUpgrades);
        scenario.City.StatisticsBureauRequired = required;
        return scenario;
    }

    [Fact]
    public void Waits_for_the_statistics_bureau_when_the_city_requires_it()
    {
        var progress = Year(required: true).Compute().Progress;

        Assert.Equal("2022Q1", progress.AsOf);
        Assert.True(progress.StatisticsBureauFiled);
        var next = progress.NextPeriod!;
        Assert.Equal(("2022Q2", 3, 4), (next.Period, next.Filed, next.Of));
        Assert.Equal(["统计局"], next.Missing);
    }

    [Fact]
    public void Does_not_wait_for_the_statistics_bureau_by_default_and_says_it_did_not_file()
    {
        var progress = Year(required: false).Compute().Progress;

        Assert.Equal("2022Q2", progress.AsOf);
        Assert.False(progress.StatisticsBureauFiled);
        Assert.Null(progress.NextPeriod);
    }

    [Fact]
    public void Counts_the_statistics_bureau_among_the_sources_of_the_next_period_when_required()
    {
        var scenario = new Scenario().Bureau("2022Q1", Row(Code(9))).Target(TargetRules.AboveScaleUpgrades);
        scenario.City.StatisticsBureauRequired = true;

        var next = scenario.Compute().Progress.NextPeriod!;

        Assert.Equal((1, 4), (next.Filed, next.Of));
        Assert.Equal([East, West, South], next.Missing);
    }
}
