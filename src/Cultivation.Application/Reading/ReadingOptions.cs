using Cultivation.Domain.Filings;

namespace Cultivation.Application.Reading;

/// <summary>
/// The budgets that keep a hostile or oversized file from exhausting a worker (SPEC §2, Budgets). Section
/// <c>Reading</c>; the defaults are the SPEC's. Beyond any of them a file is rejected with a reason, never retried.
/// The limits on a cell, a name and a 资质 list are the filing format's own (<see cref="Budgets"/>).
/// </summary>
public sealed class ReadingOptions
{
    public const string SectionName = "Reading";

    /// <summary>Largest file accepted, in bytes (default 50 MiB).</summary>
    public long MaxFileBytes { get; set; } = 50L * 1024 * 1024;

    /// <summary>
    /// Largest total size of an xlsx package's parts once inflated, counted while inflating, whatever the package's
    /// directory declares (default 256 MiB).
    /// </summary>
    public long MaxUncompressedBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>
    /// Largest inflated shared-string table of an xlsx (default 24 MiB). ExcelDataReader holds the whole table in
    /// memory while the sheet is read: the one part whose cost grows with the file and not with the row being read.
    /// Measured (docs/performance.md, Reading budgets): the costliest shape, millions of distinct strings of a few
    /// characters, takes about 4 bytes of heap per byte of table, so 24 MiB stays near 100 MB and a file holding
    /// nothing else is read in about 150 MB; a larger table is refused before the reader loads it. Excel's table for
    /// 200,000 firms of the template (credit codes and 12-character names, the rest shared) takes 15.7 MiB, and names
    /// of up to about 25 characters still fit.
    /// </summary>
    public long MaxSharedStringsBytes { get; set; } = 24L * 1024 * 1024;

    /// <summary>
    /// Largest legacy xls file (default 20 MiB). ExcelDataReader holds an xls's whole workbook stream and its string
    /// table: measured, a 21 MB xls of a million short strings costs 120 MB of heap. The format's 65,536 rows of the
    /// template take about 16 MB, so no real xls comes near it; a larger workbook is saved as xlsx.
    /// </summary>
    public long MaxXlsBytes { get; set; } = 20L * 1024 * 1024;

    /// <summary>Largest compression ratio of any xlsx part before it is taken for a zip bomb.</summary>
    public int MaxCompressionRatio { get; set; } = 200;

    /// <summary>Most firm rows in one file (default 200,000).</summary>
    public int MaxRows { get; set; } = Budgets.MaxRows;

    /// <summary>Most characters of cell text read from one sheet, each cell counted as often as it occurs (default 256 Mi).</summary>
    public long MaxSheetText { get; set; } = Budgets.MaxSheetText;

    /// <summary>Most errors listed in a report; the count beyond it is still reported.</summary>
    public int MaxErrorsReported { get; set; } = 1000;
}
