using Cultivation.Domain.City;
using Cultivation.Domain.Firms;
using Cultivation.SampleCity.Writers;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Cultivation.SampleCity.Tests;

public class LargeFilingTests
{
    [Fact]
    public void Large_rows_have_valid_unique_codes_and_unique_names()
    {
        var rows = LargeFilingWriter.GenerateRows(20_000, 7, new CityOptions()).ToList();

        Assert.All(rows, r => Assert.True(CreditCode.TryParse(r.CreditCode, out _), r.CreditCode));
        Assert.Equal(rows.Count, rows.Select(r => r.CreditCode).Distinct().Count());
        Assert.Equal(rows.Count, rows.Select(r => r.Name).Distinct().Count());
        Assert.All(rows, r => Assert.True(r.Revenue >= 0 && r.Tax >= 0));
    }

    [Fact]
    public void Large_file_is_an_xlsx_with_a_header_and_one_row_per_firm()
    {
        using var stream = new MemoryStream();
        LargeFilingWriter.Write(stream, 500, 7);
        stream.Position = 0;

        using var document = SpreadsheetDocument.Open(stream, false);
        var sheet = document.WorkbookPart!.WorksheetParts.Single().Worksheet;
        var rows = sheet.Descendants<Row>().ToList();

        Assert.Equal(501, rows.Count);
        Assert.Equal("统一社会信用代码", rows[0].Elements<Cell>().First().InnerText);
    }
}
