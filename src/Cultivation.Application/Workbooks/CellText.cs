using System.Text;

namespace Cultivation.Application.Workbooks;

/// <summary>Text as a workbook cell or a message can hold it.</summary>
public static class CellText
{
    /// <summary>
    /// The value cut to <see cref="WorkbookLimits.MaxCellCharacters"/>, ending with <see cref="WorkbookLimits.CutMark"/>
    /// when it was longer (never splitting a surrogate pair).
    /// </summary>
    public static string Fit(string text, out bool cut) => Fit(text, WorkbookLimits.MaxCellCharacters, out cut);

    /// <summary>The value cut to <paramref name="limit"/> characters, the mark included, when it is longer.</summary>
    public static string Fit(string text, int limit, out bool cut)
    {
        cut = text.Length > limit;
        if (!cut)
        {
            return text;
        }

        var keep = limit - WorkbookLimits.CutMark.Length;
        if (char.IsHighSurrogate(text[keep - 1]))
        {
            keep--;
        }

        return string.Concat(text.AsSpan(0, keep), WorkbookLimits.CutMark);
    }

    /// <summary>At most <see cref="WorkbookLimits.MaxQuotedCharacters"/> characters of a value, for messages.</summary>
    public static string Quote(string text)
    {
        if (text.Length <= WorkbookLimits.MaxQuotedCharacters)
        {
            return text;
        }

        var keep = WorkbookLimits.MaxQuotedCharacters - 1;
        if (char.IsHighSurrogate(text[keep - 1]))
        {
            keep--;
        }

        return string.Concat(text.AsSpan(0, keep), "…");
    }

    /// <summary>
    /// Characters XML cannot carry (control characters, lone surrogates) written as Excel writes them,
    /// <c>_xHHHH_</c>; a literal <c>_x</c> that would read as such an escape is itself escaped (<c>_x005F_</c>).
    /// </summary>
    public static string ForXml(string text)
    {
        if (!NeedsEscape(text))
        {
            return text;
        }

        var sb = new StringBuilder(text.Length + 16);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                sb.Append(c).Append(text[++i]);
            }
            else if (!IsXmlChar(c) || char.IsSurrogate(c))
            {
                sb.Append("_x").Append(((int)c).ToString("X4", System.Globalization.CultureInfo.InvariantCulture)).Append('_');
            }
            else if (c == '_' && LooksLikeEscape(text, i))
            {
                sb.Append("_x005F_");
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    private static bool NeedsEscape(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (!IsXmlChar(c) || (c == '_' && LooksLikeEscape(text, i)))
            {
                return true;
            }

            if (char.IsSurrogate(c))
            {
                if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                {
                    i++;
                    continue;
                }

                return true;
            }
        }

        return false;
    }

    private static bool IsXmlChar(char c) => c is '\t' or '\n' or '\r' or (>= '\u0020' and not ('\uFFFE' or '\uFFFF'));

    private static bool LooksLikeEscape(string text, int i) =>
        i + 6 < text.Length && text[i + 1] == 'x' && char.IsAsciiHexDigit(text[i + 2]) && char.IsAsciiHexDigit(text[i + 3])
        && char.IsAsciiHexDigit(text[i + 4]) && char.IsAsciiHexDigit(text[i + 5]) && text[i + 6] == '_';
}
