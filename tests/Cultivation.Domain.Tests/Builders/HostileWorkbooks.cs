using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace Cultivation.Domain.Tests.Builders;

/// <summary>
/// Hostile xlsx files built by code, part by part (the sheet and shared strings streamed into the zip, nothing held
/// whole): a long random shared string filling many cells, a shared-string table of any size, a 资质 cell of any
/// length, a row with more cells than Excel allows. Each is a valid package: ExcelDataReader would read it.
/// </summary>
public static class HostileWorkbooks
{
    public const string MainNamespace = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

    /// <summary>The filing's required columns (SPEC §2), in order: A…G.</summary>
    public static readonly string[] Header = ["统一社会信用代码", "企业名称", "所属镇街", "是否规上", "营业收入(万元)", "实缴税金(万元)", "用地面积(亩)"];

    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    /// <summary>
    /// The reproduction of issue 13: one shared string of <paramref name="length"/> random letters and digits (so it does
    /// not compress away) fills <paramref name="columns"/> columns of <paramref name="rows"/> rows under the header.
    /// 100,000 characters in 7 columns × 1,000 rows is about 140 KB; in 3 columns, about 88 KB.
    /// </summary>
    public static byte[] LongSharedString(int length, int columns, int rows, int seed = 13)
    {
        var text = RandomText(length, seed);
        return Build(
            sheet: w =>
            {
                HeaderRow(w, sharedFrom: 1);
                for (var r = 2; r < rows + 2; r++)
                {
                    w.Write($"<row r=\"{r}\">");
                    for (var c = 0; c < columns; c++)
                    {
                        w.Write($"<c r=\"{XlsxBuilder.ColumnName(c)}{r}\" t=\"s\"><v>0</v></c>");
                    }

                    w.Write("</row>");
                }
            },
            sharedStrings: w =>
            {
                SharedString(w, text);
                foreach (var h in Header)
                {
                    SharedString(w, h);
                }
            });
    }

    /// <summary>Letters and digits drawn at random: text that does not compress away (about 6 bits a character).</summary>
    public static string RandomText(int length, int seed = 13) => string.Create(length, new Random(seed), (span, r) =>
    {
        for (var i = 0; i < span.Length; i++)
        {
            span[i] = Alphabet[r.Next(Alphabet.Length)];
        }
    });

    /// <summary>
    /// A workbook whose shared-string table inflates to about <paramref name="bytes"/> bytes of items of
    /// <paramref name="itemLength"/> characters, few of them used: the shape that costs the most memory per byte
    /// when the item is short (each string an object of its own). The sheet itself is one valid firm row.
    /// </summary>
    public static byte[] SharedStrings(long bytes, int itemLength, CompressionLevel level = CompressionLevel.Fastest)
    {
        var itemBytes = "<si><t></t></si>".Length + itemLength;
        var items = Math.Max(1, bytes / itemBytes);
        return Build(
            sheet: w =>
            {
                HeaderRow(w, sharedFrom: 0);
                FirmRow(w, 2, "东城街道");
            },
            sharedStrings: w =>
            {
                foreach (var h in Header)
                {
                    SharedString(w, h);
                }

                var item = new char[itemLength];
                for (long i = 0; i < items; i++)
                {
                    // Distinct items (a counter in base 62), so no reader can share them.
                    var n = i;
                    for (var k = 0; k < itemLength; k++)
                    {
                        item[k] = Alphabet[(int)(n % Alphabet.Length)];
                        n /= Alphabet.Length;
                    }

                    w.Write("<si><t>");
                    w.Write(item);
                    w.Write("</t></si>");
                }
            },
            level: level);
    }

    /// <summary>One valid firm row whose 资质 cell holds <c>专精特新:2022;</c> repeated to <paramref name="length"/> characters.</summary>
    public static byte[] LongRecognitions(int length)
    {
        var text = new StringBuilder();
        while (text.Length < length)
        {
            text.Append("专精特新:2022;");
        }

        return Build(sheet: w =>
        {
            HeaderRow(w, sharedFrom: -1, extra: "资质");
            FirmRow(w, 2, "东城街道", extra: text.ToString(0, length));
        });
    }

    /// <summary>A header and one row holding <paramref name="cells"/> cells (every one a number in column A, over and over).</summary>
    public static byte[] CrowdedRow(int cells) => Build(sheet: w =>
    {
        HeaderRow(w, sharedFrom: -1);
        w.Write("<row r=\"2\">");
        for (var i = 0; i < cells; i++)
        {
            w.Write("<c r=\"A2\"><v>1</v></c>");
        }

        w.Write("</row>");
    });

    /// <summary>A header and one firm row, with one more cell far to the right in column <paramref name="column"/>.</summary>
    public static byte[] WideSheet(string column) => Build(sheet: w =>
    {
        HeaderRow(w, sharedFrom: -1);
        FirmRow(w, 2, "东城街道");
        w.Write($"<row r=\"3\"><c r=\"{column}3\"><v>1</v></c></row>");
    });

    /// <summary>The header and one valid firm row, with the shared strings or styles given.</summary>
    public static byte[] OneFirm(Action<TextWriter>? sharedStrings = null, Action<TextWriter>? styles = null) => Build(
        sheet: w =>
        {
            HeaderRow(w, sharedFrom: -1);
            FirmRow(w, 2, "东城街道");
        },
        sharedStrings: sharedStrings,
        styles: styles);

    /// <summary>An xlsx package: content types, workbook and its relationships, the first sheet, and shared strings when given.</summary>
    public static byte[] Build(Action<TextWriter> sheet, Action<TextWriter>? sharedStrings = null, CompressionLevel level = CompressionLevel.Optimal,
        Action<TextWriter>? styles = null)
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            Part(zip, "[Content_Types].xml", level, w => w.Write(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">" +
                "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>" +
                "<Default Extension=\"xml\" ContentType=\"application/xml\"/>" +
                "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>" +
                "<Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>" +
                "<Override PartName=\"/xl/sharedStrings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml\"/>" +
                "</Types>"));
            Part(zip, "_rels/.rels", level, w => w.Write(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">" +
                "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/>" +
                "</Relationships>"));
            Part(zip, "xl/workbook.xml", level, w => w.Write(
                $"<?xml version=\"1.0\" encoding=\"UTF-8\"?><workbook xmlns=\"{MainNamespace}\" " +
                "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets><sheet name=\"Sheet1\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"));
            Part(zip, "xl/_rels/workbook.xml.rels", level, w => w.Write(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">" +
                "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/>" +
                (sharedStrings is null ? string.Empty : "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\" Target=\"sharedStrings.xml\"/>") +
                (styles is null ? string.Empty : "<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>") +
                "</Relationships>"));
            Part(zip, "xl/worksheets/sheet1.xml", level, w =>
            {
                w.Write($"<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"{MainNamespace}\"><sheetData>");
                sheet(w);
                w.Write("</sheetData></worksheet>");
            });
            if (sharedStrings is not null)
            {
                Part(zip, "xl/sharedStrings.xml", level, w =>
                {
                    w.Write($"<?xml version=\"1.0\" encoding=\"UTF-8\"?><sst xmlns=\"{MainNamespace}\">");
                    sharedStrings(w);
                    w.Write("</sst>");
                });
            }

            if (styles is not null)
            {
                Part(zip, "xl/styles.xml", level, w =>
                {
                    w.Write($"<?xml version=\"1.0\" encoding=\"UTF-8\"?><styleSheet xmlns=\"{MainNamespace}\">");
                    styles(w);
                    w.Write("</styleSheet>");
                });
            }
        }

        return stream.ToArray();
    }

    /// <summary>The header row: shared strings from index <paramref name="sharedFrom"/> on, or inline strings when it is negative.</summary>
    public static void HeaderRow(TextWriter w, int sharedFrom, string? extra = null)
    {
        string[] names = extra is null ? Header : [.. Header, extra];
        w.Write("<row r=\"1\">");
        for (var c = 0; c < names.Length; c++)
        {
            w.Write(sharedFrom >= 0 && c < Header.Length
                ? $"<c r=\"{XlsxBuilder.ColumnName(c)}1\" t=\"s\"><v>{sharedFrom + c}</v></c>"
                : InlineCell($"{XlsxBuilder.ColumnName(c)}1", names[c]));
        }

        w.Write("</row>");
    }

    /// <summary>A valid firm row (inline strings), with an optional eighth cell.</summary>
    public static void FirmRow(TextWriter w, int r, string town, string? extra = null)
    {
        w.Write($"<row r=\"{r}\">");
        w.Write(InlineCell($"A{r}", SampleFiling.EnterpriseCode(r)));
        w.Write(InlineCell($"B{r}", $"永康市样例{r}有限公司"));
        w.Write(InlineCell($"C{r}", town));
        w.Write(InlineCell($"D{r}", "是"));
        w.Write($"<c r=\"E{r}\"><v>1200.5</v></c><c r=\"F{r}\"><v>60.25</v></c><c r=\"G{r}\"><v>12</v></c>");
        if (extra is not null)
        {
            w.Write(InlineCell($"H{r}", extra));
        }

        w.Write("</row>");
    }

    public static string InlineCell(string reference, string text) =>
        $"<c r=\"{reference}\" t=\"inlineStr\"><is><t>{System.Security.SecurityElement.Escape(text)}</t></is></c>";

    private static void SharedString(TextWriter w, string text)
    {
        w.Write("<si><t>");
        w.Write(System.Security.SecurityElement.Escape(text));
        w.Write("</t></si>");
    }

    private static void Part(ZipArchive zip, string name, CompressionLevel level, Action<TextWriter> write)
    {
        using var entry = zip.CreateEntry(name, level).Open();
        using var writer = new StreamWriter(entry, new UTF8Encoding(false), 1 << 16) { NewLine = "\n" };
        write(writer);
    }

    /// <summary>Bytes for reports: "140.2 KB".</summary>
    public static string Size(long bytes) => bytes >= 1024 * 1024
        ? (bytes / (1024.0 * 1024)).ToString("F1", CultureInfo.InvariantCulture) + " MB"
        : (bytes / 1024.0).ToString("F1", CultureInfo.InvariantCulture) + " KB";
}
