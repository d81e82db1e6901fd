using Cultivation.Domain.Periods;

namespace Cultivation.SampleCity.Tests;

public class CalibrationTests
{
    private static readonly Evaluation s_evaluation = new(TestCity.Default);

    [Fact]
    public void Tax_per_mu_of_2021_is_the_work_plan_baseline_of_23_5()
    {
        var value = s_evaluation.TaxPerMu(new Period(2021, 4));

        Assert.InRange(value, 23.3m, 23.7m);
    }

    [Fact]
    public void Tax_per_mu_of_2022_moves_toward_30_but_stays_short()
    {
        var value = s_evaluation.TaxPerMu(new Period(2022, 4));

        Assert.InRange(value, 25m, 29.9m);
        Assert.True(value > s_evaluation.TaxPerMu(new Period(2021, 4)));
    }

    [Fact]
    public void A_few_dozen_firms_are_low_efficiency_in_2021_and_most_are_cleared_by_the_end_of_2022()
    {
        var baseline = s_evaluation.LowEfficiencyBaseline();
        var cleared = s_evaluation.Cleared(4);

        Assert.InRange(baseline.Count, 20, 60);
        Assert.True(cleared >= 0.7 * baseline.Count, $"{cleared} of {baseline.Count} cleared");
        Assert.True(cleared < baseline.Count, "some low-efficiency firms are left for the 'not cleared' list");
    }

    [Fact]
    public void About_1500_firms_are_above_scale_with_about_1000_yi_yuan_of_revenue()
    {
        foreach (var period in new[] { "2021Q4", "2022Q4" })
        {
            var above = TestCity.Rows(period).Where(r => r.AboveScale).ToList();

            Assert.InRange(above.Count, 1400, 1650);
            Assert.InRange(above.Sum(r => r.Revenue), 9_000_000m, 11_000_000m);
        }
    }

    [Fact]
    public void Non_industrial_above_scale_firms_exist_so_the_industry_code_matters()
    {
        var rows = TestCity.Rows("2021Q4");

        Assert.Contains(rows, r => r.AboveScale && !Evaluation.Industrial(r) && r.LandMu > 0 && Evaluation.AnnualisedTaxPerMu(r) < 5);
        Assert.True(rows.Count(r => r.AboveScale && !Evaluation.Industrial(r)) >= 20);
    }

    [Fact]
    public void Many_below_scale_firms_rent_their_premises()
    {
        var below = TestCity.Rows("2021Q4").Where(r => !r.AboveScale).ToList();

        Assert.True(below.Count(r => r.LandMu is null or 0) > below.Count / 3);
    }
}
