using Cultivation.Domain.Firms;
using Cultivation.Domain.Periods;
using Cultivation.SampleCity.City;

namespace Cultivation.SampleCity.Tests;

/// <summary>
/// The situations rules v3 must get right (SPEC §3), each present in the sample city: a recognition stated
/// once, a closed baseline firm that stops filing, a firm whose Q3 YTD passes 10亿, and 2021's four quarters
/// for last year's trend (同比).
/// </summary>
public class DesignedSituationsTests
{
    private static readonly Evaluation s_2022 = new(TestCity.Default);
    private static readonly Evaluation s_2021 = new(TestCity.Default, 2021);

    private static SampleFirm FirmWithRole(string role) => Assert.Single(TestCity.Default.Firms, f => f.Roles.Contains(role));

    private static SampleRow? RowOf(SampleFirm firm, string period) => TestCity.Rows(period).SingleOrDefault(r => r.FirmId == firm.Id);

    [Fact]
    public void A_recognition_stated_in_q2_and_left_blank_later_still_counts()
    {
        var firm = FirmWithRole("recognition-stated-once");

        Assert.Contains("专精特新:2022", RowOf(firm, "2022Q2")!.Qualifications, StringComparison.Ordinal);
        Assert.Equal(string.Empty, RowOf(firm, "2022Q3")!.Qualifications);
        Assert.Equal(string.Empty, RowOf(firm, "2022Q4")!.Qualifications);
        Assert.Contains(s_2022.Latest(4), r => r.FirmId == firm.Id && r.Recognitions.Any(x => x.Name == "专精特新" && x.Year == 2022));
    }

    [Fact]
    public void A_closed_baseline_firm_stops_filing_after_its_closing_quarter_and_counts_as_cleared()
    {
        var firm = FirmWithRole("stops-filing-after-closing");

        Assert.Contains(firm.CreditCode, s_2022.LowEfficiencyBaseline());
        Assert.Equal(RemediationStatus.Closed, RowOf(firm, "2022Q2")!.Remediation);
        Assert.Null(RowOf(firm, "2022Q3"));
        Assert.Null(RowOf(firm, "2022Q4"));
        Assert.Equal(4499, TestCity.Rows("2022Q3").Count);
    }

    [Fact]
    public void One_firm_passes_1bn_with_its_q3_ytd_and_three_by_the_year_end()
    {
        var firm = FirmWithRole("revenue-over-1bn-Q3");
        var q3 = RowOf(firm, "2022Q3")!;

        Assert.True(q3.Revenue >= 100_000m, $"Q3 YTD {q3.Revenue}");
        Assert.True(q3.RevenueLastYear < 100_000m);
        Assert.True(RowOf(firm, "2022Q2")!.Revenue < 100_000m);
        Assert.Equal([firm.CreditCode], s_2022.RevenueCrossed(3));
        Assert.Equal(3, s_2022.RevenueCrossed(4).Count);
    }

    [Fact]
    public void Every_source_files_every_quarter_of_2021()
    {
        foreach (var q in Enumerable.Range(1, 4))
        {
            var filings = TestCity.Default.Filings.Where(f => f.Period == new Period(2021, q)).ToList();

            Assert.Equal(16, filings.Count);
            Assert.Equal(4500, filings.Sum(f => f.Rows.Count));
        }
    }

    // Last year's trend (同比) with 2022's rules: 2021's 规上 intake all in January (规上纳入年份 2021), 专精特新 and
    // 小巨人 of 2021 from the mid-year batch, the 30 remediations of 2021 by the quarter of their completion date,
    // no conversion or 10亿 crossing, and the 2021 Q1 low-efficiency baseline never cleared in 2021.
    [Theory]
    [InlineData("above-scale-upgrades", 85, 85, 85, 85)]
    [InlineData("individual-to-enterprise", 0, 0, 0, 0)]
    [InlineData("national-little-giants", 0, 0, 1, 1)]
    [InlineData("provincial-specialized", 0, 0, 19, 19)]
    [InlineData("revenue-over-1bn", 0, 0, 0, 0)]
    [InlineData("low-efficiency-cleared", 0, 0, 0, 0)]
    [InlineData("scattered-firms-remediated", 4, 9, 20, 30)]
    public void Last_year_has_its_counts_by_quarter(string target, int q1, int q2, int q3, int q4)
    {
        Assert.Equal([q1, q2, q3, q4], Enumerable.Range(1, 4).Select(q => s_2021.Count(target, q)));
    }

    [Fact]
    public void Last_years_tax_per_mu_rises_to_the_work_plans_23_5_by_the_fourth_quarter()
    {
        Assert.Equal([20.67m, 22.57m, 23.14m, 23.5m], Enumerable.Range(1, 4).Select(q => Math.Round(s_2021.TaxPerMu(new Period(2021, q)), 2)));
    }
}
