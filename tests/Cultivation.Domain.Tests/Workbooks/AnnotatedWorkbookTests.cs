using Cultivation.Application.Ingestion;
using Cultivation.Application.Reading;
using Cultivation.Application.Storage;
using Cultivation.Application.Workbooks;
using Cultivation.Domain.City;
using Cultivation.Domain.Filings;
using Cultivation.Domain.Tests.Builders;
using Cultivation.Domain.Tests.Reading;

namespace Cultivation.Domain.Tests.Workbooks;

public sealed class AnnotatedWorkbookTests
{
    private const string Red = "FFFFC7CE";
    private const string Yellow = "FFFFEB9C";

    [Fact]
    public void Marks_each_bad_cell_red_with_its_reason_as_a_note_and_explains_the_row()
    {
        var (book, report) = Annotate(Xlsx(
            SampleFiling.Firm(1),
            SampleFiling.Firm(2, town: "北京"),
            SampleFiling.Firm(3, revenue: "abc", tax: -5.0)));
        using var workbook = new XlsxInspector(book);
        var sheet = workbook.Sheet(0);

        Assert.Equal(3, report.ErrorCount);
        Assert.Equal(["C3", "E4", "F4"], sheet.CommentedCells.Order());
        Assert.Equal(Red, sheet.Fill("C3"));
        Assert.Equal(Red, sheet.Fill("E4"));
        Assert.Equal(Red, sheet.Fill("F4"));
        Assert.Null(sheet.Fill("A2"));
        Assert.Null(sheet.Fill("C2"));
        Assert.Contains("所属镇街“北京”不是本市的镇街", sheet.Comment("C3"));
        Assert.Contains("'北京' is not one of the city's towns", sheet.Comment("C3"));
        Assert.True(sheet.HasVmlDrawing);

        // The 错误说明 column sits right of the filer's columns: Chinese first, then English.
        Assert.Equal("错误说明", sheet.Text("H1"));
        Assert.Null(sheet.Text("H2"));
        Assert.StartsWith("【所属镇街】所属镇街“北京”不是本市的镇街", sheet.Text("H3"));
        Assert.Contains(" / '北京' is not one of the city's towns", sheet.Text("H3"));
        Assert.Equal(2, sheet.Text("H4")!.Split('\n').Length);
    }

    [Fact]
    public void Gives_the_filer_s_own_values_back_in_their_own_rows()
    {
        var (book, _) = Annotate(new XlsxBuilder()
            .Row("2022年二季度企业梯度培育报表")
            .Row("填报单位：东城街道")
            .Rows(SampleFiling.Table(SampleFiling.Firm(1, revenue: 1234.56, land: 7.5), SampleFiling.Firm(2, aboveScale: "是否")))
            .Build());
        using var workbook = new XlsxInspector(book);
        var sheet = workbook.Sheet(0);

        Assert.Equal("2022年二季度企业梯度培育报表", sheet.Text("A1"));
        Assert.Equal("填报单位：东城街道", sheet.Text("A2"));
        Assert.Equal([.. SampleFiling.Header, "错误说明"], sheet.Row(3, 8));
        Assert.Equal([SampleFiling.EnterpriseCode(1), "永康市样例1有限公司", "东城街道", "是", "1234.56", "60.25", "7.5", null], sheet.Row(4, 8));
        Assert.Equal(Red, sheet.Fill("D5"));
        Assert.Equal(3, sheet.FrozenRows);
        Assert.Equal("@", sheet.NumberFormat(sheet.ColumnStyle(0)!.Value));
    }

    [Fact]
    public void A_corrected_workbook_uploaded_as_it_is_is_accepted()
    {
        var (book, _) = Annotate(Xlsx(
            SampleFiling.Firm(1),
            SampleFiling.Firm(2, town: "北京"),
            SampleFiling.Firm(3, revenue: "abc", tax: -5.0)));

        var corrected = XlsxEditor.Edit(book, new Dictionary<string, object?> { ["C3"] = "东城街道", ["E4"] = 100m, ["F4"] = 5m });
        var rows = ReaderHarness.Accepted(ReaderHarness.Read(corrected));

        Assert.Equal([SampleFiling.EnterpriseCode(1), SampleFiling.EnterpriseCode(2), SampleFiling.EnterpriseCode(3)], rows.Select(r => r.CreditCode.Value));
        Assert.Equal(100m, rows[2].Revenue);
        Assert.Equal("东城街道", rows[1].Town);
    }

    [Fact]
    public void Values_that_begin_like_a_formula_stay_text()
    {
        string[] header = [.. SampleFiling.Header, "备注"];
        var (book, _) = Annotate(new XlsxBuilder().Rows([
            header,
            [.. SampleFiling.Firm(1), "=1+1"],
            [.. SampleFiling.Firm(2), "+86 579 8712"],
            [.. SampleFiling.Firm(3), "-3"],
            [.. SampleFiling.Firm(4), "@SUM(A1:A3)"],
            [.. SampleFiling.Firm(5), "=HYPERLINK(\"http://example.com\",\"点这里\")"],
        ]).Build());
        using var workbook = new XlsxInspector(book);
        var sheet = workbook.Sheet(0);

        Assert.False(sheet.HasFormulas);
        Assert.Equal(["=1+1", "+86 579 8712", "-3", "@SUM(A1:A3)", "=HYPERLINK(\"http://example.com\",\"点这里\")"],
            Enumerable.Range(2, 5).Select(r => sheet.Text($"H{r}")!));
        Assert.All(Enumerable.Range(2, 5), r => Assert.Equal(DocumentFormat.OpenXml.Spreadsheet.CellValues.InlineString, sheet.Cell($"H{r}")!.DataType!.Value));
    }

    [Fact]
    public void A_cell_longer_than_excel_allows_is_cut_and_marked()
    {
        var longText = string.Concat(Enumerable.Repeat("很长的备注", 8_000));
        var (book, _) = Annotate(new XlsxBuilder().Rows([
            [.. SampleFiling.Header, "备注"],
            [.. SampleFiling.Firm(1), longText],
        ]).Build());
        using var workbook = new XlsxInspector(book);
        var sheet = workbook.Sheet(0);

        var cell = sheet.Text("H2")!;
        Assert.Equal(32_767, cell.Length);
        Assert.StartsWith("很长的备注很长的备注", cell);
        Assert.EndsWith(WorkbookLimits.CutMark, cell);
        Assert.Equal(Yellow, sheet.Fill("H2"));
        // The reader stops the file at such a cell (SPEC §2 budgets): its error and the cut are both on the row.
        Assert.Equal(
            "【H】第2行H列的单元格有 40,000 个字符，超过 Excel 单元格的上限 32,767 个字符；文件未再往下读取 / the cell in column H of row 2 holds " +
            "40,000 characters, more than Excel's limit of 32,767; the file was not read further\n" +
            "【备注】内容超过 32,767 个字符，此处已截断 / longer than 32,767 characters, cut here", sheet.Text("I2"));
    }

    [Fact]
    public void Once_the_sheet_is_large_long_values_are_cut_to_a_quote()
    {
        // A hostile file names thousands of long cells: past the sheet's budget each keeps only a quote's worth.
        var note = string.Concat(Enumerable.Repeat("备注", 2_000));
        var (book, _) = Annotate(new XlsxBuilder().Rows([
            [.. SampleFiling.Header, "备注"],
            .. Enumerable.Range(1, 12).Select(n => (object?[])[.. SampleFiling.Firm(n), note]),
        ]).Build(), maxSheetBytes: 30_000);
        using var workbook = new XlsxInspector(book);
        var sheet = workbook.Sheet(0);

        Assert.Equal(note, sheet.Text("H2"));
        Assert.Null(sheet.Fill("H2"));
        var cut = sheet.Text("H13")!;
        Assert.Equal(100, cut.Length);
        Assert.EndsWith(WorkbookLimits.CutMark, cut);
        Assert.Equal(Yellow, sheet.Fill("H13"));
        Assert.Equal("【备注】内容超过 100 个字符，此处已截断 / longer than 100 characters, cut here", sheet.Text("I13"));
    }

    [Fact]
    public void Marks_a_conflict_the_report_names_on_the_credit_code()
    {
        var filing = Xlsx(SampleFiling.Firm(1), SampleFiling.Firm(2));
        var conflict = new FilingError("Sheet1", 3, "统一社会信用代码", SampleFiling.EnterpriseCode(2),
            "该企业本期已由文件“2022/Q2/西城街道.xlsx”报送，同一企业每期只能由一个文件报送", "this firm is already filed for the period by '2022/Q2/西城街道.xlsx'");
        var (book, _) = Annotate(filing, errors: [conflict]);
        using var workbook = new XlsxInspector(book);
        var sheet = workbook.Sheet(0);

        Assert.Equal(["A3"], sheet.CommentedCells);
        Assert.Equal(Red, sheet.Fill("A3"));
        Assert.StartsWith("【统一社会信用代码】该企业本期已由文件“2022/Q2/西城街道.xlsx”报送", sheet.Text("H3"));
    }

    [Fact]
    public void Summary_gives_the_verdict_the_counts_and_what_to_do_next_in_china_time()
    {
        var (book, _) = Annotate(Xlsx(SampleFiling.Firm(1), SampleFiling.Firm(2, town: "北京")),
            at: new DateTimeOffset(2022, 7, 12, 8, 30, 5, TimeSpan.Zero));
        using var workbook = new XlsxInspector(book);

        Assert.Equal(["Sheet1", "处理结果"], workbook.Sheets.Select(s => s.Name));
        var summary = workbook.Sheet("处理结果");
        var cells = Labels(summary);
        Assert.Equal(SampleFiling.BlobName, cells["文件"]);
        Assert.Equal("2022-07-12 16:30:05（北京时间）", cells["处理时间"]);
        Assert.Equal("已退回：整个文件未被采用", cells["结果"]);
        Assert.Equal("1", cells["错误数"]);
        Assert.StartsWith("1 个单元格", cells["已标出"]);
        var text = string.Join("\n", summary.Worksheet.Descendants<DocumentFormat.OpenXml.Spreadsheet.InlineString>().Select(s => s.InnerText));
        Assert.Contains("文件名改为 东城街道.xlsx，上传到 filings/2022/Q2/", text);
        Assert.Contains("错误清单", text);
    }

    [Fact]
    public void An_accepted_file_comes_back_unmarked()
    {
        var (book, report) = Annotate(Xlsx(SampleFiling.Firm(1), SampleFiling.Firm(2)));
        using var workbook = new XlsxInspector(book);

        Assert.Equal(FilingStatus.Accepted, report.Status);
        Assert.Empty(workbook.Sheet(0).CommentedCells);
        Assert.False(workbook.Sheet(0).HasVmlDrawing);
        Assert.Equal("已接收", Labels(workbook.Sheet("处理结果"))["结果"]);
    }

    [Fact]
    public void Csv_rows_come_back_as_text_in_their_rows()
    {
        var csv = new CsvBuilder().Rows(SampleFiling.Table(SampleFiling.Firm(1), SampleFiling.Firm(2, aboveScale: "也许"))).Utf8();
        var (book, _) = Annotate(csv, "2022/Q2/东城街道.csv");
        using var workbook = new XlsxInspector(book);
        var sheet = workbook.Sheet(0);

        Assert.Equal("东城街道.csv", workbook.Sheets[0].Name);
        Assert.Equal("1200.5", sheet.Text("E2"));
        Assert.Equal(DocumentFormat.OpenXml.Spreadsheet.CellValues.InlineString, sheet.Cell("E2")!.DataType!.Value);
        Assert.Equal(Red, sheet.Fill("D3"));
    }

    [Fact]
    public void A_file_that_is_not_a_spreadsheet_gets_the_reason_in_the_summary()
    {
        var (book, _) = Annotate("%PDF-1.4 not a table"u8.ToArray());
        using var workbook = new XlsxInspector(book);

        Assert.StartsWith("没有读到原文件的数据行", workbook.Sheet(0).Text("A1"));
        var text = string.Join("\n", workbook.Sheet("处理结果").Worksheet.Descendants<DocumentFormat.OpenXml.Spreadsheet.InlineString>().Select(s => s.InnerText));
        Assert.Contains("不是电子表格文件", text);
        Assert.Contains("整个文件", text);
    }

    [Fact]
    public void A_control_character_xml_cannot_carry_comes_back_as_excel_escapes_it()
    {
        var csv = new CsvBuilder().Rows(SampleFiling.Table(SampleFiling.Firm(1), [SampleFiling.EnterpriseCode(2), "永康市\u0007响铃有限公司", "东城街道", "是", 10, 1, 1])).Utf8();
        var (book, report) = Annotate(csv, "2022/Q2/东城街道.csv");
        using var workbook = new XlsxInspector(book);

        Assert.Equal("永康市_x0007_响铃有限公司", workbook.Sheet(0).Text("B3"));
        Assert.Equal(Red, workbook.Sheet(0).Fill("B3"));

        // Read again, the escape is the same character, and the same error.
        var again = ReaderHarness.Read(book);
        Assert.Equal(report.Errors.Single().Reason, Assert.Single(again.Errors).Chinese);
    }

    private static byte[] Xlsx(params object?[][] firms) => new XlsxBuilder().Rows(SampleFiling.Table(firms)).Build();

    /// <summary>The label → value pairs at the top of the summary sheet.</summary>
    private static Dictionary<string, string> Labels(SheetInspector summary) =>
        Enumerable.Range(2, 14).Where(r => summary.Text($"A{r}") is not null && summary.Text($"B{r}") is not null)
            .ToDictionary(r => summary.Text($"A{r}")!, r => summary.Text($"B{r}")!);

    /// <summary>Reads a filing as ingestion does, reports it, then writes the annotated workbook from a second reading.</summary>
    internal static (byte[] Workbook, FilingReport Report) Annotate(byte[] filing, string blobName = SampleFiling.BlobName,
        DateTimeOffset? at = null, IReadOnlyList<FilingError>? errors = null, long maxSheetBytes = WorkbookLimits.MaxSheetBytes)
    {
        Assert.True(FilingName.TryParse(blobName, out var name, out _));
        var reader = new FilingReader(new CityOptions());
        var read = reader.Read(new MemoryStream(filing), name);
        errors ??= read.Errors;
        var status = errors.Count == 0 && read.IsAccepted ? FilingStatus.Accepted : FilingStatus.Rejected;
        var report = FilingReport.From(blobName, name, new string('a', 64), status, read.Format, read.Sheet, read.Rows.Count, errors, 1000, null,
            at ?? new DateTimeOffset(2022, 7, 12, 0, 0, 0, TimeSpan.Zero));

        using var output = new MemoryStream();
        using (var workbook = new AnnotatedWorkbook(output, report, maxSheetBytes))
        {
            reader.Read(new MemoryStream(filing), name, onSheetRow: workbook.AddRow);
            workbook.Complete();
        }

        return (output.ToArray(), report);
    }
}
