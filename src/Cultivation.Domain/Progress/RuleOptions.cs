namespace Cultivation.Domain.Progress;

/// <summary>
/// The thresholds of the rules (SPEC section 3), bound from the configuration section <c>Rules</c>.
/// Amounts in 万元, land in 亩, shares as fractions (0.8 = 80%).
/// </summary>
public sealed class RuleOptions
{
    public const string SectionName = "Rules";

    /// <summary>规上 line: annual main revenue of 2,000 万元.</summary>
    public decimal AboveScaleRevenue { get; set; } = 2000m;

    /// <summary>A firm under this 亩均税收 (万元/亩, strictly less) is low-efficiency.</summary>
    public decimal LowEfficiencyThreshold { get; set; } = 5m;

    /// <summary>规下 firms with at least this much land (亩) are evaluated for 亩均税收; 规上 firms always are.</summary>
    public decimal EvaluationScopeLandMu { get; set; } = 3m;

    /// <summary>The 小升规 cultivation pool: 规下 firms with annualised revenue ≥ this share of <see cref="AboveScaleRevenue"/>.</summary>
    public decimal PoolRatio { get; set; } = 0.75m;

    /// <summary>Default line of the revenue-over-threshold rule: 10亿元 = 100,000 万元.</summary>
    public decimal RevenueLine { get; set; } = 100_000m;

    /// <summary>A count target is at risk (not behind) when achieved ≥ this share of the expected figure.</summary>
    public decimal AtRiskShareOfExpected { get; set; } = 0.8m;

    /// <summary>A ratio target is at risk (not behind) when its value ≥ this share of the target.</summary>
    public decimal RatioAtRiskShareOfTarget { get; set; } = 0.9m;

    /// <summary>First GB/T 4754 division that is industrial (06, 采矿业).</summary>
    public int IndustrialDivisionFirst { get; set; } = 6;

    /// <summary>Last GB/T 4754 division that is industrial (46, 水的生产和供应业).</summary>
    public int IndustrialDivisionLast { get; set; } = 46;

    /// <summary>The pool's revenue floor (1,500 万元 by default).</summary>
    public decimal PoolRevenueFloor => PoolRatio * AboveScaleRevenue;
}
