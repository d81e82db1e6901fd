using Cultivation.Domain.Tests.Builders;
using static Cultivation.Domain.Tests.Reading.ReaderHarness;

namespace Cultivation.Domain.Tests.Reading;

/// <summary>SPEC §2: the 报告期 column in each of its accepted forms, date cells and date text included, must agree with the path (2022Q2).</summary>
public sealed class PeriodColumnTests
{
    private static readonly object?[] s_header = ["报告期", .. SampleFiling.Header];

    public static TheoryData<object> SecondQuarter() => new()
    {
        "2022Q2", "2022年2季度", "2022年第二季度", "2022年二季度", "2022年1-6月", "2022年6月", "2022-06", "2022年上半年",
        new DateTime(2022, 6, 30), new DateTime(2022, 6, 1), "2022-06-30", "2022/6/30", "2022年6月30日", "２０２２年６月",
    };

    [Theory]
    [MemberData(nameof(SecondQuarter))]
    public void Accepts_a_period_cell_of_the_second_quarter_in_any_of_its_forms(object cell)
    {
        var rows = Accepted(ReadXlsx([s_header, [cell, .. SampleFiling.Firm(1)]]));

        Assert.Single(rows);
    }

    [Theory]
    [InlineData("2022/Q1/东城街道.xlsx", "2022年一季度")]
    [InlineData("2022/Q1/东城街道.xlsx", "2022-03-31")]
    [InlineData("2022/Q3/东城街道.xlsx", "2022年前三季度")]
    [InlineData("2022/Q3/东城街道.xlsx", "2022年1-9月")]
    [InlineData("2022/Q4/东城街道.xlsx", "2022年全年")]
    [InlineData("2022/Q4/东城街道.xlsx", "2022年度")]
    [InlineData("2022/Q4/东城街道.xlsx", "2022年12月")]
    public void Reads_the_year_to_date_words_as_the_quarter_they_end(string blobName, string cell)
    {
        var result = Read(new XlsxBuilder().Rows([s_header, [cell, .. SampleFiling.Firm(1)]]).Build(), blobName);

        Assert.Single(Accepted(result));
    }

    [Fact]
    public void Reads_a_date_cell_of_an_xls_and_date_text_of_a_csv()
    {
        var xls = new XlsBuilder().Rows([s_header, [new DateTime(2022, 6, 30), .. SampleFiling.Firm(1)]]).Build();
        var csv = new CsvBuilder().Rows([s_header, ["2022/6/30", .. SampleFiling.Firm(2)]]).Utf8();

        Assert.Single(Accepted(Read(xls, "2022/Q2/东城街道.xls")));
        Assert.Single(Accepted(Read(csv, "2022/Q2/东城街道.csv")));
    }

    [Theory]
    [InlineData("2022年5月")]
    [InlineData("2022-05")]
    [InlineData("2022年下半年")]
    [InlineData("2022年4-6月")]
    [InlineData("2022年")]
    [InlineData("2022-05-31")]
    [InlineData("2022年7月1日")]
    public void A_month_that_ends_no_quarter_or_an_ambiguous_half_year_stays_an_error(string cell)
    {
        var result = ReadXlsx([s_header, [cell, .. SampleFiling.Firm(1)]]);

        var error = SingleError(result);
        Assert.Equal((2, "报告期", cell), (error.Row, error.Column, error.Value));
        Assert.Contains("无法识别", error.Chinese);
        Assert.Contains("not recognised", error.English);
    }

    [Fact]
    public void A_date_cell_in_the_last_month_of_another_quarter_is_a_mismatch()
    {
        var error = SingleError(ReadXlsx([s_header, [new DateTime(2022, 9, 30), .. SampleFiling.Firm(1)]]));

        Assert.Equal("2022-09-30", error.Value);
        Assert.Contains("与文件路径的报告期 2022Q2 不符", error.Chinese);
    }

    [Fact]
    public void A_date_cell_in_a_month_that_ends_no_quarter_is_an_error()
    {
        var error = SingleError(ReadXlsx([s_header, [new DateTime(2022, 5, 31), .. SampleFiling.Firm(1)]]));

        Assert.Equal("2022-05-31", error.Value);
        Assert.Contains("无法识别", error.Chinese);
    }

    [Fact]
    public void A_number_in_the_period_column_is_not_taken_for_a_date()
    {
        // 44742 is the serial day of 2022-06-30; a plain number there is not a period.
        var error = SingleError(ReadXlsx([s_header, [44742.0, .. SampleFiling.Firm(1)]]));

        Assert.Contains("无法识别", error.Chinese);
    }
}
