using Cultivation.Domain.City;
using Cultivation.Domain.Filings;
using Cultivation.Domain.Periods;
using Cultivation.Domain.Tests.Builders;

namespace Cultivation.Domain.Tests.Reading;

/// <summary>The filing format applied to rows of cells, with no file in between.</summary>
public class FilingParserTests
{
    private static readonly Period s_q2 = new(2022, 2);

    [Fact]
    public void Reads_rows_of_cells_without_any_file_library()
    {
        var result = FilingParser.Parse("表1", s_q2, new CityOptions(), SampleFiling.Table(SampleFiling.Firm(1, revenue: "2,000", tax: 100.0, land: "20")));

        var row = Assert.Single(result.Rows);
        Assert.Empty(result.Errors);
        Assert.Equal(2000m, row.Revenue);
        Assert.Equal(5m, row.Tax / row.LandMu);
    }

    [Fact]
    public void Hands_over_each_valid_row_as_it_is_read_until_the_first_error()
    {
        var handed = new List<int>();
        var parser = new FilingParser("表1", s_q2, new CityOptions(), onRow: r => handed.Add(r.SourceRow));
        var number = 0;
        foreach (var cells in SampleFiling.Table(
            SampleFiling.Firm(1), SampleFiling.Firm(2), SampleFiling.Firm(3, town: "不存在镇"), SampleFiling.Firm(4)))
        {
            parser.AddRow(++number, cells);
        }

        var result = parser.Complete();

        Assert.Equal([2, 3], handed);
        Assert.Empty(result.Rows);
        Assert.Equal(4, Assert.Single(result.Errors).Row);
    }

    [Fact]
    public void Validates_a_firm_whose_name_reads_like_a_footer_when_it_has_a_code()
    {
        var rows = new List<object?[]>
        {
            new object?[] { "企业名称", "统一社会信用代码", "所属镇街", "是否规上", "营业收入(万元)", "实缴税金(万元)" },
            new object?[] { "说明书印刷有限公司", SampleFiling.EnterpriseCode(1), "东城街道", "否", 1.0, 1.0 },
            new object?[] { "说明：本表金额单位为万元" },
        };

        var result = FilingParser.Parse("表1", s_q2, new CityOptions(), rows);

        Assert.Equal("说明书印刷有限公司", Assert.Single(result.Rows).Name);
    }

    [Fact]
    public void Accepts_only_the_configured_towns()
    {
        var city = new CityOptions { Towns = ["新城镇"] };

        var result = FilingParser.Parse("表1", s_q2, city, SampleFiling.Table(SampleFiling.Firm(1, town: "新城镇"), SampleFiling.Firm(2, town: "东城街道")));

        var error = Assert.Single(result.Errors);
        Assert.Equal(3, error.Row);
        Assert.Contains("新城镇", error.Chinese);
    }

    [Theory]
    [InlineData("0.1", "0.1")]
    [InlineData("1,234,567.891", "1234567.891")]
    [InlineData("-0", "0")]
    public void Parses_decimal_text_exactly(string text, string expected)
    {
        Assert.True(CellValues.TryDecimal(text, out var value, out _));
        Assert.Equal(expected, value!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture).TrimStart('-'));
    }

    [Theory]
    [InlineData("营业收入（万元）", "营业收入", "万元")]
    [InlineData(" 用地 面积【平方米】", "用地面积", "平方米")]
    [InlineData("*统一社会信用代码", "统一社会信用代码", "")]
    public void Normalises_header_text_and_splits_the_unit(string header, string name, string unit)
    {
        Assert.Equal(name, HeaderMap.SplitUnit(HeaderMap.Normalise(header), out var found));
        Assert.Equal(unit, found);
    }
}
