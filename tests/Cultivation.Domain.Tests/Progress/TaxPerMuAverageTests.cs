using Cultivation.Domain.Progress;
using Cultivation.Domain.Targets;
using static Cultivation.Domain.Tests.Progress.FirmRowBuilder;

namespace Cultivation.Domain.Tests.Progress;

public class TaxPerMuAverageTests
{
    [Fact]
    public void Averages_as_a_ratio_of_sums_not_a_mean_of_ratios()
    {
        // A: 300 over 10 亩 = 30; B: 10 over 1 亩 = 10. Mean of ratios 20; ratio of sums 310 / 11 = 28.1818….
        var scenario = new Scenario()
            .Quarter("2022Q4", Row(Code(1), tax: 300m, land: 10m), Row(Code(2), tax: 10m, land: 1m))
            .Target(TargetRules.TaxPerMuAverage, 30m, baseline: 23.5m);

        var detail = scenario.Detail();

        Assert.Equal(28.1818m, detail.Value);
        Assert.NotEqual(20m, detail.Value);
        Assert.Equal(1.8182m, detail.Gap);
        Assert.Equal(ProgressStatus.AtRisk, detail.Status);
        Assert.Equal(2, detail.Firms.Count);
    }

    [Fact]
    public void Annualises_the_tax_of_the_as_of_quarter()
    {
        var scenario = new Scenario()
            .Quarter("2022Q1")
            .Quarter("2022Q2", Row(Code(1), tax: 150m, land: 10m))
            .Target(TargetRules.TaxPerMuAverage, 30m);

        Assert.Equal(30m, scenario.Detail().Value);
        Assert.Equal(ProgressStatus.Achieved, scenario.Detail().Status);
    }

    [Fact]
    public void Leaves_out_firms_below_scale_without_land_or_outside_industry()
    {
        var scenario = new Scenario()
            .Quarter(
                "2022Q4",
                Row(Code(1), tax: 200m, land: 10m),
                Row(Code(2), aboveScale: false, tax: 1m, land: 10m),
                Row(Code(3), tax: 500m, land: null),
                Row(Code(4), tax: 500m, land: 0m),
                Row(Code(5), tax: 1m, land: 10m, industry: "5211"))
            .Target(TargetRules.TaxPerMuAverage, 30m);

        var detail = scenario.Detail();

        Assert.Equal(20m, detail.Value);
        var firm = Assert.Single(detail.Firms);
        Assert.Equal((Code(1), 200m, 10m, 20m), (firm.CreditCode, firm.AnnualisedTax, firm.LandMu, firm.TaxPerMu));
    }

    [Theory]
    [InlineData("270", ProgressStatus.AtRisk)]     // 27 = 90% of 30
    [InlineData("269.99", ProgressStatus.Behind)]
    [InlineData("300", ProgressStatus.Achieved)]
    public void Grades_a_ratio_against_its_target(string tax, string status)
    {
        var scenario = new Scenario()
            .Quarter("2022Q4", Row(Code(1), tax: decimal.Parse(tax), land: 10m))
            .Target(TargetRules.TaxPerMuAverage, 30m);

        Assert.Equal(status, scenario.Detail().Status);
    }

    [Fact]
    public void Decides_the_status_on_exact_sums_in_the_third_quarter()
    {
        // 67.5 × 4 / 3 = 90 over 3 亩 = 30 exactly.
        var scenario = new Scenario()
            .Quarter("2022Q3", Row(Code(1), tax: 67.5m, land: 3m))
            .Target(TargetRules.TaxPerMuAverage, 30m);

        Assert.Equal(ProgressStatus.Achieved, scenario.Detail().Status);
        Assert.Equal(30m, scenario.Detail().Value);
    }

    [Fact]
    public void Takes_the_baseline_from_last_years_fourth_quarter_when_complete()
    {
        var scenario = new Scenario()
            .Quarter("2021Q4", Row(Code(1), tax: 240m, land: 10m))
            .Quarter("2022Q1", Row(Code(1), tax: 70m, land: 10m))
            .Target(TargetRules.TaxPerMuAverage, 30m, baseline: 23.5m);

        var detail = scenario.Detail();

        Assert.Equal((24m, "2021Q4"), (detail.Baseline!.Value, detail.BaselinePeriod));
        Assert.Equal(28m, detail.Value);
    }

    [Fact]
    public void Falls_back_to_the_configured_baseline_when_last_year_is_incomplete()
    {
        var scenario = new Scenario()
            .Filed("2021Q4", [East], Row(Code(1), tax: 240m, land: 10m))
            .Quarter("2022Q1", Row(Code(1), tax: 70m, land: 10m))
            .Target(TargetRules.TaxPerMuAverage, 30m, baseline: 23.5m);

        var detail = scenario.Detail();

        Assert.Equal((23.5m, "configured"), (detail.Baseline!.Value, detail.BaselinePeriod));
    }

    [Fact]
    public void Has_no_data_when_no_above_scale_firm_of_the_as_of_period_has_land()
    {
        // A 规下 firm with land does not count for the ratio: still nothing to divide.
        var scenario = new Scenario()
            .Quarter("2022Q1", Row(Code(1), land: null), Row(Code(2), land: 0m), Row(Code(3), aboveScale: false, land: 10m))
            .Target(TargetRules.TaxPerMuAverage, 30m, baseline: 23.5m);

        var detail = scenario.Detail();

        Assert.Null(detail.Value);
        Assert.Null(detail.Gap);
        Assert.Equal(23.5m, detail.Baseline);
        Assert.Equal((ProgressStatus.NoData, "暂无数据"), (detail.Status, detail.StatusName));
    }
}
