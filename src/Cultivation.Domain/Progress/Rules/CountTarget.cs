using Cultivation.Domain.Targets;

namespace Cultivation.Domain.Progress.Rules;

/// <summary>
/// A count target: its rule's firms as of the as-of period, expected = target × profile[q] (exact), the
/// status, and the towns. Before the first complete quarter there is nothing to judge: <c>no-data</c>,
/// with no expected figure and nothing counted.
/// </summary>
internal static class CountTarget
{
    public static TargetDetail Evaluate(TargetDefinition definition, YearData data)
    {
        var outcome = definition.Rule switch
        {
            TargetRules.AboveScaleUpgrades => AboveScaleUpgradesRule.Count(data),
            TargetRules.IndividualToEnterprise => IndividualToEnterpriseRule.Count(data),
            TargetRules.Recognitions => RecognitionsRule.Count(definition, data),
            TargetRules.RevenueOverThreshold => RevenueOverThresholdRule.Count(definition, data),
            TargetRules.LowEfficiencyCleared => LowEfficiencyClearedRule.Count(data),
            TargetRules.ScatteredFirmsRemediated => ScatteredFirmsRemediatedRule.Count(data),
            _ => throw new InvalidOperationException($"no count rule '{definition.Rule}'"),
        };

        var target = definition.Target ?? outcome.AllTarget ?? 0m;
        var firms = data.AsOf is null ? [] : outcome.Firms;
        decimal? expected = data.AsOf is { } asOf ? target * definition.Profile[asOf.Quarter - 1] : null;
        var status = expected is { } e ? ProgressCalculator.CountStatus(firms.Count, target, e, data.Options) : ProgressStatus.NoData;

        var progress = new TargetProgress
        {
            Id = definition.Id,
            Name = definition.Name,
            Kind = ProgressStatus.Count,
            Unit = definition.Unit,
            Target = FirmFigures.Normalize(target),
            TargetText = definition.IsAll ? TargetsFile.All : null,
            Achieved = firms.Count,
            Expected = expected is { } shown ? FirmFigures.Normalize(shown) : null,
            BaselinePeriod = outcome.BaselinePeriod,
            Status = status,
            StatusName = ProgressStatus.ChineseName(status),
            ByTown = TownRanking.Rank(firms, definition, data.Input.City),
        };

        return new TargetDetail(progress)
        {
            Firms = data.Sorted(firms).Select(r => CountedFigures.For(definition, r, data)).ToList(),
            Pool = outcome.Pool,
            Projected = outcome.Projected,
            Unknown = outcome.Unknown,
            NotCleared = outcome.NotCleared,
        };
    }
}
