using Cultivation.Application.Workbooks;
using Cultivation.Domain.City;
using Cultivation.Domain.Periods;
using Cultivation.Domain.Tests.Builders;
using Cultivation.Domain.Tests.Reading;
using Cultivation.Domain.Tests.Progress;

namespace Cultivation.Domain.Tests.Workbooks;

public sealed class FilingTemplateWriterTests
{
    private static readonly Period s_q3 = new(2022, 3);

    [Fact]
    public void Data_sheet_comes_first_then_the_instructions_then_the_hidden_lists()
    {
        using var book = new XlsxInspector(Template());

        Assert.Equal([("数据", null), ("填报说明", null), ("下拉列表", "hidden")], book.Sheets);
    }

    [Fact]
    public void Header_row_names_the_columns_of_the_spec_with_their_units_and_stays_frozen()
    {
        using var book = new XlsxInspector(Template());
        var sheet = book.Sheet(0);

        Assert.Equal(
            ["统一社会信用代码", "企业名称", "所属镇街", "是否规上", "规上纳入年份", "营业收入(万元)", "营业收入上年同期(万元)", "上年营业收入(万元)",
             "实缴税金(万元)", "用地面积(亩)", "研发费用(万元)", "从业人员(人)", "资质", "原统一社会信用代码", "转企日期", "整治状态", "整治完成日期", "行业代码", null],
            sheet.Row(1, 19));
        Assert.Equal(1, sheet.FrozenRows);
    }

    [Fact]
    public void Code_columns_and_the_industry_code_are_text_so_excel_keeps_every_character()
    {
        using var book = new XlsxInspector(Template(FirmRowBuilder.Row(FirmRowBuilder.Code(1), industry: "0610")));
        var sheet = book.Sheet(0);

        // A (统一社会信用代码), N (原统一社会信用代码), R (行业代码): what is typed there stays text.
        Assert.Equal("@", sheet.NumberFormat(sheet.ColumnStyle(0)!.Value));
        Assert.Equal("@", sheet.NumberFormat(sheet.ColumnStyle(13)!.Value));
        Assert.Equal("@", sheet.NumberFormat(sheet.ColumnStyle(17)!.Value));
        Assert.Null(sheet.ColumnStyle(5));
        Assert.Equal("0610", sheet.Text("R2"));
        Assert.Equal("@", sheet.NumberFormat(sheet.Cell("R2")!.StyleIndex!.Value));
        Assert.Equal("@", sheet.NumberFormat(sheet.Cell("A2")!.StyleIndex!.Value));
    }

    [Fact]
    public void A_town_picks_only_itself_from_the_town_list()
    {
        using var book = new XlsxInspector(Template());
        var town = book.Sheet(0).Validations.Single(v => v.SequenceOfReferences!.InnerText == "C2:C200001");

        Assert.Equal("list", town.Type!.InnerText);
        Assert.Equal("TownList", town.Formula1!.Text);
        Assert.Equal("'下拉列表'!$A$1:$A$1", book.DefinedNames["TownList"]);
        Assert.Equal("东城街道", book.Sheet("下拉列表").Text("A1"));
        Assert.Null(book.Sheet("下拉列表").Text("A2"));
    }

    [Fact]
    public void The_statistics_bureau_picks_from_every_town()
    {
        var city = new CityOptions();
        using var book = new XlsxInspector(Write(new FilingTemplate(s_q3, "统计局", city.Towns, city.Towns, new DateOnly(2022, 10, 15), null, [])));

        Assert.Equal("'下拉列表'!$A$1:$A$15", book.DefinedNames["TownList"]);
        Assert.Equal("东城街道", book.Sheet("下拉列表").Text("A1"));
        Assert.Equal("经济开发区", book.Sheet("下拉列表").Text("A15"));
    }

    [Fact]
    public void Yes_no_and_remediation_are_drop_down_lists_too()
    {
        using var book = new XlsxInspector(Template());
        var validations = book.Sheet(0).Validations.ToDictionary(v => v.SequenceOfReferences!.InnerText!);

        Assert.Equal("YesNoList", validations["D2:D200001"].Formula1!.Text);
        Assert.Equal("RemediationList", validations["P2:P200001"].Formula1!.Text);
        Assert.Equal("'下拉列表'!$B$1:$B$2", book.DefinedNames["YesNoList"]);
        Assert.Equal("'下拉列表'!$C$1:$C$4", book.DefinedNames["RemediationList"]);
        var lists = book.Sheet("下拉列表");
        Assert.Equal(["是", "否"], [lists.Text("B1")!, lists.Text("B2")!]);
        Assert.Equal(["无", "整治中", "已整治", "已关停"], [lists.Text("C1")!, lists.Text("C2")!, lists.Text("C3")!, lists.Text("C4")!]);
    }

    [Fact]
    public void Prefills_who_the_firm_is_and_leaves_the_quarter_s_figures_empty()
    {
        var firm = FirmRowBuilder.Row(FirmRowBuilder.Code(7), name: "永康市测试七号工具有限公司", aboveScale: true, since: 2019, land: 12.35m,
            industry: "C3311", revenue: 8000m, tax: 400m, recognitions: "专精特新:2021");
        var small = FirmRowBuilder.Row(FirmRowBuilder.Code(8), aboveScale: false, land: null);
        using var book = new XlsxInspector(Template(firm, small));
        var sheet = book.Sheet(0);

        Assert.Equal([FirmRowBuilder.Code(7), "永康市测试七号工具有限公司", "东城街道", "是", "2019", null, null, null, null, "12.35", null, null, null, null, null, null, null, "C3311"],
            sheet.Row(2, 18));
        Assert.Equal([FirmRowBuilder.Code(8), "企业" + FirmRowBuilder.Code(8)[^4..], "东城街道", "否"], sheet.Row(3, 4));
        Assert.Null(sheet.Text("J3"));
        Assert.Equal(3, sheet.RowCount);
    }

    [Fact]
    public void Instructions_tell_the_deadline_the_file_name_and_the_form_of_a_recognition()
    {
        using var book = new XlsxInspector(Template());
        var text = string.Join("\n", book.Sheet("填报说明").Worksheet.Descendants<DocumentFormat.OpenXml.Spreadsheet.InlineString>().Select(s => s.InnerText));

        Assert.Contains("2022年10月15日", text);
        Assert.Contains("2022/Q3/东城街道.xlsx", text);
        Assert.Contains("名称:年份", text);
        Assert.Contains("专精特新、小巨人、高新技术企业、科技型中小企业、创新型中小企业", text);
        Assert.Contains("无、整治中、已整治、已关停", text);
        Assert.Contains("2022年1–9月的累计数", text);
        Assert.Contains("2022/Q2/东城街道.xlsx", text);
    }

    [Fact]
    public void Template_filled_with_the_figures_only_is_accepted_with_its_firms()
    {
        var firms = Enumerable.Range(1, 5).Select(n => FirmRowBuilder.Row(FirmRowBuilder.Code(n), industry: n == 3 ? "0610" : null, since: 2015)).ToArray();
        var filled = XlsxEditor.FillFigures(Template(firms), revenue: 3000.5m, tax: 150m);

        var rows = ReaderHarness.Accepted(ReaderHarness.Read(filled, "2022/Q3/东城街道.xlsx"));

        Assert.Equal(firms.Select(f => f.CreditCode.Value), rows.Select(r => r.CreditCode.Value));
        Assert.All(rows, r => Assert.Equal(3000.5m, r.Revenue));
        Assert.Equal("0610", rows[2].IndustryCode);
        Assert.All(rows, r => Assert.Equal(2015, r.AboveScaleSince));
    }

    private static byte[] Template(params Domain.Firms.FirmRow[] firms) =>
        Write(new FilingTemplate(s_q3, "东城街道", ["东城街道"], new CityOptions().Towns, new DateOnly(2022, 10, 15), "2022/Q2/东城街道.xlsx", [.. firms.Select(TemplateFirm.Of)]));

    internal static byte[] Write(FilingTemplate template)
    {
        using var output = new MemoryStream();
        FilingTemplateWriter.Write(output, template);
        return output.ToArray();
    }
}
