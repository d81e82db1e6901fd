using Cultivation.Application.Workbooks;
using Cultivation.Domain.Tests.Builders;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using DocumentFormat.OpenXml.Validation;
using static Cultivation.Domain.Tests.Leaders.LeadersSamples;
using C = DocumentFormat.OpenXml.Drawing.Charts;

namespace Cultivation.Domain.Tests.Leaders;

public sealed class LeadersWorkbookTests
{
    private static byte[] Write(Application.Leaders.LeadersReport? report = null)
    {
        using var stream = new MemoryStream();
        LeadersWorkbookWriter.Write(stream, report ?? Report());
        return stream.ToArray();
    }

    [Fact]
    public void Has_the_overview_a_sheet_per_target_with_its_pool_and_the_lists_in_order()
    {
        using var book = new XlsxInspector(Write());

        Assert.Equal(["总览", "新增小升规企业", "新增小升规企业-培育库", "规上工业亩均税收", "低效企业", "数据缺口", "镇街排名"], book.Sheets.Select(s => s.Name));
    }

    [Fact]
    public void The_overview_gives_each_target_its_figures_status_trend_and_last_years_same_quarter()
    {
        using var book = new XlsxInspector(Write());
        var overview = book.Sheet("总览");

        Assert.Equal(["指标", "单位", "目标", "完成 / 数值", "预期", "完成率", "状态", "2022Q1", "2022Q2", "2022Q3", "2022Q4", "去年同期", "同比增减"], overview.Row(1, 13));
        // 小升规 as of Q2: 2 of 100 (expected 50), behind; Q1 1, Q2 2; last year's Q2 7, so −5.
        Assert.Equal(["新增小升规企业", "家", "100", "2", "50", "0.02", "滞后", "1", "2", null, null, "7", "-5"], overview.Row(2, 13));
        Assert.Equal(["规上工业亩均税收", "万元/亩", "30", "24.8125", null, "0.8270833333333333333333333333", "有风险", "22.5", "24.8125", null, null, null, null], overview.Row(3, 13));
        Assert.Equal("9", overview.NumberFormat(overview.Cell("F2")!.StyleIndex!.Value)); // built-in format 9 is 0%
        Assert.Equal("FFC62828", Font(book, overview, "G2"));
        Assert.Equal(1, overview.FrozenRows);
    }

    [Fact]
    public void Draws_the_trend_of_completion_as_a_line_chart_with_a_series_per_target()
    {
        using var book = new XlsxInspector(Write());
        var chart = Assert.Single(Assert.Single(book.Sheet("总览").Part.DrawingsPart!.ChartParts).ChartSpace.Descendants<C.LineChart>());
        var series = chart.Elements<C.LineChartSeries>().ToList();

        Assert.Equal(["新增小升规企业", "规上工业亩均税收"], series.Select(s => s.SeriesText!.Descendants<C.NumericValue>().Single().Text));
        Assert.Equal(["0.01", "0.02"], series[0].Descendants<C.NumericPoint>().Select(p => p.NumericValue!.Text));
        Assert.Equal(["0.75", "0.8270833333333334"], series[1].Descendants<C.NumericPoint>().Select(p => double.Parse(p.NumericValue!.Text, System.Globalization.CultureInfo.InvariantCulture).ToString("R", System.Globalization.CultureInfo.InvariantCulture)));
        Assert.StartsWith("'总览'!$B$", series[0].GetFirstChild<C.Values>()!.NumberReference!.Formula!.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_target_sheet_lists_its_firms_with_the_figures_that_made_them_count_in_their_formats()
    {
        using var book = new XlsxInspector(Write());
        var upgrades = book.Sheet("新增小升规企业");
        var tax = book.Sheet("规上工业亩均税收");

        Assert.Equal(["统一社会信用代码", "企业名称", "镇街", "规上纳入年份", "营业收入（万元，本年累计）", "年化营业收入（万元）"], upgrades.Row(1, 6));
        Assert.Equal(["913307840000000002", "+SUM(A1)五金", "东城街道", "2022", "1250.5", "2501"], upgrades.Row(3, 6));
        Assert.Equal("#,##0.00", upgrades.NumberFormat(upgrades.Cell("E3")!.StyleIndex!.Value));
        Assert.Equal("@", upgrades.NumberFormat(upgrades.Cell("A3")!.StyleIndex!.Value));
        Assert.Equal(["年化实缴税金（万元）", "用地面积（亩）", "亩均税收（万元/亩）"], tax.Row(1, 6).Skip(3));
        Assert.Equal("#,##0.0", tax.NumberFormat(tax.Cell("F2")!.StyleIndex!.Value));
        Assert.Equal(1, upgrades.FrozenRows);
        Assert.Equal(1, tax.FrozenRows);
    }

    [Fact]
    public void Text_that_begins_with_a_formula_character_is_written_as_text()
    {
        using var book = new XlsxInspector(Write());
        var upgrades = book.Sheet("新增小升规企业");

        Assert.Equal(Hostile, upgrades.Text("B2"));
        Assert.Equal(CellValues.InlineString, upgrades.Cell("B2")!.DataType!.Value);
        Assert.Equal("@培育企业", book.Sheet("新增小升规企业-培育库").Text("C2"));
        Assert.Equal("-亩均企业", book.Sheet("规上工业亩均税收").Text("B2"));
        Assert.All(book.Sheets, s => Assert.False(book.Sheet(s.Name).HasFormulas));
    }

    [Fact]
    public void Columns_are_wide_enough_for_their_longest_value()
    {
        using var book = new XlsxInspector(Write());
        var upgrades = book.Sheet("新增小升规企业");

        // The hostile name is 53 characters (ASCII, one unit each) plus a margin of 2.
        Assert.Equal(Hostile.Length + 2, upgrades.ColumnWidth(1));
        Assert.Equal(21, upgrades.ColumnWidth(0));
    }

    [Fact]
    public void The_low_efficiency_list_data_gaps_and_town_ranking_have_their_own_sheets()
    {
        using var book = new XlsxInspector(Write());

        Assert.Equal(["913307840000000005", "低效<b>公司</b>", "西城街道", "2.34", "20", "46.8"], book.Sheet("低效企业").Row(2, 6));
        Assert.Equal(["913307840000000006", "缺地企业", "东城街道", "规上工业企业未填写用地面积，无法评价亩均税收"], book.Sheet("数据缺口").Row(2, 4));
        Assert.Equal(["新增小升规企业", "1", "东城街道", "2", "10", "0.2"], book.Sheet("镇街排名").Row(2, 6));
        Assert.Equal(["新增小升规企业", "2", "西城街道", "0", "9", "0"], book.Sheet("镇街排名").Row(3, 6));
    }

    [Fact]
    public void A_towns_workbook_says_whose_it_is_and_ranks_only_that_town()
    {
        using var book = new XlsxInspector(Write(Report("西城街道")));

        Assert.Contains(Enumerable.Range(1, 20).Select(r => book.Sheet("总览").Row(r, 2)), row => row[0] == "范围" && row[1] == "西城街道");
        Assert.Equal(["新增小升规企业", "2", "西城街道", "0", "9", "0"], book.Sheet("镇街排名").Row(2, 6));
        Assert.Equal(2, book.Sheet("镇街排名").RowCount);
    }

    [Fact]
    public void The_workbook_is_valid_spreadsheetml_chart_included()
    {
        using var document = SpreadsheetDocument.Open(new MemoryStream(Write()), false);

        Assert.Empty(new OpenXmlValidator(FileFormatVersions.Office2010).Validate(document).Select(e => $"{e.Part?.Uri} {e.Path?.XPath}: {e.Description}"));
    }

    private static string? Font(XlsxInspector book, SheetInspector sheet, string reference)
    {
        var fontId = sheet.Format(reference).FontId!.Value;
        return book.WorkbookPart.WorkbookStylesPart!.Stylesheet.Fonts!.Elements<Font>().ElementAt((int)fontId).Color?.Rgb?.Value;
    }
}
