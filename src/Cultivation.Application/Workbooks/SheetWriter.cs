using System.Globalization;
using System.IO.Packaging;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Spreadsheet;
using Cultivation.Domain.Filings;

namespace Cultivation.Application.Workbooks;

/// <summary>A column's width (in characters) and the style new cells typed into it take.</summary>
internal sealed record ColumnLayout(int Index, double Width, CellStyle Style = CellStyle.Default);

/// <summary>
/// Streams one worksheet: rows in order, cells left to right. Text is always an inline string and no cell
/// is ever a formula, so a value such as <c>=HYPERLINK(…)</c> or <c>+1</c> stays the text the filer typed.
/// </summary>
internal sealed class SheetWriter : IDisposable
{
    private const string RelationshipNamespace = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    private const string CommentsRelationship = "rIdComments";
    private const string DrawingRelationship = "rIdVml";
    private const string ChartDrawingRelationship = "rIdDrawing";

    private static readonly DateTime s_excelEpoch = new(1899, 12, 30, 0, 0, 0, DateTimeKind.Unspecified);

    private readonly XlsxPackage _package;
    private readonly PackagePart _part;
    private readonly CountingStream _stream;
    private readonly OpenXmlWriter _writer;
    private readonly List<CellComment> _comments = [];
    private LineChart? _chart;
    private readonly List<string> _letters = [];
    private int _row;
    private bool _inRow;
    private bool _ended;
    private bool _fitToWidth;

    // Reused for every cell: the writer only takes their names.
    private readonly Cell _cell = new();
    private readonly CellValue _value = new();
    private readonly InlineString _inline = new();
    private readonly Text _text = new();
    private readonly Row _rowElement = new();

    public SheetWriter(XlsxPackage package, PackagePart part)
    {
        _package = package;
        _part = part;
        _stream = new CountingStream(part.GetStream(FileMode.Create, FileAccess.Write));
        _writer = OpenXmlWriter.Create(_stream, System.Text.Encoding.UTF8);
    }

    /// <summary>Writes what comes before the rows: frozen rows at the top, column widths and styles.</summary>
    /// <param name="fitToWidth">Printed landscape, as wide as one page (instructions and summaries).</param>
    public void Begin(int frozenRows = 0, IEnumerable<ColumnLayout>? columns = null, bool fitToWidth = false)
    {
        _fitToWidth = fitToWidth;
        _writer.WriteStartDocument(true);
        _writer.WriteStartElement(new Worksheet(), [], [new KeyValuePair<string, string>("r", RelationshipNamespace)]);
        if (fitToWidth)
        {
            _writer.WriteElement(new SheetProperties(new PageSetupProperties { FitToPage = true }));
        }

        if (frozenRows > 0)
        {
            var topLeft = "A" + (frozenRows + 1).ToString(CultureInfo.InvariantCulture);
            _writer.WriteElement(new SheetViews(new SheetView(
                new Pane { VerticalSplit = frozenRows, TopLeftCell = topLeft, ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen },
                new Selection { Pane = PaneValues.BottomLeft, ActiveCell = topLeft, SequenceOfReferences = new ListValue<StringValue> { InnerText = topLeft } })
            { WorkbookViewId = 0 }));
        }

        // Room for 11-point CJK text (等线 or the font that stands in for it).
        _writer.WriteElement(new SheetFormatProperties { DefaultRowHeight = 16.5, CustomHeight = true });

        var cols = columns?.OrderBy(c => c.Index).Select(c => new Column
        {
            Min = (uint)(c.Index + 1),
            Max = (uint)(c.Index + 1),
            Width = c.Width,
            CustomWidth = true,
            Style = c.Style == CellStyle.Default ? null : (uint)c.Style,
        }).ToList();
        if (cols is { Count: > 0 })
        {
            _writer.WriteElement(new Columns(cols));
        }

        _writer.WriteStartElement(new SheetData());
    }

    /// <summary>Starts row <paramref name="row"/> (1-based, greater than the last one), of a given height in points if not the default.</summary>
    public void StartRow(int row, double? height = null)
    {
        EndRow();
        _row = row;
        var r = new OpenXmlAttribute("r", string.Empty, row.ToString(CultureInfo.InvariantCulture));
        _writer.WriteStartElement(_rowElement, height is { } h
            ? [r, new OpenXmlAttribute("ht", string.Empty, h.ToString("0.##", CultureInfo.InvariantCulture)), new OpenXmlAttribute("customHeight", string.Empty, "1")]
            : [r]);
        _inRow = true;
    }

    /// <summary>
    /// The height (points) a row needs to show <paramref name="text"/> wrapped in a column <paramref name="width"/>
    /// characters wide: neither Excel nor LibreOffice fits rows to wrapped text when they open a file.
    /// </summary>
    public static double HeightFor(string text, double width)
    {
        const double lineHeight = 15.6;
        var lines = 0;
        foreach (var line in text.Split('\n'))
        {
            // A Chinese character takes two character widths.
            var units = line.Sum(c => c > '\u2E80' ? 2 : 1);
            lines += Math.Max(1, (int)Math.Ceiling(units / Math.Max(1, width - 1)));
        }

        return Math.Min(409, (Math.Max(1, lines) * lineHeight) + 3);
    }

    /// <summary>Text, cut to the cell budget if longer.</summary>
    public void Text(int column, string value, CellStyle style = CellStyle.Default)
    {
        var text = CellText.ForXml(CellText.Fit(value, out _));
        _writer.WriteStartElement(_cell, Attributes(column, style, "inlineStr"));
        _writer.WriteStartElement(_inline);
        var spaced = text.Length > 0 && (char.IsWhiteSpace(text[0]) || char.IsWhiteSpace(text[^1]));
        _writer.WriteStartElement(_text, spaced ? [new OpenXmlAttribute("xml", "space", "http://www.w3.org/XML/1998/namespace", "preserve")] : []);
        _writer.WriteString(text);
        _writer.WriteEndElement();
        _writer.WriteEndElement();
        _writer.WriteEndElement();
    }

    public void Number(int column, double value, CellStyle style = CellStyle.Default)
    {
        if (!double.IsFinite(value))
        {
            Text(column, value.ToString(CultureInfo.InvariantCulture), style);
            return;
        }

        Value(column, value.ToString("R", CultureInfo.InvariantCulture), style, null);
    }

    public void Number(int column, decimal value, CellStyle style = CellStyle.Default) =>
        Value(column, value.ToString(CultureInfo.InvariantCulture), style, null);

    /// <summary>A date (or date and time) as Excel stores it: a serial day number with a date format.</summary>
    public void Date(int column, DateTime value, CellStyle style)
    {
        var serial = (value - s_excelEpoch).TotalDays;
        Value(column, serial.ToString("R", CultureInfo.InvariantCulture), style, null);
    }

    public void Boolean(int column, bool value, CellStyle style = CellStyle.Default) => Value(column, value ? "1" : "0", style, "b");

    /// <summary>A note on a cell of this sheet (Excel shows it on hover; LibreOffice as a comment).</summary>
    public void Comment(int row, int column, string text) => _comments.Add(new CellComment(Reference(column, row), row, column, text));

    /// <summary>A line chart drawn over cells of this sheet (one per sheet).</summary>
    public void Chart(LineChart chart) => _chart = chart;

    /// <summary>Closes the rows; then the drop-down lists and the notes, which come after them in a worksheet.</summary>
    public void End(DataValidations? validations = null)
    {
        EndRow();
        _writer.WriteEndElement(); // sheetData
        if (validations is not null)
        {
            _writer.WriteElement(validations);
        }

        _writer.WriteElement(new PageMargins { Left = 0.7, Right = 0.7, Top = 0.75, Bottom = 0.75, Header = 0.3, Footer = 0.3 });
        _writer.WriteElement(_fitToWidth
            ? new PageSetup { PaperSize = 9, Orientation = OrientationValues.Landscape, FitToWidth = 1, FitToHeight = 0 }
            : new PageSetup { PaperSize = 9, Orientation = OrientationValues.Landscape });
        if (_chart is not null)
        {
            _writer.WriteElement(new Drawing { Id = ChartDrawingRelationship });
        }

        if (_comments.Count > 0)
        {
            _writer.WriteElement(new LegacyDrawing { Id = DrawingRelationship });
        }

        _writer.WriteEndElement(); // worksheet
        _writer.Close();
        _stream.Dispose();
        _ended = true;

        var n = _part.Uri.OriginalString.Split('/')[^1].Replace("sheet", string.Empty, StringComparison.Ordinal).Replace(".xml", string.Empty, StringComparison.Ordinal);
        if (_chart is { } chart)
        {
            var drawing = _package.AddRelatedPart(_part, ChartDrawingRelationship, "drawing", $"/xl/drawings/drawing{n}.xml", LineChart.DrawingContentType, chart.WriteDrawing);
            _package.AddRelatedPart(drawing, LineChart.DrawingToChart, "chart", $"/xl/charts/chart{n}.xml", LineChart.ContentType, chart.WriteChart);
        }

        if (_comments.Count > 0)
        {
            _package.AddRelatedPart(_part, CommentsRelationship, "comments", $"/xl/comments{n}.xml",
                "application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml", s => CellComments.WriteComments(s, _comments));
            _package.AddRelatedPart(_part, DrawingRelationship, "vmlDrawing", $"/xl/drawings/vmlDrawing{n}.vml",
                "application/vnd.openxmlformats-officedocument.vmlDrawing", s => CellComments.WriteDrawing(s, _comments));
        }
    }

    public void Dispose()
    {
        if (!_ended)
        {
            _writer.Close();
            _stream.Dispose();
            _ended = true;
        }
    }

    /// <summary>Bytes of the sheet's XML written so far (what it expands to in the package), up to the writer's buffer.</summary>
    public long BytesWritten => _stream.Written;

    /// <summary>The cell reference, e.g. <c>C5</c>, of a 0-based column and a 1-based row.</summary>
    public string Reference(int column, int row) => Letters(column) + row.ToString(CultureInfo.InvariantCulture);

    private void EndRow()
    {
        if (_inRow)
        {
            _writer.WriteEndElement();
            _inRow = false;
        }
    }

    private void Value(int column, string value, CellStyle style, string? type)
    {
        _writer.WriteStartElement(_cell, Attributes(column, style, type));
        _writer.WriteStartElement(_value);
        _writer.WriteString(value);
        _writer.WriteEndElement();
        _writer.WriteEndElement();
    }

    private List<OpenXmlAttribute> Attributes(int column, CellStyle style, string? type)
    {
        var attributes = new List<OpenXmlAttribute>(3) { new("r", string.Empty, Reference(column, _row)) };
        if (style != CellStyle.Default)
        {
            attributes.Add(new OpenXmlAttribute("s", string.Empty, ((uint)style).ToString(CultureInfo.InvariantCulture)));
        }

        if (type is not null)
        {
            attributes.Add(new OpenXmlAttribute("t", string.Empty, type));
        }

        return attributes;
    }

    private string Letters(int column)
    {
        while (_letters.Count <= column)
        {
            _letters.Add(HeaderMap.ColumnLetters(_letters.Count));
        }

        return _letters[column];
    }
}

/// <summary>Passes bytes on and counts them.</summary>
internal sealed class CountingStream(Stream inner) : Stream
{
    public long Written { get; private set; }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => Written;

    public override long Position
    {
        get => Written;
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count)
    {
        inner.Write(buffer, offset, count);
        Written += count;
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        inner.Write(buffer);
        Written += buffer.Length;
    }

    public override void Flush() => inner.Flush();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
