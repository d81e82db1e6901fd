namespace Cultivation.Domain.Filings;

/// <summary>
/// One reason a filing is rejected, located in the file: the sheet, the 1-based row and the
/// column header as the filer wrote them, the offending value, and the reason in Chinese and English.
/// Row 0 and an empty column mean the problem concerns the whole file.
/// </summary>
public sealed record FilingError(string Sheet, int Row, string Column, string Value, string Chinese, string English)
{
    public static FilingError ForFile(Problem problem, string sheet = "") =>
        new(sheet, 0, string.Empty, string.Empty, problem.Chinese, problem.English);
}
