using Cultivation.Domain.City;
using Cultivation.Domain.Periods;

namespace Cultivation.Domain.Progress;

/// <summary>
/// Which quarters are complete (SPEC section 3): every configured town has an accepted filing, and
/// the statistics bureau too where the city requires it (<see cref="CityOptions.StatisticsBureauRequired"/>).
/// </summary>
public static class FilingCompleteness
{
    /// <summary>The sources a quarter waits for: the towns in configured order, then the bureau when required.</summary>
    public static IReadOnlyList<string> RequiredSources(CityOptions city) =>
        city.StatisticsBureauRequired ? [.. city.Towns, city.StatisticsBureau] : city.Towns;

    public static bool IsComplete(Period period, IReadOnlyDictionary<Period, IReadOnlySet<string>> acceptedSources, CityOptions city) =>
        acceptedSources.TryGetValue(period, out var sources) && RequiredSources(city).All(sources.Contains);

    /// <summary>The latest complete quarter of <paramref name="year"/>, even if an earlier one is still incomplete; null when none is.</summary>
    public static Period? AsOf(int year, IReadOnlyDictionary<Period, IReadOnlySet<string>> acceptedSources, CityOptions city) =>
        CompleteQuarters(year, null, acceptedSources, city).Cast<Period?>().LastOrDefault();

    /// <summary>The complete quarters of <paramref name="year"/> up to <paramref name="upTo"/> (all when null), in order.</summary>
    public static IEnumerable<Period> CompleteQuarters(int year, Period? upTo, IReadOnlyDictionary<Period, IReadOnlySet<string>> acceptedSources, CityOptions city) =>
        Enumerable.Range(1, 4)
            .Select(q => new Period(year, q))
            .Where(p => (upTo is null || p <= upTo.Value) && IsComplete(p, acceptedSources, city));

    /// <summary>The quarter after <paramref name="asOf"/> (Q1 when null) when at least one required source filed it; null otherwise and after Q4.</summary>
    public static NextPeriodStatus? NextPeriod(int year, Period? asOf, IReadOnlyDictionary<Period, IReadOnlySet<string>> acceptedSources, CityOptions city)
    {
        if (asOf is { Quarter: 4 })
        {
            return null;
        }

        var next = asOf?.Next ?? new Period(year, 1);
        var filed = acceptedSources.TryGetValue(next, out var sources) ? sources : new HashSet<string>();
        var required = RequiredSources(city);
        var missing = required.Where(s => !filed.Contains(s)).ToList();
        var count = required.Count - missing.Count;
        return count == 0 ? null : new NextPeriodStatus(next.ToString(), count, required.Count, missing);
    }

    /// <summary>Whether the statistics bureau has an accepted filing for the as-of period.</summary>
    public static bool BureauFiled(Period? asOf, IReadOnlyDictionary<Period, IReadOnlySet<string>> acceptedSources, CityOptions city) =>
        asOf is { } period && acceptedSources.TryGetValue(period, out var sources) && sources.Contains(city.StatisticsBureau);
}
