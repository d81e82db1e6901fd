using System.Buffers.Text;
using System.Text;
using Cultivation.Domain;
using Cultivation.Domain.Filings;

namespace Cultivation.Application.Reading;

/// <summary>
/// Looks at one XML part of an xlsx as its bytes are inflated, before any XML reader sees them, for the shapes that
/// would make a reader hold more than a row's worth of memory: a tag or a text of megabytes (an XML reader builds
/// each as one string), a string item longer than any cell Excel allows (runs of one shared string are joined), a
/// row of more cells than Excel has columns (the reader gathers a row's cells before handing the row out), and more
/// number formats than Excel allows (ExcelDataReader's handling of them grows with their square). Bytes only: no
/// tree, no strings, at most one tag buffered.
/// </summary>
internal sealed class XmlPartScanner
{
    /// <summary>No tag Excel writes comes near this (a worksheet's root with its namespaces takes a few hundred bytes).</summary>
    public const int MaxTagBytes = 64 * 1024;

    /// <summary>
    /// Bytes of one text, or of the text of one string item: 32,767 characters (Excel's cell limit) at 8 bytes each,
    /// more than the longest way Excel writes a character (<c>&amp;quot;</c>), so no cell Excel wrote is refused.
    /// </summary>
    public const int MaxTextBytes = Budgets.MaxCellLength * 8;

    /// <summary>Custom number formats: Excel keeps at most about 250 in a workbook.</summary>
    public const int MaxNumberFormats = 1_000;

    private readonly byte[] _tag = new byte[MaxTagBytes];
    private int _tagLength;
    private bool _inTag;
    private byte _quote;
    private long _textRun;
    private long _itemText;
    private bool _inItem;
    private bool _started;
    private int _cellsInRow;
    private long _row = -1;
    private int _numberFormats;

    /// <summary>The local name of the part's root element, once seen (<c>worksheet</c>, <c>sst</c>, <c>styleSheet</c> …).</summary>
    public string? Root { get; private set; }

    /// <summary>Scans the next bytes of the part; the first problem found, or null.</summary>
    public Problem? Feed(ReadOnlySpan<byte> bytes)
    {
        if (!_started && bytes.Length > 0)
        {
            _started = true;

            // Excel writes its parts in UTF-8. In UTF-16 every name here would read differently, so none of the
            // checks below could hold: such a part is refused rather than let through unscanned.
            if (bytes[0] is 0xFF or 0xFE or 0x00 || (bytes.Length > 1 && bytes[1] == 0x00))
            {
                return NotUtf8();
            }
        }

        while (!bytes.IsEmpty)
        {
            if (!_inTag)
            {
                var open = bytes.IndexOf((byte)'<');
                var text = open < 0 ? bytes.Length : open;
                _textRun += text;
                if (_inItem)
                {
                    _itemText += text;
                }

                if (_textRun > MaxTextBytes || _itemText > MaxTextBytes)
                {
                    return CellTooLong();
                }

                if (open < 0)
                {
                    return null;
                }

                _textRun = 0;
                _inTag = true;
                _tagLength = 0;
                _quote = 0;
                bytes = bytes[open..];
            }

            var end = FindTagEnd(bytes);
            var take = end < 0 ? bytes.Length : end + 1;
            if (_tagLength + take > MaxTagBytes)
            {
                return TagTooLong();
            }

            bytes[..take].CopyTo(_tag.AsSpan(_tagLength));
            _tagLength += take;
            bytes = bytes[take..];
            if (end >= 0)
            {
                _inTag = false;
                var problem = OnTag(_tag.AsSpan(0, _tagLength));
                if (problem is not null)
                {
                    return problem;
                }
            }
        }

        return null;
    }

    /// <summary>The index of the '&gt;' that closes the tag in <paramref name="bytes"/>, or -1.</summary>
    private int FindTagEnd(ReadOnlySpan<byte> bytes)
    {
        var tag = _tag.AsSpan(0, _tagLength);

        // Comments and CDATA end with their own markers and may hold '>' and quotes.
        if (IsSpecial(tag, bytes, "<!--"u8, out var marker) || IsSpecial(tag, bytes, "<![CDATA["u8, out marker))
        {
            return FindMarkerEnd(tag, bytes, marker);
        }

        for (var i = 0; i < bytes.Length; i++)
        {
            var b = bytes[i];
            if (_quote != 0)
            {
                if (b == _quote)
                {
                    _quote = 0;
                }
            }
            else if (b is (byte)'"' or (byte)'\'')
            {
                _quote = b;
            }
            else if (b == '>')
            {
                return i;
            }
        }

        return -1;
    }

    private static bool IsSpecial(ReadOnlySpan<byte> tag, ReadOnlySpan<byte> next, ReadOnlySpan<byte> opening, out ReadOnlySpan<byte> closing)
    {
        closing = opening.Length == 4 ? "-->"u8 : "]]>"u8;
        Span<byte> head = stackalloc byte[opening.Length];
        var have = Math.Min(tag.Length, head.Length);
        tag[..have].CopyTo(head);
        var more = Math.Min(next.Length, head.Length - have);
        next[..more].CopyTo(head[have..]);
        return have + more == head.Length && head.SequenceEqual(opening);
    }

    /// <summary>The index in <paramref name="bytes"/> of the last byte of <paramref name="marker"/>, which may begin in the tag so far.</summary>
    private static int FindMarkerEnd(ReadOnlySpan<byte> tag, ReadOnlySpan<byte> bytes, ReadOnlySpan<byte> marker)
    {
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] != marker[^1])
            {
                continue;
            }

            // The bytes before it, in this chunk and then at the end of the tag so far, must be the rest of the marker.
            var matched = true;
            for (var k = 1; k < marker.Length && matched; k++)
            {
                var at = i - k;
                var b = at >= 0 ? bytes[at] : (tag.Length + at >= 0 ? tag[tag.Length + at] : (byte)0);
                matched = b == marker[^(k + 1)];
            }

            if (matched)
            {
                return i;
            }
        }

        return -1;
    }

    private Problem? OnTag(ReadOnlySpan<byte> tag)
    {
        if (tag.Length < 2 || tag[1] is (byte)'?' or (byte)'!')
        {
            return null; // declaration, processing instruction, comment, CDATA, DOCTYPE (which the XML reader refuses)
        }

        var closing = tag[1] == '/';
        var name = LocalName(tag[(closing ? 2 : 1)..]);
        var selfClosing = !closing && tag.Length > 2 && tag[^2] == '/';
        if (!closing && Root is null)
        {
            Root = Encoding.ASCII.GetString(name);
        }

        if (name.SequenceEqual("si"u8) || name.SequenceEqual("is"u8))
        {
            _inItem = !closing && !selfClosing;
            _itemText = 0;
            return null;
        }

        if (closing)
        {
            return null;
        }

        switch (Root)
        {
            case "worksheet" when name.SequenceEqual("row"u8):
                // A row that repeats the number of the one before continues it: the reader joins their cells.
                var number = RowNumber(tag);
                if (number < 0 || number != _row)
                {
                    _cellsInRow = 0;
                }

                _row = number;
                return null;
            case "worksheet" when name.SequenceEqual("c"u8):
                return ++_cellsInRow > Budgets.MaxColumns ? TooManyCells() : null;
            case "styleSheet" when name.SequenceEqual("numFmt"u8):
                return ++_numberFormats > MaxNumberFormats ? TooManyFormats() : null;
            default:
                return null;
        }
    }

    /// <summary>The element name without its prefix (<c>x:row</c> → <c>row</c>).</summary>
    private static ReadOnlySpan<byte> LocalName(ReadOnlySpan<byte> afterBracket)
    {
        var end = afterBracket.IndexOfAny(" \t\r\n/>"u8);
        var name = end < 0 ? afterBracket : afterBracket[..end];
        var colon = name.LastIndexOf((byte)':');
        return colon < 0 ? name : name[(colon + 1)..];
    }

    /// <summary>The value of a row's <c>r</c> attribute, or -1 when it has none or it is not a number.</summary>
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
        return close > 0 && Utf8Parser.TryParse(value[..close], out long number, out var used) && used == close ? number : -1;
    }

    private static Problem NotUtf8() => new(
        "文件内部的表格数据不是 UTF-8 编码（不是 Excel 保存的格式），无法读取，请在Excel中另存为 .xlsx 后再报送",
        "a part of the workbook is not UTF-8 encoded (not as Excel saves it) and cannot be read; save it as .xlsx in Excel and resend");

    private static Problem TagTooLong() => new(
        "文件内部结构异常（有一个XML标记超过 64 KB），无法读取，请在Excel中重新保存后再报送",
        "the workbook's structure is abnormal (an XML tag longer than 64 KB) and cannot be read; save it again in Excel and resend");

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
