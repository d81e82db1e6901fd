using Cultivation.Domain.City;
using Cultivation.Domain.Firms;
using Cultivation.Domain.Targets;

namespace Cultivation.Domain.Progress;

/// <summary>
/// A count target's <c>byTown</c> (SPEC section 3): every configured town with its count. Without town
/// shares, most achieved first; with them (目标分解), each town's rate = achieved ÷ share, highest rate
/// first, ties in the configured town order, and the towns without a share last with a null rate.
/// </summary>
internal static class TownRanking
{
    public static IReadOnlyList<TownAchievement> Rank(IReadOnlyList<FirmRow> counted, TargetDefinition definition, CityOptions city)
    {
        var achieved = counted.GroupBy(f => f.Town, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var towns = city.Towns
            .Select((town, order) => (Town: town, Order: order))
            .Concat(achieved.Keys.Where(t => !city.IsTown(t)).Order(StringComparer.Ordinal).Select(t => (Town: t, Order: int.MaxValue)))
            .Select(x => (x.Town, x.Order, Achieved: achieved.GetValueOrDefault(x.Town)))
            .ToList();

        var shares = definition.TownShares;
        var withShare = towns
            .Where(t => shares.ContainsKey(t.Town))
            .Select(t => (t.Town, t.Order, t.Achieved, Share: shares[t.Town]))
            .OrderByDescending(t => t.Achieved / t.Share)
            .ThenBy(t => t.Order)
            .Select(t => new TownAchievement(t.Town, t.Achieved)
            {
                Share = FirmFigures.Normalize(t.Share),
                Rate = FirmFigures.Round(t.Achieved / t.Share),
            });
        var without = towns
            .Where(t => !shares.ContainsKey(t.Town))
            .OrderByDescending(t => t.Achieved)
            .ThenBy(t => t.Order)
            .Select(t => new TownAchievement(t.Town, t.Achieved));
        return [.. withShare, .. without];
    }
}
