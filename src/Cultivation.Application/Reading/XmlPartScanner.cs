using System.Buffers.Text;
using Cultivation.Domain;
using Cultivation.Domain.Filings;

namespace Cultivation.Application.Reading;

/// <summary>
/// Looks at one XML part of an xlsx as it is inflated, before any XML reader sees it, for the shapes that would make
/// a reader hold far more than a row's worth of memory: a tag or a text of megabytes (an XML reader builds each as
/// one string), a string item whose runs together pass any cell Excel allows (the reader joins them), a row of more
/// cells than Excel has columns (the reader gathers a row's cells before handing the row out), and more number
/// formats than Excel keeps (ExcelDataReader's handling of them grows with their square). Bytes only: it steps from
/// one '&lt;' to the next and reads a few bytes of each name, so it costs a fraction of what parsing the XML costs.
/// </summary>
internal sealed class XmlPartScanner
{
    /// <summary>No tag Excel writes comes near this (a worksheet's root with its namespaces takes a few hundred bytes).</summary>
    public const int MaxTagBytes = 64 * 1024;

    /// <summary>
    /// Bytes of one text, or of one string item's texts: 32,767 characters (Excel's cell limit) at 8 bytes each,
    /// more than the longest way Excel writes a character (<c>&amp;quot;</c>), so no cell Excel wrote is refused.
    /// </summary>
    public const int MaxTextBytes = Budgets.MaxCellLength * 8;

    /// <summary>Custom number formats: Excel keeps at most about 250 in a workbook.</summary>
    public const int MaxNumberFormats = 1_000;

    /// <summary>
    /// Bytes from one '&lt;' to the next: a tag and the text after it. XML allows no '&lt;' inside a tag or a text
    /// (comments and CDATA are stepped over whole), so this one distance bounds every string a reader can make.
    /// </summary>
    private const int MaxGap = MaxTagBytes + MaxTextBytes;

    /// <summary>The scanner's working space: a tag or text cut off at its end moves to its front (at most <c>MaxGap</c>).</summary>
    public const int BufferBytes = 1024 * 1024;

    private readonly byte[] _buffer;
    private long _lastOpen;
    private long _itemStart = -1;
    private int _cellsInRow;
    private long _row = -1;
    private int _numberFormats;

    /// <param name="buffer">Working space of <see cref="BufferBytes"/>, which the scanners of one package share.</param>
    public XmlPartScanner(byte[] buffer)
    {
        if (buffer.Length != BufferBytes)
        {
            throw new ArgumentException($"the buffer must hold {BufferBytes} bytes", nameof(buffer));
        }

        _buffer = buffer;
    }

    /// <summary>What the part is, from its root element, once seen.</summary>
    public PartKind Kind { get; private set; }

    /// <summary>
    /// Reads <paramref name="part"/> to its end. <paramref name="onRead"/> hears of every block inflated (the caller
    /// counts them against its budgets) and may stop the scan with a problem. The first problem found, or null.
    /// </summary>
    public Problem? Scan(Stream part, Func<int, Problem?> onRead)
    {
        long offset = 0; // of _buffer[0] in the part
        var filled = 0;
        var first = true;
        while (true)
        {
            var read = part.Read(_buffer, filled, _buffer.Length - filled);
            if (read > 0 && onRead(read) is { } stop)
            {
                return stop;
            }

            if (first && read > 0)
            {
                first = false;

                // Excel writes its parts in UTF-8. In UTF-16 every name would read differently and none of the checks
                // could hold: such a part is refused rather than let through unchecked.
                if (_buffer[0] is 0xFF or 0xFE or 0x00 || (filled + read > 1 && _buffer[1] == 0x00))
                {
                    return NotUtf8();
                }
            }

            filled += read;
            var end = read == 0;
            if (end && filled == _buffer.Length)
            {
                return TagOrTextTooLong(); // cannot happen: a tag cut off is never longer than MaxGap
            }

            var (problem, done) = Step(_buffer.AsSpan(0, filled), offset, end);
            if (problem is not null || end)
            {
                return problem;
            }

            // What is left (a tag cut off at the end of the block) moves to the front.
            _buffer.AsSpan(done, filled - done).CopyTo(_buffer);
            offset += done;
            filled -= done;
        }
    }

    /// <summary>Handles every tag that ends within <paramref name="data"/>; returns how many bytes were settled.</summary>
    private (Problem? Problem, int Done) Step(ReadOnlySpan<byte> data, long offset, bool end)
    {
        var at = 0;
        while (true)
        {
            var next = data[at..].IndexOf((byte)'<');
            if (next < 0)
            {
                // Text up to the end of the block: too long already, or settled.
                return (offset + data.Length - _lastOpen > MaxGap ? TagOrTextTooLong() : null, data.Length);
            }

            var open = at + next;
            if (offset + open - _lastOpen > MaxGap)
            {
                return (TagOrTextTooLong(), open);
            }

            var (problem, after) = OnOpen(data, open, offset, end);
            if (problem is not null)
            {
                return (problem, open);
            }

            if (after < 0)
            {
                // The tag is cut off: wait for more bytes, unless there are no more or it is already too long.
                if (end || data.Length - open > MaxGap)
                {
                    return (end ? null : TagOrTextTooLong(), data.Length);
                }

                return (null, open);
            }

            _lastOpen = offset + open;
            at = after;
        }
    }

    /// <summary>
    /// Looks at the tag opened at <paramref name="open"/>: the index after what it settled, or -1 when the block
    /// ends before the tag can be judged.
    /// </summary>
    private (Problem? Problem, int After) OnOpen(ReadOnlySpan<byte> data, int open, long offset, bool end)
    {
        var rest = data[(open + 1)..];
        if (rest.Length < 2)
        {
            return (null, end ? data.Length : -1);
        }

        if (rest[0] == '!')
        {
            return Special(data, open);
        }

        if (rest[0] == '?')
        {
            return (null, open + 1);
        }

        var closing = rest[0] == '/';
        var name = Name(closing ? rest[1..] : rest, out var complete);
        if (!complete)
        {
            return (null, end ? data.Length : -1);
        }

        if (!closing && Kind == PartKind.Unknown)
        {
            Kind = KindOf(name);
        }

        var isItem = name.SequenceEqual("si"u8) || name.SequenceEqual("is"u8);
        if (closing)
        {
            if (isItem && _itemStart >= 0 && offset + open - _itemStart > MaxGap)
            {
                return (CellTooLong(), -1);
            }

            _itemStart = isItem ? -1 : _itemStart;
            return (null, open + 1);
        }

        if (isItem)
        {
            _itemStart = offset + open;
            return (null, open + 1);
        }

        switch (Kind)
        {
            case PartKind.Worksheet when name.SequenceEqual("row"u8):
                var close = TagEnd(rest);
                if (close < 0)
                {
                    return (null, end ? data.Length : -1);
                }

                // A row that repeats the number of the one before continues it: the reader joins their cells.
                var number = RowNumber(rest[..close]);
                if (number < 0 || number != _row)
                {
                    _cellsInRow = 0;
                }

                _row = number;
                return (null, open + 1);
            case PartKind.Worksheet when name.SequenceEqual("c"u8):
                return (++_cellsInRow > Budgets.MaxColumns ? TooManyCells() : null, open + 1);
            case PartKind.Styles when name.SequenceEqual("numFmt"u8):
                return (++_numberFormats > MaxNumberFormats ? TooManyFormats() : null, open + 1);
            default:
                return (null, open + 1);
        }
    }

    /// <summary>A comment or CDATA section (which may hold '&lt;') is stepped over whole; its length is bounded like a text's.</summary>
    private static (Problem? Problem, int After) Special(ReadOnlySpan<byte> data, int open)
    {
        var rest = data[open..];
        ReadOnlySpan<byte> marker = rest.StartsWith("<!--"u8) ? "-->"u8 : rest.StartsWith("<![CDATA["u8) ? "]]>"u8 : ">"u8;
        if (rest.Length < 9 && !rest.StartsWith("<!--"u8))
        {
            // "<![CDATA[" may yet be cut off: decide when more bytes are here.
            return (null, -1);
        }

        var close = rest[2..].IndexOf(marker);
        if (close < 0)
        {
            return (rest.Length > MaxGap ? TagOrTextTooLong() : null, -1);
        }

        return (close + 2 > MaxGap ? TagOrTextTooLong() : null, open + 2 + close + marker.Length);
    }

    /// <summary>The element name after '&lt;' (or '&lt;/') without its prefix: <c>x:row</c> is <c>row</c>.</summary>
    private static ReadOnlySpan<byte> Name(ReadOnlySpan<byte> from, out bool complete)
    {
        var length = 0;
        while (length < from.Length && length < 256 && from[length] is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n' or (byte)'/' or (byte)'>'))
        {
            length++;
        }

        complete = length < from.Length || length >= 256;
        var name = from[..length];
        var colon = name.LastIndexOf((byte)':');
        return colon < 0 ? name : name[(colon + 1)..];
    }

    private static PartKind KindOf(ReadOnlySpan<byte> root) =>
        root.SequenceEqual("worksheet"u8) ? PartKind.Worksheet
        : root.SequenceEqual("sst"u8) ? PartKind.SharedStrings
        : root.SequenceEqual("styleSheet"u8) ? PartKind.Styles
        : root.SequenceEqual("workbook"u8) || root.SequenceEqual("Relationships"u8) ? PartKind.Workbook
        : PartKind.Other;

    /// <summary>The index of the '&gt;' that ends the tag, outside quoted attribute values; -1 when not in <paramref name="tag"/>.</summary>
    private static int TagEnd(ReadOnlySpan<byte> tag)
    {
        byte quote = 0;
        for (var i = 0; i < tag.Length; i++)
        {
            var b = tag[i];
            if (quote != 0)
            {
                quote = b == quote ? (byte)0 : quote;
            }
            else if (b is (byte)'"' or (byte)'\'')
            {
                quote = b;
            }
            else if (b == '>')
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>
    /// The number in a row tag's <c>r</c> attribute, read as leniently as a reader parses an integer (spaces, a plus
    /// sign, leading zeros), or -1 when it has none or it is no number.
    /// </summary>
    private static long RowNumber(ReadOnlySpan<byte> tag)
    {
        var at = tag.IndexOf("r="u8);
        while (at > 0 && tag[at - 1] is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
        {
            var next = tag[(at + 2)..].IndexOf("r="u8);
            at = next < 0 ? -1 : at + 2 + next;
        }

        if (at <= 0 || tag.Length < at + 4 || tag[at + 2] is not ((byte)'"' or (byte)'\''))
        {
            return -1;
        }

        var value = tag[(at + 3)..];
        var close = value.IndexOf(tag[at + 2]);
        var digits = close < 0 ? default : value[..close].Trim(" \t\r\n"u8);
        if (!digits.IsEmpty && digits[0] == '+')
        {
            digits = digits[1..];
        }

        return !digits.IsEmpty && Utf8Parser.TryParse(digits, out long number, out var used) && used == digits.Length && number >= 0 ? number : -1;
    }

    private static Problem NotUtf8() => new(
        "文件内部的表格数据不是 UTF-8 编码（不是 Excel 保存的格式），无法读取，请在Excel中另存为 .xlsx 后再报送",
        "a part of the workbook is not UTF-8 encoded (not as Excel saves it) and cannot be read; save it as .xlsx in Excel and resend");

    private static Problem TagOrTextTooLong() => new(
        "文件内部结构异常（有一段XML标记或文字超过 320 KB，超过任何 Excel 单元格），无法读取，请在Excel中重新保存后再报送",
        "the workbook's structure is abnormal (an XML tag or text longer than 320 KB, more than any Excel cell holds) and cannot be read; save it again in Excel and resend");

    private static Problem CellTooLong() => new(
        "有单元格的文字超过 Excel 的上限（32,767 个字符），文件未读取",
        "a cell holds more text than Excel's limit of 32,767 characters; the file was not read");

    private static Problem TooManyCells() => new(
        "有一行的单元格超过 Excel 的上限（16,384 个），文件未读取",
        "a row holds more cells than Excel's limit of 16,384; the file was not read");

    private static Problem TooManyFormats() => new(
        "文件中的自定义数字格式超过 1,000 个（Excel 最多约 250 个），文件可能已损坏，未读取",
        "the workbook defines more than 1,000 number formats (Excel keeps about 250); it may be damaged and was not read");
}

/// <summary>What an xlsx part is, told by its root element.</summary>
internal enum PartKind
{
    Unknown,
    Worksheet,
    SharedStrings,
    Styles,

    /// <summary>The workbook part (its sheets) or a relationships part.</summary>
    Workbook,
    Other,
}
