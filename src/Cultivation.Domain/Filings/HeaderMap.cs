using System.Text;

namespace Cultivation.Domain.Filings;

/// <summary>
/// Where each field of the filing format stands in a sheet, and in which unit, as read once
/// from the header row. Rows are then read by index, so no header text is matched per cell.
/// </summary>
public sealed class HeaderMap
{
    private static readonly int s_fieldCount = FilingColumns.All.Count;

    // Far longer than any column name with its unit, spaces and stars: longer text is no header, and is not
    // normalised on every row of a file that has no header row.
    private const int MaxHeaderLength = Budgets.MaxQuotedLength;

    private readonly int[] _index;
    private readonly string[] _header;
    private readonly Unit?[] _unit;
    private readonly bool[] _named;

    private HeaderMap(int row, int width)
    {
        _named = new bool[width];
        Row = row;
        _index = new int[s_fieldCount];
        Array.Fill(_index, -1);
        _header = new string[s_fieldCount];
        _unit = new Unit?[s_fieldCount];
    }

    /// <summary>The 1-based sheet row of the header.</summary>
    public int Row { get; }

    /// <summary>Index of the first and last cell that carries header text.</summary>
    public int FirstNamedCell { get; private set; } = -1;

    public int LastNamedCell { get; private set; } = -1;

    public bool Has(FilingField field) => _index[(int)field] >= 0;

    /// <summary>The 0-based cell index of the field, or -1 when the file has no such column.</summary>
    public int IndexOf(FilingField field) => _index[(int)field];

    /// <summary>The header as the filer wrote it (trimmed); the canonical name when the column is absent.</summary>
    public string HeaderOf(FilingField field) => _header[(int)field] ?? FilingColumns.Get(field).Name;

    /// <summary>The unit of a quantity column (its default when the header names none).</summary>
    public Unit UnitOf(FilingField field) => _unit[(int)field] ?? Units.DefaultFor(FilingColumns.Get(field).Quantity);

    /// <summary>A cell without header text between two named ones: the mark of a header merged over two rows.</summary>
    public bool IsGap(int index) => index > FirstNamedCell && index < LastNamedCell && !_named[index];

    /// <summary>
    /// A header row is the first that names the credit code column and a firm-name column; rows
    /// above it are titles (the form's name, 填报单位：… 填报日期：…).
    /// </summary>
    public static bool IsHeaderRow(ReadOnlySpan<object?> cells)
    {
        bool code = false, name = false;
        foreach (var cell in cells)
        {
            if (cell is not string text || text.Length > MaxHeaderLength || !FilingColumns.TryFind(SplitUnit(Normalise(text), out _), out var column))
            {
                continue;
            }

            code |= column.Field == FilingField.CreditCode;
            name |= column.Field == FilingField.Name;
        }

        return code && name;
    }

    /// <summary>
    /// Maps a header row. Problems (a missing required column, a duplicate, a unit that is not
    /// one of the spec's) are added to <paramref name="errors"/>; the map is usable only when none were.
    /// </summary>
    public static HeaderMap Build(string sheet, int row, ReadOnlySpan<object?> cells, List<FilingError> errors)
    {
        var map = new HeaderMap(row, cells.Length);
        for (var i = 0; i < cells.Length; i++)
        {
            var written = CellValues.Display(cells[i]).Trim();
            if (written.Length == 0)
            {
                continue;
            }

            if (map.FirstNamedCell < 0)
            {
                map.FirstNamedCell = i;
            }

            map.LastNamedCell = i;
            map._named[i] = true;
            var name = SplitUnit(Normalise(written), out var unitText);
            if (!FilingColumns.TryFind(name, out var column))
            {
                continue; // an extra column the format does not use
            }

            var f = (int)column.Field;
            if (map._index[f] >= 0)
            {
                errors.Add(new FilingError(sheet, row, Budgets.Quote(written), Budgets.Quote(written),
                    $"列“{Budgets.Quote(written)}”（第{ColumnLetters(i)}列）与第{ColumnLetters(map._index[f])}列“{Budgets.Quote(map._header[f])}”重复",
                    $"column '{Budgets.QuoteEnglish(written)}' ({ColumnLetters(i)}) duplicates column {ColumnLetters(map._index[f])} '{Budgets.QuoteEnglish(map._header[f])}'"));
                continue;
            }

            map._index[f] = i;
            map._header[f] = Budgets.Quote(written);
            if (column.Quantity == Quantity.None || unitText.Length == 0)
            {
                continue;
            }

            if (Units.TryFind(unitText, out var unit) && unit.Quantity == column.Quantity)
            {
                map._unit[f] = unit;
            }
            else
            {
                var accepted = Units.AcceptedFor(column.Quantity);
                errors.Add(new FilingError(sheet, row, Budgets.Quote(written), Budgets.Quote(unitText),
                    $"列“{Budgets.Quote(written)}”的单位“{Budgets.Quote(unitText)}”无法识别，应为{accepted}",
                    $"the unit '{Budgets.QuoteEnglish(unitText)}' of column '{Budgets.QuoteEnglish(written)}' is not recognised; use {accepted}"));
            }
        }

        foreach (var column in FilingColumns.All)
        {
            if (column.Required && !map.Has(column.Field))
            {
                errors.Add(new FilingError(sheet, row, column.Name, string.Empty,
                    $"缺少必填列“{column.Name}”", $"the required column '{column.Name}' is missing"));
            }
        }

        return map;
    }

    /// <summary>
    /// Header text as matched: trimmed, without any whitespace or required-field stars, full-width
    /// characters folded and every bracket pair (（）【】[]) made ( ).
    /// </summary>
    public static string Normalise(string text)
    {
        var folded = Text.FoldWidth(text);
        var sb = new StringBuilder(folded.Length);
        foreach (var c in folded)
        {
            if (char.IsWhiteSpace(c) || c is '*' or '★')
            {
                continue;
            }

            sb.Append(c switch
            {
                '【' or '[' or '〔' => '(',
                '】' or ']' or '〕' => ')',
                _ => c,
            });
        }

        return sb.ToString();
    }

    /// <summary>Splits <c>营业收入(万元)</c> into <c>营业收入</c> and the unit <c>万元</c>.</summary>
    public static string SplitUnit(string normalised, out string unit)
    {
        var open = normalised.LastIndexOf('(');
        if (open > 0 && normalised.EndsWith(')'))
        {
            unit = normalised[(open + 1)..^1];
            return normalised[..open];
        }

        unit = string.Empty;
        return normalised;
    }

    /// <summary>Excel's column letters for a 0-based index (0 → A, 26 → AA).</summary>
    public static string ColumnLetters(int index)
    {
        var letters = string.Empty;
        for (var n = index + 1; n > 0; n = (n - 1) / 26)
        {
            letters = (char)('A' + ((n - 1) % 26)) + letters;
        }

        return letters;
    }
}
