using Cultivation.Domain.Firms;
using Cultivation.Domain.Tests.Builders;
using static Cultivation.Domain.Tests.Reading.ReaderHarness;

namespace Cultivation.Domain.Tests.Reading;

public class FilingValueTests
{
    private static readonly string[] s_fullHeader =
    [
        "统一社会信用代码", "企业名称", "所属镇街", "是否规上", "规上纳入年份", "营业收入(万元)", "营业收入上年同期(万元)",
        "上年营业收入(万元)", "实缴税金(万元)", "用地面积(亩)", "研发费用(万元)", "从业人员(人)", "资质",
        "原统一社会信用代码", "转企日期", "整治状态", "整治完成日期", "行业代码",
    ];

    [Fact]
    public void Reads_every_column_of_the_format()
    {
        var row = Single(
            SampleFiling.EnterpriseCode(1), "永康市甲有限公司", "古山镇", "是", 2022.0, 2500.0, 1800.0,
            7000.0, 80.0, 20.0, 30.0, 120.0, "专精特新:2021；小巨人:2022",
            SampleFiling.IndividualCode(9), "2022/4/1", "已整治", new DateTime(2022, 5, 20), 3311.0);

        Assert.Equal(2022, row.AboveScaleSince);
        Assert.Equal(2500m, row.Revenue);
        Assert.Equal(1800m, row.RevenueSamePeriodLastYear);
        Assert.Equal(7000m, row.RevenueLastYear);
        Assert.Equal(80m, row.Tax);
        Assert.Equal(20m, row.LandMu);
        Assert.Equal(30m, row.ResearchSpending);
        Assert.Equal(120, row.Employees);
        Assert.Equal([new Recognition("专精特新", 2021), new Recognition("小巨人", 2022)], row.Recognitions);
        Assert.Equal(SampleFiling.IndividualCode(9), row.FormerCreditCode!.Value.Value);
        Assert.Equal(new DateOnly(2022, 4, 1), row.ConversionDate);
        Assert.Equal(RemediationStatus.Remediated, row.Remediation);
        Assert.Equal(new DateOnly(2022, 5, 20), row.RemediationDate);
        Assert.Equal("3311", row.IndustryCode);
    }

    [Fact]
    public void Leaves_optional_columns_empty_when_blank()
    {
        var row = Single(SampleFiling.EnterpriseCode(1), "甲", "东城街道", "否", null, 10.0, null, null, 0.0);

        Assert.Null(row.AboveScaleSince);
        Assert.Null(row.LandMu);
        Assert.Null(row.Employees);
        Assert.Empty(row.Recognitions);
        Assert.Equal(RemediationStatus.None, row.Remediation);
        Assert.Null(row.IndustryCode);
        Assert.Equal(0m, row.Tax);
    }

    [Theory]
    [InlineData("-")]
    [InlineData("—")]
    [InlineData("–")]
    [InlineData("/")]
    [InlineData("－")]
    [InlineData("——")]
    public void Reads_a_dash_in_an_optional_column_as_empty(string dash)
    {
        var row = Single(SampleFiling.EnterpriseCode(1), "甲", "东城街道", "否", dash, 10.0, dash, dash, 1.0, dash, dash, dash, dash, dash, dash, dash, dash, dash);

        Assert.Null(row.AboveScaleSince);
        Assert.Null(row.RevenueSamePeriodLastYear);
        Assert.Null(row.LandMu);
        Assert.Null(row.Employees);
        Assert.Null(row.FormerCreditCode);
        Assert.Equal(RemediationStatus.None, row.Remediation);
    }

    [Fact]
    public void Rejects_a_dash_in_a_required_column()
    {
        var error = Error(SampleFiling.EnterpriseCode(1), "甲", "东城街道", "是", null, "-", null, null, 1.0);

        Assert.Equal((2, "营业收入(万元)", "-"), (error.Row, error.Column, error.Value));
        Assert.Contains("必填项", error.Chinese);
    }

    [Theory]
    [InlineData("1,234.5", "1234.5")]
    [InlineData("１，２３４", "1234")]
    [InlineData("12,345,678", "12345678")]
    [InlineData(" 88 ", "88")]
    [InlineData("0.1", "0.1")]
    [InlineData("1e3", "1000")]
    public void Reads_numbers_stored_as_text(string text, string expected)
    {
        var row = Single(SampleFiling.EnterpriseCode(1), "甲", "东城街道", "是", null, text, null, null, 1.0);

        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), row.Revenue);
    }

    [Fact]
    public void Keeps_a_tenth_a_tenth_when_excel_stores_it_as_a_double()
    {
        var row = Single(SampleFiling.EnterpriseCode(1), "甲", "东城街道", "是", null, 0.1, null, null, 0.1 + 0.2);

        Assert.Equal("0.1", row.Revenue.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(0.3m, row.Tax);
    }

    [Fact]
    public void Rejects_misplaced_thousands_separators()
    {
        var error = Error(SampleFiling.EnterpriseCode(1), "甲", "东城街道", "是", null, "1,2,3", null, null, 1.0);

        Assert.Contains("不是数字", error.Chinese);
    }

    [Fact]
    public void Rejects_negative_tax()
    {
        var error = Error(SampleFiling.EnterpriseCode(1), "甲", "东城街道", "是", null, 10.0, null, null, -3.5);

        Assert.Equal((2, "实缴税金(万元)", "-3.5"), (error.Row, error.Column, error.Value));
        Assert.Contains("不能为负数", error.Chinese);
    }

    [Theory]
    [InlineData("NaN", "有限")]
    [InlineData("Infinity", "有限")]
    [InlineData("1e308", "超出允许范围")]
    [InlineData("100000001", "过大")]
    [InlineData("十万", "不是数字")]
    public void Rejects_amounts_that_are_not_finite_or_too_large(string text, string reason)
    {
        var error = Error(SampleFiling.EnterpriseCode(1), "甲", "东城街道", "是", null, text, null, null, 1.0);

        Assert.Equal("营业收入(万元)", error.Column);
        Assert.Equal(text, error.Value);
        Assert.Contains(reason, error.Chinese);
    }

    [Fact]
    public void Rejects_a_huge_double_from_excel()
    {
        var error = Error(SampleFiling.EnterpriseCode(1), "甲", "东城街道", "是", null, 1e308, null, null, 1.0);

        Assert.Contains("超出允许范围", error.Chinese);
    }

    [Fact]
    public void Rejects_an_amount_over_the_limit_only_after_scaling()
    {
        var header = (string[])s_fullHeader.Clone();
        header[5] = "营业收入(元)";
        var rows = new List<object?[]>
        {
            header,
            new object?[] { SampleFiling.EnterpriseCode(1), "甲", "东城街道", "是", null, 999_999_999_999.0, null, null, 1.0 },
        };

        var row = Assert.Single(Accepted(ReadXlsx(rows)));

        Assert.Equal(99_999_999.9999m, row.Revenue);
    }

    [Theory]
    [InlineData("2022-03-15")]
    [InlineData("2022/3/15")]
    [InlineData("2022年3月15日")]
    [InlineData("2022.3.15")]
    [InlineData("２０２２年３月１５日")]
    [InlineData("20220315")]
    [InlineData("2022-03-15 00:00:00")]
    public void Reads_date_texts_as_the_same_date(string text)
    {
        var row = Single(RemediatedOn(text));

        Assert.Equal(new DateOnly(2022, 3, 15), row.RemediationDate);
    }

    [Fact]
    public void Reads_a_date_cell_and_an_excel_serial_number_as_the_same_date()
    {
        var fromCell = Single(RemediatedOn(new DateTime(2022, 3, 15)));
        var fromSerial = Single(RemediatedOn(44635.0));

        Assert.Equal(new DateOnly(2022, 3, 15), fromCell.RemediationDate);
        Assert.Equal(new DateOnly(2022, 3, 15), fromSerial.RemediationDate);
    }

    [Theory]
    [InlineData("2022-02-30")]
    [InlineData("3/15/2022")]
    [InlineData("去年")]
    public void Rejects_a_date_that_is_not_one(string text)
    {
        var error = Error(RemediatedOn(text));

        Assert.Equal("整治完成日期", error.Column);
        Assert.Contains("不是有效日期", error.Chinese);
    }

    [Theory]
    [InlineData("已整治")]
    [InlineData("已关停")]
    public void Requires_the_completion_date_once_remediated_or_closed(string status)
    {
        var error = Error(SampleFiling.EnterpriseCode(1), "甲", "东城街道", "否", null, 1.0, null, null, 1.0, null, null, null, null, null, null, status, null);

        Assert.Equal("整治完成日期", error.Column);
        Assert.Contains("必须填写整治完成日期", error.Chinese);
    }

    [Fact]
    public void Rejects_an_unknown_remediation_status()
    {
        var error = Error(SampleFiling.EnterpriseCode(1), "甲", "东城街道", "否", null, 1.0, null, null, 1.0, null, null, null, null, null, null, "差不多了", null);

        Assert.Equal("整治状态", error.Column);
    }

    [Theory]
    [InlineData("是", true)]
    [InlineData(" 否 ", false)]
    [InlineData("1", true)]
    [InlineData("0", false)]
    public void Reads_above_scale_as_yes_or_no(string text, bool expected)
    {
        Assert.Equal(expected, Single(SampleFiling.EnterpriseCode(1), "甲", "东城街道", text, null, 1.0, null, null, 1.0).AboveScale);
    }

    [Theory]
    [InlineData("Y")]
    [InlineData("规上")]
    public void Rejects_above_scale_other_than_yes_or_no(string text)
    {
        var error = Error(SampleFiling.EnterpriseCode(1), "甲", "东城街道", text, null, 1.0, null, null, 1.0);

        Assert.Equal("是否规上", error.Column);
        Assert.Contains("应填“是”或“否”", error.Chinese);
    }

    [Theory]
    [InlineData(1979.0)]
    [InlineData(22.0)]
    [InlineData(2022.5)]
    public void Rejects_an_above_scale_year_out_of_range(double year)
    {
        var error = Error(SampleFiling.EnterpriseCode(1), "甲", "东城街道", "是", year, 1.0, null, null, 1.0);

        Assert.Equal("规上纳入年份", error.Column);
    }

    [Fact]
    public void Rejects_a_fractional_or_negative_head_count()
    {
        var result = ReadXlsx(
        [
            s_fullHeader,
            [SampleFiling.EnterpriseCode(1), "甲", "东城街道", "是", null, 1.0, null, null, 1.0, null, null, 12.5],
            [SampleFiling.EnterpriseCode(2), "乙", "东城街道", "是", null, 1.0, null, null, 1.0, null, null, -1.0],
        ]);

        Assert.Equal([2, 3], result.Errors.Select(e => e.Row));
        Assert.All(result.Errors, e => Assert.Equal("从业人员(人)", e.Column));
    }

    [Theory]
    [InlineData("独角兽:2022", "无法识别")]
    [InlineData("专精特新", "名称:年份")]
    [InlineData("专精特新:22", "名称:年份")]
    public void Rejects_a_recognition_not_written_as_a_known_name_and_year(string text, string reason)
    {
        var error = Error(SampleFiling.EnterpriseCode(1), "甲", "东城街道", "是", null, 1.0, null, null, 1.0, null, null, null, text);

        Assert.Equal("资质", error.Column);
        Assert.Contains(reason, error.Chinese);
    }

    [Fact]
    public void Rejects_a_former_code_that_is_not_an_individual_business()
    {
        var error = Error(SampleFiling.EnterpriseCode(1), "甲", "东城街道", "是", null, 1.0, null, null, 1.0, null, null, null, null, SampleFiling.EnterpriseCode(2));

        Assert.Equal("原统一社会信用代码", error.Column);
        Assert.Contains("92", error.Chinese);
    }

    [Fact]
    public void Keeps_an_industry_code_as_written()
    {
        var row = Single(SampleFiling.EnterpriseCode(1), "甲", "东城街道", "是", null, 1.0, null, null, 1.0, null, null, null, null, null, null, null, null, " C3311 ");

        Assert.Equal("C3311", row.IndustryCode);
    }

    [Theory]
    [InlineData(610.0, "0610")]
    [InlineData("610", "0610")]
    [InlineData(6.0, "06")]
    [InlineData(3311.0, "3311")]
    [InlineData("33", "33")]
    [InlineData("C331", "C331")]
    public void Gives_a_class_code_typed_as_a_number_its_leading_zero_back(object cell, string expected)
    {
        var row = Single(SampleFiling.EnterpriseCode(1), "甲", "东城街道", "是", null, 1.0, null, null, 1.0, null, null, null, null, null, null, null, null, cell);

        Assert.Equal(expected, row.IndustryCode);
    }

    private static object?[] RemediatedOn(object date) =>
        [SampleFiling.EnterpriseCode(1), "甲", "东城街道", "否", null, 1.0, null, null, 1.0, null, null, null, null, null, null, "已关停", date];

    private static FirmRow Single(params object?[] cells) => Assert.Single(Accepted(ReadXlsx([s_fullHeader, cells])));

    private static Filings.FilingError Error(params object?[] cells) => SingleError(ReadXlsx([s_fullHeader, cells]));
}
