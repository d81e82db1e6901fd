using System.IO.Compression;
using System.Text;
using Cultivation.Application.Reading;
using Cultivation.Domain.Tests.Builders;
using static Cultivation.Domain.Tests.Reading.ReaderHarness;

namespace Cultivation.Domain.Tests.Reading;

public class FilingFormatTests
{
    [Fact]
    public void Reads_a_clean_xlsx_with_every_value()
    {
        var result = Read(new XlsxBuilder().Rows(SampleFiling.Table(SampleFiling.Firm(1), SampleFiling.Firm(2, town: "石柱镇", aboveScale: "否"))).Build());

        var rows = Accepted(result);
        Assert.Equal("xlsx", result.Format);
        Assert.Equal("Sheet1", result.Sheet);
        Assert.Equal(2, rows.Count);
        var first = rows[0];
        Assert.Equal(SampleFiling.EnterpriseCode(1), first.CreditCode.Value);
        Assert.Equal("永康市样例1有限公司", first.Name);
        Assert.Equal("东城街道", first.Town);
        Assert.True(first.AboveScale);
        Assert.Equal(1200.5m, first.Revenue);
        Assert.Equal(60.25m, first.Tax);
        Assert.Equal(12m, first.LandMu);
        Assert.Equal(2, first.SourceRow);
        Assert.Equal("石柱镇", rows[1].Town);
        Assert.False(rows[1].AboveScale);
        Assert.Equal(3, rows[1].SourceRow);
    }

    [Fact]
    public void Reads_inline_strings_and_only_the_first_worksheet()
    {
        var bytes = new XlsxBuilder { InlineStrings = true }
            .Sheet("一季度报表").Rows(SampleFiling.Table(SampleFiling.Firm(1)))
            .Sheet("说明").Row("这张表不读", "不是企业")
            .Build();

        var result = Read(bytes);

        var row = Assert.Single(Accepted(result));
        Assert.Equal("一季度报表", result.Sheet);
        Assert.Equal("永康市样例1有限公司", row.Name);
    }

    [Fact]
    public void Reads_a_legacy_xls_with_a_date_cell()
    {
        var bytes = new XlsBuilder()
            .Row("统一社会信用代码", "企业名称", "所属镇街", "是否规上", "营业收入(万元)", "实缴税金(万元)", "整治状态", "整治完成日期")
            .Row(SampleFiling.EnterpriseCode(1), "永康市五金有限公司", "芝英镇", "否", 880.0, 12.5, "已整治", new DateTime(2022, 3, 15))
            .Build();

        var result = Read(bytes, "2022/Q2/东城街道.xls");

        var row = Assert.Single(Accepted(result));
        Assert.Equal("xls", result.Format);
        Assert.Equal("永康市五金有限公司", row.Name);
        Assert.Equal(880m, row.Revenue);
        Assert.Equal(12.5m, row.Tax);
        Assert.Equal(Firms.RemediationStatus.Remediated, row.Remediation);
        Assert.Equal(new DateOnly(2022, 3, 15), row.RemediationDate);
    }

    [Fact]
    public void Reads_a_gb18030_csv_as_chinese_excel_saves_it()
    {
        var bytes = new CsvBuilder().Rows(SampleFiling.Table(SampleFiling.Firm(1, town: "龙山镇"))).Gb18030();

        var result = Read(bytes, "2022/Q2/龙山镇.csv");

        var row = Assert.Single(Accepted(result));
        Assert.Equal("csv", result.Format);
        Assert.Equal("龙山镇.csv", result.Sheet);
        Assert.Equal("永康市样例1有限公司", row.Name);
        Assert.Equal("龙山镇", row.Town);
        Assert.Equal(1200.5m, row.Revenue);
    }

    [Fact]
    public void Reads_a_utf8_csv_with_a_byte_order_mark()
    {
        var bytes = new CsvBuilder().Rows(SampleFiling.Table(SampleFiling.Firm(1))).Utf8WithBom();

        var row = Assert.Single(Accepted(Read(bytes, "2022/Q2/东城街道.csv")));

        Assert.Equal(SampleFiling.EnterpriseCode(1), row.CreditCode.Value);
        Assert.Equal("永康市样例1有限公司", row.Name);
    }

    [Fact]
    public void Reads_a_utf8_csv_without_bom_keeping_excel_row_numbers_across_blank_lines()
    {
        var bytes = new CsvBuilder()
            .Row("2022年第二季度企业梯度培育报表")
            .Row()
            .Rows(SampleFiling.Table(SampleFiling.Firm(1)))
            .Row()
            .Row(SampleFiling.Firm(2))
            .Utf8();

        var rows = Accepted(Read(bytes, "2022/Q2/东城街道.csv"));

        Assert.Equal([4, 6], rows.Select(r => r.SourceRow));
    }

    [Fact]
    public void Tells_the_format_by_content_not_by_extension()
    {
        var csv = new CsvBuilder().Rows(SampleFiling.Table(SampleFiling.Firm(1))).Utf8();

        var result = Read(csv, "2022/Q2/东城街道.xlsx");

        Assert.Equal("csv", result.Format);
        Assert.Single(Accepted(result));
    }

    [Fact]
    public void Reads_a_stream_that_cannot_seek()
    {
        var bytes = new XlsxBuilder().Rows(SampleFiling.Table(SampleFiling.Firm(1))).Build();
        Assert.True(Domain.Filings.FilingName.TryParse(SampleFiling.BlobName, out var name, out _));
        using var stream = new ForwardOnlyStream(bytes);

        var result = new FilingReader(new Domain.City.CityOptions()).Read(stream, name);

        Assert.Single(Accepted(result));
    }

    [Fact]
    public void Rejects_a_pdf_named_xlsx_as_not_a_spreadsheet()
    {
        var pdf = Encoding.ASCII.GetBytes("%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n\0\0\u0001binary");

        var error = SingleError(Read(pdf));

        Assert.Equal(0, error.Row);
        Assert.Contains("不是电子表格", error.Chinese);
        Assert.Contains("not a spreadsheet", error.English);
    }

    [Fact]
    public void Rejects_binary_content_as_not_a_spreadsheet()
    {
        var png = new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D };

        Assert.Contains("不是电子表格", SingleError(Read(png)).Chinese);
    }

    [Fact]
    public void A_csv_with_a_stray_control_byte_in_a_name_gets_the_rows_error_not_not_a_spreadsheet()
    {
        var csv = Encoding.UTF8.GetBytes(
            "统一社会信用代码,企业名称,所属镇街,是否规上,营业收入(万元),实缴税金(万元)\n" +
            $"{SampleFiling.EnterpriseCode(1)},甲\u0001公司,东城街道,是,2500,100\n" +
            $"{SampleFiling.EnterpriseCode(2)},乙公司,东城街道,是,2500,100\n");

        var error = SingleError(Read(csv, "2022/Q2/东城街道.csv"));

        Assert.Equal(2, error.Row);
        Assert.Equal("企业名称", error.Column);
        Assert.Contains("控制字符", error.Chinese);
    }

    [Fact]
    public void Rejects_bytes_full_of_control_characters_without_a_nul_as_not_a_spreadsheet()
    {
        var noise = Enumerable.Range(0, 4096).Select(i => (byte)(1 + (i * 7 % 250))).ToArray();

        Assert.Contains("不是电子表格", SingleError(Read(noise)).Chinese);
    }

    [Fact]
    public void Rejects_an_empty_file_as_not_a_spreadsheet()
    {
        var error = SingleError(Read([]));

        Assert.Contains("不是电子表格", error.Chinese);
        Assert.Contains("empty", error.English);
    }

    [Fact]
    public void Rejects_an_html_page_saved_as_xls()
    {
        var html = Encoding.UTF8.GetBytes("<html><body><table><tr><td>统一社会信用代码</td></tr></table></body></html>");

        Assert.Contains("不是电子表格", SingleError(Read(html, "2022/Q2/东城街道.xls")).Chinese);
    }

    [Fact]
    public void Rejects_a_zip_that_is_not_a_workbook()
    {
        var zip = Zip(("word/document.xml", new byte[100]));

        Assert.Contains("不是电子表格", SingleError(Read(zip)).Chinese);
    }

    [Fact]
    public void Rejects_a_truncated_xlsx_as_damaged()
    {
        var whole = new XlsxBuilder().Rows(SampleFiling.Table(SampleFiling.Firm(1))).Build();

        var error = SingleError(Read(whole[..(whole.Length / 2)]));

        Assert.Equal("xlsx", Read(whole[..(whole.Length / 2)]).Format);
        Assert.Contains("损坏", error.Chinese);
    }

    [Fact]
    public void Rejects_an_xlsx_whose_worksheet_is_corrupt_without_throwing()
    {
        var zip = Zip(
            ("[Content_Types].xml", Encoding.UTF8.GetBytes("<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>")),
            ("xl/workbook.xml", Encoding.UTF8.GetBytes("<workbook><sheets><sheet name=\"x\" sheetId=\"1\" r:id=\"rId1\"")));

        var result = Read(zip);

        Assert.Empty(result.Rows);
        Assert.NotEmpty(result.Errors);
    }

    [Fact]
    public void Rejects_an_xlsx_whose_part_expands_like_a_zip_bomb()
    {
        // 50 MB of zeros deflate to about 50 KB: a ratio near 1000, far above the limit of 200.
        var bomb = Zip(("xl/workbook.xml", new byte[100]), ("xl/worksheets/sheet1.xml", new byte[50 * 1024 * 1024]));
        Assert.True(bomb.Length < 200 * 1024);

        var error = SingleError(Read(bomb));

        Assert.Contains("压缩炸弹", error.Chinese);
        Assert.Contains("zip bomb", error.English);
    }

    [Fact]
    public void Rejects_an_xlsx_whose_parts_together_expand_beyond_the_limit()
    {
        var bytes = new XlsxBuilder().Rows(SampleFiling.Table(SampleFiling.Firm(1))).Build();

        var error = SingleError(Read(bytes, options: new ReadingOptions { MaxUncompressedBytes = 1000 }));

        Assert.Contains("压缩炸弹", error.Chinese);
    }

    [Fact]
    public void Rejects_a_file_larger_than_the_limit()
    {
        var bytes = new XlsxBuilder().Rows(SampleFiling.Table(SampleFiling.Firm(1))).Build();

        var error = SingleError(Read(bytes, options: new ReadingOptions { MaxFileBytes = bytes.Length - 1 }));

        Assert.Contains("文件过大", error.Chinese);
    }

    [Fact]
    public void Stops_reading_at_the_first_firm_row_beyond_the_limit()
    {
        var bytes = new XlsxBuilder().Rows(SampleFiling.Table(SampleFiling.Firm(1), SampleFiling.Firm(2), SampleFiling.Firm(3))).Build();

        var error = SingleError(Read(bytes, options: new ReadingOptions { MaxRows = 2 }));

        Assert.Equal(4, error.Row);
        Assert.Contains("企业数据行超过上限（2 行）", error.Chinese);
        Assert.Contains("more than 2 firm rows", error.English);
    }

    [Fact]
    public void Stops_a_sheet_of_empty_rows_far_past_the_firm_limit()
    {
        // The last row numbered 20,000: the reader hands out every row before it, blank or not.
        var rows = SampleFiling.Table(SampleFiling.Firm(1));
        var bytes = new XlsxBuilder().Rows(rows).RowAt(20_000, "说明").Build();

        var error = SingleError(Read(bytes, options: new ReadingOptions { MaxRows = 10 }));

        Assert.Equal(10_011, error.Row);
        Assert.Contains("表格行数超过上限（10,010 行，空行也计算在内）", error.Chinese);
    }

    [Fact]
    public void Counts_firm_rows_against_the_limit_not_titles_blank_rows_or_footers()
    {
        var rows = new List<object?[]> { new object?[] { "2022年二季度企业报表" }, new object?[] { "填报单位：东城街道" } };
        rows.AddRange(SampleFiling.Table(SampleFiling.Firm(1), [], SampleFiling.Firm(2)));
        rows.Add(["单位负责人：张三"]);

        Assert.Equal(2, Accepted(Read(new XlsxBuilder().Rows(rows).Build(), options: new ReadingOptions { MaxRows = 2 })).Count);
    }

    [Fact]
    public void Rejects_a_password_protected_workbook_as_encrypted()
    {
        var bytes = EncryptedPackage();

        var error = SingleError(Read(bytes));

        Assert.Contains("文件已加密", error.Chinese);
    }

    [Fact]
    public void Lists_at_most_the_configured_number_of_errors_and_counts_them_all()
    {
        var rows = Enumerable.Range(1, 5).Select(n => SampleFiling.Firm(n, town: "火星镇")).ToArray();

        var result = Read(new XlsxBuilder().Rows(SampleFiling.Table(rows)).Build(), options: new ReadingOptions { MaxErrorsReported = 2 });

        Assert.Equal(5, result.ErrorCount);
        Assert.Equal([2, 3], result.Errors.Select(e => e.Row));
        Assert.All(result.Errors, e => Assert.Equal("火星镇", e.Value));
        Assert.False(result.IsAccepted);
    }

    private static byte[] Zip(params (string Name, byte[] Content)[] entries)
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                using var entry = zip.CreateEntry(name, CompressionLevel.SmallestSize).Open();
                entry.Write(content);
            }
        }

        return stream.ToArray();
    }

    /// <summary>An OLE2 container as Excel writes for a workbook with an open password: EncryptionInfo and EncryptedPackage streams.</summary>
    private static byte[] EncryptedPackage()
    {
        var fs = new NPOI.POIFS.FileSystem.POIFSFileSystem();
        fs.CreateDocument(new MemoryStream(new byte[] { 4, 0, 4, 0, 0x40, 0, 0, 0 }), "EncryptionInfo");
        fs.CreateDocument(new MemoryStream(new byte[4096]), "EncryptedPackage");
        using var stream = new MemoryStream();
        fs.WriteFileSystem(stream);
        return stream.ToArray();
    }

    private sealed class ForwardOnlyStream(byte[] bytes) : Stream
    {
        private readonly MemoryStream _inner = new(bytes);

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, count);

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
