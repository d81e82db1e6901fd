namespace Cultivation.Application.Ingestion;

/// <summary>
/// How many rows a filing of a given size may hold, known before it is read: the rows are stored while the
/// file is still being read, so the number of partitions they are spread over is chosen from the size.
/// </summary>
public static class FilingSize
{
    /// <summary>
    /// Fewer bytes than any filing spends on a firm row: an xlsx of the full template (compressed) spends about 73,
    /// a CSV about 150, an xls more. Too many partitions only costs a few part-filled transactions.
    /// </summary>
    public const int MinBytesPerRow = 48;

    public static int EstimatedRows(long bytes) => (int)Math.Clamp(bytes / MinBytesPerRow, 1, int.MaxValue);
}
