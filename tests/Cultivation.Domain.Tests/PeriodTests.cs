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
    [InlineData("2022年一季度", 1)]
    [InlineData("2022年第1季度", 1)]
    [InlineData("2022年6月", 2)]
    [InlineData("2022年06月", 2)]
    [InlineData("2022年9月份", 3)]
    [InlineData("2022-06", 2)]
    [InlineData("2022-3", 1)]
    [InlineData("2022/12", 4)]
    [InlineData("2022年上半年", 2)]
    [InlineData("2022上半年", 2)]
    [InlineData("2022年前三季度", 3)]
    [InlineData("2022年全年", 4)]
    [InlineData("2022年度", 4)]
    [InlineData(" 2022 年 上半年 ", 2)]
    public void Reads_every_accepted_form_of_a_reporting_period(string text, int quarter)
    {
        Assert.True(Period.TryParse(text, out var period));
        Assert.Equal(new Period(2022, quarter), period);
    }

    [Theory]
    [InlineData("2022Q5")]
    [InlineData("2022年1-5月")]
    [InlineData("上半年")]
    [InlineData("2022年5月")]
    [InlineData("2022-05")]
    [InlineData("2022年13月")]
    [InlineData("2022年0月")]
    [InlineData("2022-00")]
    [InlineData("2022年下半年")]
    [InlineData("2022年")]
    [InlineData("2022度")]
    [InlineData("2022年前两季度")]
    [InlineData("2022-06-30")]
    [InlineData("٢٠٢٢Q2")]
    [InlineData("٢٠٢٢年6月")]
    public void Refuses_what_is_not_a_quarter(string text) => Assert.False(Period.TryParse(text, out _));

    [Fact]
    public void Steps_across_a_year_boundary()
    {
        Assert.Equal(new Period(2021, 4), new Period(2022, 1).Previous);
        Assert.Equal("2022Q1", new Period(2021, 4).Next.ToString());
    }
}
