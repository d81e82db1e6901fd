using Cultivation.Domain.Firms;
using Cultivation.Domain.Periods;
using Cultivation.Domain.Progress;
using static Cultivation.Domain.Tests.Progress.FirmRowBuilder;

namespace Cultivation.Domain.Tests.Progress;

public class FirmFiguresTests
{
    private static readonly RuleOptions s_options = new();
    private static readonly Period s_q4 = new(2022, 4);

    [Theory]
    [InlineData(1, "100", "400")]
    [InlineData(2, "100", "200")]
    [InlineData(3, "300", "400")]
    [InlineData(4, "100", "100")]
    [InlineData(3, "1125", "1500")]
    public void Annualises_year_to_date_figures_by_four_quarters_over_q(int quarter, string ytd, string annual) =>
        Assert.Equal(decimal.Parse(annual), FirmFigures.Annualise(decimal.Parse(ytd), quarter));

    [Fact]
    public void Annualises_the_third_quarter_without_binary_floating_point()
    {
        var annual = FirmFigures.Annualise(100m, 3);

        Assert.Equal(133.3333m, FirmFigures.Round(annual));
        Assert.True(FirmFigures.AnnualisedAtLeast(1125m, new Period(2022, 3), 1500m));
        Assert.False(FirmFigures.AnnualisedAtLeast(1124.9999m, new Period(2022, 3), 1500m));
    }

    [Fact]
    public void Does_not_flag_a_firm_exactly_at_five_per_mu()
    {
        var row = Row(Code(1), tax: 50m, land: 10m);

        Assert.Equal(5m, FirmFigures.TaxPerMu(row, s_q4));
        Assert.False(FirmFigures.IsLowEfficiency(row, s_q4, s_options));
    }

    [Fact]
    public void Flags_a_firm_just_under_five_per_mu()
    {
        var row = Row(Code(1), tax: 49.9999m, land: 10m);

        Assert.True(FirmFigures.IsLowEfficiency(row, s_q4, s_options));
    }

    [Fact]
    public void Compares_the_threshold_exactly_in_the_third_quarter()
    {
        // 11.25 × 4 / 3 = 15 万元 over 3 亩 is exactly 5 万元/亩; 1 ÷ 3 has no exact decimal, the comparison must not depend on it.
        Assert.False(FirmFigures.IsLowEfficiency(Row(Code(1), tax: 11.25m, land: 3m), new Period(2022, 3), s_options));
        Assert.True(FirmFigures.IsLowEfficiency(Row(Code(1), tax: 11.2499m, land: 3m), new Period(2022, 3), s_options));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("0")]
    public void Takes_a_firm_without_land_as_not_evaluable_rather_than_dividing_by_zero(string? land)
    {
        var row = Row(Code(1), tax: 0m, land: land is null ? null : decimal.Parse(land));

        Assert.False(FirmFigures.IsEvaluable(row));
        Assert.Null(FirmFigures.TaxPerMu(row, s_q4));
        Assert.False(FirmFigures.IsLowEfficiency(row, s_q4, s_options));
    }

    [Theory]
    [InlineData("3", true)]
    [InlineData("2.9999", false)]
    public void Evaluates_a_firm_below_scale_from_three_mu(string land, bool inScope)
    {
        var row = Row(Code(1), aboveScale: false, revenue: 500m, tax: 1m, land: decimal.Parse(land));

        Assert.Equal(inScope, FirmFigures.InEvaluationScope(row, s_options));
        Assert.Equal(inScope, FirmFigures.IsLowEfficiency(row, s_q4, s_options));
    }

    [Fact]
    public void Takes_two_thousand_square_metres_as_exactly_three_mu()
    {
        // The reader scales 平方米 by 0.0015 (1 亩 = 10,000/15 m²).
        var row = Row(Code(1), aboveScale: false, revenue: 500m, tax: 1m, land: 2000m * 0.0015m);

        Assert.Equal(3m, row.LandMu);
        Assert.True(FirmFigures.InEvaluationScope(row, s_options));
    }

    [Fact]
    public void Evaluates_a_firm_above_scale_whatever_its_land()
    {
        Assert.True(FirmFigures.InEvaluationScope(Row(Code(1), land: 1m), s_options));
        Assert.True(FirmFigures.IsLowEfficiency(Row(Code(1), tax: 1m, land: 1m), s_q4, s_options));
    }

    [Fact]
    public void Never_flags_a_closed_firm()
    {
        var row = Row(Code(1), tax: 0m, land: 20m, remediation: RemediationStatus.Closed, remediated: "2022-05-01");

        Assert.False(FirmFigures.IsLowEfficiency(row, s_q4, s_options));
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("", true)]
    [InlineData("0610", true)]
    [InlineData("06", true)]
    [InlineData("3311", true)]
    [InlineData("C3311", true)]
    [InlineData("Ｃ３３１１", true)]
    [InlineData("4690", true)]
    [InlineData("0510", false)]
    [InlineData("4711", false)]
    [InlineData("5211", false)]
    [InlineData("F5211", false)]
    [InlineData("B", true)]
    [InlineData("C", true)]
    [InlineData("d", true)]
    [InlineData("A", false)]
    [InlineData("F", false)]
    [InlineData("H", false)]
    public void Tells_industrial_firms_by_their_gbt_4754_division(string? code, bool industrial) =>
        Assert.Equal(industrial, FirmFigures.IsIndustrial(code, s_options));

    [Fact]
    public void Does_not_flag_a_firm_outside_industry()
    {
        var shop = Row(Code(1), tax: 1m, land: 10m, industry: "5211");

        Assert.False(FirmFigures.IsLowEfficiency(shop, s_q4, s_options));
    }

    [Fact]
    public void Lists_the_low_efficiency_firms_of_a_period_lowest_first()
    {
        var q2 = new Period(2022, 2);
        var rows = new[]
        {
            Row(Code(1), tax: 20m, land: 10m),                  // 4 万元/亩
            Row(Code(2), tax: 5m, land: 10m, town: West),      // 1 万元/亩
            Row(Code(3), tax: 25m, land: 10m),                  // 5: not flagged
            Row(Code(4), tax: 0m, land: null),                  // not evaluable
            Row(Code(5), tax: 0m, land: 10m, remediation: RemediationStatus.Closed, remediated: "2022-04-01"),
        };

        var list = LowEfficiencyList.For(q2, rows, s_options);

        Assert.Equal("2022Q2", list.Period);
        Assert.Equal(5m, list.Threshold);
        Assert.Equal([Code(2), Code(1)], list.Firms.Select(f => f.CreditCode));
        Assert.Equal(new LowEfficiencyFirm(Code(2), rows[1].Name, West, 1m, 10m, 10m), list.Firms[0]);
        Assert.Equal([Code(2)], LowEfficiencyList.For(q2, rows, s_options, town: West).Firms.Select(f => f.CreditCode));
    }

    [Fact]
    public void Rounds_shown_figures_to_four_places_and_drops_trailing_zeros()
    {
        Assert.Equal("50", FirmFigures.Normalize(50.00m).ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("1.2346", FirmFigures.Round(1.23456m).ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("0.5", FirmFigures.Round(0.50000m).ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}
