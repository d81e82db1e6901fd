namespace Cultivation.Application.Reading;

/// <summary>What a file's first bytes say it is; the extension is not trusted.</summary>
internal enum FileFormat
{
    Unknown,
    Empty,

    /// <summary>A zip package (PK\x03\x04): xlsx when it holds xl/workbook.xml.</summary>
    Zip,

    /// <summary>An OLE2 compound document (D0 CF 11 E0): legacy xls, or an encrypted xlsx.</summary>
    Ole2,

    /// <summary>Text (no NUL, at most a stray control byte per thousand): read as CSV.</summary>
    Text,

    /// <summary>Text that is markup (an HTML page saved as .xls, an XML file).</summary>
    Markup,
}

internal static class FileSniffer
{
    private const int TextProbeBytes = 8192;

    private static ReadOnlySpan<byte> ZipMagic => [0x50, 0x4B, 0x03, 0x04];

    private static ReadOnlySpan<byte> Ole2Magic => [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    /// <summary>Looks at the start of <paramref name="content"/> and leaves it positioned where it was.</summary>
    public static FileFormat Detect(Stream content)
    {
        var start = content.Position;
        var buffer = new byte[TextProbeBytes];
        var read = content.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        content.Position = start;
        var head = buffer.AsSpan(0, read);

        if (head.IsEmpty)
        {
            return FileFormat.Empty;
        }

        if (head.StartsWith(ZipMagic))
        {
            return FileFormat.Zip;
        }

        if (head.StartsWith(Ole2Magic))
        {
            return FileFormat.Ole2;
        }

        return LooksLikeText(head);
    }

    public static bool HasUtf8Bom(ReadOnlySpan<byte> head) => head.StartsWith(Utf8Bom);

    private static FileFormat LooksLikeText(ReadOnlySpan<byte> head)
    {
        // Tab, line feed, carriage return and form feed occur in text. A NUL, or control bytes in any number,
        // mean binary: PDF streams, images, archives, UTF-16. A stray one or two (pasted into a name from another
        // system) leave a CSV a CSV, whose row then gets the precise error.
        var control = 0;
        foreach (var b in head)
        {
            if (b == 0)
            {
                return FileFormat.Unknown;
            }

            if (b < 0x20 && b is not (0x09 or 0x0A or 0x0C or 0x0D))
            {
                control++;
            }
        }

        if (control > Math.Max(2, head.Length / 1000))
        {
            return FileFormat.Unknown;
        }

        if (head.StartsWith("%PDF"u8))
        {
            return FileFormat.Unknown;
        }

        var text = HasUtf8Bom(head) ? head[3..] : head;
        text = text.TrimStart(" \t\r\n"u8);
        return text.StartsWith("<"u8) ? FileFormat.Markup : FileFormat.Text;
    }
}
