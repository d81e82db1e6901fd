using Cultivation.SampleCity.City;

namespace Cultivation.SampleCity.Tests;

/// <summary>The 2022 Q4 filing-life story (SPEC §4): a correction held up by a conflict, a re-save as .xls, a file deleted again.</summary>
public class FilingLifeStoryTests
{
    [Fact]
    public void Filing_life_story_hands_xicheng_largest_firm_to_the_bureau_and_leaves_the_rows_of_2022_q4_as_they_are()
    {
        var life = TestCity.Default.Filings.Where(f => f.Placement == FilingPlacement.Life).ToList();
        var regular = TestCity.Default.Filings.Where(f => f.Period == FilingPlan.LifePeriod && f.Placement == FilingPlacement.Regular).ToList();

        Assert.Equal(["filings-life/2022/Q4/统计局.xlsx", "filings-life/2022/Q4/西城街道.xls", "filings-life/2022/Q4/江南街道.csv"], life.Select(f => f.RelativePath));
        var xicheng = regular.Single(f => f.Source == "西城街道").Rows;
        var bureau = regular.Single(f => f.Source == "统计局").Rows;
        Assert.Equal(60, bureau.Count);
        Assert.Equal(61, life[0].Rows.Count);
        Assert.Contains(xicheng[0], life[0].Rows);
        Assert.Equal(xicheng.Count - 1, life[1].Rows.Count);
        Assert.DoesNotContain(xicheng[0], life[1].Rows);
        Assert.Equal(regular.Single(f => f.Source == "江南街道").Rows, life[2].Rows);
        Assert.Equal(
            regular.SelectMany(f => f.Rows).Select(r => r.CreditCode).Order(StringComparer.Ordinal),
            TestCity.Default.RowsOf(FilingPlan.LifePeriod).Select(r => r.CreditCode).Order(StringComparer.Ordinal));
    }
}
