using System.Globalization;
using System.Text;
using Cultivation.Application.Ingestion;
using Cultivation.Application.Storage;
using Cultivation.Domain.Filings;

namespace Cultivation.Application.Workbooks;

/// <summary>
/// Writes the filer's own rows back, as they were read, with the report's errors on them: each bad cell
/// filled red with its reason as a note, a 错误说明 column on each bad row (Chinese, then English), and a
/// summary sheet after it. Rows are written as the reader hands them over (<see cref="AddRow"/>), so a
/// 200,000-row filing is never held in memory; only the rows above the header wait, to learn where the
/// 错误说明 column goes. Row numbers are the reader's, so the report's rows are this sheet's rows, and the
/// workbook, corrected and uploaded as it is, is read as the filing again (the extra column is ignored).
/// </summary>
public sealed class AnnotatedWorkbook : IDisposable
{
    public const string MessageHeader = "错误说明";
    public const string SummarySheet = "处理结果";

    // Title rows above a header are few; past this many rows without one the sheet is written without it.
    private const int MaxRowsBeforeHeader = 50;

    private const double MessageWidth = 60;
    private const double ReasonWidth = 50;

    private readonly XlsxPackage _package;
    private readonly FilingReport _report;
    private readonly long _maxSheetBytes;
    private readonly Dictionary<int, List<ReportError>> _errorsByRow;
    private readonly List<(int Row, object?[] Cells)> _waiting = [];
    private readonly HashSet<int> _textColumns = [];
    private SheetWriter? _sheet;
    private int _messageColumn = -1;
    private int _headerRow;
    private string[] _header = [];
    private int _rows;
    private int _markedCells;
    private int _markedRows;
    private int _cutCells;

    /// <param name="maxSheetBytes">Past this much of the data sheet written, long values are cut to a quote.</param>
    public AnnotatedWorkbook(Stream output, FilingReport report, long maxSheetBytes = WorkbookLimits.MaxSheetBytes)
    {
        _maxSheetBytes = maxSheetBytes;
        _package = new XlsxPackage(output);
        _report = report;
        _errorsByRow = report.Errors.Where(e => e.Row > 0).GroupBy(e => e.Row).ToDictionary(g => g.Key, g => g.ToList());
    }

    /// <summary>The next row of the filing's first sheet as read (its 1-based number and its cells).</summary>
    public void AddRow(int row, ReadOnlySpan<object?> cells)
    {
        if (_rows >= WorkbookLimits.MaxRows)
        {
            return;
        }

        _rows++;
        if (_sheet is not null)
        {
            if (_headerRow == 0 && HeaderMap.IsHeaderRow(cells))
            {
                LearnHeader(row, cells);
            }

            WriteRow(row, cells);
            return;
        }

        _waiting.Add((row, cells.ToArray()));
        if (HeaderMap.IsHeaderRow(cells))
        {
            LearnHeader(row, cells);
            StartSheet();
        }
        else if (_waiting.Count >= MaxRowsBeforeHeader)
        {
            StartSheet();
        }
    }

    /// <summary>Ends the data sheet and writes the summary: the workbook is complete.</summary>
    public void Complete()
    {
        if (_sheet is null)
        {
            StartSheet();
        }

        if (_rows == 0)
        {
            _sheet!.StartRow(1);
            _sheet.Text(0, $"没有读到原文件的数据行，原因见“{SummarySheet}”表 / no rows could be read from the file: see the sheet {SummarySheet}", CellStyle.Message);
        }

        _sheet!.End();
        _sheet.Dispose();
        using (var summary = _package.AddSheet(SummarySheet))
        {
            WriteSummary(summary);
        }

        _package.Complete();
    }

    public void Dispose()
    {
        _sheet?.Dispose();
        _package.Dispose();
    }

    private void LearnHeader(int row, ReadOnlySpan<object?> cells)
    {
        _headerRow = row;
        _header = new string[cells.Length];
        for (var i = 0; i < cells.Length; i++)
        {
            _header[i] = CellValues.Display(cells[i]).Trim();
            if (Field(_header[i]) is FilingField.CreditCode or FilingField.FormerCreditCode or FilingField.IndustryCode)
            {
                // Typed again, a code keeps its 18 characters and leading zeros.
                _textColumns.Add(i);
            }
        }
    }

    private void StartSheet()
    {
        var width = _waiting.Count == 0 ? 0 : _waiting.Max(w => LastFilled(w.Cells) + 1);
        _messageColumn = Math.Max(width, _header.Length == 0 ? 0 : LastFilled(_header) + 1);
        var columns = new List<ColumnLayout> { new(_messageColumn, MessageWidth, CellStyle.Message) };
        for (var i = 0; i < _header.Length && i < _messageColumn; i++)
        {
            // The filer's columns as wide as in the template, codes typed again staying text.
            if (Field(_header[i]) is { } field && TemplateColumns.All.FirstOrDefault(c => c.Field == field) is { } spec)
            {
                columns.Add(new ColumnLayout(i, spec.Width, _textColumns.Contains(i) ? CellStyle.Text : CellStyle.Default));
            }
        }

        _sheet = _package.AddSheet(SheetName(_report.Sheet));
        _sheet.Begin(frozenRows: _headerRow, columns);
        foreach (var (row, cells) in _waiting)
        {
            WriteRow(row, cells);
        }

        _waiting.Clear();
    }

    private void WriteRow(int row, ReadOnlySpan<object?> cells)
    {
        var sheet = _sheet!;
        _errorsByRow.TryGetValue(row, out var errors);
        var bad = errors is null ? null : BadCells(errors);
        var cut = new List<int>();
        var last = LastFilled(cells);
        if (last < 0 && errors is null && row != _headerRow)
        {
            return;
        }

        // A required cell left empty at the end of a row is still marked.
        var end = bad is null || bad.Count == 0 ? last : Math.Max(last, bad.Keys.Max());
        var limit = CellLimit();
        for (var i = 0; i <= end; i++)
        {
            if (i < cells.Length && cells[i] is string s && s.Length > limit)
            {
                cut.Add(i);
            }
        }

        var message = errors is not null || cut.Count > 0 ? Message(errors ?? [], cut, limit) : null;
        sheet.StartRow(row, message is null ? null : SheetWriter.HeightFor(message, MessageWidth));
        for (var i = 0; i <= end; i++)
        {
            var reasons = bad is not null && bad.TryGetValue(i, out var r) ? r : null;
            WriteCell(sheet, i, i < cells.Length ? cells[i] : null, reasons is not null);

            if (reasons is not null)
            {
                _markedCells++;
                sheet.Comment(row, i, string.Join("\n", reasons.Select(e => $"{e.Reason}\n{e.ReasonEn}")));
            }
        }

        var messageColumn = Math.Max(_messageColumn, end + 1);
        if (row == _headerRow)
        {
            sheet.Text(messageColumn, MessageHeader, CellStyle.MessageHeader);
        }
        else if (message is not null)
        {
            _markedRows++;
            sheet.Text(messageColumn, message, CellStyle.Message);
        }
    }

    /// <summary>Writes a cell as the reader gave it.</summary>
    private void WriteCell(SheetWriter sheet, int column, object? value, bool bad)
    {
        var text = _textColumns.Contains(column);
        switch (value)
        {
            case null:
                if (bad)
                {
                    sheet.Text(column, string.Empty, CellStyle.BadText);
                }

                break;
            case string s:
                var fitted = CellText.Fit(s, CellLimit(), out var cut);
                _cutCells += cut ? 1 : 0;
                sheet.Text(column, fitted, bad ? CellStyle.BadText : cut ? CellStyle.CutCell : text ? CellStyle.Text : CellStyle.Default);
                break;
            case double d:
                sheet.Number(column, d, bad ? CellStyle.BadCell : CellStyle.Default);
                break;
            case int or long or decimal or float:
                sheet.Number(column, Convert.ToDouble(value, CultureInfo.InvariantCulture), bad ? CellStyle.BadCell : CellStyle.Default);
                break;
            case DateTime dt:
                var dateStyle = dt.TimeOfDay == TimeSpan.Zero ? CellStyle.Date : CellStyle.DateTime;
                sheet.Date(column, dt, bad ? WorkbookStyles.Bad(dateStyle) : dateStyle);
                break;
            case bool b:
                sheet.Boolean(column, b, bad ? CellStyle.BadCell : CellStyle.Default);
                break;
            default:
                WriteCell(sheet, column, CellValues.Display(value), bad);
                break;
        }
    }

    /// <summary>The characters a value may keep: a whole cell's worth until the sheet has grown past its budget, then a quote.</summary>
    private int CellLimit() => _sheet!.BytesWritten > _maxSheetBytes ? WorkbookLimits.MaxQuotedCharacters : WorkbookLimits.MaxCellCharacters;

    /// <summary>The cells the row's errors name, each with its reasons; errors without a cell here stay row messages.</summary>
    private Dictionary<int, List<ReportError>> BadCells(List<ReportError> errors)
    {
        var cells = new Dictionary<int, List<ReportError>>();
        foreach (var error in errors)
        {
            foreach (var index in ColumnsNamed(error.Column))
            {
                if (!cells.TryGetValue(index, out var list))
                {
                    cells[index] = list = [];
                }

                list.Add(error);
            }
        }

        return cells;
    }

    /// <summary>The header cells an error's column names: as written, else the same field under another spelling.</summary>
    private IEnumerable<int> ColumnsNamed(string column)
    {
        if (column.Length == 0 || _header.Length == 0)
        {
            yield break;
        }

        var found = false;
        for (var i = 0; i < _header.Length; i++)
        {
            if (_header[i] == column)
            {
                found = true;
                yield return i;
            }
        }

        if (!found && Field(column) is { } field)
        {
            for (var i = 0; i < _header.Length; i++)
            {
                if (Field(_header[i]) == field)
                {
                    yield return i;
                    yield break;
                }
            }
        }
    }

    private string Message(List<ReportError> errors, List<int> cut, int limit)
    {
        var sb = new StringBuilder();
        foreach (var e in errors)
        {
            Line(sb, e.Column, e.Reason, e.ReasonEn);
        }

        foreach (var i in cut)
        {
            Line(sb, i < _header.Length && _header[i].Length > 0 ? _header[i] : HeaderMap.ColumnLetters(i) + "列",
                string.Create(CultureInfo.InvariantCulture, $"内容超过 {limit:N0} 个字符，此处已截断"),
                string.Create(CultureInfo.InvariantCulture, $"longer than {limit:N0} characters, cut here"));
        }

        return sb.ToString();

        static void Line(StringBuilder sb, string column, string chinese, string english)
        {
            if (sb.Length > 0)
            {
                sb.Append('\n');
            }

            if (column.Length > 0)
            {
                sb.Append('【').Append(CellText.Quote(column)).Append('】');
            }

            sb.Append(chinese).Append(" / ").Append(english);
        }
    }

    private void WriteSummary(SheetWriter sheet)
    {
        var r = _report;
        var accepted = r.Status == FilingStatus.Accepted;
        sheet.Begin(
            columns: [new(0, 16), new(1, 10), new(2, 22), new(3, 24), new(4, ReasonWidth, CellStyle.Wrapped), new(5, ReasonWidth, CellStyle.Wrapped)],
            fitToWidth: true);
        var row = 0;
        sheet.StartRow(++row, 24);
        sheet.Text(0, "报送文件处理结果", CellStyle.Title);

        var listed = r.Errors.Count;
        var lines = new List<(string, string)>
        {
            ("文件", r.Name),
            ("报告期", r.Period ?? "—"),
            ("报送单位", r.Source ?? "—"),
            ("处理时间", ChinaTime.Format(r.IngestedAt)),
            ("结果", accepted ? "已接收" : r.Status is FilingStatus.Superseded or FilingStatus.Withdrawn ? $"{r.StatusName}：不计入" : $"{r.StatusName}：整个文件未被采用"),
            ("企业行数", accepted ? r.Rows.ToString(CultureInfo.InvariantCulture) : "—"),
            ("错误数", r.ErrorCount.ToString(CultureInfo.InvariantCulture)),
            ("已标出", $"{_markedCells} 个单元格（标红，鼠标停在单元格上可看原因），{_markedRows} 行（最右边“{MessageHeader}”列）"),
            ("版本", r.Version),
        };
        if (!accepted && r.InForce is not null)
        {
            lines.Add(("仍然有效", $"此前已接收的版本（{r.InForce}）仍然有效，直到改正后的文件被接收。"));
        }

        if (_cutCells > 0)
        {
            lines.Add(("超长内容", string.Create(CultureInfo.InvariantCulture,
                $"{_cutCells} 个单元格的内容过长（超过 {WorkbookLimits.MaxCellCharacters:N0} 个字符，或本表已很大时超过 {WorkbookLimits.MaxQuotedCharacters} 个字符），已截断并标黄。")));
        }

        foreach (var (label, value) in lines)
        {
            sheet.StartRow(++row);
            sheet.Text(0, label, CellStyle.Label);
            sheet.Text(1, value);
        }

        row++;
        sheet.StartRow(++row);
        sheet.Text(0, "下一步", CellStyle.Label);
        foreach (var step in NextSteps(listed))
        {
            sheet.StartRow(++row);
            sheet.Text(1, step);
        }

        if (listed == 0)
        {
            sheet.End();
            return;
        }

        row++;
        sheet.StartRow(++row);
        sheet.Text(0, "错误清单", CellStyle.Label);
        sheet.StartRow(++row);
        string[] heads = ["工作表", "行", "列", "值", "原因", "Reason"];
        for (var i = 0; i < heads.Length; i++)
        {
            sheet.Text(i, heads[i], CellStyle.Header);
        }

        foreach (var e in r.Errors)
        {
            sheet.StartRow(++row, Math.Max(SheetWriter.HeightFor(e.Reason, ReasonWidth), SheetWriter.HeightFor(e.ReasonEn, ReasonWidth)));
            // Top-aligned like the wrapped reasons beside them, so that each line reads as one error.
            sheet.Text(0, e.Sheet, CellStyle.Wrapped);
            sheet.Text(1, e.Row > 0 ? e.Row.ToString(CultureInfo.InvariantCulture) : "整个文件", CellStyle.Wrapped);
            sheet.Text(2, e.Column, CellStyle.Wrapped);
            sheet.Text(3, CellText.Quote(e.Value), CellStyle.Wrapped);
            sheet.Text(4, e.Reason, CellStyle.Wrapped);
            sheet.Text(5, e.ReasonEn, CellStyle.Wrapped);
        }

        if (r.ErrorCount > listed)
        {
            sheet.StartRow(++row);
            sheet.Text(0, $"……另有 {r.ErrorCount - listed} 个错误未列出");
        }

        sheet.End();
    }

    private IEnumerable<string> NextSteps(int listed)
    {
        var r = _report;
        var fileName = r.Source is null ? System.IO.Path.GetFileName(r.Name) : $"{r.Source}.xlsx";
        var folder = r.Period is null ? "filings/{年份}/Q{季度}/" : $"filings/{r.Period[..4]}/Q{r.Period[^1]}/";
        if (r.Status == FilingStatus.Accepted)
        {
            yield return "文件已接收，无需操作。";
            yield return $"如需更正，修改后以同一文件名（{fileName}）重新上传到 {folder} 即可，以最后上传的为准。";
            yield break;
        }

        if (r.Status == FilingStatus.Superseded)
        {
            yield return $"本期以后上传的 {r.SupersededBy} 为准（同一单位同一报告期以最后上传的文件为准），此文件不计入，无需操作。";
            yield break;
        }

        if (r.Status == FilingStatus.Withdrawn)
        {
            yield return "文件已从 filings 中删除（撤回），其数据不再计入。";
            yield return $"如系误删，把同一文件重新上传到 {folder} 即可恢复。";
            yield break;
        }

        yield return "1. 在第一个工作表中找到标红的单元格，鼠标停在单元格上可看到原因；每个出错行最右边的“错误说明”列写明了该行的全部问题。";
        yield return "2. 改正后直接保存本文件（“错误说明”列和本页可以保留，系统不会读取），";
        yield return $"   文件名改为 {fileName}，上传到 {folder}，覆盖原文件。";
        yield return "3. 不在某个单元格上的问题（如缺少的列、整个文件的问题）见下面的错误清单。";
        if (r.ErrorCount > listed)
        {
            yield return $"4. 本次只列出了前 {listed} 个错误（共 {r.ErrorCount} 个），改正后重新上传会再次检查其余部分。";
        }
    }

    private static FilingField? Field(string header) =>
        header.Length > 0 && FilingColumns.TryFind(HeaderMap.SplitUnit(HeaderMap.Normalise(header), out _), out var column) ? column.Field : null;

    private static int LastFilled(ReadOnlySpan<object?> cells)
    {
        for (var i = cells.Length - 1; i >= 0; i--)
        {
            if (cells[i] is not null && !(cells[i] is string s && s.Length == 0))
            {
                return i;
            }
        }

        return -1;
    }

    private static int LastFilled(string[] cells) => LastFilled(cells.Select(c => (object?)c).ToArray());

    /// <summary>The filer's sheet name where Excel allows it (at most 31 characters, none of <c>[]:*?/\</c>).</summary>
    private static string SheetName(string name)
    {
        var clean = new string([.. name.Where(c => c is not ('[' or ']' or ':' or '*' or '?' or '/' or '\\'))]).Trim('\'').Trim();
        if (clean.Length == 0 || clean == SummarySheet)
        {
            return "数据";
        }

        return clean.Length > 31 ? clean[..31] : clean;
    }
}
