using Cultivation.Domain.Firms;
using Cultivation.Domain.Progress;
using Cultivation.Domain.Targets;
using static Cultivation.Domain.Tests.Progress.FirmRowBuilder;

namespace Cultivation.Domain.Tests.Progress;

public class CountRuleTests
{
    private static IEnumerable<string> Counted(Scenario scenario) => scenario.Detail().Firms.Select(f => f.CreditCode);

    // 小升规

    [Fact]
    public void Counts_an_upgrade_whose_entry_year_is_the_year()
    {
        var scenario = new Scenario()
            .Quarter("2022Q1", Row(Code(1), since: 2022), Row(Code(2), since: 2021), Row(Code(3), aboveScale: false, revenue: 100m))
            .Target(TargetRules.AboveScaleUpgrades);

        Assert.Equal([Code(1)], Counted(scenario));
    }

    [Fact]
    public void Counts_an_upgrade_without_entry_year_from_an_earlier_quarter_below_scale()
    {
        var scenario = new Scenario()
            .Quarter("2022Q1", Row(Code(1), aboveScale: false, revenue: 400m), Row(Code(2)))
            .Quarter("2022Q2", Row(Code(1)), Row(Code(2)))
            .Target(TargetRules.AboveScaleUpgrades);

        Assert.Equal([Code(1)], Counted(scenario));
    }

    [Fact]
    public void Counts_an_upgrade_without_entry_year_from_last_year_below_scale()
    {
        var scenario = new Scenario()
            .Quarter("2021Q4", Row(Code(1), aboveScale: false, revenue: 1900m), Row(Code(2), revenue: 2600m))
            .Quarter("2022Q1", Row(Code(1)), Row(Code(2)))
            .Target(TargetRules.AboveScaleUpgrades);

        Assert.Equal([Code(1)], Counted(scenario));
    }

    [Fact]
    public void Does_not_count_a_firm_whose_latest_row_is_below_scale_again()
    {
        var scenario = new Scenario()
            .Quarter("2022Q1", Row(Code(1), since: 2022))
            .Quarter("2022Q2", Row(Code(1), aboveScale: false, revenue: 500m))
            .Target(TargetRules.AboveScaleUpgrades);

        Assert.Empty(Counted(scenario));
    }

    [Fact]
    public void Does_not_count_an_upgrade_outside_industry()
    {
        var scenario = new Scenario()
            .Quarter("2022Q1", Row(Code(1), since: 2022, industry: "5211"), Row(Code(2), since: 2022, industry: "3311"))
            .Target(TargetRules.AboveScaleUpgrades);

        Assert.Equal([Code(2)], Counted(scenario));
    }

    [Fact]
    public void Ranks_the_cultivation_pool_from_three_quarters_of_the_line()
    {
        // Q2: YTD 750 → 1,500 万元 annualised, exactly 75% of 2,000: in; 749.99 is not.
        var scenario = new Scenario()
            .Quarter("2022Q1")
            .Quarter(
                "2022Q2",
                Row(Code(1), aboveScale: false, revenue: 750m),
                Row(Code(2), aboveScale: false, revenue: 749.99m),
                Row(Code(3), aboveScale: false, revenue: 1000m, town: West),
                Row(Code(4), aboveScale: false, revenue: 900m, industry: "5211"),
                Row(Code(5), since: 2022, revenue: 1200m))
            .Target(TargetRules.AboveScaleUpgrades);

        var pool = scenario.Detail().Pool!;

        Assert.Equal([new PoolFirm(1, Code(3), Row(Code(3)).Name, West, 2000m), new PoolFirm(2, Code(1), Row(Code(1)).Name, East, 1500m)], pool);
    }

    [Fact]
    public void Annualises_the_pool_floor_in_the_third_quarter()
    {
        var scenario = new Scenario()
            .Quarter("2022Q3", Row(Code(1), aboveScale: false, revenue: 1125m), Row(Code(2), aboveScale: false, revenue: 1124.99m))
            .Target(TargetRules.AboveScaleUpgrades);

        Assert.Equal([Code(1)], scenario.Detail().Pool!.Select(p => p.CreditCode));
    }

    // 个转企

    [Fact]
    public void Counts_a_conversion_dated_in_the_year()
    {
        var scenario = new Scenario()
            .Quarter("2022Q1", Row(Code(1), aboveScale: false, formerCode: IndividualCode(1), converted: "2022-02-10"))
            .Target(TargetRules.IndividualToEnterprise);

        Assert.Equal([Code(1)], Counted(scenario));
    }

    [Fact]
    public void Does_not_count_a_conversion_dated_in_the_previous_year()
    {
        var scenario = new Scenario()
            .Quarter("2022Q1", Row(Code(1), aboveScale: false, formerCode: IndividualCode(1), converted: "2021-12-31"))
            .Target(TargetRules.IndividualToEnterprise);

        Assert.Empty(Counted(scenario));
    }

    [Fact]
    public void Does_not_count_a_conversion_whose_former_code_is_not_an_individual_business()
    {
        var scenario = new Scenario()
            .Quarter("2022Q1", Row(Code(1), aboveScale: false, formerCode: Code(2), converted: "2022-02-10"),
                Row(Code(3), aboveScale: false, formerCode: IndividualCode(3)))
            .Target(TargetRules.IndividualToEnterprise);

        Assert.Empty(Counted(scenario));
    }

    // Recognitions

    [Fact]
    public void Counts_a_firm_once_despite_two_recognition_entries()
    {
        var scenario = new Scenario()
            .Quarter("2022Q1", Row(Code(1), recognitions: "小巨人:2022;小巨人:2022"))
            .Quarter("2022Q2", Row(Code(1), recognitions: "小巨人:2022;小巨人:2022"))
            .Target(TargetRules.Recognitions, 2m, parameters: (TargetRules.RecognitionParameter, "小巨人"));

        var result = scenario.Compute();

        Assert.Equal(1, result.Progress.Targets[0].Achieved);
        Assert.Single(result.Details[0].Firms);
    }

    [Fact]
    public void Counts_a_recognition_in_the_year_after_the_colon_only()
    {
        var scenario = new Scenario()
            .Quarter("2022Q1", Row(Code(1), recognitions: "小巨人:2021"), Row(Code(2), recognitions: "专精特新:2022"), Row(Code(3), recognitions: "专精特新:2021;小巨人:2022"))
            .Target(TargetRules.Recognitions, 2m, parameters: (TargetRules.RecognitionParameter, "小巨人"));

        Assert.Equal([Code(3)], Counted(scenario));
    }

    [Fact]
    public void Counts_a_new_recognition_target_defined_only_in_the_targets_file()
    {
        var json = """
            { "year": 2022, "region": "330784", "targets": [
              { "id": "high-tech-firms", "name": "新增高新技术企业", "rule": "recognitions",
                "parameters": { "recognition": "高新技术企业" }, "unit": "家", "target": 20 } ] }
            """;
        var targets = TargetsFile.Parse(json).Targets!;
        var scenario = new Scenario()
            .Quarter("2022Q1", Row(Code(1), recognitions: "高新技术企业:2022"), Row(Code(2), recognitions: "小巨人:2022"));

        var result = scenario.Compute(targets);

        Assert.Equal("新增高新技术企业", result.Progress.Targets[0].Name);
        Assert.Equal([Code(1)], result.Detail("high-tech-firms")!.Firms.Select(f => f.CreditCode));
    }

    // 整治低散乱

    [Fact]
    public void Counts_remediated_and_closed_firms_completed_in_the_year()
    {
        var scenario = new Scenario()
            .Quarter(
                "2022Q2",
                Row(Code(1), aboveScale: false, remediation: RemediationStatus.Remediated, remediated: "2022-03-01"),
                Row(Code(2), aboveScale: false, remediation: RemediationStatus.Closed, remediated: "2022-05-20"),
                Row(Code(3), aboveScale: false, remediation: RemediationStatus.InProgress),
                Row(Code(4), aboveScale: false, remediation: RemediationStatus.Remediated, remediated: "2021-11-30"))
            .Target(TargetRules.ScatteredFirmsRemediated);

        Assert.Equal([Code(1), Code(2)], Counted(scenario));
    }

    [Fact]
    public void Uses_the_latest_row_for_remediation()
    {
        var scenario = new Scenario()
            .Quarter("2022Q1", Row(Code(1), aboveScale: false, remediation: RemediationStatus.InProgress))
            .Quarter("2022Q2", Row(Code(1), aboveScale: false, town: West, remediation: RemediationStatus.Remediated, remediated: "2022-06-01"))
            .Target(TargetRules.ScatteredFirmsRemediated);

        Assert.Equal(West, Assert.Single(scenario.Detail().Firms).Town);
    }
}
