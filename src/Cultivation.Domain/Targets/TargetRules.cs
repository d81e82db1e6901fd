namespace Cultivation.Domain.Targets;

/// <summary>How a target's figure is formed: a number of distinct firms, or a ratio (亩均税收).</summary>
public enum TargetKind
{
    Count = 0,
    Ratio = 1,
}

/// <summary>
/// The rules a target can name. A new target of an existing rule (say 新增高新技术企业 as
/// <see cref="Recognitions"/> with the parameter <c>recognition</c>) is data, not code.
/// </summary>
public static class TargetRules
{
    public const string AboveScaleUpgrades = "above-scale-upgrades";
    public const string IndividualToEnterprise = "individual-to-enterprise";
    public const string Recognitions = "recognitions";
    public const string RevenueOverThreshold = "revenue-over-threshold";
    public const string TaxPerMuAverage = "tax-per-mu-average";
    public const string LowEfficiencyCleared = "low-efficiency-cleared";
    public const string ScatteredFirmsRemediated = "scattered-firms-remediated";

    /// <summary>The work plan's own id for the 10亿 target, accepted as a rule name too.</summary>
    public const string RevenueOverOneBillionAlias = "revenue-over-1bn";

    /// <summary>Parameter of <see cref="Recognitions"/>: the 资质 name, one of <c>Recognition.KnownNames</c>.</summary>
    public const string RecognitionParameter = "recognition";

    /// <summary>Parameter of <see cref="RevenueOverThreshold"/>: the line in 万元 (default <c>Rules:RevenueLine</c>).</summary>
    public const string ThresholdParameter = "threshold";

    public static readonly IReadOnlyList<string> Known =
    [
        AboveScaleUpgrades, IndividualToEnterprise, Recognitions, RevenueOverThreshold,
        TaxPerMuAverage, LowEfficiencyCleared, ScatteredFirmsRemediated,
    ];

    /// <summary>The canonical rule name for a name written in a targets file (aliases resolved).</summary>
    public static bool TryNormalize(string? name, out string rule)
    {
        var trimmed = (name ?? string.Empty).Trim();
        if (string.Equals(trimmed, RevenueOverOneBillionAlias, StringComparison.Ordinal))
        {
            rule = RevenueOverThreshold;
            return true;
        }

        rule = Known.FirstOrDefault(k => string.Equals(k, trimmed, StringComparison.Ordinal)) ?? string.Empty;
        return rule.Length > 0;
    }

    public static TargetKind KindOf(string rule) =>
        string.Equals(rule, TaxPerMuAverage, StringComparison.Ordinal) ? TargetKind.Ratio : TargetKind.Count;
}
