using System.Text.Json.Serialization;
using Cultivation.Domain.City;
using Cultivation.Domain.Firms;
using Cultivation.Domain.Periods;
using Cultivation.Domain.Targets;

namespace Cultivation.Domain.Progress;

/// <summary>One firm's row as filed for a period by a source (a town or 统计局).</summary>
public sealed record FiledRow(Period Period, string Source, FirmRow Row);

/// <summary>
/// Everything progress is computed from. <see cref="Rows"/> should cover last year and this year
/// (last year's rows decide 小升规, 10亿 and the baselines); <see cref="AcceptedSources"/> names, for
/// each period, the sources with an accepted filing (it decides which quarters are complete).
/// </summary>
public sealed record ProgressInput
{
    public required int Year { get; init; }

    public required IReadOnlyList<FiledRow> Rows { get; init; }

    public required IReadOnlyDictionary<Period, IReadOnlySet<string>> AcceptedSources { get; init; }

    public required YearTargets Targets { get; init; }

    public required CityOptions City { get; init; }

    public required RuleOptions Options { get; init; }

    public required DateTimeOffset ComputedAt { get; init; }
}

/// <summary>What <see cref="ProgressCalculator.Compute"/> gives: the year's body and each target's detail.</summary>
public sealed record ProgressResult(YearProgress Progress, IReadOnlyList<TargetDetail> Details)
{
    public TargetDetail? Detail(string targetId) =>
        Details.FirstOrDefault(d => string.Equals(d.Id, targetId, StringComparison.Ordinal));
}

/// <summary>The body of <c>GET /api/progress/{year}</c>.</summary>
public sealed record YearProgress
{
    public required int Year { get; init; }

    /// <summary>The latest complete quarter, e.g. <c>2022Q2</c>; null (written as null) before the first.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public required string? AsOf { get; init; }

    /// <summary>UTC, so that it is written with a <c>Z</c>.</summary>
    public required DateTime ComputedAt { get; init; }

    /// <summary>The quarter after <see cref="AsOf"/> when at least one town filed it; else null (written as null).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public required NextPeriodStatus? NextPeriod { get; init; }

    /// <summary>
    /// Whether the statistics bureau filed the as-of period (false before the first complete quarter):
    /// it files the large firms that weigh on 亩均 and 10亿, so a reader should know when they are missing.
    /// </summary>
    public bool StatisticsBureauFiled { get; init; }

    public required IReadOnlyList<TargetProgress> Targets { get; init; }

    /// <summary>The year's progress at every complete quarter up to the as-of period (the trend), from the filings now in force.</summary>
    public IReadOnlyList<ProgressAtQuarter> History { get; init; } = [];

    /// <summary>The same for last year, with this year's rules and targets applied to last year's filings (同比); empty when none.</summary>
    public IReadOnlyList<ProgressAtQuarter> LastYear { get; init; } = [];
}

/// <summary>One point of a trend: every target's figure and status as of a complete quarter.</summary>
public sealed record ProgressAtQuarter(string Period, IReadOnlyList<TargetAtQuarter> Targets);

/// <summary>A target at one quarter: <c>achieved</c> and <c>expected</c> (count) or <c>value</c> (ratio), and the status.</summary>
public sealed record TargetAtQuarter
{
    public required string Id { get; init; }

    public int? Achieved { get; init; }

    public decimal? Expected { get; init; }

    public decimal? Value { get; init; }

    public required string Status { get; init; }

    public static TargetAtQuarter Of(TargetProgress target) => new()
    {
        Id = target.Id,
        Achieved = target.Achieved,
        Expected = target.Expected,
        Value = target.Value,
        Status = target.Status,
    };
}

/// <summary>
/// How far the sources are with the quarter after the as-of one: <c>filed</c> of <c>of</c> (the towns, and
/// the statistics bureau where the city requires it), and who is missing.
/// </summary>
public sealed record NextPeriodStatus(string Period, int Filed, int Of, IReadOnlyList<string> Missing);

/// <summary>
/// One target's progress. Count targets carry <c>achieved</c>, <c>expected</c> and <c>byTown</c>;
/// ratio targets carry <c>value</c>, <c>gap</c> and <c>baseline</c>. Absent figures are null and
/// omitted from JSON.
/// </summary>
public record TargetProgress
{
    public required string Id { get; init; }

    public required string Name { get; init; }

    /// <summary><c>count</c> or <c>ratio</c>.</summary>
    public required string Kind { get; init; }

    public required string Unit { get; init; }

    /// <summary>The figure to reach; for a target of "all", the size of the baseline set.</summary>
    public required decimal Target { get; init; }

    /// <summary><c>all</c> when the target is the whole baseline set.</summary>
    public string? TargetText { get; init; }

    /// <summary>Distinct firms counted (count targets).</summary>
    public int? Achieved { get; init; }

    /// <summary>target × profile[q] at the as-of quarter, exact, never rounded (count targets); null before the first complete quarter.</summary>
    public decimal? Expected { get; init; }

    /// <summary>The ratio at the as-of period (万元/亩), rounded to 4 places; absent before the first complete quarter or when nothing is evaluable.</summary>
    public decimal? Value { get; init; }

    /// <summary>target − value (ratio targets).</summary>
    public decimal? Gap { get; init; }

    /// <summary>Last year's value (ratio targets): computed from last year's Q4 when complete, else the configured baseline.</summary>
    public decimal? Baseline { get; init; }

    /// <summary>Where a baseline came from: a period such as <c>2021Q4</c>, or <c>configured</c>.</summary>
    public string? BaselinePeriod { get; init; }

    /// <summary><c>achieved</c>, <c>on-track</c>, <c>at-risk</c>, <c>behind</c> or <c>no-data</c>.</summary>
    public required string Status { get; init; }

    /// <summary>已完成, 进度正常, 有风险, 滞后 or 暂无数据.</summary>
    public required string StatusName { get; init; }

    /// <summary>
    /// Every configured town, zeros included (count targets): most achieved first, or, when the target
    /// has town shares, highest rate first and the towns without a share last.
    /// </summary>
    public IReadOnlyList<TownAchievement>? ByTown { get; init; }

    /// <summary>Just the target object (a detail's lists left behind), as the year's body lists it.</summary>
    public TargetProgress ToSummary() => new(this);
}

/// <summary>A town's count; with its share of the target and <c>rate</c> = achieved ÷ share (a fraction, 4 places) where the target has shares.</summary>
public sealed record TownAchievement(string Town, int Achieved)
{
    public decimal? Share { get; init; }

    public decimal? Rate { get; init; }
}

/// <summary>
/// The body of <c>GET /api/progress/{year}/{targetId}</c>: the target object plus the firms that
/// count toward it, and where they apply the 小升规 pool, 10亿 projections and unknowns, and the
/// low-efficiency baseline firms not cleared.
/// </summary>
public sealed record TargetDetail : TargetProgress
{
    [System.Diagnostics.CodeAnalysis.SetsRequiredMembers]
    public TargetDetail(TargetProgress target)
        : base(target)
    {
    }

    // The lists follow the target's own fields (a derived record's properties would otherwise come first).
    [JsonPropertyOrder(1)]
    public IReadOnlyList<TargetFirm> Firms { get; init; } = [];

    [JsonPropertyOrder(2)]
    public IReadOnlyList<PoolFirm>? Pool { get; init; }

    [JsonPropertyOrder(3)]
    public IReadOnlyList<RevenueFirm>? Projected { get; init; }

    [JsonPropertyOrder(4)]
    public IReadOnlyList<RevenueFirm>? Unknown { get; init; }

    [JsonPropertyOrder(5)]
    public IReadOnlyList<NotClearedFirm>? NotCleared { get; init; }
}

/// <summary>
/// A firm that counts toward a target, with the figures that made it count (absent ones null): for the 亩均
/// ratio its share of the sums; for 小升规 its entry year and revenue; for 10亿 its YTD revenue and last
/// year's; for 个转企 the former code and date; for a recognition the 资质; for 整治 the status and date.
/// </summary>
public sealed record TargetFirm(string CreditCode, string Name, string Town)
{
    /// <summary>Annualised tax (万元) at the as-of period.</summary>
    public decimal? AnnualisedTax { get; init; }

    /// <summary>用地面积 (亩) at the as-of period.</summary>
    public decimal? LandMu { get; init; }

    /// <summary>亩均税收 (万元/亩) at the as-of period.</summary>
    public decimal? TaxPerMu { get; init; }

    /// <summary>规上纳入年份 (小升规).</summary>
    public int? AboveScaleSince { get; init; }

    /// <summary>营业收入 year to date (万元): of the firm's latest row (小升规), or the year's highest, which reached the line (10亿).</summary>
    public decimal? Revenue { get; init; }

    /// <summary>Annualised 营业收入 (万元) of the latest row (小升规).</summary>
    public decimal? AnnualisedRevenue { get; init; }

    /// <summary>Last year's revenue (万元) the 10亿 rule compared with.</summary>
    public decimal? LastYearRevenue { get; init; }

    /// <summary>原统一社会信用代码 (个转企).</summary>
    public string? FormerCreditCode { get; init; }

    /// <summary>转企日期 (个转企).</summary>
    public DateOnly? ConversionDate { get; init; }

    /// <summary>The 资质 that counts, e.g. <c>小巨人:2022</c>.</summary>
    public string? Recognition { get; init; }

    /// <summary>整治状态 in Chinese (整治; 已关停 also for a low-efficiency firm cleared by closing).</summary>
    public string? Remediation { get; init; }

    /// <summary>整治完成日期.</summary>
    public DateOnly? RemediationDate { get; init; }
}

/// <summary>A 规下 firm of the 小升规 cultivation pool, ranked by annualised revenue (万元).</summary>
public sealed record PoolFirm(int Rank, string CreditCode, string Name, string Town, decimal AnnualisedRevenue);

/// <summary>A firm near the 10亿 line: projected to cross it, or with last year's revenue unknown.</summary>
public sealed record RevenueFirm(string CreditCode, string Name, string Town, decimal AnnualisedRevenue)
{
    public decimal? LastYearRevenue { get; init; }
}

/// <summary>A low-efficiency baseline firm not (yet) cleared, with the reason in Chinese and English.</summary>
public sealed record NotClearedFirm(string CreditCode, string Name, string Town, string Reason, string ReasonEn)
{
    public decimal? TaxPerMu { get; init; }
}

/// <summary>The statuses of a target and their Chinese names.</summary>
public static class ProgressStatus
{
    public const string Achieved = "achieved";
    public const string OnTrack = "on-track";
    public const string AtRisk = "at-risk";
    public const string Behind = "behind";

    /// <summary>Before the first complete quarter, or a ratio with nothing to divide: no figure to judge.</summary>
    public const string NoData = "no-data";

    public const string Count = "count";
    public const string Ratio = "ratio";

    public static string ChineseName(string status) => status switch
    {
        Achieved => "已完成",
        OnTrack => "进度正常",
        AtRisk => "有风险",
        Behind => "滞后",
        NoData => "暂无数据",
        _ => status,
    };
}
