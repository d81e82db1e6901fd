using System.Globalization;
using System.Text;
using Cultivation.Domain;
using Cultivation.Domain.City;
using Cultivation.Domain.Filings;
using Cultivation.Domain.Firms;
using CsvHelper;
using ExcelDataReader;
using ExcelDataReader.Exceptions;
using Microsoft.Extensions.Options;

namespace Cultivation.Application.Reading;

/// <summary>
/// Reads a filing (xlsx, legacy xls or CSV, told apart by content) into validated firm rows.
/// The file formats are the libraries' business (ExcelDataReader, CsvHelper); the filing format
/// (header, units, row rules) is the domain's <see cref="FilingParser"/>. Guards against files
/// too large or too compressed run before any library sees the bytes.
/// </summary>
public sealed class FilingReader : IFilingReader
{
    // A CSV line longer than this is hostile or broken (an unclosed quote swallowing the file).
    private const int MaxCsvRecordBytes = 1024 * 1024;

    // Rows that are no firm (titles, blank rows, footers) read beyond the firm budget: a few in any real file;
    // empty rows cost little each, yet a sheet whose last row is numbered 1,048,576 must not be read to the end.
    private const int MaxOtherRows = 10_000;

    private static readonly Encoding s_gb18030;
    private static readonly Encoding s_strictUtf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly CityOptions _city;
    private readonly ReadingOptions _options;

    static FilingReader()
    {
        // GB18030/GBK (CSV saved by Chinese Excel, old xls without a code page) lives in the code-pages provider.
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        s_gb18030 = Encoding.GetEncoding("GB18030");
    }

    public FilingReader(IOptions<CityOptions> city, IOptions<ReadingOptions> options)
        : this(city.Value, options.Value)
    {
    }

    public FilingReader(CityOptions city, ReadingOptions? options = null)
    {
        _city = city ?? throw new ArgumentNullException(nameof(city));
        _options = options ?? new ReadingOptions();
    }

    public FilingReadResult Read(Stream content, FilingName name, Action<FirmRow>? onRow = null, SheetRowObserver? onSheetRow = null)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(name);

        var fileName = Path.GetFileName(name.Value);
        if (!content.CanSeek)
        {
            var buffered = BufferUpTo(content, _options.MaxFileBytes);
            if (buffered is null)
            {
                return Rejected(string.Empty, fileName, TooLarge());
            }

            content = buffered;
        }

        if (content.Length - content.Position > _options.MaxFileBytes)
        {
            return Rejected(string.Empty, fileName, TooLarge());
        }

        try
        {
            return ReadFormat(content, name, fileName, onRow, onSheetRow);
        }
        catch (Exception ex) when (ex is OutOfMemoryException or InsufficientExecutionStackException)
        {
            // The budgets keep every file within bounds; should a shape they do not foresee still exhaust memory
            // or the stack, the file is what is at fault: rejected with a reason, not retried as a failure.
            return Rejected(string.Empty, fileName, ReadProblems.TooComplex());
        }
    }

    private FilingReadResult ReadFormat(Stream content, FilingName name, string fileName, Action<FirmRow>? onRow, SheetRowObserver? onSheetRow)
    {
        return FileSniffer.Detect(content) switch
        {
            FileFormat.Zip => ReadXlsx(content, name, fileName, onRow, onSheetRow),
            FileFormat.Ole2 => ReadOle2(content, name, fileName, onRow, onSheetRow),
            FileFormat.Text => ReadCsv(content, name, fileName, onRow, onSheetRow),
            FileFormat.Empty => Rejected(string.Empty, fileName, new Problem("文件为空，不是电子表格文件", "the file is empty: not a spreadsheet")),
            FileFormat.Markup => Rejected(string.Empty, fileName, new Problem(
                "不是电子表格文件（内容是网页或XML），请在Excel中另存为 .xlsx 后再报送",
                "not a spreadsheet (the content is HTML or XML); save it as .xlsx in Excel")),
            _ => Rejected(string.Empty, fileName, ReadProblems.NotASpreadsheet()),
        };
    }

    private FilingReadResult ReadXlsx(Stream content, FilingName name, string fileName, Action<FirmRow>? onRow, SheetRowObserver? onSheetRow)
    {
        var start = content.Position;
        var problem = new XlsxPackageCheck(_options).Check(content);
        if (problem is not null)
        {
            return Rejected("xlsx", fileName, problem);
        }

        content.Position = start;
        return ReadWorkbook("xlsx", content, name, fileName, s => ExcelReaderFactory.CreateOpenXmlReader(s, Configuration()), onRow, onSheetRow);
    }

    private FilingReadResult ReadOle2(Stream content, FilingName name, string fileName, Action<FirmRow>? onRow, SheetRowObserver? onSheetRow)
    {
        var start = content.Position;
        if (content.Length - start > _options.MaxXlsBytes)
        {
            return ContainsUtf16(content, "EncryptedPackage")
                ? Rejected("xlsx", fileName, ReadProblems.Encrypted())
                : Rejected("xls", fileName, XlsTooLarge());
        }

        var result = ReadWorkbook("xls", content, name, fileName, s => ExcelReaderFactory.CreateReader(s, Configuration()), onRow, onSheetRow);
        if (result.Errors is [{ Row: 0 } only] && only.Chinese.StartsWith(ReadProblems.DamagedChinese, StringComparison.Ordinal))
        {
            // An xlsx saved with a password is an OLE2 container holding an EncryptedPackage stream;
            // when the library could not say so, its directory entry name can.
            content.Position = start;
            if (ContainsUtf16(content, "EncryptedPackage"))
            {
                return Rejected("xlsx", fileName, ReadProblems.Encrypted());
            }
        }

        return result;
    }

    private FilingReadResult ReadWorkbook(string format, Stream content, FilingName name, string fileName, Func<Stream, IExcelDataReader> open, Action<FirmRow>? onRow,
        SheetRowObserver? onSheetRow)
    {
        // Only the library's calls are guarded: a fault of the filing rules must surface, not pass for a damaged file.
        IExcelDataReader reader;
        try
        {
            reader = open(content);
        }
        catch (InvalidPasswordException)
        {
            return Rejected(format, fileName, ReadProblems.Encrypted());
        }
        catch (Exception ex) when (IsContentFault(ex))
        {
            return Rejected(format, fileName, ReadProblems.Damaged());
        }

        using (reader)
        {
            var sheet = reader.Name ?? fileName;

            // The reader makes every row as wide as the sheet's rightmost cell: a cell far beyond Excel's last
            // column would make each row an array of millions.
            if (reader.FieldCount > Budgets.MaxColumns)
            {
                return Rejected(format, sheet, ReadProblems.TooManyColumns(reader.FieldCount));
            }

            var parser = Parser(sheet, name, onRow);
            var cells = Array.Empty<object?>();
            var row = 0;
            while (true)
            {
                try
                {
                    if (!reader.Read())
                    {
                        break;
                    }

                    if (++row > _options.MaxRows + MaxOtherRows)
                    {
                        parser.Stop(TooManyRows(), row);
                        break;
                    }

                    var width = reader.FieldCount;
                    if (cells.Length != width)
                    {
                        cells = new object?[width];
                    }

                    for (var i = 0; i < width; i++)
                    {
                        cells[i] = reader.GetValue(i);
                    }
                }
                catch (InvalidPasswordException)
                {
                    return Rejected(format, sheet, ReadProblems.Encrypted());
                }
                catch (Exception ex) when (IsContentFault(ex))
                {
                    return Rejected(format, sheet, ReadProblems.Damaged());
                }

                onSheetRow?.Invoke(row, cells);
                parser.AddRow(row, cells);
            }

            return Result(format, sheet, parser.Complete());
        }
    }

    private FilingReadResult ReadCsv(Stream content, FilingName name, string fileName, Action<FirmRow>? onRow, SheetRowObserver? onSheetRow)
    {
        var start = content.Position;
        var isUtf8 = IsUtf8(content);
        content.Position = start;

        var options = CsvReaderOptions.Default with
        {
            // Chinese Excel saves CSV with commas; guessing could take a 资质 list's ';' for the separator.
            Separator = ',',
            HasHeader = false,

            // Blank lines are rows Excel shows; keeping them keeps row numbers as the filer sees them.
            SkipEmptyLines = false,
            DetectSeparatorHint = false,

            // Null: UTF-8, with its byte order mark honoured.
            Encoding = isUtf8 ? null : s_gb18030,
            MaxRecordSize = MaxCsvRecordBytes,
        };

        var parser = Parser(fileName, name, onRow);
        try
        {
            using var csv = CsvReader.Create(content, options, leaveOpen: true);
            var cells = Array.Empty<object?>();
            var row = 0;
            while (csv.Read())
            {
                if (++row > _options.MaxRows + MaxOtherRows)
                {
                    parser.Stop(TooManyRows(), row);
                    break;
                }

                var width = csv.FieldCount;
                if (cells.Length != width)
                {
                    cells = new object?[width];
                }

                for (var i = 0; i < width; i++)
                {
                    cells[i] = csv.GetString(i);
                }

                onSheetRow?.Invoke(row, cells);
                parser.AddRow(row, cells);
            }
        }
        catch (CsvFormatException)
        {
            return Rejected("csv", fileName, new Problem(
                "CSV 文件格式错误（如引号不配对或一行过长），无法读取", "the CSV file is malformed (e.g. unbalanced quotes or an overlong line)"));
        }

        return Result("csv", fileName, parser.Complete());
    }

    /// <summary>Whether the bytes decode strictly as UTF-8 (with or without BOM); if not, they are GB18030 as Chinese Excel saves CSV.</summary>
    private static bool IsUtf8(Stream content)
    {
        var decoder = s_strictUtf8.GetDecoder();
        var bytes = new byte[64 * 1024];
        var chars = new char[s_strictUtf8.GetMaxCharCount(bytes.Length)];
        try
        {
            int read;
            while ((read = content.Read(bytes, 0, bytes.Length)) > 0)
            {
                decoder.GetChars(bytes, 0, read, chars, 0, flush: false);
            }

            decoder.GetChars(bytes, 0, 0, chars, 0, flush: true);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    private static bool ContainsUtf16(Stream content, string text)
    {
        var pattern = Encoding.Unicode.GetBytes(text);
        var buffer = new byte[64 * 1024];
        var kept = 0;
        int read;
        while ((read = content.Read(buffer, kept, buffer.Length - kept)) > 0)
        {
            var filled = kept + read;
            if (buffer.AsSpan(0, filled).IndexOf(pattern) >= 0)
            {
                return true;
            }

            // Keep the tail so that a name split across two reads is still found.
            kept = Math.Min(pattern.Length - 1, filled);
            buffer.AsSpan(filled - kept, kept).CopyTo(buffer);
        }

        return false;
    }

    private static MemoryStream? BufferUpTo(Stream content, long limit)
    {
        var copy = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = content.Read(buffer, 0, buffer.Length)) > 0)
        {
            if (copy.Length + read > limit)
            {
                return null;
            }

            copy.Write(buffer, 0, read);
        }

        copy.Position = 0;
        return copy;
    }

    private static ExcelReaderConfiguration Configuration() => new()
    {
        FallbackEncoding = s_gb18030,
        LeaveOpen = true,
    };

    /// <summary>
    /// The libraries throw a variety of exceptions for malformed content. Only I/O faults of the
    /// stream itself are infrastructure problems; running out of bytes is a truncated file.
    /// </summary>
    private static bool IsContentFault(Exception ex) =>
        ex is not (OutOfMemoryException or OperationCanceledException) && (ex is not IOException || ex is EndOfStreamException);

    private FilingParser Parser(string sheet, FilingName name, Action<FirmRow>? onRow) =>
        new(sheet, name.Period, _city, _options.MaxErrorsReported, onRow) { MaxRows = _options.MaxRows, MaxText = _options.MaxSheetText };

    private static FilingReadResult Result(string format, string sheet, FilingParseResult parsed) =>
        new(format, sheet, parsed.Rows, parsed.Errors) { ErrorCount = parsed.ErrorCount };

    private static FilingReadResult Rejected(string format, string sheet, Problem problem) =>
        FilingReadResult.Rejected(format, sheet, FilingError.ForFile(problem, sheet));

    private Problem TooLarge() => new(
        $"文件过大（超过 {_options.MaxFileBytes / (1024 * 1024)} MB）", $"the file is larger than {_options.MaxFileBytes / (1024 * 1024)} MB");

    private Problem XlsTooLarge() => new(
        $"xls 文件超过 {_options.MaxXlsBytes / (1024 * 1024)} MB（Excel 97-2003 格式最多 65,536 行，正常不会这么大），请在Excel中另存为 .xlsx 后再报送",
        $"the xls file is larger than {_options.MaxXlsBytes / (1024 * 1024)} MB (the Excel 97-2003 format holds at most 65,536 rows and is never that large); save it as .xlsx in Excel and resend");

    private Problem TooManyRows() => new(
        string.Create(CultureInfo.InvariantCulture, $"表格行数超过上限（{_options.MaxRows + MaxOtherRows:N0} 行，空行也计算在内）；文件未再往下读取"),
        string.Create(CultureInfo.InvariantCulture, $"the sheet has more than {_options.MaxRows + MaxOtherRows:N0} rows (blank rows included); it was not read further"));
}
