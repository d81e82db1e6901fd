using Cultivation.Domain.Progress;

namespace Cultivation.Application.Leaders;

/// <summary>How a figure is shown: 万元 and 亩 with two decimals at most, 万元/亩 with one, a year, a date, or text.</summary>
public enum FigureFormat
{
    Text,
    Year,
    Date,
    WanYuan,
    Mu,
    PerMu,
}

/// <summary>A column of a target's firm list: its Chinese header, its format and how to read it from a firm.</summary>
public sealed record FigureColumn(string Header, FigureFormat Format, Func<TargetFirm, object?> Value);

/// <summary>
/// The figures that made a firm count (<see cref="TargetFirm"/>), as columns. A target's list shows the columns
/// its firms fill, so each rule's evidence (10亿: YTD and last year's revenue; 亩均: annualised tax, land and
/// 亩均税收) appears without the page or the workbook knowing the rule. Shared by the dashboard and the workbook.
/// </summary>
public static class FigureColumns
{
    public static readonly IReadOnlyList<FigureColumn> All =
    [
        new("规上纳入年份", FigureFormat.Year, f => f.AboveScaleSince),
        new("营业收入（万元，本年累计）", FigureFormat.WanYuan, f => f.Revenue),
        new("年化营业收入（万元）", FigureFormat.WanYuan, f => f.AnnualisedRevenue),
        new("上年营业收入（万元）", FigureFormat.WanYuan, f => f.LastYearRevenue),
        new("原统一社会信用代码", FigureFormat.Text, f => f.FormerCreditCode),
        new("转企日期", FigureFormat.Date, f => f.ConversionDate),
        new("资质", FigureFormat.Text, f => f.Recognition),
        new("整治状态", FigureFormat.Text, f => f.Remediation),
        new("整治完成日期", FigureFormat.Date, f => f.RemediationDate),
        new("年化实缴税金（万元）", FigureFormat.WanYuan, f => f.AnnualisedTax),
        new("用地面积（亩）", FigureFormat.Mu, f => f.LandMu),
        new("亩均税收（万元/亩）", FigureFormat.PerMu, f => f.TaxPerMu),
    ];

    /// <summary>The columns any of <paramref name="firms"/> fills, in the order of <see cref="All"/>.</summary>
    public static IReadOnlyList<FigureColumn> For(IReadOnlyList<TargetFirm> firms) =>
        [.. All.Where(c => firms.Any(f => c.Value(f) is not null))];

    /// <summary>A figure as text: 万元/亩 with one decimal, 万元 and 亩 with at most two, dates as yyyy-MM-dd.</summary>
    public static string Text(object? value, FigureFormat format) => value switch
    {
        null => string.Empty,
        decimal d when format == FigureFormat.PerMu => d.ToString("#,0.0", System.Globalization.CultureInfo.InvariantCulture),
        decimal d => d.ToString("#,0.##", System.Globalization.CultureInfo.InvariantCulture),
        DateOnly date => date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        int i => i.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };
}
