using Cultivation.Domain.Tests.Builders;
using static Cultivation.Domain.Tests.Reading.ReaderHarness;

namespace Cultivation.Domain.Tests.Reading;

public class FilingHeaderTests
{
    [Fact]
    public void Skips_title_rows_and_the_filing_unit_line_above_the_header()
    {
        var bytes = new XlsxBuilder()
            .Row("2022年第二季度企业梯度培育情况表")
            .Row("填报单位：东城街道经济发展办公室", null, null, null, "填报日期：2022年7月10日")
            .RowAt(4, SampleFiling.Header)
            .Row(SampleFiling.Firm(1))
            .Build();

        var row = Assert.Single(Accepted(Read(bytes)));

        Assert.Equal(5, row.SourceRow);
    }

    [Fact]
    public void Matches_full_width_headers_with_spaces_stars_and_aliases()
    {
        var rows = new List<object?[]>
        {
            new object?[] { "序号", "*统一社会 信用代码", "单位名称", "　乡镇街道　", "是否规上", "营业收入（万元）", "税收【万元】", "用地面积（亩）", "从业人员（人）", "备用列" },
            new object?[] { "1", SampleFiling.EnterpriseCode(1), "永康市甲有限公司", "江南街道", "是", "１２３．５", "１，２３４", "８", "３５", "随便写" },
        };

        var row = Assert.Single(Accepted(ReadXlsx(rows)));

        Assert.Equal("永康市甲有限公司", row.Name);
        Assert.Equal("江南街道", row.Town);
        Assert.Equal(123.5m, row.Revenue);
        Assert.Equal(1234m, row.Tax);
        Assert.Equal(8m, row.LandMu);
        Assert.Equal(35, row.Employees);
    }

    [Fact]
    public void Scales_yuan_thousand_yuan_and_square_metres_exactly()
    {
        var rows = new List<object?[]>
        {
            new object?[] { "统一社会信用代码", "企业名称", "所属镇街", "是否规上", "营业收入(元)", "实缴税金(千元)", "用地面积(平方米)", "研发费用(元)" },
            new object?[] { SampleFiling.EnterpriseCode(1), "甲公司", "东城街道", "是", 12345678.0, 1234.5, 2000.0, "1,000" },
        };

        var row = Assert.Single(Accepted(ReadXlsx(rows)));

        Assert.Equal(1234.5678m, row.Revenue);
        Assert.Equal(123.45m, row.Tax);
        Assert.Equal(3.0000m, row.LandMu);
        Assert.Equal("3.0000", row.LandMu!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(0.1m, row.ResearchSpending);
    }

    [Fact]
    public void Takes_the_default_unit_when_the_header_names_none()
    {
        var rows = new List<object?[]>
        {
            new object?[] { "统一社会信用代码", "企业名称", "所属镇街", "是否规上", "营业收入", "实缴税金", "用地面积" },
            new object?[] { SampleFiling.EnterpriseCode(1), "甲公司", "东城街道", "是", 0.1, 5.0, 10.0 },
        };

        var row = Assert.Single(Accepted(ReadXlsx(rows)));

        Assert.Equal(0.1m, row.Revenue);
        Assert.Equal(5m, row.Tax);
        Assert.Equal(10m, row.LandMu);
        Assert.Equal(0.5m, row.Tax / row.LandMu);
    }

    [Fact]
    public void Rejects_a_unit_the_format_does_not_know_naming_the_column()
    {
        var rows = SampleFiling.Table(SampleFiling.Firm(1));
        rows[0] = ["统一社会信用代码", "企业名称", "所属镇街", "是否规上", "营业收入(美元)", "实缴税金(万元)"];

        var error = SingleError(ReadXlsx(rows));

        Assert.Equal(1, error.Row);
        Assert.Equal("营业收入(美元)", error.Column);
        Assert.Equal("美元", error.Value);
        Assert.Contains("单位“美元”无法识别", error.Chinese);
    }

    [Fact]
    public void Rejects_a_file_missing_a_required_column()
    {
        var rows = new List<object?[]>
        {
            new object?[] { "统一社会信用代码", "企业名称", "所属镇街", "营业收入(万元)", "实缴税金(万元)" },
            new object?[] { SampleFiling.EnterpriseCode(1), "甲公司", "东城街道", 1.0, 1.0 },
        };

        var error = SingleError(ReadXlsx(rows));

        Assert.Equal(1, error.Row);
        Assert.Equal("是否规上", error.Column);
        Assert.Contains("缺少必填列“是否规上”", error.Chinese);
    }

    [Fact]
    public void Rejects_a_column_given_twice_under_two_aliases()
    {
        var rows = new List<object?[]>
        {
            new object?[] { "统一社会信用代码", "企业名称", "所属镇街", "是否规上", "营业收入(万元)", "实缴税金(万元)", "税收(万元)" },
            new object?[] { SampleFiling.EnterpriseCode(1), "甲公司", "东城街道", "是", 1.0, 1.0, 1.0 },
        };

        var error = SingleError(ReadXlsx(rows));

        Assert.Equal("税收(万元)", error.Column);
        Assert.Contains("重复", error.Chinese);
        Assert.Contains("第F列", error.Chinese);
    }

    [Fact]
    public void Rejects_a_header_merged_over_two_rows_with_units_below()
    {
        var bytes = new XlsxBuilder()
            .Row("统一社会信用代码", "企业名称", "所属镇街", "是否规上", "营业收入", "实缴税金")
            .Row(null, null, null, null, "万元", "万元")
            .Row(SampleFiling.EnterpriseCode(1), "甲公司", "东城街道", "是", 1.0, 1.0)
            .Build();

        var error = SingleError(Read(bytes));

        Assert.Equal(2, error.Row);
        Assert.Contains("表头占了两行", error.Chinese);
        Assert.Contains("只有一行表头", error.Chinese);
    }

    [Fact]
    public void Rejects_a_header_whose_gaps_are_filled_by_the_next_row()
    {
        var bytes = new XlsxBuilder()
            .Row("统一社会信用代码", "企业名称", "所属镇街", "是否规上", "营业收入(万元)", null, "实缴税金(万元)")
            .Row(null, null, null, null, "本年", "上年", null)
            .Row(SampleFiling.EnterpriseCode(1), "甲公司", "东城街道", "是", 1.0, 2.0, 1.0)
            .Build();

        var error = SingleError(Read(bytes));

        Assert.Equal(2, error.Row);
        Assert.Contains("表头占了两行", error.Chinese);
    }

    [Fact]
    public void Rejects_a_header_with_gaps_whose_second_row_holds_other_sub_headers()
    {
        var bytes = new XlsxBuilder()
            .Row("统一社会信用代码", "企业名称", "所属镇街", "是否规上", "营业收入(万元)", null, "实缴税金(万元)")
            .Row(null, null, null, null, "一季度", "二季度", null)
            .Row(SampleFiling.EnterpriseCode(1), "甲公司", "东城街道", "是", 1.0, 2.0, 1.0)
            .Build();

        Assert.Contains("表头占了两行", SingleError(Read(bytes)).Chinese);
    }

    [Fact]
    public void Rejects_a_sheet_without_a_header_row()
    {
        var rows = new List<object?[]> { new object?[] { "甲", "乙" }, new object?[] { "1", "2" } };

        var error = SingleError(ReadXlsx(rows));

        Assert.Contains("找不到表头行", error.Chinese);
    }
}
