using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Cultivation.Domain.Periods;

/// <summary>报告期: a year and a quarter. Figures of a period are year-to-date (1–3月 … 1–12月).</summary>
public readonly partial record struct Period : IComparable<Period>
{
    public const int MinYear = 2000;
    public const int MaxYear = 2100;

    public Period(int year, int quarter)
    {
        if (year is < MinYear or > MaxYear)
        {
            throw new ArgumentOutOfRangeException(nameof(year), year, "year out of range");
        }

        if (quarter is < 1 or > 4)
        {
            throw new ArgumentOutOfRangeException(nameof(quarter), quarter, "quarter must be 1–4");
        }

        Year = year;
        Quarter = quarter;
    }

    public int Year { get; }

    public int Quarter { get; }

    /// <summary>Months covered by the year-to-date figures (3, 6, 9, 12).</summary>
    public int MonthsToDate => Quarter * 3;

    public Period Previous => Quarter == 1 ? new Period(Year - 1, 4) : new Period(Year, Quarter - 1);

    public Period Next => Quarter == 4 ? new Period(Year + 1, 1) : new Period(Year, Quarter + 1);

    /// <summary>The full-year period (Q4) of the year before.</summary>
    public Period LastYearFullYear => new(Year - 1, 4);

    public DateOnly FirstDay => new(Year, (Quarter * 3) - 2, 1);

    public DateOnly LastDay => new DateOnly(Year, Quarter * 3, 1).AddMonths(1).AddDays(-1);

    public static bool IsValid(int year, int quarter) => year is >= MinYear and <= MaxYear && quarter is >= 1 and <= 4;

    public int CompareTo(Period other) => (Year * 4 + Quarter).CompareTo(other.Year * 4 + other.Quarter);

    public static bool operator <(Period a, Period b) => a.CompareTo(b) < 0;

    public static bool operator >(Period a, Period b) => a.CompareTo(b) > 0;

    public static bool operator <=(Period a, Period b) => a.CompareTo(b) <= 0;

    public static bool operator >=(Period a, Period b) => a.CompareTo(b) >= 0;

    /// <summary>Canonical form, e.g. <c>2022Q2</c>.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Year}Q{Quarter}");

    public static Period Parse(string text) =>
        TryParse(text, out var period) ? period : throw new FormatException($"'{text}' is not a period such as 2022Q2");

    /// <summary>
    /// Reads the text forms a 报告期 cell takes (SPEC §2): <c>2022Q2</c>, <c>2022年2季度</c>, <c>2022年第二季度</c>,
    /// <c>2022年一季度</c>, <c>2022年1-6月</c> (year-to-date months ending at a quarter end), the quarter's last month
    /// (<c>2022年6月</c>, <c>2022-06</c>), and the words statistics use for year-to-date periods: <c>2022年上半年</c> (Q2),
    /// <c>2022年前三季度</c> (Q3), <c>2022年全年</c> and <c>2022年度</c> (Q4). A month that ends no quarter
    /// (<c>2022年5月</c>) and <c>下半年</c> (July–December is no year-to-date period) are not periods. Dates are the
    /// filing parser's business (a date cell or date text in a quarter's last month).
    /// </summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out Period period)
    {
        period = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var s = Text.FoldWidth(text).Replace(" ", string.Empty, StringComparison.Ordinal).ToUpperInvariant();
        var m = CanonicalForm().Match(s);
        if (m.Success)
        {
            return Make(m.Groups["y"].Value, int.Parse(m.Groups["q"].Value, CultureInfo.InvariantCulture), out period);
        }

        m = QuarterForm().Match(s);
        if (m.Success)
        {
            var q = m.Groups["q"].Value switch
            {
                "1" or "一" => 1,
                "2" or "二" => 2,
                "3" or "三" => 3,
                "4" or "四" => 4,
                _ => 0,
            };
            return Make(m.Groups["y"].Value, q, out period);
        }

        m = MonthsForm().Match(s);
        if (m.Success)
        {
            return TryQuarterEnding(m.Groups["y"].Value, m.Groups["end"].Value, out period);
        }

        m = MonthForm().Match(s);
        if (m.Success)
        {
            return TryQuarterEnding(m.Groups["y"].Value, m.Groups["m"].Value, out period);
        }

        m = WordForm().Match(s);
        if (m.Success)
        {
            var q = m.Groups["w"].Value switch
            {
                "上半年" => 2,
                "前三季度" => 3,
                _ => 4, // 全年, 年度
            };
            return Make(m.Groups["y"].Value, q, out period);
        }

        return false;
    }

    /// <summary>The quarter whose last month is <paramref name="monthText"/> (3, 6, 9, 12); none for other months.</summary>
    private static bool TryQuarterEnding(string yearText, string monthText, out Period period)
    {
        period = default;
        var month = int.Parse(monthText, CultureInfo.InvariantCulture);
        return month is >= 1 and <= 12 && month % 3 == 0 && Make(yearText, month / 3, out period);
    }

    private static bool Make(string yearText, int quarter, out Period period)
    {
        period = default;
        var year = int.Parse(yearText, CultureInfo.InvariantCulture);
        if (!IsValid(year, quarter))
        {
            return false;
        }

        period = new Period(year, quarter);
        return true;
    }

    [GeneratedRegex(@"^(?<y>[0-9]{4})(?:年)?Q(?<q>[1-4])$")]
    private static partial Regex CanonicalForm();

    [GeneratedRegex(@"^(?<y>[0-9]{4})年?第?(?<q>[1-4一二三四])季度?$")]
    private static partial Regex QuarterForm();

    [GeneratedRegex(@"^(?<y>[0-9]{4})年?(?:1|01)[-–—~至到](?<end>[0-9]{1,2})月$")]
    private static partial Regex MonthsForm();

    [GeneratedRegex(@"^(?<y>[0-9]{4})(?:年(?<m>[0-9]{1,2})月份?|[-/](?<m>[0-9]{1,2}))$")]
    private static partial Regex MonthForm();

    [GeneratedRegex(@"^(?<y>[0-9]{4})(?:年?(?<w>上半年|前三季度|全年)|(?<w>年度))$")]
    private static partial Regex WordForm();
}
