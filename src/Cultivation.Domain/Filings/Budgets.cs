using System.Globalization;

namespace Cultivation.Domain.Filings;

/// <summary>
/// The budgets of SPEC §2 that concern a filing's content (a small hostile file must never exhaust a worker): how
/// long a cell, a name and a 资质 list may be, how much of a value a report quotes, how many firm rows a file holds.
/// Whatever is beyond a budget makes the file rejected with a reason, never retried. The sizes of the file itself
/// (bytes, inflated bytes, shared strings) are the reader's, in <c>ReadingOptions</c>.
/// Public so that everything that shows a filer's value back (reports, the annotated workbook) quotes it the same way.
/// </summary>
public static class Budgets
{
    /// <summary>Characters in one cell: Excel's own limit, so no workbook Excel wrote is refused by it.</summary>
    public const int MaxCellLength = 32_767;

    /// <summary>Characters of a 企业名称 (after trimming).</summary>
    public const int MaxNameLength = 200;

    /// <summary>Characters of a 资质 cell (after trimming): every recognition there is, with its year, fits many times.</summary>
    public const int MaxRecognitionsLength = 500;

    /// <summary>Characters of a value quoted in a report or an error message; a longer one is cut (<see cref="Quote"/>).</summary>
    public const int MaxQuotedLength = 100;

    /// <summary>Firm rows in one filing.</summary>
    public const int MaxRows = 200_000;

    /// <summary>Columns of a sheet: Excel's own limit (A…XFD).</summary>
    public const int MaxColumns = 16_384;

    /// <summary>
    /// Characters of text in a sheet's cells, each cell counted as often as it occurs: the SPEC's 256 MiB for the
    /// uncompressed file, applied once shared strings are written out into the cells that use them.
    /// </summary>
    public const long MaxSheetText = 256L * 1024 * 1024;

    /// <summary>
    /// The value as a report shows it: whole when at most <see cref="MaxQuotedLength"/> characters, else its first
    /// characters and the mark <c>…（共 N 字）</c> with its full length, so the filer can still find it.
    /// </summary>
    public static string Quote(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Length <= MaxQuotedLength ? value : string.Concat(Head(value), CutMark(value.Length));
    }

    /// <summary>The mark after a cut value: <c>…（共 32767 字）</c>.</summary>
    public static string CutMark(int length) => string.Create(CultureInfo.InvariantCulture, $"…（共 {length} 字）");

    /// <summary>As <see cref="Quote"/>, for the English half of a message: <c>… (32767 characters)</c>.</summary>
    public static string QuoteEnglish(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Length <= MaxQuotedLength
            ? value
            : string.Concat(Head(value), string.Create(CultureInfo.InvariantCulture, $"… ({value.Length} characters)"));
    }

    /// <summary>The first <see cref="MaxQuotedLength"/> characters, one fewer when the cut would split a surrogate pair.</summary>
    private static ReadOnlySpan<char> Head(string value)
    {
        var length = char.IsHighSurrogate(value[MaxQuotedLength - 1]) ? MaxQuotedLength - 1 : MaxQuotedLength;
        return value.AsSpan(0, length);
    }
}
