using System.Globalization;
using Cultivation.Domain.Filings;
using Cultivation.Domain.Firms;
using Cultivation.Domain.Periods;

namespace Cultivation.Application.Workbooks;

/// <summary>What a source's 填报模板 holds.</summary>
/// <param name="Towns">The towns its drop-down offers: the source itself for a town, every town for the statistics bureau.</param>
/// <param name="AllTowns">The city's towns, named in the instructions.</param>
/// <param name="Deadline">The day the filing is due (China time).</param>
/// <param name="PrefilledFrom">The accepted filing the firms come from (e.g. <c>2022/Q2/东城街道.xlsx</c>); null when there is none.</param>
/// <param name="Firms">The firms to prefill, in the order of that filing; closed firms are already left out.</param>
public sealed record FilingTemplate(
    Period Period,
    string Source,
    IReadOnlyList<string> Towns,
    IReadOnlyList<string> AllTowns,
    DateOnly Deadline,
    string? PrefilledFrom,
    IEnumerable<TemplateFirm> Firms)
{
    /// <summary>The name the filer saves it under in the <c>filings</c> container.</summary>
    public string BlobName => string.Create(CultureInfo.InvariantCulture, $"{Period.Year}/Q{Period.Quarter}/{Source}.xlsx");
}

/// <summary>What the template prefills of a firm: who it is, not the quarter's figures.</summary>
public sealed record TemplateFirm(string CreditCode, string Name, string Town, bool AboveScale, int? AboveScaleSince, decimal? LandMu, string? IndustryCode)
{
    public static TemplateFirm Of(FirmRow row) =>
        new(row.CreditCode.Value, row.Name, row.Town, row.AboveScale, row.AboveScaleSince, row.LandMu, row.IndustryCode);
}

/// <summary>
/// The columns of the template, in the order of SPEC 2, with what the 填报说明 says of each. 报告期 is left
/// out: the period comes from the file's path.
/// </summary>
internal static class TemplateColumns
{
    public sealed record Spec(FilingField Field, double Width, CellStyle Style, string Meaning);

    public static readonly IReadOnlyList<Spec> All =
    [
        new(FilingField.CreditCode, 22, CellStyle.Text, "18位统一社会信用代码（GB 32100-2015，校验位须正确）；企业以91开头，个体工商户以92开头。本列为文本格式，请勿改成数字。"),
        new(FilingField.Name, 36, CellStyle.Default, "与营业执照一致的企业名称，不超过200个字。"),
        new(FilingField.Town, 12, CellStyle.Default, "企业所在的镇街，从下拉列表选择。"),
        new(FilingField.AboveScale, 9, CellStyle.Default, "是否为规模以上工业企业（年主营业务收入2000万元及以上）：是 / 否。"),
        new(FilingField.AboveScaleSince, 12, CellStyle.Default, "纳入规上的年份，如 2022；非规上企业不填。"),
        new(FilingField.Revenue, 14, CellStyle.Default, "本年1月至本季度末的累计营业收入，不小于0。"),
        new(FilingField.RevenueSamePeriodLastYear, 14, CellStyle.Default, "上年同期累计营业收入，不小于0。"),
        new(FilingField.RevenueLastYear, 14, CellStyle.Default, "上年全年营业收入，不小于0。"),
        new(FilingField.Tax, 14, CellStyle.Default, "本年1月至本季度末实际缴纳的税金，不小于0。"),
        new(FilingField.LandArea, 12, CellStyle.Default, "企业用地面积；租用厂房可不填或填0（此时不计算亩均税收）。"),
        new(FilingField.ResearchSpending, 14, CellStyle.Default, "本年累计研发费用，不小于0。"),
        new(FilingField.Employees, 12, CellStyle.Default, "从业人员数，不小于0的整数。"),
        new(FilingField.Recognitions, 28, CellStyle.Default, "写成“名称:年份”，多项用英文分号 ; 分隔，如“专精特新:2022;高新技术企业:2021”；不超过500字。"),
        new(FilingField.FormerCreditCode, 22, CellStyle.Text, "个转企企业转企前的个体工商户统一社会信用代码（92开头）。本列为文本格式。"),
        new(FilingField.ConversionDate, 12, CellStyle.Date, "个转企的日期，如 2022-05-16。"),
        new(FilingField.Remediation, 10, CellStyle.Default, "“低散乱”整治状态，从下拉列表选择；不是整治对象填“无”或不填。"),
        new(FilingField.RemediationDate, 12, CellStyle.Date, "整治完成（或关停）的日期；整治状态为已整治或已关停时必填。"),
        new(FilingField.IndustryCode, 10, CellStyle.Text, "国民经济行业分类（GB/T 4754）代码，如 C3311 或 3311。本列为文本格式，开头的0会保留。"),
    ];

    public static readonly IReadOnlyList<string> YesNo = ["是", "否"];

    public static readonly IReadOnlyList<string> RemediationStates =
        [.. new[] { RemediationStatus.None, RemediationStatus.InProgress, RemediationStatus.Remediated, RemediationStatus.Closed }.Select(s => s.ToChinese())];

    /// <summary>The header as the template writes it: the column's name with its unit, e.g. <c>营业收入(万元)</c>.</summary>
    public static string Header(FilingField field)
    {
        var column = FilingColumns.Get(field);
        return column.Quantity == Quantity.None ? column.Name : $"{column.Name}({Units.DefaultFor(column.Quantity).Name})";
    }

    public static int IndexOf(FilingField field)
    {
        for (var i = 0; i < All.Count; i++)
        {
            if (All[i].Field == field)
            {
                return i;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(field), field, "not a template column");
    }
}
