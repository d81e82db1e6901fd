using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Cultivation.Domain.Tests.Builders;

/// <summary>
/// Builds a small xlsx in memory. Cells: <see cref="string"/> (shared strings, or inline with
/// <see cref="InlineStrings"/>), numbers (<see cref="double"/>, <see cref="int"/>, <see cref="decimal"/>),
/// <see cref="DateTime"/> (a serial number with a date style, as Excel stores dates), <see cref="bool"/>,
/// <see cref="Formula"/> (a formula with the value Excel cached when it last calculated); null leaves the cell out.
/// </summary>
public sealed class XlsxBuilder
{
    private const uint DateStyle = 1;

    private readonly List<(string Name, List<(int Row, object?[] Cells)> Rows)> _sheets = [];

    /// <summary>A formula cell: <c>&lt;f&gt;</c> holds the formula, <c>&lt;v&gt;</c> the value Excel cached for it.</summary>
    public sealed record Formula(string Text, double Cached);

    /// <summary>Write strings as inline strings instead of through the shared string table.</summary>
    public bool InlineStrings { get; init; }

    /// <summary>Starts a worksheet; rows added after it go there. The first is created on demand as "Sheet1".</summary>
    public XlsxBuilder Sheet(string name)
    {
        _sheets.Add((name, []));
        return this;
    }

    /// <summary>Adds the next row (right after the last one).</summary>
    public XlsxBuilder Row(params object?[] cells)
    {
        var rows = Current();
        return RowAt(rows.Count == 0 ? 1 : rows[^1].Row + 1, cells);
    }

    /// <summary>Adds a row at a given 1-based row number, leaving the rows between absent.</summary>
    public XlsxBuilder RowAt(int rowNumber, params object?[] cells)
    {
        Current().Add((rowNumber, cells));
        return this;
    }

    public XlsxBuilder Rows(IEnumerable<object?[]> rows)
    {
        foreach (var row in rows)
        {
            Row(row);
        }

        return this;
    }

    public byte[] Build()
    {
        if (_sheets.Count == 0)
        {
            Sheet("Sheet1");
        }

        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbookPart = document.AddWorkbookPart();
            workbookPart.Workbook = new Workbook();
            var sheets = workbookPart.Workbook.AppendChild(new Sheets());
            AddStyles(workbookPart);
            var shared = new SharedStrings(workbookPart, InlineStrings);

            uint id = 1;
            foreach (var (name, rows) in _sheets)
            {
                var worksheetPart = workbookPart.AddNewPart<WorksheetPart>();
                var data = new SheetData();
                foreach (var (rowNumber, cells) in rows)
                {
                    var row = new Row { RowIndex = (uint)rowNumber };
                    for (var i = 0; i < cells.Length; i++)
                    {
                        if (cells[i] is { } value)
                        {
                            row.AppendChild(MakeCell(ColumnName(i) + rowNumber.ToString(CultureInfo.InvariantCulture), value, shared));
                        }
                    }

                    data.AppendChild(row);
                }

                worksheetPart.Worksheet = new Worksheet(data);
                sheets.AppendChild(new Sheet { Id = workbookPart.GetIdOfPart(worksheetPart), SheetId = id++, Name = name });
            }

            shared.Save();
        }

        return stream.ToArray();
    }

    private List<(int Row, object?[] Cells)> Current()
    {
        if (_sheets.Count == 0)
        {
            Sheet("Sheet1");
        }

        return _sheets[^1].Rows;
    }

    private static Cell MakeCell(string reference, object value, SharedStrings shared)
    {
        var cell = new Cell { CellReference = reference };
        switch (value)
        {
            case string s:
                shared.Write(cell, s);
                break;
            case DateTime dt:
                cell.CellValue = new CellValue(dt.ToOADate().ToString("R", CultureInfo.InvariantCulture));
                cell.StyleIndex = DateStyle;
                break;
            case Formula f:
                cell.CellFormula = new CellFormula(f.Text);
                cell.CellValue = new CellValue(f.Cached.ToString("R", CultureInfo.InvariantCulture));
                break;
            case bool b:
                cell.DataType = CellValues.Boolean;
                cell.CellValue = new CellValue(b ? "1" : "0");
                break;
            case double d:
                cell.CellValue = new CellValue(d.ToString("R", CultureInfo.InvariantCulture));
                break;
            case IFormattable number:
                cell.CellValue = new CellValue(number.ToString(null, CultureInfo.InvariantCulture));
                break;
            default:
                throw new ArgumentException($"unsupported cell value {value.GetType()}", nameof(value));
        }

        return cell;
    }

    private static void AddStyles(WorkbookPart workbookPart)
    {
        var styles = workbookPart.AddNewPart<WorkbookStylesPart>();
        styles.Stylesheet = new Stylesheet(
            new Fonts(new Font()) { Count = 1 },
            new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })) { Count = 2 },
            new Borders(new Border()) { Count = 1 },
            new CellStyleFormats(new CellFormat()) { Count = 1 },
            new CellFormats(
                new CellFormat(),
                new CellFormat { NumberFormatId = 14, ApplyNumberFormat = true }) { Count = 2 });
    }

    /// <summary>Excel's column letters for a 0-based index.</summary>
    public static string ColumnName(int index)
    {
        var name = string.Empty;
        for (var n = index + 1; n > 0; n = (n - 1) / 26)
        {
            name = (char)('A' + ((n - 1) % 26)) + name;
        }

        return name;
    }

    private sealed class SharedStrings(WorkbookPart workbookPart, bool inline)
    {
        private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
        private readonly SharedStringTable _table = new();

        public void Write(Cell cell, string text)
        {
            if (inline)
            {
                cell.DataType = CellValues.InlineString;
                cell.InlineString = new InlineString(new DocumentFormat.OpenXml.Spreadsheet.Text(text) { Space = SpaceProcessingModeValues.Preserve });
                return;
            }

            if (!_index.TryGetValue(text, out var i))
            {
                i = _index.Count;
                _index.Add(text, i);
                _table.AppendChild(new SharedStringItem(new DocumentFormat.OpenXml.Spreadsheet.Text(text) { Space = SpaceProcessingModeValues.Preserve }));
            }

            cell.DataType = CellValues.SharedString;
            cell.CellValue = new CellValue(i.ToString(CultureInfo.InvariantCulture));
        }

        public void Save()
        {
            if (_index.Count > 0)
            {
                workbookPart.AddNewPart<SharedStringTablePart>().SharedStringTable = _table;
            }
        }
    }
}
