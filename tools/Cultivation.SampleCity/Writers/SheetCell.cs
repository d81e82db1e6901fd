namespace Cultivation.SampleCity.Writers;

public enum SheetCellKind
{
    Empty,
    Text,
    Number,
    Date,
}

/// <summary>One cell as a spreadsheet stores it: nothing, text, a number or a date.</summary>
public readonly record struct SheetCell(SheetCellKind Kind, string? Text = null, decimal Number = 0, DateOnly Date = default)
{
    public static readonly SheetCell Empty = new(SheetCellKind.Empty);

    public static SheetCell Of(string? text) => string.IsNullOrEmpty(text) ? Empty : new(SheetCellKind.Text, text);

    public static SheetCell Of(decimal number) => new(SheetCellKind.Number, Number: number);

    public static SheetCell Of(DateOnly date) => new(SheetCellKind.Date, Date: date);

    /// <summary>Excel's serial day number (1900 date system).</summary>
    public double ExcelSerial => Date.DayNumber - new DateOnly(1899, 12, 30).DayNumber;
}
