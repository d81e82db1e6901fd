using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using HeaderMap = Cultivation.Domain.Filings.HeaderMap;

namespace Cultivation.Domain.Tests.Builders;

/// <summary>Opens an xlsx with the Open XML SDK to look at what a reader (or Excel) would find in it.</summary>
public sealed class XlsxInspector : IDisposable
{
    private readonly SpreadsheetDocument _document;

    public XlsxInspector(byte[] bytes)
    {
        _document = SpreadsheetDocument.Open(new MemoryStream(bytes, writable: false), false);
    }

    public WorkbookPart WorkbookPart => _document.WorkbookPart!;

    /// <summary>The sheets in workbook order, with their state (null: visible).</summary>
    public IReadOnlyList<(string Name, string? State)> Sheets =>
        [.. WorkbookPart.Workbook.Sheets!.Elements<Sheet>().Select(s => (s.Name!.Value!, s.State?.InnerText))];

    /// <summary>The workbook's defined names: name → reference.</summary>
    public IReadOnlyDictionary<string, string> DefinedNames =>
        WorkbookPart.Workbook.DefinedNames?.Elements<DefinedName>().ToDictionary(d => d.Name!.Value!, d => d.Text) ?? [];

    public SheetInspector Sheet(int index) => Sheet(Sheets[index].Name);

    public SheetInspector Sheet(string name)
    {
        var sheet = WorkbookPart.Workbook.Sheets!.Elements<Sheet>().Single(s => s.Name == name);
        return new SheetInspector(this, (WorksheetPart)WorkbookPart.GetPartById(sheet.Id!));
    }

    public void Dispose() => _document.Dispose();
}

public sealed class SheetInspector(XlsxInspector workbook, WorksheetPart part)
{
    public Worksheet Worksheet => part.Worksheet;

    public Cell? Cell(string reference) => Worksheet.Descendants<Cell>().FirstOrDefault(c => c.CellReference == reference);

    /// <summary>What the cell shows as text (inline or shared string, or the stored number); null when there is no cell.</summary>
    public string? Text(string reference)
    {
        var cell = Cell(reference);
        if (cell is null)
        {
            return null;
        }

        if (cell.DataType?.Value == CellValues.InlineString)
        {
            return cell.InlineString!.InnerText;
        }

        if (cell.DataType?.Value == CellValues.SharedString)
        {
            return workbook.WorkbookPart.SharedStringTablePart!.SharedStringTable.Elements<SharedStringItem>()
                .ElementAt(int.Parse(cell.CellValue!.Text, System.Globalization.CultureInfo.InvariantCulture)).InnerText;
        }

        return cell.CellValue?.Text;
    }

    /// <summary>The row's cells as text, keyed by reference.</summary>
    public IReadOnlyList<string?> Row(int row, int width) =>
        [.. Enumerable.Range(0, width).Select(i => Text(HeaderMap.ColumnLetters(i) + row.ToString(System.Globalization.CultureInfo.InvariantCulture)))];

    public int RowCount => Worksheet.Descendants<Row>().Count();

    public CellFormat Format(string reference) => Format(Cell(reference)?.StyleIndex?.Value ?? 0);

    public CellFormat Format(uint styleIndex) =>
        workbook.WorkbookPart.WorkbookStylesPart!.Stylesheet.CellFormats!.Elements<CellFormat>().ElementAt((int)styleIndex);

    /// <summary>The ARGB of the cell's fill, or null when it has none.</summary>
    public string? Fill(string reference)
    {
        var fill = workbook.WorkbookPart.WorkbookStylesPart!.Stylesheet.Fills!.Elements<Fill>().ElementAt((int)(Format(reference).FillId?.Value ?? 0));
        return fill.PatternFill?.PatternType?.Value == PatternValues.Solid ? fill.PatternFill.ForegroundColor?.Rgb?.Value : null;
    }

    /// <summary>The number format code of a cell's style (<c>@</c> for text; General when none).</summary>
    public string NumberFormat(uint styleIndex)
    {
        var id = Format(styleIndex).NumberFormatId?.Value ?? 0;
        if (id == 49)
        {
            return "@";
        }

        return workbook.WorkbookPart.WorkbookStylesPart!.Stylesheet.NumberingFormats?.Elements<NumberingFormat>()
            .FirstOrDefault(f => f.NumberFormatId?.Value == id)?.FormatCode?.Value ?? (id == 0 ? "General" : id.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>The style a column gives the cells typed into it (from its <c>&lt;col&gt;</c>).</summary>
    public uint? ColumnStyle(int index) =>
        Worksheet.Descendants<Column>().FirstOrDefault(c => c.Min!.Value <= index + 1 && c.Max!.Value >= index + 1)?.Style?.Value;

    /// <summary>The note on a cell, or null.</summary>
    public string? Comment(string reference) =>
        part.WorksheetCommentsPart?.Comments.Descendants<Comment>().FirstOrDefault(c => c.Reference == reference)?.InnerText;

    public IReadOnlyList<string> CommentedCells =>
        [.. part.WorksheetCommentsPart?.Comments.Descendants<Comment>().Select(c => c.Reference!.Value!) ?? []];

    public IReadOnlyList<DataValidation> Validations => [.. Worksheet.Descendants<DataValidation>()];

    /// <summary>Rows frozen at the top (0 when none).</summary>
    public int FrozenRows
    {
        get
        {
            var pane = Worksheet.Descendants<Pane>().FirstOrDefault();
            return pane?.State?.Value == PaneStateValues.Frozen ? (int)(pane.VerticalSplit?.Value ?? 0) : 0;
        }
    }

    public bool HasVmlDrawing => part.VmlDrawingParts.Any() && Worksheet.Descendants<LegacyDrawing>().Any();

    public bool HasFormulas => Worksheet.Descendants<CellFormula>().Any();

    /// <summary>The sheet's part, for what the inspector does not answer (drawings, charts).</summary>
    public WorksheetPart Part => part;

    /// <summary>The width of a column (0-based) as its <c>&lt;col&gt;</c> sets it; null when none does.</summary>
    public double? ColumnWidth(int index) =>
        Worksheet.Descendants<Column>().FirstOrDefault(c => c.Min!.Value <= index + 1 && c.Max!.Value >= index + 1)?.Width?.Value;
}
