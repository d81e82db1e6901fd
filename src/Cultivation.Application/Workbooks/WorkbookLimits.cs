namespace Cultivation.Application.Workbooks;

/// <summary>
/// The budgets of SPEC 2 as the workbooks apply them, in one place (the reader has its own guards; these
/// keep what is written back to a filer within what Excel and the reader accept).
/// </summary>
public static class WorkbookLimits
{
    /// <summary>Excel's own limit of characters in a cell; a longer value is cut and marked.</summary>
    public const int MaxCellCharacters = 32_767;

    /// <summary>Characters of a value quoted in a message (a report quotes at most this many).</summary>
    public const int MaxQuotedCharacters = 100;

    /// <summary>Rows of a filing read back into a workbook, as many as a filing may hold.</summary>
    public const int MaxRows = 200_000;

    /// <summary>
    /// Bytes of a sheet's XML past which long values are cut to <see cref="MaxQuotedCharacters"/>: a hostile file of
    /// a few KB can name thousands of 32,767-character cells, and the workbook given back must stay within the
    /// 256 MiB an xlsx may expand to (so that, corrected, it can be uploaded again) and cost no more than that to write.
    /// </summary>
    public const long MaxSheetBytes = 192L * 1024 * 1024;

    /// <summary>What replaces the end of a cut value, so the filer sees it was cut.</summary>
    public const string CutMark = "…【超长已截断 / cut】";
}
