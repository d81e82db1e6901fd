using Cultivation.Domain.Firms;
using Cultivation.Domain.Periods;
using Cultivation.Domain.Progress;
using static Cultivation.Domain.Tests.Progress.FirmRowBuilder;

namespace Cultivation.Domain.Tests.Progress;

/// <summary>In-scope firms (规上 industrial) without land are the period's data gaps: a blank 用地面积 must not hide a firm.</summary>
public class DataGapTests
{
    private static LowEfficiencyList List(string? town, params FirmRow[] rows) => LowEfficiencyList.For(new Period(2022, 2), rows, new RuleOptions(), town);

    [Fact]
    public void Lists_above_scale_industrial_firms_without_land_with_the_reason()
    {
        var list = List(
            null,
            Row(Code(1), land: null, town: West),
            Row(Code(2), land: 0m),
            Row(Code(3), land: 10m),
            Row(Code(4), aboveScale: false, land: null),
            Row(Code(5), land: null, industry: "5211"),
            Row(Code(6), land: null, remediation: RemediationStatus.Closed, remediated: "2022-05-01"));

        Assert.Equal([Code(2), Code(1)], list.DataGaps.Select(g => g.CreditCode));
        Assert.Equal("规上工业企业用地面积为0（如租用厂房），无法评价亩均税收", list.DataGaps[0].Reason);
        Assert.Equal("规上工业企业未填写用地面积，无法评价亩均税收", list.DataGaps[1].Reason);
        Assert.Equal("用地面积 not given for a 规上 industrial firm: 亩均税收 cannot be evaluated", list.DataGaps[1].ReasonEn);
        Assert.Empty(list.Firms);
    }

    [Fact]
    public void Filters_the_data_gaps_by_town_too()
    {
        var list = List(West, Row(Code(1), land: null, town: West), Row(Code(2), land: null));

        Assert.Equal([Code(1)], list.DataGaps.Select(g => g.CreditCode));
    }
}
