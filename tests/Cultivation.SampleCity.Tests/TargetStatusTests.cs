namespace Cultivation.SampleCity.Tests;

/// <summary>The 2022 outcomes are designed to show every status at Q2 and at Q3 (see the generator's README).</summary>
public class TargetStatusTests
{
    private static readonly Evaluation s_evaluation = new(TestCity.Default);

    [Theory]
    [InlineData("above-scale-upgrades", 2, "on-track")]
    [InlineData("above-scale-upgrades", 3, "at-risk")]
    [InlineData("above-scale-upgrades", 4, "achieved")]
    [InlineData("individual-to-enterprise", 2, "behind")]
    [InlineData("individual-to-enterprise", 3, "behind")]
    [InlineData("national-little-giants", 2, "on-track")]
    [InlineData("national-little-giants", 3, "achieved")]
    [InlineData("provincial-specialized", 2, "achieved")]
    [InlineData("provincial-specialized", 3, "achieved")]
    [InlineData("revenue-over-1bn", 2, "on-track")]
    [InlineData("revenue-over-1bn", 3, "on-track")]
    [InlineData("revenue-over-1bn", 4, "achieved")]
    [InlineData("low-efficiency-cleared", 2, "at-risk")]
    [InlineData("low-efficiency-cleared", 3, "at-risk")]
    [InlineData("scattered-firms-remediated", 2, "on-track")]
    [InlineData("scattered-firms-remediated", 3, "on-track")]
    [InlineData("scattered-firms-remediated", 4, "achieved")]
    [InlineData("tax-per-mu-average", 2, "behind")]
    [InlineData("tax-per-mu-average", 3, "at-risk")]
    public void Target_has_its_designed_status(string target, int quarter, string status)
    {
        Assert.Equal(status, s_evaluation.Status(target, quarter));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void Every_status_appears_at_the_quarter(int quarter)
    {
        string[] targets =
        [
            "above-scale-upgrades", "individual-to-enterprise", "national-little-giants", "provincial-specialized",
            "revenue-over-1bn", "low-efficiency-cleared", "scattered-firms-remediated", "tax-per-mu-average",
        ];

        var statuses = targets.Select(t => s_evaluation.Status(t, quarter)).ToHashSet();

        Assert.Equal(["achieved", "at-risk", "behind", "on-track"], statuses.Order());
    }

    [Fact]
    public void Non_industrial_firms_entering_above_scale_do_not_count_as_upgrades()
    {
        var latest = s_evaluation.Latest(4);

        Assert.Contains(latest, r => r.AboveScale && r.AboveScaleSince == 2022 && !Evaluation.Industrial(r));
    }

    [Fact]
    public void A_firm_projected_over_1bn_at_q3_falls_short_at_q4()
    {
        var q3 = TestCity.Rows("2022Q3").Where(r => r.Revenue * 4 / 3 >= 100_000 && r.RevenueLastYear < 100_000).Select(r => r.CreditCode).ToList();
        var q4 = TestCity.Rows("2022Q4").Where(r => r.Revenue >= 100_000 && r.RevenueLastYear < 100_000).Select(r => r.CreditCode).ToList();

        Assert.Equal(3, q4.Count);
        Assert.Equal(4, q3.Count);
        Assert.Superset(q4.ToHashSet(), q3.ToHashSet());
    }

    // The designed 2022 counts, cumulative by quarter (tools/Cultivation.SampleCity/README.md), read by the tests' own
    // reading of SPEC §3: what the product must show at each as-of quarter.
    [Theory]
    [InlineData("above-scale-upgrades", 31, 34, 43, 103)]
    [InlineData("individual-to-enterprise", 60, 120, 180, 250)]
    [InlineData("national-little-giants", 0, 0, 2, 2)]
    [InlineData("provincial-specialized", 1, 4, 4, 5)]
    [InlineData("revenue-over-1bn", 0, 0, 1, 3)]
    [InlineData("low-efficiency-cleared", 7, 17, 26, 33)]
    [InlineData("scattered-firms-remediated", 90, 212, 318, 415)]
    public void Target_has_its_designed_count_at_every_quarter(string target, int q1, int q2, int q3, int q4)
    {
        Assert.Equal([q1, q2, q3, q4], Enumerable.Range(1, 4).Select(q => s_evaluation.Count(target, q)));
    }

    [Fact]
    public void The_low_efficiency_baseline_is_the_forty_designed_firms()
    {
        Assert.Equal(40, s_evaluation.LowEfficiencyBaseline().Count);
    }

    [Fact]
    public void Conversions_keep_the_former_code_that_filed_in_2021()
    {
        var codes2021 = TestCity.Rows("2021Q4").Select(r => r.CreditCode).ToHashSet();
        var converted = TestCity.Rows("2022Q4").Where(r => r.FormerCreditCode is not null).ToList();

        Assert.NotEmpty(converted);
        Assert.All(converted, r =>
        {
            Assert.StartsWith("92", r.FormerCreditCode);
            Assert.Contains(r.FormerCreditCode!, codes2021);
            Assert.Equal(2022, r.ConversionDate?.Year);
        });
    }
}
