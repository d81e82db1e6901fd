namespace Cultivation.Domain.Targets;

/// <summary>One year's targets of a region, as read from <c>seeds/targets/{year}.json</c>.</summary>
public sealed record YearTargets(int Year, string Region, IReadOnlyList<TargetDefinition> Targets)
{
    public TargetDefinition? Find(string id) =>
        Targets.FirstOrDefault(t => string.Equals(t.Id, id, StringComparison.Ordinal));
}

/// <summary>
/// One target: what it is called, which rule counts it (with its parameters) and the figure to
/// reach. A target of <c>"all"</c> (only for low-efficiency clearing) has no number of its own:
/// it is the size of the baseline set, known only when progress is computed.
/// </summary>
public sealed record TargetDefinition
{
    /// <summary>Cumulative share of a count target expected by the end of Q1–Q4 when none is given.</summary>
    public static readonly IReadOnlyList<decimal> DefaultProfile = [0.25m, 0.5m, 0.75m, 1m];

    /// <summary>Stable id used in routes and storage keys, e.g. <c>above-scale-upgrades</c>.</summary>
    public required string Id { get; init; }

    /// <summary>Chinese name shown to users, e.g. 新增小升规企业.</summary>
    public required string Name { get; init; }

    /// <summary>Canonical rule name (aliases resolved), one of <see cref="TargetRules.Known"/>.</summary>
    public required string Rule { get; init; }

    /// <summary>家, 万元/亩 …</summary>
    public required string Unit { get; init; }

    /// <summary>The figure to reach; null when the target is <c>"all"</c> (see <see cref="IsAll"/>).</summary>
    public decimal? Target { get; init; }

    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Cumulative expected share by the end of Q1–Q4: four values, non-decreasing, within 0..1, the last 1.</summary>
    public IReadOnlyList<decimal> Profile { get; init; } = DefaultProfile;

    /// <summary>Last year's figure, used when last year's filings are not in storage (ratio targets).</summary>
    public decimal? Baseline { get; init; }

    /// <summary>
    /// 目标分解: each town's share of a count target (<c>byTown</c> in the file); empty when the target is
    /// not broken down. Towns are then ranked by achieved ÷ share.
    /// </summary>
    public IReadOnlyDictionary<string, decimal> TownShares { get; init; } = new Dictionary<string, decimal>(StringComparer.Ordinal);

    /// <summary>The target is "all of them" (the whole baseline set of low-efficiency firms).</summary>
    public bool IsAll => Target is null;

    public TargetKind Kind => TargetRules.KindOf(Rule);

    public string? Parameter(string name) => Parameters.TryGetValue(name, out var value) ? value : null;
}
