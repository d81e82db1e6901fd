using Cultivation.Domain.Firms;
using Cultivation.Domain.Targets;
using static Cultivation.Domain.Tests.Progress.FirmRowBuilder;

namespace Cultivation.Domain.Tests.Progress;

/// <summary>Each counted firm carries the figures that made it count (SPEC §3: every number traceable).</summary>
public class CountedFiguresTests
{
    [Fact]
    public void An_upgrade_carries_its_entry_year_and_its_revenue_year_to_date_and_annualised()
    {
        var firm = Assert.Single(new Scenario()
            .Quarter("2022Q1")
            .Quarter("2022Q2", Row(Code(1), since: 2022, revenue: 1300m))
            .Target(TargetRules.AboveScaleUpgrades)
            .Detail().Firms);

        Assert.Equal((2022, 1300m, 2600m), (firm.AboveScaleSince, firm.Revenue, firm.AnnualisedRevenue));
    }

    [Fact]
    public void A_firm_over_the_revenue_line_carries_the_year_to_date_that_reached_it_and_last_years_revenue()
    {
        // Q3's YTD reaches 100,000 万元; last year's was 80,000.
        var firm = Assert.Single(new Scenario()
            .Quarter("2022Q1", Row(Code(1), revenue: 30_000m, revenueLastYear: 80_000m))
            .Quarter("2022Q2", Row(Code(1), revenue: 60_000m))
            .Quarter("2022Q3", Row(Code(1), revenue: 100_500m))
            .Target(TargetRules.RevenueOverThreshold, 3m)
            .Detail().Firms);

        Assert.Equal((100_500m, (decimal?)80_000m), (firm.Revenue!.Value, firm.LastYearRevenue));
    }

    [Fact]
    public void A_conversion_carries_the_former_code_and_date_from_the_row_that_stated_them()
    {
        var firm = Assert.Single(new Scenario()
            .Quarter("2022Q1", Row(Code(1), formerCode: IndividualCode(7), converted: "2022-03-08"))
            .Quarter("2022Q2", Row(Code(1)))
            .Target(TargetRules.IndividualToEnterprise)
            .Detail().Firms);

        Assert.Equal((IndividualCode(7), new DateOnly(2022, 3, 8)), (firm.FormerCreditCode, firm.ConversionDate!.Value));
    }

    [Fact]
    public void A_recognition_carries_the_qualification_that_counts()
    {
        var firm = Assert.Single(new Scenario()
            .Quarter("2022Q1", Row(Code(1), recognitions: "高新技术企业:2020;小巨人:2022"))
            .Target(TargetRules.Recognitions, parameters: (TargetRules.RecognitionParameter, "小巨人"))
            .Detail().Firms);

        Assert.Equal("小巨人:2022", firm.Recognition);
    }

    [Fact]
    public void A_remediation_carries_its_status_and_completion_date()
    {
        var firm = Assert.Single(new Scenario()
            .Quarter("2022Q1", Row(Code(1), remediation: RemediationStatus.Remediated, remediated: "2022-02-20"))
            .Target(TargetRules.ScatteredFirmsRemediated)
            .Detail().Firms);

        Assert.Equal(("已整治", new DateOnly(2022, 2, 20)), (firm.Remediation, firm.RemediationDate!.Value));
    }

    [Fact]
    public void A_cleared_firm_carries_its_tax_per_mu_now_or_that_it_closed()
    {
        // 2021Q4: both under 5 万元/亩 (tax 20 on 10 亩 = 2). 2022Q2: firm 1 pays 30 YTD → 60 a year ÷ 10 亩 = 6; firm 2 closed.
        var detail = new Scenario()
            .Quarter("2021Q4", Row(Code(1), tax: 20m), Row(Code(2), tax: 20m))
            .Quarter("2022Q1", Row(Code(1), tax: 10m), Row(Code(2), tax: 5m, remediation: RemediationStatus.Closed))
            .Quarter("2022Q2", Row(Code(1), tax: 30m))
            .Target(TargetRules.LowEfficiencyCleared, target: null)
            .Detail();

        var byCode = detail.Firms.ToDictionary(f => f.CreditCode);
        Assert.Equal((6m, 10m, 60m, (string?)null), (byCode[Code(1)].TaxPerMu!.Value, byCode[Code(1)].LandMu!.Value, byCode[Code(1)].AnnualisedTax!.Value, byCode[Code(1)].Remediation));
        Assert.Equal(("已关停", (decimal?)null), (byCode[Code(2)].Remediation, byCode[Code(2)].TaxPerMu));
    }
}
