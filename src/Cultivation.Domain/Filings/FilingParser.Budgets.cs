using System.Globalization;

namespace Cultivation.Domain.Filings;

/// <summary>The budgets of SPEC §2 as the parser keeps them while the file is read (<see cref="Budgets"/>).</summary>
public sealed partial class FilingParser
{
    private long _text;

    /// <summary>Firm rows read at most; past them the file is stopped and rejected.</summary>
    public int MaxRows { get; init; } = Budgets.MaxRows;

    /// <summary>
    /// Characters of text read at most, every cell counted as often as it occurs: a shared string fills any number
    /// of cells for the bytes of one reference, so the file's own size does not bound the work of reading it.
    /// </summary>
    public long MaxText { get; init; } = Budgets.MaxSheetText;

    /// <summary>
    /// Counts the row's text, and stops the file at a cell longer than Excel allows (no workbook Excel wrote has one)
    /// or once the text read passes <see cref="MaxText"/>: such a file is hostile or broken, and reading on would only
    /// cost time.
    /// </summary>
    private bool WithinBudgets(int row, ReadOnlySpan<object?> cells)
    {
        for (var i = 0; i < cells.Length; i++)
        {
            if (cells[i] is not string text)
            {
                continue;
            }

            _text += text.Length;
            if (text.Length > Budgets.MaxCellLength)
            {
                var column = HeaderMap.ColumnLetters(i);
                var length = text.Length.ToString("N0", CultureInfo.InvariantCulture);
                StopAt(row, column, Budgets.Quote(text), new Problem(
                    $"第{row}行{column}列的单元格有 {length} 个字符，超过 Excel 单元格的上限 32,767 个字符；文件未再往下读取",
                    $"the cell in column {column} of row {row} holds {length} characters, more than Excel's limit of 32,767; the file was not read further"));
                return false;
            }
        }

        if (_text > MaxText)
        {
            var limit = MaxText.ToString("N0", CultureInfo.InvariantCulture);
            Stop(new Problem(
                $"表格中的文字过多（各单元格合计超过 {limit} 个字符，重复引用的文字按次计算）；文件未再往下读取，请删去不需要的列或内容后再报送",
                $"the sheet holds more text than {limit} characters in all (text repeated in many cells counted each time); the file was not read further: remove columns or content that are not needed and resend"),
                row);
            return false;
        }

        return true;
    }

    private Problem TooManyRows() => new(
        $"企业数据行超过上限（{MaxRows.ToString("N0", CultureInfo.InvariantCulture)} 行）；文件未再往下读取，请分成多个文件报送",
        $"the file holds more than {MaxRows.ToString("N0", CultureInfo.InvariantCulture)} firm rows; it was not read further: split it into several files");

    private void StopAt(int row, string column, string value, Problem problem)
    {
        Add(new FilingError(_sheet, row, column, value, problem.Chinese, problem.English));
        _stopped = true;
    }
}
