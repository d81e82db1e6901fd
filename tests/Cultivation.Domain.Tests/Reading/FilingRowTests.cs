using Cultivation.Domain.Tests.Builders;
using static Cultivation.Domain.Tests.Reading.ReaderHarness;

namespace Cultivation.Domain.Tests.Reading;

public class FilingRowTests
{
    [Fact]
    public void Skips_subtotal_rows_whose_label_ends_with_the_word_but_keeps_a_firm_named_so()
    {
        var bytes = new XlsxBuilder()
            .Row("统一社会信用代码", "企业名称", "所属镇街", "是否规上", "营业收入(万元)", "实缴税金(万元)")
            .Row(SampleFiling.EnterpriseCode(1), "甲公司", "东城街道", "是", 1000.0, 50.0)
            .Row("-", "规上企业小计", "-", "-", 1000.0, 50.0)
            .Row(SampleFiling.EnterpriseCode(2), "永康市合计五金厂", "东城街道", "否", 1000.0, 50.0)
            .Row(null, "其中：规下企业 小计", null, null, 1000.0, 50.0)
            .Build();

        var rows = Accepted(Read(bytes));

        Assert.Equal(["甲公司", "永康市合计五金厂"], rows.Select(r => r.Name));
    }

    [Fact]
    public void Skips_totals_on_top_subtotals_blank_rows_and_footer_lines()
    {
        var bytes = new XlsxBuilder()
            .Row("序号", "统一社会信用代码", "企业名称", "所属镇街", "是否规上", "营业收入(万元)", "实缴税金(万元)")
            .Row("合计", null, null, null, null, 2000.0, 100.0)
            .Row("1", SampleFiling.EnterpriseCode(1), "甲公司", "东城街道", "是", 1000.0, 50.0)
            .Row(null, null, "小计：", null, null, 1000.0, 50.0)
            .Row()
            .Row("2", SampleFiling.EnterpriseCode(2), "乙公司", "东城街道", "否", 1000.0, 50.0)
            .Row(null, "总 计", null, null, null, 2000.0, 100.0)
            .Row(null, "", "", "", "", null, null)
            .Row("单位负责人：张三", null, "统计负责人：李四", null, "填表人：王五")
            .Row("说明：1. 金额单位为万元；")
            .Row("2. 从业人员为期末人数。")
            .Row("注：本表由镇街填报")
            .Row("报出日期：2022年7月10日")
            .Build();

        var rows = Accepted(Read(bytes));

        Assert.Equal(["甲公司", "乙公司"], rows.Select(r => r.Name));
        Assert.Equal([3, 6], rows.Select(r => r.SourceRow));
    }

    [Fact]
    public void Tells_a_remediation_status_of_none_written_from_one_left_empty()
    {
        var bytes = new XlsxBuilder()
            .Row("统一社会信用代码", "企业名称", "所属镇街", "是否规上", "营业收入(万元)", "实缴税金(万元)", "整治状态", "整治完成日期")
            .Row(SampleFiling.EnterpriseCode(1), "甲公司", "东城街道", "否", 100.0, 5.0, "无", null)
            .Row(SampleFiling.EnterpriseCode(2), "乙公司", "东城街道", "否", 100.0, 5.0, null, null)
            .Row(SampleFiling.EnterpriseCode(3), "丙公司", "东城街道", "否", 100.0, 5.0, "已关停", "2022-05-20")
            .Build();

        var rows = Accepted(Read(bytes));

        Assert.Equal(
            [(Firms.RemediationStatus.None, true), (Firms.RemediationStatus.None, false), (Firms.RemediationStatus.Closed, true)],
            rows.Select(r => (r.Remediation, r.RemediationStated)));
    }

    [Fact]
    public void Validates_a_firm_whose_name_starts_like_a_note()
    {
        var rows = new List<object?[]>
        {
            new object?[] { "企业名称", "统一社会信用代码", "所属镇街", "是否规上", "营业收入(万元)", "实缴税金(万元)" },
            new object?[] { "注塑科技有限公司", SampleFiling.EnterpriseCode(1), "东城街道", "是", 1.0, 1.0 },
        };

        Assert.Equal("注塑科技有限公司", Assert.Single(Accepted(ReadXlsx(rows))).Name);
    }

    [Fact]
    public void Rejects_a_file_without_any_firm_row()
    {
        var rows = SampleFiling.Table([null, "合计", null, null, null, 0.0, 0.0]);

        var error = SingleError(ReadXlsx(rows));

        Assert.Equal(0, error.Row);
        Assert.Contains("文件中没有企业数据行", error.Chinese);
    }

    [Fact]
    public void Rejects_a_row_of_an_unknown_town()
    {
        var error = SingleError(ReadXlsx(SampleFiling.Table(SampleFiling.Firm(1), SampleFiling.Firm(2, town: "火星镇"))));

        Assert.Equal(3, error.Row);
        Assert.Equal("所属镇街", error.Column);
        Assert.Equal("火星镇", error.Value);
        Assert.Contains("不是本市的镇街", error.Chinese);
    }

    [Fact]
    public void Rejects_file_when_credit_code_check_digit_is_wrong()
    {
        var row = SampleFiling.Firm(1);
        row[0] = SampleFiling.WrongCheckCode(1);

        var error = SingleError(ReadXlsx(SampleFiling.Table(row)));

        Assert.Equal(2, error.Row);
        Assert.Equal("统一社会信用代码", error.Column);
        Assert.Equal(SampleFiling.WrongCheckCode(1), error.Value);
        Assert.Contains("校验位错误", error.Chinese);
    }

    [Fact]
    public void Rejects_a_credit_code_stored_as_a_number()
    {
        var row = SampleFiling.Firm(1);
        row[0] = 913307840000000001.0;

        Assert.Contains("存成了数字", SingleError(ReadXlsx(SampleFiling.Table(row))).Chinese);
    }

    [Fact]
    public void Rejects_the_second_row_of_a_credit_code_naming_the_first()
    {
        var again = SampleFiling.Firm(1);
        again[1] = "另一个名字";

        var error = SingleError(ReadXlsx(SampleFiling.Table(SampleFiling.Firm(1), SampleFiling.Firm(2), again)));

        Assert.Equal(4, error.Row);
        Assert.Equal("统一社会信用代码", error.Column);
        Assert.Contains("与第2行重复", error.Chinese);
    }

    [Fact]
    public void Rejects_a_name_with_a_line_break_or_longer_than_200_characters()
    {
        var broken = SampleFiling.Firm(1);
        broken[1] = "甲公司\n分厂";
        var long_ = SampleFiling.Firm(2);
        long_[1] = new string('甲', 201);

        var result = ReadXlsx(SampleFiling.Table(broken, long_));

        Assert.Collection(
            result.Errors,
            e => Assert.Contains("控制字符", e.Chinese),
            e => Assert.Contains("超过200个字符", e.Chinese));
    }

    [Fact]
    public void Accepts_a_matching_period_column_and_rejects_a_mismatch_per_row()
    {
        var rows = new List<object?[]>
        {
            new object?[] { "报告期", "统一社会信用代码", "企业名称", "所属镇街", "是否规上", "营业收入(万元)", "实缴税金(万元)" },
            new object?[] { "2022年1-6月", SampleFiling.EnterpriseCode(1), "甲", "东城街道", "是", 1.0, 1.0 },
            new object?[] { "2022年第二季度", SampleFiling.EnterpriseCode(2), "乙", "东城街道", "是", 1.0, 1.0 },
            new object?[] { "2022Q1", SampleFiling.EnterpriseCode(3), "丙", "东城街道", "是", 1.0, 1.0 },
            new object?[] { "上半年", SampleFiling.EnterpriseCode(4), "丁", "东城街道", "是", 1.0, 1.0 },
        };

        var result = ReadXlsx(rows);

        Assert.Empty(result.Rows);
        Assert.Collection(
            result.Errors,
            e =>
            {
                Assert.Equal((4, "报告期", "2022Q1"), (e.Row, e.Column, e.Value));
                Assert.Contains("与文件路径的报告期 2022Q2 不符", e.Chinese);
            },
            e =>
            {
                Assert.Equal(5, e.Row);
                Assert.Contains("无法识别", e.Chinese);
            });
    }

    [Fact]
    public void Accepts_a_file_whose_period_column_agrees_with_its_path()
    {
        var rows = new List<object?[]>
        {
            new object?[] { "统一社会信用代码", "企业名称", "所属镇街", "是否规上", "营业收入(万元)", "实缴税金(万元)", "报告期" },
            new object?[] { SampleFiling.EnterpriseCode(1), "甲", "东城街道", "是", 1.0, 1.0, "2022年2季度" },
        };

        Assert.Single(Accepted(ReadXlsx(rows)));
    }

    [Fact]
    public void Reports_every_error_of_the_file_and_accepts_no_row()
    {
        var badTown = SampleFiling.Firm(2, town: "火星镇");
        var negative = SampleFiling.Firm(3, tax: -1.0);

        var result = ReadXlsx(SampleFiling.Table(SampleFiling.Firm(1), badTown, negative));

        Assert.Empty(result.Rows);
        Assert.Equal([3, 4], result.Errors.Select(e => e.Row));
        Assert.All(result.Errors, e => Assert.Equal("Sheet1", e.Sheet));
    }
}
