using Cultivation.Domain.Periods;

namespace Cultivation.Domain.Filings;

/// <summary>
/// The 报告期 cell of a firm row (SPEC §2): a period in one of the text forms <see cref="Period.TryParse"/> reads, or a
/// date — a date cell, or date text such as <c>2022-06-30</c>, <c>2022/6/30</c>, <c>2022年6月30日</c> — in the last
/// month of a quarter, as statistics forms date the end of the year-to-date period they cover.
/// </summary>
public static class PeriodCell
{
    public static bool TryRead(object? cell, out Period period)
    {
        period = default;
        if (cell is not DateTime && Period.TryParse(CellValues.Text(cell), out period))
        {
            return true;
        }

        // A number is no date here: 202206 or 2022 typed into the cell would read as an Excel serial day.
        if (cell is not (DateTime or string) || !CellValues.TryDate(cell, out var date, out _) || date is not { } day)
        {
            return false;
        }

        if (day.Month % 3 != 0 || !Period.IsValid(day.Year, day.Month / 3))
        {
            return false;
        }

        period = new Period(day.Year, day.Month / 3);
        return true;
    }
}
