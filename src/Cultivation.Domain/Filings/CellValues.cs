using System.Globalization;

namespace Cultivation.Domain.Filings;

/// <summary>
/// Turns one spreadsheet cell into a value. Cells arrive as the readers give them: text,
/// <see cref="double"/>, <see cref="DateTime"/>, <see cref="bool"/> or null (CSV gives text only).
/// Empty means null, whitespace or a placeholder dash (<c>-</c> <c>—</c> <c>–</c> <c>/</c>);
/// whether empty is allowed is the caller's rule.
/// </summary>
public static class CellValues
{
    private const NumberStyles NumberText = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent;

    // decimal's range; a double beyond it cannot be an amount anyone files.
    private const double DecimalLimit = 7.9e28;

    /// <summary>The cell as the filer sees it, for error reports.</summary>
    public static string Display(object? cell) => cell switch
    {
        null => string.Empty,
        string s => s,
        double d => FormatDouble(d),
        DateTime dt => dt.TimeOfDay == TimeSpan.Zero
            ? dt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            : dt.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        bool b => b ? "TRUE" : "FALSE",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => cell.ToString() ?? string.Empty,
    };

    /// <summary>Null, or text of only whitespace.</summary>
    public static bool IsBlank(object? cell) => cell is null || (cell is string s && string.IsNullOrWhiteSpace(s));

    /// <summary>Blank, or a placeholder dash meaning "nothing to report".</summary>
    public static bool IsEmpty(object? cell) => IsBlank(cell) || (cell is string s && IsPlaceholder(s));

    /// <summary><c>-</c>, <c>—</c>, <c>–</c>, <c>－</c>, <c>/</c> (also doubled, as in <c>——</c>).</summary>
    public static bool IsPlaceholder(string text)
    {
        var span = text.AsSpan().Trim();
        if (span.IsEmpty)
        {
            return false;
        }

        foreach (var c in span)
        {
            if (c is not ('-' or '—' or '–' or '－' or '―' or '/' or '／'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Text with full-width forms folded and surrounding whitespace trimmed; null when empty.</summary>
    public static string? Text(object? cell)
    {
        if (IsEmpty(cell))
        {
            return null;
        }

        return cell is string s ? Domain.Text.FoldWidth(s).Trim() : Display(cell);
    }

    /// <summary>A decimal number; null when the cell is empty. Doubles keep Excel's 15 significant digits (0.1 stays 0.1).</summary>
    public static bool TryDecimal(object? cell, out decimal? value, out Problem? problem)
    {
        value = null;
        problem = null;
        switch (cell)
        {
            case double d:
                return TryFromDouble(d, out value, out problem);
            case string s when IsEmpty(s):
                return true;
            case string s:
                return TryParseNumber(s, out value, out problem);
            case null:
                return true;
            case int or long or decimal or float:
                return TryFromDouble(Convert.ToDouble(cell, CultureInfo.InvariantCulture), out value, out problem);
            default:
                problem = NotANumber(Display(cell));
                return false;
        }
    }

    /// <summary>A whole number; null when empty.</summary>
    public static bool TryInteger(object? cell, out long? value, out Problem? problem)
    {
        value = null;
        if (!TryDecimal(cell, out var number, out problem) || number is null)
        {
            return problem is null;
        }

        if (number.Value != decimal.Truncate(number.Value) || number.Value is > long.MaxValue or < long.MinValue)
        {
            problem = new Problem($"“{Budgets.Quote(Display(cell))}”应为整数", $"'{Budgets.QuoteEnglish(Display(cell))}' must be a whole number");
            return false;
        }

        value = (long)number.Value;
        return true;
    }

    /// <summary>A four-digit year between <paramref name="min"/> and <paramref name="max"/> (<c>2021</c> or <c>2021年</c>); null when empty.</summary>
    public static bool TryYear(object? cell, int min, int max, out int? year, out Problem? problem)
    {
        year = null;
        problem = null;
        var candidate = cell;
        if (cell is string s)
        {
            var t = Domain.Text.FoldWidth(s).Trim();
            candidate = t.EndsWith('年') ? t[..^1] : t;
        }

        if (!TryInteger(candidate, out var whole, out _))
        {
            problem = NotAYear(cell, min, max);
            return false;
        }

        if (whole is null)
        {
            return true;
        }

        if (whole < min || whole > max)
        {
            problem = NotAYear(cell, min, max);
            return false;
        }

        year = (int)whole.Value;
        return true;
    }

    /// <summary>
    /// A date: a date cell, an Excel serial number, or text <c>2022-03-15</c>, <c>2022/3/15</c>,
    /// <c>2022年3月15日</c>, <c>2022.3.15</c>, <c>20220315</c> (a time after it is ignored). Null when empty.
    /// </summary>
    public static bool TryDate(object? cell, out DateOnly? date, out Problem? problem)
    {
        date = null;
        problem = null;
        switch (cell)
        {
            case null:
                return true;
            case DateTime dt:
                date = DateOnly.FromDateTime(dt);
                return true;
            case double d:
                if (TryFromSerial(d, out var fromNumber))
                {
                    date = fromNumber;
                    return true;
                }

                break;
            case string s when IsEmpty(s):
                return true;
            case string s:
                if (TryParseDateText(Domain.Text.FoldWidth(s).Trim(), out var fromText))
                {
                    date = fromText;
                    return true;
                }

                break;
        }

        problem = new Problem(
            $"“{Budgets.Quote(Display(cell))}”不是有效日期（应如 2022-03-15、2022/3/15 或 2022年3月15日）",
            $"'{Budgets.QuoteEnglish(Display(cell))}' is not a date (use e.g. 2022-03-15, 2022/3/15 or 2022年3月15日)");
        return false;
    }

    private static bool TryFromDouble(double d, out decimal? value, out Problem? problem)
    {
        value = null;
        problem = null;
        if (!double.IsFinite(d))
        {
            problem = NotFinite(Display(d));
            return false;
        }

        if (Math.Abs(d) >= DecimalLimit)
        {
            problem = OutOfRange(Display(d));
            return false;
        }

        // The explicit conversion keeps 15 significant digits, as Excel shows them, which drops
        // binary artefacts: 0.1 stays 0.1 and 0.1 + 0.2 computed in Excel reads as 0.3.
        value = (decimal)d;
        return true;
    }

    private static bool TryParseNumber(string text, out decimal? value, out Problem? problem)
    {
        value = null;
        problem = null;
        var s = Domain.Text.FoldWidth(text);
        if (NeedsCleaning(s))
        {
            s = Clean(s);
            if (s is null)
            {
                problem = NotANumber(text);
                return false;
            }
        }

        if (decimal.TryParse(s, NumberText, CultureInfo.InvariantCulture, out var parsed))
        {
            value = parsed;
            return true;
        }

        if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
        {
            problem = double.IsFinite(d) ? OutOfRange(text) : NotFinite(text);
            return false;
        }

        problem = NotANumber(text);
        return false;
    }

    private static bool NeedsCleaning(string s)
    {
        foreach (var c in s)
        {
            if (c == ',' || char.IsWhiteSpace(c))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Removes whitespace and thousands separators; null when the separators are misplaced (1,2,3).</summary>
    private static string? Clean(string s)
    {
        Span<char> buffer = s.Length <= 128 ? stackalloc char[s.Length] : new char[s.Length];
        var length = 0;
        int lastComma = -1, digitsSinceComma = 0, digitsBeforeFirstComma = 0;
        var seenPoint = false;
        foreach (var c in s)
        {
            if (char.IsWhiteSpace(c))
            {
                continue;
            }

            if (c == ',')
            {
                // Separators stand in the integer part only, every three digits.
                if (seenPoint || (lastComma >= 0 ? digitsSinceComma != 3 : digitsBeforeFirstComma is 0 or > 3))
                {
                    return null;
                }

                lastComma = length;
                digitsSinceComma = 0;
                continue;
            }

            if (c == '.')
            {
                if (lastComma >= 0 && digitsSinceComma != 3)
                {
                    return null;
                }

                seenPoint = true;
            }
            else if (char.IsAsciiDigit(c) && !seenPoint)
            {
                if (lastComma >= 0)
                {
                    digitsSinceComma++;
                }
                else
                {
                    digitsBeforeFirstComma++;
                }
            }

            buffer[length++] = c;
        }

        if (lastComma >= 0 && !seenPoint && digitsSinceComma != 3)
        {
            return null;
        }

        return new string(buffer[..length]);
    }

    private static bool TryFromSerial(double d, out DateOnly date)
    {
        date = default;

        // A whole number like 20220315 is a date written as digits, not a serial (serials end at 9999-12-31).
        if (d is >= 19000101 and <= 21001231 && d == Math.Floor(d))
        {
            return TryParseDateText(((long)d).ToString(CultureInfo.InvariantCulture), out date);
        }

        if (d is < 1 or > 2958465)
        {
            return false;
        }

        date = DateOnly.FromDateTime(DateTime.FromOADate(d));
        return true;
    }

    private static bool TryParseDateText(string s, out DateOnly date)
    {
        date = default;
        var end = s.IndexOfAny([' ', 'T']);
        var span = end > 0 ? s.AsSpan(0, end) : s.AsSpan();
        if (span.Length == 8 && IsAllDigits(span))
        {
            return TryMake(Digits(span[..4]), Digits(span[4..6]), Digits(span[6..]), out date);
        }

        Span<int> parts = stackalloc int[3];
        Span<int> widths = stackalloc int[3];
        var count = 0;
        var inNumber = false;
        var closedByDay = false;
        foreach (var c in span)
        {
            if (closedByDay)
            {
                return false;
            }

            if (char.IsAsciiDigit(c))
            {
                if (!inNumber)
                {
                    if (count == 3)
                    {
                        return false;
                    }

                    parts[count] = 0;
                    widths[count] = 0;
                    count++;
                    inNumber = true;
                }

                parts[count - 1] = (parts[count - 1] * 10) + (c - '0');
                if (++widths[count - 1] > 4)
                {
                    return false;
                }

                continue;
            }

            if (!inNumber || c is not ('-' or '/' or '.' or '年' or '月' or '日'))
            {
                return false;
            }

            closedByDay = c == '日';
            inNumber = false;
        }

        return count == 3 && widths[0] == 4 && widths[1] <= 2 && widths[2] <= 2 && TryMake(parts[0], parts[1], parts[2], out date);
    }

    private static bool TryMake(int year, int month, int day, out DateOnly date)
    {
        date = default;
        if (year is < 1900 or > 2100 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        date = new DateOnly(year, month, day);
        return true;
    }

    private static bool IsAllDigits(ReadOnlySpan<char> span)
    {
        foreach (var c in span)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    private static int Digits(ReadOnlySpan<char> span) => int.Parse(span, NumberStyles.None, CultureInfo.InvariantCulture);

    private static string FormatDouble(double d)
    {
        if (double.IsFinite(d) && Math.Abs(d) < DecimalLimit)
        {
            return ((decimal)d).ToString(CultureInfo.InvariantCulture);
        }

        return d.ToString("R", CultureInfo.InvariantCulture);
    }

    private static Problem NotANumber(string text) =>
        new($"“{Budgets.Quote(text)}”不是数字", $"'{Budgets.QuoteEnglish(text)}' is not a number");

    private static Problem NotFinite(string text) =>
        new($"“{Budgets.Quote(text)}”不是有限的数值", $"'{Budgets.QuoteEnglish(text)}' is not a finite number");

    private static Problem OutOfRange(string text) =>
        new($"数值“{Budgets.Quote(text)}”超出允许范围", $"the number '{Budgets.QuoteEnglish(text)}' is out of range");

    private static Problem NotAYear(object? cell, int min, int max) =>
        new($"“{Budgets.Quote(Display(cell))}”不是{min}–{max}之间的四位年份", $"'{Budgets.QuoteEnglish(Display(cell))}' is not a four-digit year between {min} and {max}");
}
