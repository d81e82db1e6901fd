using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Cultivation.Domain.Periods;

namespace Cultivation.Functions.Api;

/// <summary>Route values are validated here, before they reach any query.</summary>
public static class RouteValues
{
    public static bool TryYear(string? text, out int year) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out year) && year is >= Period.MinYear and <= Period.MaxYear;

    /// <summary>A year and <c>Q1</c>–<c>Q4</c> as two route values, e.g. <c>2022</c> and <c>Q3</c>.</summary>
    public static bool TryPeriod(string? year, string? quarterText, [NotNullWhen(true)] out Period? period)
    {
        period = null;
        return TryYear(year, out var y) && TryPeriod(y, quarterText, out period);
    }

    /// <summary>Reads <c>Q1</c>–<c>Q4</c> (or a bare digit) into a period of the given year.</summary>
    public static bool TryPeriod(int year, string? quarterText, [NotNullWhen(true)] out Period? period)
    {
        period = null;
        var text = quarterText?.Trim() ?? string.Empty;
        if (text.StartsWith('Q') || text.StartsWith('q'))
        {
            text = text[1..];
        }

        if (text.Length == 1 && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var quarter) && Period.IsValid(year, quarter))
        {
            period = new Period(year, quarter);
            return true;
        }

        return false;
    }
}
