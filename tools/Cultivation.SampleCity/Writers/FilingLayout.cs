using System.Globalization;
using System.Text;
using Cultivation.Domain.Firms;
using Cultivation.Domain.Periods;
using Cultivation.SampleCity.City;

namespace Cultivation.SampleCity.Writers;

/// <summary>
/// Lays a filing out as the rows of cells of its sheet (SPEC §2 columns), applying the file's mess:
/// title rows, header variants, units, text-typed numbers, subtotals, footer lines. Lazy, so the
/// large benchmark file never holds its rows in memory.
/// </summary>
public static class FilingLayout
{
    private enum Column
    {
        Period, Code, Name, Town, AboveScale, AboveScaleSince, Revenue, RevenueSamePeriod, RevenueLastYear,
        Tax, Land, Research, Employees, Qualifications, FormerCode, ConversionDate, Remediation, RemediationDate, Industry,
    }

    private static readonly Column[] s_optional =
    [
        Column.AboveScaleSince, Column.RevenueSamePeriod, Column.RevenueLastYear, Column.Land, Column.Research,
        Column.Employees, Column.Qualifications, Column.FormerCode, Column.ConversionDate, Column.Remediation,
        Column.RemediationDate, Column.Industry,
    ];

    private static readonly string[] s_quarterNames = ["", "一", "二", "三", "四"];

    public static IEnumerable<IReadOnlyList<SheetCell>> Rows(SampleFiling filing) =>
        Rows(filing.Rows, filing.Style, filing.Period, filing.Source);

    public static IEnumerable<IReadOnlyList<SheetCell>> Rows(IEnumerable<SampleRow> rows, FilingStyle style, Period period, string source)
    {
        var columns = Enum.GetValues<Column>().Where(c => c != Column.Period || style.PeriodColumn is not null).ToArray();
        var reported = period.LastDay.AddDays(10);
        if (style.TitleRows)
        {
            yield return Line(columns.Length, $"{period.Year}年第{s_quarterNames[period.Quarter]}季度企业梯度培育情况表");
            yield return Line(columns.Length, $"填报单位：{source}  填报日期：{ChineseDate(reported)}");
        }

        yield return columns.Select(c => SheetCell.Of(Header(c, style))).ToArray();

        var block = new Sums();
        var total = new Sums();
        bool? blockAbove = null;
        foreach (var row in rows)
        {
            if (style.Subtotals && blockAbove is not null && blockAbove != row.AboveScale)
            {
                yield return SumRow(columns, style, string.Empty, blockAbove.Value ? "规上企业小计" : "规下企业小计", block);
                block = new Sums();
            }

            blockAbove = row.AboveScale;
            block.Add(row);
            total.Add(row);
            yield return columns.Select(c => Value(c, row, style)).ToArray();
        }

        if (style.Subtotals && blockAbove is not null)
        {
            yield return SumRow(columns, style, string.Empty, blockAbove.Value ? "规上企业小计" : "规下企业小计", block);
            yield return SumRow(columns, style, "合计", string.Empty, total);
        }

        if (style.Footer)
        {
            yield return Line(columns.Length, string.Empty);
            yield return Line(columns.Length, $"单位负责人：周某某    填表人：陈某某    报出日期：{ChineseDate(reported.AddDays(2))}");
            yield return Line(columns.Length, $"说明：本表数据为{period.Year}年1-{period.MonthsToDate}月累计数。");
        }
    }

    private static SheetCell[] Line(int width, string text)
    {
        var cells = new SheetCell[width];
        Array.Fill(cells, SheetCell.Empty);
        cells[0] = SheetCell.Of(text);
        return cells;
    }

    private static string ChineseDate(DateOnly d) => $"{d.Year}年{d.Month}月{d.Day}日";

    private static string Header(Column c, FilingStyle style)
    {
        var amount = style.AmountUnit switch
        {
            AmountUnit.Yuan => "(元)",
            AmountUnit.ThousandYuan => "(千元)",
            _ => "(万元)",
        };
        var text = c switch
        {
            Column.Period => "报告期",
            Column.Code => "统一社会信用代码",
            Column.Name => style.AliasHeaders ? "单位名称" : "企业名称",
            Column.Town => style.AliasHeaders ? "镇街" : "所属镇街",
            Column.AboveScale => "是否规上",
            Column.AboveScaleSince => "规上纳入年份",
            Column.Revenue => "营业收入" + amount,
            Column.RevenueSamePeriod => "营业收入上年同期" + amount,
            Column.RevenueLastYear => "上年营业收入" + amount,
            Column.Tax => (style.AliasHeaders ? "税收" : "实缴税金") + amount,
            Column.Land => style.LandInSquareMetres ? "用地面积(平方米)" : "用地面积(亩)",
            Column.Research => "研发费用" + amount,
            Column.Employees => "从业人员(人)",
            Column.Qualifications => "资质",
            Column.FormerCode => "原统一社会信用代码",
            Column.ConversionDate => "转企日期",
            Column.Remediation => "整治状态",
            Column.RemediationDate => "整治完成日期",
            Column.Industry => "行业代码",
            _ => throw new ArgumentOutOfRangeException(nameof(c)),
        };
        return style.FullWidthHeaders ? text.Replace('(', '（').Replace(')', '）') : text;
    }

    private static SheetCell Value(Column c, SampleRow row, FilingStyle style)
    {
        var cell = c switch
        {
            Column.Period => SheetCell.Of(style.PeriodColumn),
            Column.Code => SheetCell.Of(row.CreditCode),
            Column.Name => SheetCell.Of(row.Name),
            Column.Town => SheetCell.Of(row.Town),
            Column.AboveScale => SheetCell.Of(row.AboveScale ? "是" : "否"),
            Column.AboveScaleSince => row.AboveScaleSince is { } y ? SheetCell.Of(y) : SheetCell.Empty,
            Column.Revenue => Amount(row.Revenue, style),
            Column.RevenueSamePeriod => Amount(row.RevenueSamePeriodLastYear, style),
            Column.RevenueLastYear => Amount(row.RevenueLastYear, style),
            Column.Tax => Amount(row.Tax, style),
            Column.Land => Figure(style.LandInSquareMetres ? row.LandMu / 0.0015m : row.LandMu, style),
            Column.Research => Amount(row.ResearchSpending, style),
            Column.Employees => Figure(row.Employees, style),
            Column.Qualifications => SheetCell.Of(style.FullWidthQualifications ? row.Qualifications.Replace(':', '：').Replace(';', '；') : row.Qualifications),
            Column.FormerCode => SheetCell.Of(row.FormerCreditCode),
            Column.ConversionDate => Date(row.ConversionDate, style),
            Column.Remediation => SheetCell.Of(RemediationText(row)),
            Column.RemediationDate => Date(row.RemediationDate, style),
            Column.Industry => SheetCell.Of(row.IndustryCode),
            _ => throw new ArgumentOutOfRangeException(nameof(c)),
        };

        // Clerks retype some figures, and full-width digits come with the Chinese input method.
        if (style.FullWidthDigits && cell.Kind == SheetCellKind.Number && c is Column.Revenue or Column.Employees && row.FirmId % 5 == 0)
        {
            cell = SheetCell.Of(FullWidth(cell.Number.ToString(CultureInfo.InvariantCulture)));
        }

        if (style.DashForEmpty && cell.Kind == SheetCellKind.Empty && s_optional.Contains(c))
        {
            cell = SheetCell.Of("-");
        }

        return cell;
    }

    private static string? RemediationText(SampleRow row) =>
        row.Remediation == RemediationStatus.None && !row.RemediationListed ? null : row.Remediation.ToChinese();

    private static SheetCell Amount(decimal? value, FilingStyle style) => Figure(value * style.AmountUnit switch
    {
        AmountUnit.Yuan => 10000m,
        AmountUnit.ThousandYuan => 10m,
        _ => 1m,
    }, style);

    private static SheetCell Figure(decimal? value, FilingStyle style)
    {
        if (value is not { } v)
        {
            return SheetCell.Empty;
        }

        return style.NumbersAsText ? SheetCell.Of(v.ToString("#,##0.##", CultureInfo.InvariantCulture)) : SheetCell.Of(v);
    }

    private static SheetCell Date(DateOnly? date, FilingStyle style) => date is not { } d
        ? SheetCell.Empty
        : style.Dates switch
        {
            DateStyle.IsoText => SheetCell.Of(d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
            DateStyle.SlashText => SheetCell.Of($"{d.Year}/{d.Month}/{d.Day}"),
            DateStyle.ChineseText => SheetCell.Of(ChineseDate(d)),
            _ => SheetCell.Of(d),
        };

    private static string FullWidth(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var ch in text)
        {
            sb.Append(ch is >= '0' and <= '9' ? (char)(ch + 0xFEE0) : ch);
        }

        return sb.ToString();
    }

    private static SheetCell[] SumRow(Column[] columns, FilingStyle style, string codeText, string nameText, Sums sums) =>
        columns.Select(c => c switch
        {
            Column.Code => SheetCell.Of(codeText),
            Column.Name => SheetCell.Of(nameText),
            Column.Revenue => Amount(sums.Revenue, style),
            Column.RevenueSamePeriod => Amount(sums.RevenueSamePeriod, style),
            Column.RevenueLastYear => Amount(sums.RevenueLastYear, style),
            Column.Tax => Amount(sums.Tax, style),
            Column.Land => Figure(style.LandInSquareMetres ? sums.Land / 0.0015m : sums.Land, style),
            Column.Research => Amount(sums.Research, style),
            Column.Employees => Figure(sums.Employees, style),
            _ => SheetCell.Empty,
        }).ToArray();

    private sealed class Sums
    {
        public decimal Revenue { get; private set; }

        public decimal RevenueSamePeriod { get; private set; }

        public decimal RevenueLastYear { get; private set; }

        public decimal Tax { get; private set; }

        public decimal Land { get; private set; }

        public decimal Research { get; private set; }

        public decimal Employees { get; private set; }

        public void Add(SampleRow row)
        {
            Revenue += row.Revenue;
            RevenueSamePeriod += row.RevenueSamePeriodLastYear ?? 0;
            RevenueLastYear += row.RevenueLastYear ?? 0;
            Tax += row.Tax;
            Land += row.LandMu ?? 0;
            Research += row.ResearchSpending ?? 0;
            Employees += row.Employees ?? 0;
        }
    }
}
