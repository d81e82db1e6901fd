using Cultivation.Domain.Periods;

namespace Cultivation.Domain.Firms;

/// <summary>整治状态 of a "低散乱" firm.</summary>
public enum RemediationStatus
{
    /// <summary>无: not a remediation case.</summary>
    None = 0,

    /// <summary>整治中.</summary>
    InProgress = 1,

    /// <summary>已整治.</summary>
    Remediated = 2,

    /// <summary>已关停: closed. A closed firm is cleared, never flagged as low-efficiency.</summary>
    Closed = 3,
}

public static class RemediationStatusNames
{
    /// <summary>整治状态 as filers write it: 无, 整治中, 已整治, 已关停.</summary>
    public static string ToChinese(this RemediationStatus status) => status switch
    {
        RemediationStatus.InProgress => "整治中",
        RemediationStatus.Remediated => "已整治",
        RemediationStatus.Closed => "已关停",
        _ => "无",
    };

    /// <summary>Reads 整治状态 as filers write it; false for any other text.</summary>
    public static bool TryParseChinese(string text, out RemediationStatus status)
    {
        (var known, status) = text switch
        {
            "无" => (true, RemediationStatus.None),
            "整治中" => (true, RemediationStatus.InProgress),
            "已整治" => (true, RemediationStatus.Remediated),
            "已关停" => (true, RemediationStatus.Closed),
            _ => (false, RemediationStatus.None),
        };
        return known;
    }
}

/// <summary>A recognition (资质) such as 专精特新 or 小巨人, with the year it was granted.</summary>
public sealed record Recognition(string Name, int Year)
{
    public static readonly IReadOnlyList<string> KnownNames = ["专精特新", "小巨人", "高新技术企业", "科技型中小企业", "创新型中小企业"];
}

/// <summary>
/// One firm's validated row of a filing. Amounts are in 万元 and land in 亩, already scaled from
/// the units of the file; figures are year-to-date of <see cref="Period"/>.
/// </summary>
public sealed record FirmRow
{
    public required CreditCode CreditCode { get; init; }

    public required string Name { get; init; }

    public required string Town { get; init; }

    /// <summary>是否规上.</summary>
    public required bool AboveScale { get; init; }

    /// <summary>规上纳入年份.</summary>
    public int? AboveScaleSince { get; init; }

    /// <summary>营业收入 (万元), year to date.</summary>
    public required decimal Revenue { get; init; }

    /// <summary>营业收入上年同期 (万元).</summary>
    public decimal? RevenueSamePeriodLastYear { get; init; }

    /// <summary>上年营业收入 (万元), last year's full-year revenue.</summary>
    public decimal? RevenueLastYear { get; init; }

    /// <summary>实缴税金 (万元), year to date.</summary>
    public required decimal Tax { get; init; }

    /// <summary>用地面积 (亩); null when not given.</summary>
    public decimal? LandMu { get; init; }

    /// <summary>研发费用 (万元), year to date.</summary>
    public decimal? ResearchSpending { get; init; }

    /// <summary>从业人员 (人).</summary>
    public int? Employees { get; init; }

    public IReadOnlyList<Recognition> Recognitions { get; init; } = [];

    /// <summary>原统一社会信用代码 (the former 92… code of a converted individual business).</summary>
    public CreditCode? FormerCreditCode { get; init; }

    /// <summary>转企日期.</summary>
    public DateOnly? ConversionDate { get; init; }

    public RemediationStatus Remediation { get; init; }

    /// <summary>
    /// 整治状态 was filled in (<c>无</c> included). An empty cell leaves the firm's status as an earlier
    /// row stated it (SPEC section 3), while <c>无</c> states that it is not a remediation case.
    /// </summary>
    public bool RemediationStated { get; init; }

    /// <summary>整治完成日期.</summary>
    public DateOnly? RemediationDate { get; init; }

    /// <summary>行业代码 (GB/T 4754), when given.</summary>
    public string? IndustryCode { get; init; }

    /// <summary>The 1-based row of the sheet the firm came from.</summary>
    public int SourceRow { get; init; }
}
