using Cultivation.Domain.City;
using Cultivation.Domain.Firms;
using Cultivation.Domain.Periods;

namespace Cultivation.Domain.Filings;

/// <summary>The firm rows of a filing, or the problems found in it (never both: all or nothing).</summary>
/// <param name="Errors">The first problems, in file order (at most the parser's limit).</param>
/// <param name="ErrorCount">How many problems were found in all, listed or not.</param>
public sealed record FilingParseResult(IReadOnlyList<FirmRow> Rows, IReadOnlyList<FilingError> Errors, int ErrorCount);

/// <summary>
/// Applies the filing format of section 2 of the spec to a sheet's rows, one row at a time, as
/// the file is read: finds the header below any title rows, skips rows that are not firms
/// (blank, 合计/小计, footer lines) and validates every other row. Knows nothing of file formats:
/// cells are text, <see cref="double"/>, <see cref="DateTime"/>, <see cref="bool"/> or null.
/// </summary>
public sealed partial class FilingParser
{
    /// <summary>Largest amount (万元, after scaling) and land area (亩) accepted.</summary>
    public const decimal MaxAmount = 100_000_000m;

    public const int MinYear = 1980;
    public const int MaxYear = 2100;
    public const int MaxIndustryCodeLength = 10;

    private static readonly string[] s_totalWords = ["合计", "总计", "小计"];

    private static readonly string[] s_footerWords =
        ["单位负责人", "统计负责人", "填表人", "报出日期", "说明", "备注", "审核人", "联系电话", "注"];

    // Texts that stand where data should when a header was merged over two rows.
    private static readonly HashSet<string> s_subHeaderWords = new(StringComparer.Ordinal)
    {
        "本年", "上年", "本期", "上期", "同期", "上年同期", "本年累计", "上年累计", "累计", "本月",
        "金额", "数量", "增幅", "增速", "增长", "同比", "同比增长", "计量单位", "单位",
        "万元", "千元", "元", "亩", "平方米", "㎡", "人",
    };

    private readonly string _sheet;
    private readonly Period _period;
    private readonly CityOptions _city;
    private readonly int _maxErrors;
    private readonly List<FirmRow> _rows = [];
    private readonly Action<FirmRow>? _onRow;
    private readonly List<FilingError> _errors = [];
    private readonly Dictionary<string, int> _firstRowOfCode = new(StringComparer.Ordinal);
    private HeaderMap? _map;
    private bool _stopped;
    private bool _checkedRowAfterHeader;
    private bool _inFooter;
    private int _firmRows;
    private int _unreported;

    /// <param name="sheet">The sheet name errors are reported against.</param>
    /// <param name="period">The period of the filing (from its path); a 报告期 column must agree.</param>
    /// <param name="city">The configured towns.</param>
    /// <param name="maxErrors">Errors listed at most; the result still counts every error.</param>
    /// <param name="onRow">
    /// Called with each valid firm row as soon as it is read, while the file has no error so far (a caller may
    /// start storing rows before the whole file is read; the file is accepted only if <see cref="Complete"/> says so).
    /// </param>
    public FilingParser(string sheet, Period period, CityOptions city, int maxErrors = 1000, Action<FirmRow>? onRow = null)
    {
        _sheet = sheet;
        _period = period;
        _city = city;
        _maxErrors = Math.Max(1, maxErrors);
        _onRow = onRow;
    }

    /// <summary>Reads a whole sheet given as rows numbered from 1.</summary>
    public static FilingParseResult Parse(string sheet, Period period, CityOptions city, IEnumerable<object?[]> rows, int maxErrors = 1000)
    {
        var parser = new FilingParser(sheet, period, city, maxErrors);
        var number = 0;
        foreach (var row in rows)
        {
            parser.AddRow(++number, row);
        }

        return parser.Complete();
    }

    /// <summary>Takes the next row of the sheet. <paramref name="row"/> is its 1-based number as Excel shows it.</summary>
    public void AddRow(int row, ReadOnlySpan<object?> cells)
    {
        if (_stopped || !WithinBudgets(row, cells))
        {
            return;
        }

        if (_map is null)
        {
            if (HeaderMap.IsHeaderRow(cells))
            {
                var headerErrors = new List<FilingError>();
                _map = HeaderMap.Build(_sheet, row, cells, headerErrors);
                foreach (var error in headerErrors)
                {
                    Add(error);
                }

                // Rows cannot be read against a header that does not map.
                _stopped = headerErrors.Count > 0;
            }

            return;
        }

        if (!_checkedRowAfterHeader)
        {
            _checkedRowAfterHeader = true;
            if (IsSecondHeaderRow(cells, _map))
            {
                Add(new FilingError(_sheet, row, string.Empty, string.Empty,
                    $"表头占了两行（第{_map.Row}–{row}行，可能是合并单元格），请改为只有一行表头，单位写在列名后的括号里，如“营业收入(万元)”",
                    $"the header spans two rows ({_map.Row}–{row}, probably merged cells); use a single header row with units in brackets, e.g. 营业收入(万元)"));
                _stopped = true;
                return;
            }
        }

        if (IsBlankRow(cells) || IsTotalRow(cells, _map))
        {
            return;
        }

        var code = Cell(cells, FilingField.CreditCode);
        if (IsFooterLine(cells) && !LooksLikeCreditCode(code))
        {
            _inFooter = true;
            return;
        }

        if (CellValues.IsEmpty(code) && CellValues.IsEmpty(Cell(cells, FilingField.Name)))
        {
            return;
        }

        // Notes under a footer line (说明：…, then 1. …, 2. …) are not firms; a firm row there still is.
        if (_inFooter && !LooksLikeCreditCode(code))
        {
            return;
        }

        if (++_firmRows > MaxRows)
        {
            Stop(TooManyRows(), row);
            return;
        }

        ReadFirm(row, cells, _map);
    }

    /// <summary>Stops reading with a problem that concerns the whole file (e.g. too many rows).</summary>
    public void Stop(Problem problem, int row = 0)
    {
        Add(new FilingError(_sheet, row, string.Empty, string.Empty, problem.Chinese, problem.English));
        _stopped = true;
    }

    /// <summary>The result once every row was added.</summary>
    public FilingParseResult Complete()
    {
        if (_map is null && !_stopped)
        {
            Add(FilingError.ForFile(new Problem(
                "找不到表头行：需要一行同时包含“统一社会信用代码”和“企业名称”列名",
                "no header row found: one row must name the columns 统一社会信用代码 and 企业名称"), _sheet));
        }
        else if (!_stopped && _firmRows == 0)
        {
            Add(FilingError.ForFile(new Problem("文件中没有企业数据行", "the file holds no firm rows"), _sheet));
        }

        var count = _errors.Count + _unreported;
        return new FilingParseResult(count == 0 ? _rows : [], _errors, count);
    }

    private void ReadFirm(int row, ReadOnlySpan<object?> cells, HeaderMap map)
    {
        var errorsBefore = _errors.Count + _unreported;
        var reader = new RowReader(this, row, cells, map);

        var code = reader.CreditCode();
        var name = reader.Name();
        var town = reader.Town();
        var aboveScale = reader.YesNo(FilingField.AboveScale);
        var since = reader.Year(FilingField.AboveScaleSince);
        var revenue = reader.Amount(FilingField.Revenue, required: true);
        var revenueSamePeriod = reader.Amount(FilingField.RevenueSamePeriodLastYear);
        var revenueLastYear = reader.Amount(FilingField.RevenueLastYear);
        var tax = reader.Amount(FilingField.Tax, required: true);
        var land = reader.Amount(FilingField.LandArea);
        var research = reader.Amount(FilingField.ResearchSpending);
        var employees = reader.Count(FilingField.Employees);
        var recognitions = reader.Recognitions();
        var formerCode = reader.FormerCreditCode();
        var conversion = reader.Date(FilingField.ConversionDate);
        var remediation = reader.Remediation();
        var remediationDate = reader.Date(FilingField.RemediationDate);
        reader.PeriodMatches(_period);

        if (remediation is RemediationStatus.Remediated or RemediationStatus.Closed && remediationDate is null && reader.IsValid(FilingField.RemediationDate))
        {
            reader.Fail(FilingField.RemediationDate, new Problem(
                "整治状态为已整治或已关停时，必须填写整治完成日期", "整治完成日期 is required when 整治状态 is 已整治 or 已关停"));
        }

        var industry = reader.IndustryCode();

        if (code is { } c)
        {
            if (_firstRowOfCode.TryGetValue(c.Value, out var first))
            {
                reader.Fail(FilingField.CreditCode, new Problem(
                    $"统一社会信用代码与第{first}行重复", $"the credit code already appears in row {first}"));
            }
            else
            {
                _firstRowOfCode.Add(c.Value, row);
            }
        }

        // Once the file has any error it is rejected whole: no need to build further rows.
        if (_errors.Count + _unreported > errorsBefore || _errors.Count > 0)
        {
            return;
        }

        var firm = new FirmRow
        {
            CreditCode = code!.Value,
            Name = name!,
            Town = town!,
            AboveScale = aboveScale!.Value,
            AboveScaleSince = since,
            Revenue = revenue!.Value,
            RevenueSamePeriodLastYear = revenueSamePeriod,
            RevenueLastYear = revenueLastYear,
            Tax = tax!.Value,
            LandMu = land,
            ResearchSpending = research,
            Employees = employees,
            Recognitions = recognitions,
            FormerCreditCode = formerCode,
            ConversionDate = conversion,
            Remediation = remediation ?? RemediationStatus.None,
            RemediationStated = remediation is not null,
            RemediationDate = remediationDate,
            IndustryCode = industry,
            SourceRow = row,
        };
        _rows.Add(firm);
        _onRow?.Invoke(firm);
    }

    private void Add(FilingError error)
    {
        if (_errors.Count < _maxErrors)
        {
            _errors.Add(error);
        }
        else
        {
            _unreported++;
        }
    }

    private object? Cell(ReadOnlySpan<object?> cells, FilingField field)
    {
        var i = _map!.IndexOf(field);
        return i >= 0 && i < cells.Length ? cells[i] : null;
    }

    private static bool IsBlankRow(ReadOnlySpan<object?> cells)
    {
        foreach (var cell in cells)
        {
            if (!CellValues.IsBlank(cell))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>合计/总计/小计 in the first filled cell or in the code, name or town cell.</summary>
    private bool IsTotalRow(ReadOnlySpan<object?> cells, HeaderMap map)
    {
        if (StartsWithTotal(FirstFilled(cells))
            || StartsWithTotal(Cell(cells, FilingField.CreditCode))
            || StartsWithTotal(Cell(cells, FilingField.Name))
            || StartsWithTotal(Cell(cells, FilingField.Town)))
        {
            return true;
        }

        // Labels such as 规上企业小计 or 其中：小计 end with the word; a firm row always has a code, so
        // only a row without one is read as a total that way (a firm may be named …合计… by chance).
        var code = Cell(cells, FilingField.CreditCode);
        var codeMissing = code is null || (code is string c && (CellValues.IsBlank(c) || c.Trim() is "-" or "—" or "–" or "/" or "－"));
        return codeMissing && (ContainsTotal(Cell(cells, FilingField.Name)) || ContainsTotal(FirstFilled(cells)));

        static bool ContainsTotal(object? cell)
        {
            if (cell is not string s)
            {
                return false;
            }

            var compact = s.Replace(" ", string.Empty, StringComparison.Ordinal).Replace("\u3000", string.Empty, StringComparison.Ordinal);
            foreach (var word in s_totalWords)
            {
                if (compact.Contains(word, StringComparison.Ordinal))
                {
                    return true;
                }
            }

            return false;
        }

        static bool StartsWithTotal(object? cell)
        {
            if (cell is not string s)
            {
                return false;
            }

            foreach (var word in s_totalWords)
            {
                if (StartsWithIgnoringSpaces(s, word, out _))
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>单位负责人：…, 填表人：…, 说明：…, 注：… written under the table.</summary>
    private static bool IsFooterLine(ReadOnlySpan<object?> cells)
    {
        if (FirstFilled(cells) is not string s)
        {
            return false;
        }

        foreach (var word in s_footerWords)
        {
            if (!StartsWithIgnoringSpaces(s, word, out var rest))
            {
                continue;
            }

            // "注" alone could start a firm's name (注塑…): a note is 注, 注：, 注1, 注释.
            if (word == "注")
            {
                return rest.IsEmpty || rest[0] is ':' or '：' or '.' or '、' or '释' || char.IsDigit(rest[0]);
            }

            return true;
        }

        return false;
    }

    private static bool IsSecondHeaderRow(ReadOnlySpan<object?> cells, HeaderMap map)
    {
        var idle = true;
        for (var i = 0; i < cells.Length; i++)
        {
            if (cells[i] is not string s || string.IsNullOrWhiteSpace(s))
            {
                continue;
            }

            var text = HeaderMap.Normalise(s);
            if (text.Length > 2 && text[0] == '(' && text[^1] == ')')
            {
                text = text[1..^1];
            }

            if (s_subHeaderWords.Contains(text))
            {
                return true;
            }

            idle &= !map.IsGap(i);
        }

        // Text under the gaps of the header, on a row with neither code nor name: sub-headers.
        var codeIndex = map.IndexOf(FilingField.CreditCode);
        var nameIndex = map.IndexOf(FilingField.Name);
        return !idle
            && (codeIndex >= cells.Length || CellValues.IsBlank(cells[codeIndex]))
            && (nameIndex >= cells.Length || CellValues.IsBlank(cells[nameIndex]));
    }

    private static object? FirstFilled(ReadOnlySpan<object?> cells)
    {
        foreach (var cell in cells)
        {
            if (!CellValues.IsBlank(cell))
            {
                return cell;
            }
        }

        return null;
    }

    private static bool StartsWithIgnoringSpaces(string s, string word, out ReadOnlySpan<char> rest)
    {
        var matched = 0;
        var i = 0;
        for (; i < s.Length && matched < word.Length; i++)
        {
            var c = s[i];
            if (char.IsWhiteSpace(c))
            {
                continue;
            }

            if (c != word[matched])
            {
                rest = default;
                return false;
            }

            matched++;
        }

        rest = matched == word.Length ? s.AsSpan(i).TrimStart() : default;
        return matched == word.Length;
    }

    private static bool LooksLikeCreditCode(object? cell)
    {
        if (cell is not string s)
        {
            return false;
        }

        var span = s.AsSpan().Trim();
        if (span.Length != 18)
        {
            return false;
        }

        foreach (var c in span)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not (>= '０' and <= '９') and not (>= 'Ａ' and <= 'Ｚ'))
            {
                return false;
            }
        }

        return true;
    }
}
