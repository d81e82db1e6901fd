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
    /// Reads the forms a 报告期 cell takes: <c>2022Q2</c>, <c>2022年2季度</c>, <c>2022年第二季度</c>,
    /// <c>2022年1-6月</c> (year-to-date months ending at a quarter end).
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
            var end = int.Parse(m.Groups["end"].Value, CultureInfo.InvariantCulture);
            return end % 3 == 0 && Make(m.Groups["y"].Value, end / 3, out period);
        }

        return false;
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

    [GeneratedRegex(@"^(?<y>\d{4})(?:年)?Q(?<q>[1-4])$")]
    private static partial Regex CanonicalForm();

    [GeneratedRegex(@"^(?<y>\d{4})年?第?(?<q>[1-4一二三四])季度?$")]
    private static partial Regex QuarterForm();

    [GeneratedRegex(@"^(?<y>\d{4})年?(?:1|01)[-–—~至到](?<end>\d{1,2})月$")]
    private static partial Regex MonthsForm();
}
