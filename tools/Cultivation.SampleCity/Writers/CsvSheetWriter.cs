using System.Globalization;
using System.Text;

namespace Cultivation.SampleCity.Writers;

/// <summary>Writes cells as CSV (CRLF, RFC 4180 quoting) in the given encoding, as Excel's "save as CSV" does.</summary>
public static class CsvSheetWriter
{
    /// <summary>UTF-8 with a byte-order mark (Excel's "CSV UTF-8").</summary>
    public static Encoding Utf8Bom { get; } = new UTF8Encoding(true);

    /// <summary>GB18030 (a superset of GBK), what Chinese Excel saves as plain "CSV".</summary>
    public static Encoding Gb18030
    {
        get
        {
            Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
            return Encoding.GetEncoding("GB18030");
        }
    }

    public static void Write(Stream output, IEnumerable<IReadOnlyList<SheetCell>> rows, Encoding encoding)
    {
        using var writer = new StreamWriter(output, encoding, 65536, leaveOpen: true) { NewLine = "\r\n" };
        foreach (var row in rows)
        {
            for (var c = 0; c < row.Count; c++)
            {
                if (c > 0)
                {
                    writer.Write(',');
                }

                writer.Write(Quote(row[c] switch
                {
                    { Kind: SheetCellKind.Text } cell => cell.Text!,
                    { Kind: SheetCellKind.Number } cell => cell.Number.ToString(CultureInfo.InvariantCulture),
                    { Kind: SheetCellKind.Date } cell => cell.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    _ => string.Empty,
                }));
            }

            writer.WriteLine();
        }
    }

    private static string Quote(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
}
