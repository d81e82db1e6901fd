using Cultivation.Domain.Firms;
using Cultivation.SampleCity.City;

namespace Cultivation.SampleCity.Tests;

public class CreditCodeTests
{
    public static TheoryData<string> Periods => new(SampleCityGenerator.Periods.Select(p => p.ToString()));

    [Theory]
    [MemberData(nameof(Periods))]
    public void Every_credit_code_is_valid_and_unique_within_the_period(string period)
    {
        var rows = TestCity.Rows(period);

        Assert.All(rows, r =>
        {
            Assert.True(CreditCode.TryParse(r.CreditCode, out var code), r.CreditCode);
            Assert.Equal("330784", code.RegionCode);
            Assert.True(code.IsEnterprise || code.IsIndividualBusiness);
        });
        Assert.Equal(rows.Count, rows.Select(r => r.CreditCode).Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(Periods))]
    public void Every_firm_has_exactly_one_row_and_a_unique_name_in_the_period(string period)
    {
        var rows = TestCity.Rows(period);

        // One closed firm stops filing after 2022 Q2.
        Assert.Equal(period is "2022Q3" or "2022Q4" ? 4499 : 4500, rows.Count);
        Assert.Equal(rows.Count, rows.Select(r => r.FirmId).Distinct().Count());
        Assert.Equal(rows.Count, rows.Select(r => r.Name).Distinct().Count());
        Assert.All(rows, r => Assert.True(TestCity.Default.City.IsTown(r.Town)));
    }

    [Fact]
    public void Broken_correction_carries_a_bad_check_character_an_unknown_town_and_a_negative_tax()
    {
        var bad = Assert.Single(TestCity.Default.Filings, f => f.Placement == FilingPlacement.Bad);

        Assert.Equal("filings-bad/2022/Q2/象珠镇.xlsx", bad.RelativePath);
        Assert.Single(bad.Rows, r => !CreditCode.TryParse(r.CreditCode, out _));
        Assert.Single(bad.Rows, r => r.Town == "清溪镇");
        Assert.Single(bad.Rows, r => r.Tax < 0);
    }

    [Fact]
    public void Huajie_2022_q3_filing_arrives_late()
    {
        var late = Assert.Single(TestCity.Default.Filings, f => f.Placement == FilingPlacement.Late);

        Assert.Equal("filings-late/2022/Q3/花街镇.xlsx", late.RelativePath);
    }
}
