using Cultivation.Domain.Firms;
using Cultivation.Domain.Periods;
using Cultivation.Domain.Progress;
using Cultivation.Domain.Targets;
using static Cultivation.Domain.Tests.Progress.FirmRowBuilder;

namespace Cultivation.Domain.Tests.Progress;

/// <summary>资质, the 个转企 pair and the 整治 pair are read from the latest row that fills them in (SPEC §3).</summary>
public class EventFieldsTests
{
    private static IEnumerable<string> Counted(Scenario scenario) => scenario.Detail().Firms.Select(f => f.CreditCode);

    private static Scenario Specialized(Scenario scenario) =>
        scenario.Target(TargetRules.Recognitions, 4m, parameters: (TargetRules.RecognitionParameter, "专精特新"));

    [Fact]
    public void Counts_a_recognition_stated_in_q2_and_left_blank_in_q3()
    {
        var scenario = Specialized(new Scenario()
            .Quarter("2022Q1", Row(Code(1)))
            .Quarter("2022Q2", Row(Code(1), recognitions: "专精特新:2022;高新技术企业:2019"))
            .Quarter("2022Q3", Row(Code(1), town: West)));

        var detail = scenario.Detail();

        Assert.Equal(1, detail.Achieved);
        Assert.Equal(West, Assert.Single(detail.Firms).Town);
    }

    [Fact]
    public void Reads_recognitions_as_a_whole_cell_so_a_later_filled_cell_that_drops_one_withdraws_it()
    {
        var scenario = Specialized(new Scenario()
            .Quarter("2022Q2", Row(Code(1), recognitions: "专精特新:2022;高新技术企业:2019"))
            .Quarter("2022Q3", Row(Code(1), recognitions: "高新技术企业:2019")));

        Assert.Empty(Counted(scenario));
    }

    [Fact]
    public void Counts_a_conversion_stated_in_q1_and_left_blank_later()
    {
        var scenario = new Scenario()
            .Quarter("2022Q1", Row(Code(1), aboveScale: false, formerCode: IndividualCode(1), converted: "2022-02-10"))
            .Quarter("2022Q2", Row(Code(1), aboveScale: false))
            .Target(TargetRules.IndividualToEnterprise, 400m);

        Assert.Equal([Code(1)], Counted(scenario));
    }

    [Fact]
    public void Takes_the_conversion_pair_from_one_row_the_latest_filling_either_field()
    {
        // Q1 states the code with last year's date; Q2 gives only a 2022 date. The pair is Q2's (no former
        // code), never Q1's code joined to Q2's date.
        var scenario = new Scenario()
            .Quarter("2022Q1", Row(Code(1), aboveScale: false, formerCode: IndividualCode(1), converted: "2021-11-01"))
            .Quarter("2022Q2", Row(Code(1), aboveScale: false, converted: "2022-02-10"))
            .Quarter("2022Q3", Row(Code(1), aboveScale: false))
            .Target(TargetRules.IndividualToEnterprise, 400m);

        Assert.Empty(Counted(scenario));
    }

    [Fact]
    public void Counts_a_remediation_completed_in_q1_and_left_blank_later()
    {
        var scenario = new Scenario()
            .Quarter("2022Q1", Row(Code(1), aboveScale: false, remediation: RemediationStatus.Remediated, remediated: "2022-03-01"))
            .Quarter("2022Q2", Row(Code(1), aboveScale: false))
            .Quarter("2022Q3", Row(Code(1), aboveScale: false))
            .Target(TargetRules.ScatteredFirmsRemediated, 400m);

        Assert.Equal([Code(1)], Counted(scenario));
    }

    [Fact]
    public void Takes_a_stated_none_as_filling_the_remediation_status()
    {
        var scenario = new Scenario()
            .Quarter("2022Q1", Row(Code(1), aboveScale: false, remediation: RemediationStatus.Remediated, remediated: "2022-03-01"))
            .Quarter("2022Q2", Row(Code(1), aboveScale: false, remediationStated: true))
            .Target(TargetRules.ScatteredFirmsRemediated, 400m);

        Assert.Empty(Counted(scenario));
    }

    [Fact]
    public void Reads_event_fields_only_up_to_the_as_of_period()
    {
        // Q3 is filed by one town only: its recognition waits with the rest of Q3.
        var scenario = Specialized(new Scenario()
            .Quarter("2022Q2", Row(Code(1)))
            .Filed("2022Q3", [East], Row(Code(1), recognitions: "专精特新:2022")));

        Assert.Empty(Counted(scenario));
    }

    [Fact]
    public void Flags_low_efficiency_from_the_periods_own_row_even_after_a_closure_stated_earlier()
    {
        var rows = new[]
        {
            Row(Code(1), tax: 5m, land: 10m, remediation: RemediationStatus.Closed, remediated: "2022-03-20"),
            Row(Code(1), tax: 5m, land: 10m),
        };

        var q1 = LowEfficiencyList.For(new Period(2022, 1), [rows[0]], new RuleOptions());
        var q2 = LowEfficiencyList.For(new Period(2022, 2), [rows[1]], new RuleOptions());

        Assert.Empty(q1.Firms);
        Assert.Equal([Code(1)], q2.Firms.Select(f => f.CreditCode));
    }
}
