using System.Globalization;
using System.IO.Compression;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Cultivation.SampleCity.Writers;

/// <summary>
/// Writes a one-sheet xlsx, streaming the worksheet with <see cref="OpenXmlWriter"/> (never a DOM).
/// The package is assembled with <see cref="ZipArchive"/> directly so every entry carries a fixed
/// timestamp and no document properties: the same cells give the same bytes on the same runtime.
/// </summary>
public static class XlsxSheetWriter
{
    private static readonly DateTimeOffset s_timestamp = new(2023, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <param name="sharedStrings">
    /// True: strings go to a shared string table as Excel writes them (kept in memory: small files only).
    /// False: inline strings, so memory stays flat for any number of rows.
    /// </param>
    public static void Write(Stream output, IEnumerable<IReadOnlyList<SheetCell>> rows, bool sharedStrings)
    {
        using var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        WriteText(zip, "[Content_Types].xml", ContentTypes(sharedStrings));
        WriteText(zip, "_rels/.rels", RootRels);
        WriteText(zip, "xl/workbook.xml", Workbook);
        WriteText(zip, "xl/_rels/workbook.xml.rels", WorkbookRels(sharedStrings));
        WriteText(zip, "xl/styles.xml", Styles);

        var strings = sharedStrings ? new Dictionary<string, int>(StringComparer.Ordinal) : null;
        var stringOrder = new List<string>();
        using (var entryStream = NewEntry(zip, "xl/worksheets/sheet1.xml").Open())
        using (var writer = OpenXmlWriter.Create(entryStream, Encoding.UTF8))
        {
            writer.WriteStartDocument(true);
            writer.WriteStartElement(new Worksheet());
            writer.WriteStartElement(new SheetData());
            var r = 0;
            foreach (var row in rows)
            {
                r++;
                writer.WriteStartElement(new Row(), [new OpenXmlAttribute("r", string.Empty, r.ToString(CultureInfo.InvariantCulture))]);
                for (var c = 0; c < row.Count; c++)
                {
                    WriteCell(writer, row[c], ColumnName(c) + r.ToString(CultureInfo.InvariantCulture), strings, stringOrder);
                }

                writer.WriteEndElement();
            }

            writer.WriteEndElement();
            writer.WriteEndElement();
            writer.Close();
        }

        if (strings is not null)
        {
            using var entryStream = NewEntry(zip, "xl/sharedStrings.xml").Open();
            using var writer = OpenXmlWriter.Create(entryStream, Encoding.UTF8);
            writer.WriteStartDocument(true);
            writer.WriteStartElement(new SharedStringTable(), [
                new OpenXmlAttribute("count", string.Empty, stringOrder.Count.ToString(CultureInfo.InvariantCulture)),
                new OpenXmlAttribute("uniqueCount", string.Empty, stringOrder.Count.ToString(CultureInfo.InvariantCulture))]);
            foreach (var s in stringOrder)
            {
                writer.WriteElement(new SharedStringItem(new Text(s) { Space = SpaceProcessingModeValues.Preserve }));
            }

            writer.WriteEndElement();
            writer.Close();
        }
    }

    private static void WriteCell(OpenXmlWriter writer, SheetCell cell, string reference, Dictionary<string, int>? strings, List<string> stringOrder)
    {
        var r = new OpenXmlAttribute("r", string.Empty, reference);
        switch (cell.Kind)
        {
            case SheetCellKind.Text when strings is not null:
                if (!strings.TryGetValue(cell.Text!, out var index))
                {
                    index = strings.Count;
                    strings.Add(cell.Text!, index);
                    stringOrder.Add(cell.Text!);
                }

                writer.WriteStartElement(new Cell(), [r, new OpenXmlAttribute("t", string.Empty, "s")]);
                writer.WriteElement(new CellValue(index.ToString(CultureInfo.InvariantCulture)));
                writer.WriteEndElement();
                break;
            case SheetCellKind.Text:
                writer.WriteStartElement(new Cell(), [r, new OpenXmlAttribute("t", string.Empty, "inlineStr")]);
                writer.WriteElement(new InlineString(new Text(cell.Text!) { Space = SpaceProcessingModeValues.Preserve }));
                writer.WriteEndElement();
                break;
            case SheetCellKind.Number:
                writer.WriteStartElement(new Cell(), [r]);
                writer.WriteElement(new CellValue(cell.Number.ToString(CultureInfo.InvariantCulture)));
                writer.WriteEndElement();
                break;
            case SheetCellKind.Date:
                // Style 1 is numFmt 14 (a date), so readers see a date cell, not a number.
                writer.WriteStartElement(new Cell(), [r, new OpenXmlAttribute("s", string.Empty, "1")]);
                writer.WriteElement(new CellValue(cell.ExcelSerial.ToString(CultureInfo.InvariantCulture)));
                writer.WriteEndElement();
                break;
            default:
                break;
        }
    }

    internal static string ColumnName(int index)
    {
        var name = string.Empty;
        for (var i = index + 1; i > 0; i = (i - 1) / 26)
        {
            name = (char)('A' + ((i - 1) % 26)) + name;
        }

        return name;
    }

    private static ZipArchiveEntry NewEntry(ZipArchive zip, string name)
    {
        var entry = zip.CreateEntry(name, CompressionLevel.Optimal);
        entry.LastWriteTime = s_timestamp;
        return entry;
    }

    private static void WriteText(ZipArchive zip, string name, string text)
    {
        using var stream = NewEntry(zip, name).Open();
        var bytes = new UTF8Encoding(false).GetBytes(text);
        stream.Write(bytes);
    }

    private const string Header = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n";

    private static string ContentTypes(bool sharedStrings) => Header +
        "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">" +
        "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>" +
        "<Default Extension=\"xml\" ContentType=\"application/xml\"/>" +
        "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>" +
        "<Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>" +
        "<Override PartName=\"/xl/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>" +
        (sharedStrings ? "<Override PartName=\"/xl/sharedStrings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml\"/>" : string.Empty) +
        "</Types>";

    private const string RootRels = Header +
        "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">" +
        "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/>" +
        "</Relationships>";

    private const string Workbook = Header +
        "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">" +
        "<sheets><sheet name=\"Sheet1\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";

    private static string WorkbookRels(bool sharedStrings) => Header +
        "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">" +
        "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/>" +
        "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>" +
        (sharedStrings ? "<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\" Target=\"sharedStrings.xml\"/>" : string.Empty) +
        "</Relationships>";

    private const string Styles = Header +
        "<styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">" +
        "<fonts count=\"1\"><font><sz val=\"11\"/><name val=\"等线\"/><family val=\"2\"/><charset val=\"134\"/></font></fonts>" +
        "<fills count=\"2\"><fill><patternFill patternType=\"none\"/></fill><fill><patternFill patternType=\"gray125\"/></fill></fills>" +
        "<borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border></borders>" +
        "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>" +
        "<cellXfs count=\"2\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>" +
        "<xf numFmtId=\"14\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/></cellXfs>" +
        "<cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles>" +
        "</styleSheet>";
}
