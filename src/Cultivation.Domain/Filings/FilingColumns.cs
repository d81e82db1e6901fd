namespace Cultivation.Domain.Filings;

/// <summary>The fields a filing's columns carry (section 2 of the spec).</summary>
public enum FilingField
{
    CreditCode,
    Name,
    Town,
    AboveScale,
    AboveScaleSince,
    Revenue,
    RevenueSamePeriodLastYear,
    RevenueLastYear,
    Tax,
    LandArea,
    ResearchSpending,
    Employees,
    Recognitions,
    FormerCreditCode,
    ConversionDate,
    Remediation,
    RemediationDate,
    IndustryCode,
    Period,
}

/// <summary>One column of the filing format: its canonical header, accepted aliases and unit kind.</summary>
public sealed record FilingColumn(FilingField Field, string Name, bool Required, Quantity Quantity, params string[] Aliases);

/// <summary>The column table of section 2 of the spec.</summary>
public static class FilingColumns
{
    public static readonly IReadOnlyList<FilingColumn> All =
    [
        new(FilingField.CreditCode, "统一社会信用代码", true, Quantity.None),
        new(FilingField.Name, "企业名称", true, Quantity.None, "单位名称", "名称"),
        new(FilingField.Town, "所属镇街", true, Quantity.None, "镇街", "乡镇街道"),
        new(FilingField.AboveScale, "是否规上", true, Quantity.None),
        new(FilingField.AboveScaleSince, "规上纳入年份", false, Quantity.None),
        new(FilingField.Revenue, "营业收入", true, Quantity.Money),
        new(FilingField.RevenueSamePeriodLastYear, "营业收入上年同期", false, Quantity.Money),
        new(FilingField.RevenueLastYear, "上年营业收入", false, Quantity.Money),
        new(FilingField.Tax, "实缴税金", true, Quantity.Money, "税收"),
        new(FilingField.LandArea, "用地面积", false, Quantity.Land),
        new(FilingField.ResearchSpending, "研发费用", false, Quantity.Money),
        new(FilingField.Employees, "从业人员", false, Quantity.Headcount),
        new(FilingField.Recognitions, "资质", false, Quantity.None),
        new(FilingField.FormerCreditCode, "原统一社会信用代码", false, Quantity.None),
        new(FilingField.ConversionDate, "转企日期", false, Quantity.None),
        new(FilingField.Remediation, "整治状态", false, Quantity.None),
        new(FilingField.RemediationDate, "整治完成日期", false, Quantity.None),
        new(FilingField.IndustryCode, "行业代码", false, Quantity.None),
        new(FilingField.Period, "报告期", false, Quantity.None),
    ];

    private static readonly Dictionary<string, FilingColumn> s_byName = Index();

    public static FilingColumn Get(FilingField field) => All[(int)field];

    /// <summary>The column whose name or alias is <paramref name="normalisedName"/> (see <see cref="HeaderMap.Normalise"/>).</summary>
    public static bool TryFind(string normalisedName, out FilingColumn column) =>
        s_byName.TryGetValue(normalisedName, out column!);

    private static Dictionary<string, FilingColumn> Index()
    {
        var map = new Dictionary<string, FilingColumn>(StringComparer.Ordinal);
        foreach (var column in All)
        {
            map.Add(column.Name, column);
            foreach (var alias in column.Aliases)
            {
                map.Add(alias, column);
            }
        }

        return map;
    }
}
