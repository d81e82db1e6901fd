using Cultivation.Domain.Filings;
using Cultivation.Domain.Firms;

namespace Cultivation.Application.Reading;

/// <summary>
/// Reads one filing's bytes into validated firm rows, or into the list of every problem found.
/// Never throws for bad content: a file that is not a spreadsheet, is too large, is damaged or
/// holds invalid rows comes back with errors. Only infrastructure faults (I/O) throw.
/// </summary>
public interface IFilingReader
{
    /// <param name="content">The whole file, seekable, positioned at 0.</param>
    /// <param name="name">The canonical blob name (period and source come from it).</param>
    /// <param name="onRow">
    /// Called with each valid row as it is read, while no error has been found yet, so that storing can start
    /// before the whole file is read. The file is accepted only when the result says so.
    /// </param>
    /// <param name="onSheetRow">
    /// Called with every row of the sheet as it is read, before any rule applies (the annotated workbook writes
    /// them back). The cells are valid only during the call.
    /// </param>
    FilingReadResult Read(Stream content, FilingName name, Action<FirmRow>? onRow = null, SheetRowObserver? onSheetRow = null);
}

/// <summary>One row of a filing's sheet as read: its 1-based number (as Excel shows it) and its cells.</summary>
public delegate void SheetRowObserver(int row, ReadOnlySpan<object?> cells);

/// <param name="Format">What the content turned out to be: <c>xlsx</c>, <c>xls</c> or <c>csv</c> (empty when not a spreadsheet).</param>
/// <param name="Sheet">The worksheet that was read (the first one); for CSV the file name.</param>
/// <param name="Rows">The firm rows, in file order; empty when any error was found (all or nothing).</param>
/// <param name="Errors">The first problems found (at most <see cref="ReadingOptions.MaxErrorsReported"/>), in file order.</param>
public sealed record FilingReadResult(string Format, string Sheet, IReadOnlyList<FirmRow> Rows, IReadOnlyList<FilingError> Errors)
{
    /// <summary>How many problems were found in all: the listed ones and those beyond the list.</summary>
    public int ErrorCount { get; init; } = Errors.Count;

    public bool IsAccepted => ErrorCount == 0 && Rows.Count > 0;

    public static FilingReadResult Rejected(string format, string sheet, params FilingError[] errors) => new(format, sheet, [], errors);
}
