using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using HeaderMap = Cultivation.Domain.Filings.HeaderMap;

namespace Cultivation.Domain.Tests.Builders;

/// <summary>Edits the first sheet of an xlsx as a clerk would in Excel: types values into cells, saves.</summary>
public static class XlsxEditor
{
    /// <summary>Sets cells of the first worksheet (reference → value: text, a number, or null to clear) and returns the saved file.</summary>
    public static byte[] Edit(byte[] xlsx, IEnumerable<KeyValuePair<string, object?>> cells)
    {
        using var stream = new MemoryStream();
        stream.Write(xlsx);
        using (var document = SpreadsheetDocument.Open(stream, true))
        {
            var workbook = document.WorkbookPart!;
            var first = workbook.Workbook.Sheets!.Elements<Sheet>().First();
            var data = ((WorksheetPart)workbook.GetPartById(first.Id!)).Worksheet.GetFirstChild<SheetData>()!;
            foreach (var (reference, value) in cells)
            {
                Set(data, reference, value);
            }
        }

        return stream.ToArray();
    }

    /// <summary>Fills the 营业收入 and 实缴税金 columns of every firm row under the header in row 1 (a filled-in template).</summary>
    public static byte[] FillFigures(byte[] xlsx, decimal revenue, decimal tax)
    {
        using var inspector = new XlsxInspector(xlsx);
        var sheet = inspector.Sheet(0);
        var header = sheet.Row(1, 30);
        var revenueColumn = HeaderMap.ColumnLetters(header.ToList().IndexOf("营业收入(万元)"));
        var taxColumn = HeaderMap.ColumnLetters(header.ToList().IndexOf("实缴税金(万元)"));
        var rows = sheet.Worksheet.Descendants<Row>().Select(r => (int)r.RowIndex!.Value).Where(r => r > 1).ToList();
        var cells = rows.SelectMany(r => new[]
        {
            new KeyValuePair<string, object?>(revenueColumn + r.ToString(CultureInfo.InvariantCulture), revenue),
            new KeyValuePair<string, object?>(taxColumn + r.ToString(CultureInfo.InvariantCulture), tax),
        });
        return Edit(xlsx, [.. cells]);
    }

    private static void Set(SheetData data, string reference, object? value)
    {
        var rowIndex = uint.Parse(new string([.. reference.SkipWhile(char.IsLetter)]), CultureInfo.InvariantCulture);
        var row = data.Elements<Row>().FirstOrDefault(r => r.RowIndex!.Value == rowIndex);
        if (row is null)
        {
            row = new Row { RowIndex = rowIndex };
            var after = data.Elements<Row>().LastOrDefault(r => r.RowIndex!.Value < rowIndex);
            if (after is null)
            {
                data.PrependChild(row);
            }
            else
            {
                after.InsertAfterSelf(row);
            }
        }

        var cell = row.Elements<Cell>().FirstOrDefault(c => c.CellReference == reference);
        if (cell is null)
        {
            cell = new Cell { CellReference = reference };
            var before = row.Elements<Cell>().FirstOrDefault(c => ColumnIndex(c.CellReference!.Value!) > ColumnIndex(reference));
            if (before is null)
            {
                row.AppendChild(cell);
            }
            else
            {
                before.InsertBeforeSelf(cell);
            }
        }

        cell.RemoveAllChildren();
        cell.DataType = null;
        switch (value)
        {
            case null:
                cell.Remove();
                break;
            case string s:
                cell.DataType = CellValues.InlineString;
                cell.AppendChild(new InlineString(new DocumentFormat.OpenXml.Spreadsheet.Text(s) { Space = SpaceProcessingModeValues.Preserve }));
                break;
            case IFormattable number:
                cell.AppendChild(new CellValue(number.ToString(null, CultureInfo.InvariantCulture)));
                break;
            default:
                throw new ArgumentException($"unsupported value {value.GetType()}", nameof(value));
        }
    }

    private static int ColumnIndex(string reference)
    {
        var n = 0;
        foreach (var c in reference.TakeWhile(char.IsLetter))
        {
            n = (n * 26) + (c - 'A' + 1);
        }

        return n;
    }
}
