using Cultivation.Domain.Periods;

namespace Cultivation.Domain.Tests;

public class PeriodTests
{
    [Theory]
    [InlineData("2022Q2", 2)]
    [InlineData("2022年2季度", 2)]
    [InlineData("2022年第二季度", 2)]
    [InlineData("2022年1-6月", 2)]
    [InlineData("２０２２Ｑ３", 3)]
    [InlineData("2022年1-12月", 4)]
    public void Reads_every_accepted_form_of_a_reporting_period(string text, int quarter)
    {
        Assert.True(Period.TryParse(text, out var period));
        Assert.Equal(new Period(2022, quarter), period);
    }

    [Theory]
    [InlineData("2022Q5")]
    [InlineData("2022年1-5月")]
    [InlineData("上半年")]
    public void Refuses_what_is_not_a_quarter(string text) => Assert.False(Period.TryParse(text, out _));

    [Fact]
    public void Steps_across_a_year_boundary()
    {
        Assert.Equal(new Period(2021, 4), new Period(2022, 1).Previous);
        Assert.Equal("2022Q1", new Period(2021, 4).Next.ToString());
    }
}
