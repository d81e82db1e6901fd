using Cultivation.Domain.Firms;
using Cultivation.Domain.Periods;
using Cultivation.Domain.Progress;
using static Cultivation.Domain.Tests.Progress.FirmRowBuilder;

namespace Cultivation.Domain.Tests.Progress;

public class EnterpriseHistoryTests
{
    private static readonly RuleOptions s_options = new();

    private static FiledRow At(string period, FirmRow row, string? source = null) => new(Period.Parse(period), source ?? row.Town, row);

    private static EnterpriseHistory History(params FiledRow[] rows) => EnterpriseHistory.Build(rows, s_options)!;

    [Fact]
    public void Has_no_history_without_rows() => Assert.Null(EnterpriseHistory.Build([], s_options));

    [Fact]
    public void Lists_periods_in_order_with_derived_figures()
    {
        var history = History(
            At("2022Q2", Row(Code(1), town: West, revenue: 1000m, tax: 15m, land: 10m)),
            At("2022Q1", Row(Code(1), revenue: 400m, tax: 10m, land: 10m), "统计局"));

        Assert.Equal((Code(1), West), (history.CreditCode, history.Town));
        Assert.Equal(["2022Q1", "2022Q2"], history.Periods.Select(p => p.Period));
        var q1 = history.Periods[0];
        Assert.Equal(("统计局", 1600m, 40m, 4m, true), (q1.Source, q1.AnnualisedRevenue, q1.AnnualisedTax, q1.TaxPerMu!.Value, q1.LowEfficiency));
        var q2 = history.Periods[1];
        Assert.Equal((2000m, 30m, 3m), (q2.AnnualisedRevenue, q2.AnnualisedTax, q2.TaxPerMu!.Value));
    }

    [Fact]
    public void Shows_a_firm_without_land_as_not_evaluable()
    {
        var period = History(At("2022Q1", Row(Code(1), land: null))).Periods[0];

        Assert.Null(period.TaxPerMu);
        Assert.False(period.LowEfficiency);
    }

    [Fact]
    public void Tells_the_tier_events_of_a_firm()
    {
        var history = History(
            At("2021Q4", Row(Code(1), aboveScale: false, revenue: 1800m, tax: 10m, land: 10m)),
            At("2022Q1", Row(Code(1), aboveScale: false, revenue: 600m, tax: 5m, land: 10m, formerCode: IndividualCode(1), converted: "2021-06-01")),
            At("2022Q2", Row(Code(1), revenue: 1100m, tax: 30m, land: 10m, since: 2022, recognitions: "专精特新:2022;专精特新:2022")),
            At("2022Q3", Row(Code(1), revenue: 1700m, tax: 45m, land: 10m, since: 2022, recognitions: "专精特新:2022")));

        Assert.Equal(
            [
                ("2021Q4", EnterpriseEventKinds.LowEfficiencyFlagged),
                ("2022Q1", EnterpriseEventKinds.Converted),
                ("2022Q2", EnterpriseEventKinds.AboveScale),
                ("2022Q2", EnterpriseEventKinds.Recognised),
                ("2022Q2", EnterpriseEventKinds.LowEfficiencyCleared),
            ],
            history.Events.Select(e => (e.Period, e.Kind)));
        Assert.Contains("纳入规上企业（2022年）", history.Events[2].Description);
        Assert.Contains("专精特新", history.Events[3].Description);
        Assert.Contains("不再低于5万元/亩", history.Events[4].Description);
    }

    [Fact]
    public void Tells_the_revenue_line_crossed_in_the_first_quarter_whose_ytd_reaches_it()
    {
        var history = History(
            At("2021Q4", Row(Code(1), revenue: 95_000m)),
            At("2022Q3", Row(Code(1), revenue: 100_000m)),
            At("2022Q4", Row(Code(1), revenue: 130_000m)));

        var crossed = Assert.Single(history.Events, e => e.Kind == EnterpriseEventKinds.RevenueOverLine);
        Assert.Equal("2022Q3", crossed.Period);
        Assert.Equal("累计营业收入100000万元，首次达到100000万元（上年95000万元）", crossed.Description);
    }

    [Fact]
    public void Does_not_tell_a_clearance_when_a_flagged_firm_leaves_the_evaluation_scope()
    {
        var history = History(
            At("2021Q4", Row(Code(1), tax: 10m, land: 10m)),
            At("2022Q1", Row(Code(1), aboveScale: false, tax: 10m, land: 2m)));

        Assert.Equal([EnterpriseEventKinds.LowEfficiencyFlagged], history.Events.Select(e => e.Kind));
    }

    [Fact]
    public void Tells_closing_remediation_and_crossing_the_revenue_line()
    {
        var history = History(
            At("2021Q4", Row(Code(1), revenue: 95_000m, tax: 10m, land: 10m)),
            At("2022Q4", Row(Code(1), revenue: 101_000m, tax: 0m, land: 10m, remediation: RemediationStatus.Closed, remediated: "2022-11-01")));

        Assert.Equal(
            [EnterpriseEventKinds.LowEfficiencyFlagged, EnterpriseEventKinds.RevenueOverLine, EnterpriseEventKinds.LowEfficiencyCleared, EnterpriseEventKinds.Remediated],
            history.Events.Select(e => e.Kind));
        Assert.Contains("已关停", history.Events[3].Description);
        Assert.Contains("101000", history.Events[1].Description);
    }
}
