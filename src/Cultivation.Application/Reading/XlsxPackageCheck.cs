using System.IO.Compression;
using Cultivation.Domain;

namespace Cultivation.Application.Reading;

/// <summary>
/// Checks an xlsx package before ExcelDataReader opens it, by inflating every part once and counting what comes
/// out: the sizes its directory declares are only the package's word, and a lying directory must not get a larger
/// file through. Refuses what would make the reader hold too much: more inflated bytes than
/// <see cref="ReadingOptions.MaxUncompressedBytes"/>, a part that inflates far beyond its compressed size (a zip
/// bomb), a shared-string table beyond <see cref="ReadingOptions.MaxSharedStringsBytes"/>, a workbook, relationship or
/// styles part beyond <see cref="MaxWorkbookPartBytes"/> (the reader holds each whole), and the shapes
/// <see cref="XmlPartScanner"/> looks for. Nothing is kept.
/// </summary>
internal sealed class XlsxPackageCheck(ReadingOptions options)
{
    /// <summary>
    /// The workbook part (sheet names), relationships and styles are read whole into lists; Excel writes them in
    /// kilobytes, a workbook bloated with 64,000 cell styles in a few megabytes.
    /// </summary>
    public const long MaxWorkbookPartBytes = 8L * 1024 * 1024;

    /// <summary>
    /// The package's central directory, where every part is listed: a zip library makes an object of each entry
    /// before anything can be asked of it (half a million empty entries fit in 44 MB and take 160 MB of heap).
    /// An xlsx lists tens of parts in a few kilobytes; 1 MiB lists about 20,000.
    /// </summary>
    public const long MaxDirectoryBytes = 1024 * 1024;

    // Small parts compress well without being bombs; only parts past this size are judged by ratio.
    private const long RatioCheckFloorBytes = 64 * 1024;

    private long _total;
    private byte[]? _xmlBuffer;

    public Problem? Check(Stream content)
    {
        _total = 0;
        var start = content.Position;
        var directory = ZipDirectory.Size(content);
        content.Position = start;
        if (directory is null)
        {
            return ReadProblems.Damaged();
        }

        if (directory > MaxDirectoryBytes)
        {
            return TooManyParts();
        }

        ZipArchive zip;
        try
        {
            zip = new ZipArchive(content, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (InvalidDataException)
        {
            return ReadProblems.Damaged();
        }

        using (zip)
        {
            if (zip.GetEntry("xl/workbook.xml") is null)
            {
                return ReadProblems.NotASpreadsheet();
            }

            // What the directory declares can refuse an honest bomb before a byte is inflated.
            long declared = 0;
            foreach (var entry in zip.Entries)
            {
                declared += entry.Length;
                if (declared > options.MaxUncompressedBytes || TooCompressed(entry.Length, entry.CompressedLength))
                {
                    return Bomb();
                }
            }

            var buffer = new byte[64 * 1024];
            foreach (var entry in zip.Entries)
            {
                var problem = Inflate(entry, buffer);
                if (problem is not null)
                {
                    return problem;
                }
            }
        }

        return null;
    }

    private Problem? Inflate(ZipArchiveEntry entry, byte[] buffer)
    {
        var xml = entry.FullName.EndsWith(".xml", StringComparison.OrdinalIgnoreCase) || entry.FullName.EndsWith(".rels", StringComparison.OrdinalIgnoreCase);
        var scanner = xml ? new XmlPartScanner(_xmlBuffer ??= new byte[XmlPartScanner.BufferBytes]) : null;

        // The shared strings are known by name (where ExcelDataReader looks) or by their root element.
        var sharedStrings = string.Equals(entry.FullName, "xl/sharedStrings.xml", StringComparison.OrdinalIgnoreCase);
        long inflated = 0;
        Problem? Count(int read)
        {
            inflated += read;
            _total += read;
            return _total > options.MaxUncompressedBytes ? TooLarge()
                : TooCompressed(inflated, entry.CompressedLength) ? Bomb()
                : (sharedStrings || scanner?.Kind == PartKind.SharedStrings) && inflated > options.MaxSharedStringsBytes ? TooManySharedStrings()
                : scanner?.Kind is PartKind.Workbook or PartKind.Styles && inflated > MaxWorkbookPartBytes ? WorkbookPartTooLarge()
                : null;
        }

        try
        {
            using var stream = entry.Open();
            if (scanner is not null)
            {
                return scanner.Scan(stream, Count);
            }

            int read;
            while ((read = stream.Read(buffer)) > 0)
            {
                if (Count(read) is { } problem)
                {
                    return problem;
                }
            }
        }
        catch (Exception ex) when (ex is InvalidDataException or NotSupportedException or EndOfStreamException)
        {
            // A corrupt deflate stream, an unknown compression method, an encrypted entry, a cut-off file.
            return ReadProblems.Damaged();
        }

        return null;
    }

    private bool TooCompressed(long inflated, long compressed) =>
        inflated > RatioCheckFloorBytes && (compressed == 0 || inflated / compressed > options.MaxCompressionRatio);

    private static Problem Bomb() => new(
        "文件解压后过大或压缩比异常（疑似压缩炸弹），已拒绝读取",
        "the file expands to an excessive size or compression ratio (a possible zip bomb) and was not read");

    private Problem TooLarge() => new(
        $"文件解压后超过 {Mb(options.MaxUncompressedBytes)} MB，超出读取上限，请删去不需要的工作表或内容、或分成多个文件报送",
        $"the file expands to more than {Mb(options.MaxUncompressedBytes)} MB, beyond the reading limit: remove sheets or content that are not needed, or split it into several files");

    private Problem TooManySharedStrings() => new(
        $"文件中的文字（共享字符串表）解压后超过 {Mb(options.MaxSharedStringsBytes)} MB，超出读取上限，请删去不需要的列或内容、或分成多个文件报送",
        $"the workbook's text (its shared-string table) expands to more than {Mb(options.MaxSharedStringsBytes)} MB, beyond the reading limit: remove columns or content that are not needed, or split it into several files");

    private static Problem WorkbookPartTooLarge() => new(
        $"文件的工作簿或样式信息解压后超过 {Mb(MaxWorkbookPartBytes)} MB（正常的表格只有几 KB 到几 MB），文件可能已损坏，请在Excel中重新保存后再报送",
        $"the workbook's sheet list, relationships or styles expand to more than {Mb(MaxWorkbookPartBytes)} MB (a normal workbook takes kilobytes); it may be damaged: save it again in Excel and resend");

    private static Problem TooManyParts() => new(
        "文件内部的部件目录超过 1 MB（正常的表格只有几十个部件），文件可能已损坏，请在Excel中重新保存后再报送",
        "the workbook's list of parts is larger than 1 MB (a normal workbook has a few dozen parts); it may be damaged: save it again in Excel and resend");

    private static string Mb(long bytes) => (bytes / (1024 * 1024)).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
