using Cultivation.Domain.Progress;
using Cultivation.Domain.Targets;
using static Cultivation.Domain.Tests.Progress.FirmRowBuilder;

namespace Cultivation.Domain.Tests.Progress;

public class RevenueOverThresholdTests
{
    private static Scenario Year(params Cultivation.Domain.Firms.FirmRow[] q4Rows) => new Scenario()
        .Quarter("2022Q4", q4Rows)
        .Target(TargetRules.RevenueOverThreshold, 3m);

    [Fact]
    public void Counts_a_firm_exactly_at_the_line_that_was_below_it_last_year()
    {
        var detail = Year(Row(Code(1), revenue: 100_000m, revenueLastYear: 99_999.99m)).Detail();

        Assert.Equal([Code(1)], detail.Firms.Select(f => f.CreditCode));
        Assert.Equal(1, detail.Achieved);
    }

    [Fact]
    public void Does_not_count_a_firm_already_over_the_line_last_year_or_under_it_now()
    {
        var detail = Year(
            Row(Code(1), revenue: 120_000m, revenueLastYear: 100_000m),
            Row(Code(2), revenue: 99_999.99m, revenueLastYear: 50_000m)).Detail();

        Assert.Empty(detail.Firms);
        Assert.Empty(detail.Unknown!);
    }

    [Fact]
    public void Takes_last_years_revenue_from_last_years_fourth_quarter_row_when_not_given()
    {
        var scenario = new Scenario()
            .Quarter("2021Q4", Row(Code(1), revenue: 90_000m), Row(Code(2), revenue: 110_000m))
            .Quarter("2022Q4", Row(Code(1), revenue: 105_000m), Row(Code(2), revenue: 130_000m))
            .Target(TargetRules.RevenueOverThreshold, 3m);

        Assert.Equal([Code(1)], scenario.Detail().Firms.Select(f => f.CreditCode));
    }

    [Fact]
    public void Lists_a_firm_without_last_years_revenue_as_unknown_and_does_not_count_it()
    {
        var detail = Year(Row(Code(1), revenue: 150_000m)).Detail();

        Assert.Empty(detail.Firms);
        var unknown = Assert.Single(detail.Unknown!);
        Assert.Equal((Code(1), 150_000m, (decimal?)null), (unknown.CreditCode, unknown.AnnualisedRevenue, unknown.LastYearRevenue));
    }

    [Fact]
    public void Projects_before_the_fourth_quarter_without_counting()
    {
        // Q2: YTD 50,000 → 100,000 annualised, on the line.
        var scenario = new Scenario()
            .Quarter("2022Q1")
            .Quarter("2022Q2", Row(Code(1), revenue: 50_000m, revenueLastYear: 80_000m), Row(Code(2), revenue: 49_999m, revenueLastYear: 80_000m))
            .Target(TargetRules.RevenueOverThreshold, 3m, profile: [0m, 0m, 0m, 1m]);

        var detail = scenario.Detail();

        Assert.Equal(0, detail.Achieved);
        Assert.Empty(detail.Firms);
        var projected = Assert.Single(detail.Projected!);
        Assert.Equal((Code(1), 100_000m, (decimal?)80_000m), (projected.CreditCode, projected.AnnualisedRevenue, projected.LastYearRevenue));
        Assert.Equal(ProgressStatus.OnTrack, detail.Status);
    }

    [Fact]
    public void Counts_a_firm_as_soon_as_its_ytd_reaches_the_line_in_the_third_quarter()
    {
        var scenario = new Scenario()
            .Quarter("2022Q2", Row(Code(1), revenue: 60_000m, revenueLastYear: 90_000m))
            .Quarter("2022Q3", Row(Code(1), revenue: 100_000m, revenueLastYear: 90_000m), Row(Code(2), revenue: 99_999.99m, revenueLastYear: 90_000m))
            .Target(TargetRules.RevenueOverThreshold, 3m, profile: [0m, 0m, 0m, 1m]);

        var detail = scenario.Detail();

        Assert.Equal([Code(1)], detail.Firms.Select(f => f.CreditCode));
        Assert.Equal(1, detail.Achieved);
        Assert.Equal([Code(2)], detail.Projected!.Select(f => f.CreditCode));
    }

    [Fact]
    public void Keeps_counting_at_the_fourth_quarter_a_firm_that_reached_the_line_in_the_third()
    {
        var scenario = new Scenario()
            .Quarter("2022Q3", Row(Code(1), revenue: 100_500m, revenueLastYear: 90_000m))
            .Quarter("2022Q4")
            .Target(TargetRules.RevenueOverThreshold, 3m);

        Assert.Equal([Code(1)], scenario.Detail().Firms.Select(f => f.CreditCode));
    }

    [Fact]
    public void Lists_a_firm_that_reached_the_line_without_last_years_revenue_as_unknown()
    {
        var scenario = new Scenario()
            .Quarter("2022Q3", Row(Code(1), revenue: 100_500m))
            .Target(TargetRules.RevenueOverThreshold, 3m);

        var detail = scenario.Detail();

        Assert.Empty(detail.Firms);
        Assert.Equal(134_000m, Assert.Single(detail.Unknown!).AnnualisedRevenue);
    }

    [Fact]
    public void Uses_the_threshold_parameter_of_the_target()
    {
        var scenario = new Scenario()
            .Quarter("2022Q4", Row(Code(1), revenue: 50_000m, revenueLastYear: 40_000m))
            .Target(TargetRules.RevenueOverThreshold, 3m, parameters: (TargetRules.ThresholdParameter, "50000"));

        Assert.Equal([Code(1)], scenario.Detail().Firms.Select(f => f.CreditCode));
    }

    [Fact]
    public void Does_not_project_at_the_fourth_quarter_a_firm_whose_ytd_stayed_under_the_line()
    {
        // Q3: 90,000 → 120,000 annualised, but at Q4 the year's figures are in and it has no Q4 row.
        var scenario = new Scenario()
            .Quarter("2022Q3", Row(Code(1), revenue: 90_000m, revenueLastYear: 80_000m))
            .Quarter("2022Q4")
            .Target(TargetRules.RevenueOverThreshold, 3m);

        var detail = scenario.Detail();

        Assert.Empty(detail.Firms);
        Assert.Empty(detail.Projected!);
    }
}
