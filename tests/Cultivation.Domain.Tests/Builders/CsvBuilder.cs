using System.Globalization;
using System.Text;

namespace Cultivation.Domain.Tests.Builders;

/// <summary>
/// Builds CSV text as Excel saves it (comma separated, CRLF, quotes where needed) and encodes it
/// as UTF-8, UTF-8 with BOM, or GB18030 (what Chinese Excel writes for "CSV (逗号分隔)").
/// </summary>
public sealed class CsvBuilder
{
    private readonly StringBuilder _text = new();

    static CsvBuilder() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public CsvBuilder Row(params object?[] cells)
    {
        for (var i = 0; i < cells.Length; i++)
        {
            if (i > 0)
            {
                _text.Append(',');
            }

            var value = cells[i] switch
            {
                null => string.Empty,
                DateTime dt => dt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                var other => other.ToString() ?? string.Empty,
            };

            _text.Append(value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value);
        }

        _text.Append("\r\n");
        return this;
    }

    public CsvBuilder Rows(IEnumerable<object?[]> rows)
    {
        foreach (var row in rows)
        {
            Row(row);
        }

        return this;
    }

    public string Text() => _text.ToString();

    public byte[] Utf8() => new UTF8Encoding(false).GetBytes(Text());

    public byte[] Utf8WithBom() => [.. Encoding.UTF8.GetPreamble(), .. Utf8()];

    public byte[] Gb18030() => Encoding.GetEncoding("GB18030").GetBytes(Text());
}
