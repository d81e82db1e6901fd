using Cultivation.Domain.Progress;
using Cultivation.Domain.Targets;
using static Cultivation.Domain.Tests.Progress.FirmRowBuilder;

namespace Cultivation.Domain.Tests.Progress;

/// <summary>Town targets (目标分解): achieved against each town's share, ranked by rate (SPEC §3).</summary>
public class TownRankingTests
{
    [Fact]
    public void Ranks_towns_by_rate_ties_in_configured_order_and_towns_without_a_share_last()
    {
        // East 2 of 4 (0.5), West 1 of 2 (0.5, tie: configured order puts East first), South 3 without a share.
        var scenario = new Scenario()
            .Quarter(
                "2022Q1",
                Row(Code(1), since: 2022), Row(Code(2), since: 2022),
                Row(Code(3), since: 2022, town: West),
                Row(Code(4), since: 2022, town: South), Row(Code(5), since: 2022, town: South), Row(Code(6), since: 2022, town: South))
            .Target(TargetRules.AboveScaleUpgrades, 10m, shares: new Dictionary<string, decimal> { [West] = 2m, [East] = 4m });

        var byTown = scenario.Compute().Progress.Targets[0].ByTown!;

        Assert.Equal(
            [
                new TownAchievement(East, 2) { Share = 4m, Rate = 0.5m },
                new TownAchievement(West, 1) { Share = 2m, Rate = 0.5m },
                new TownAchievement(South, 3),
            ],
            byTown);
    }

    [Fact]
    public void Ranks_a_higher_rate_before_a_larger_count_and_rounds_the_rate_to_four_places()
    {
        var scenario = new Scenario()
            .Quarter(
                "2022Q1",
                Row(Code(1), since: 2022), Row(Code(2), since: 2022),
                Row(Code(3), since: 2022, town: West))
            .Target(TargetRules.AboveScaleUpgrades, 10m, shares: new Dictionary<string, decimal> { [East] = 3m, [West] = 1m, [South] = 5m });

        var byTown = scenario.Compute().Progress.Targets[0].ByTown!;

        Assert.Equal([West, East, South], byTown.Select(t => t.Town));
        Assert.Equal([1m, 0.6667m, 0m], byTown.Select(t => t.Rate!.Value));
    }
}
