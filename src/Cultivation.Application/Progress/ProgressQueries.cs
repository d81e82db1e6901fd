using Cultivation.Domain;
using Cultivation.Domain.City;
using Cultivation.Domain.Periods;
using Cultivation.Domain.Progress;
using Microsoft.Extensions.Options;

namespace Cultivation.Application.Progress;

/// <summary>What the HTTP API and the CLI answer. Each query says what is missing in both languages.</summary>
public sealed class ProgressQueries(
    IProgressStore store,
    ITargetStore targets,
    ProgressService progress,
    AcceptedRows acceptedRows,
    IOptions<CityOptions> city,
    IOptions<RuleOptions> rules)
{
    public async Task<QueryResult<YearProgress>> YearAsync(int year, CancellationToken cancellationToken)
    {
        var stored = await store.GetAsync(year, cancellationToken).ConfigureAwait(false);
        if (stored is null)
        {
            // Targets loaded but nothing computed yet (no filing accepted since): compute now, once.
            stored = await progress.RecomputeAsync(year, cancellationToken).ConfigureAwait(false);
        }

        return stored is null ? NoTargets(year) : QueryResult<YearProgress>.Found(stored.Progress);
    }

    public async Task<QueryResult<TargetDetail>> TargetAsync(int year, string targetId, CancellationToken cancellationToken)
    {
        var yearTargets = await targets.GetAsync(year, cancellationToken).ConfigureAwait(false);
        if (yearTargets is null)
        {
            return QueryResult<TargetDetail>.NotFound(NoTargetsProblem(year));
        }

        if (yearTargets.Targets.All(t => t.Id != targetId))
        {
            return QueryResult<TargetDetail>.NotFound(new Problem(
                $"{year}年没有指标“{targetId}”（可用：{string.Join("、", yearTargets.Targets.Select(t => t.Id))}）",
                $"{year} has no target '{targetId}' (known: {string.Join(", ", yearTargets.Targets.Select(t => t.Id))})"));
        }

        var detail = await store.GetDetailAsync(year, targetId, cancellationToken).ConfigureAwait(false);
        if (detail is null)
        {
            await progress.RecomputeAsync(year, cancellationToken).ConfigureAwait(false);
            detail = await store.GetDetailAsync(year, targetId, cancellationToken).ConfigureAwait(false);
        }

        return detail is null ? QueryResult<TargetDetail>.NotFound(NoTargetsProblem(year)) : QueryResult<TargetDetail>.Found(detail);
    }

    public async Task<QueryResult<LowEfficiencyList>> LowEfficiencyAsync(Period period, string? town, CancellationToken cancellationToken)
    {
        if (town is not null && !city.Value.IsTown(town))
        {
            return QueryResult<LowEfficiencyList>.Invalid(new Problem($"“{town}”不是本市的镇街", $"'{town}' is not one of the city's towns"));
        }

        // Stored with the year's progress where the year has targets; any other period with accepted filings
        // (last year's, say, whose Q4 is this year's baseline) is flagged from its rows on the spot.
        var list = await store.GetLowEfficiencyAsync(period.Year, period, cancellationToken).ConfigureAwait(false);
        if (list is null)
        {
            var (entries, _) = await acceptedRows.AcceptedAsync([period], cancellationToken).ConfigureAwait(false);
            var filed = await acceptedRows.RowsAsync(entries, cancellationToken).ConfigureAwait(false);
            list = LowEfficiencyList.For(period, filed.Select(r => r.Row), rules.Value);
        }

        return QueryResult<LowEfficiencyList>.Found(town is null ? list : list with
        {
            Firms = [.. list.Firms.Where(f => f.Town == town)],
            DataGaps = [.. list.DataGaps.Where(g => g.Town == town)],
        });
    }

    private static QueryResult<YearProgress> NoTargets(int year) => QueryResult<YearProgress>.NotFound(NoTargetsProblem(year));

    private static Problem NoTargetsProblem(int year) =>
        new($"{year}年的指标尚未载入（cultivation targets load seeds/targets/{year}.json）", $"no targets are loaded for {year} (cultivation targets load seeds/targets/{year}.json)");
}

/// <summary>An answer, or why there is none: not found (404) or invalid input (400).</summary>
public sealed record QueryResult<T>(T? Value, Problem? Problem, bool IsInvalid)
    where T : class
{
    public static QueryResult<T> Found(T value) => new(value, null, false);

    public static QueryResult<T> NotFound(Problem problem) => new(null, problem, false);

    public static QueryResult<T> Invalid(Problem problem) => new(null, problem, true);
}
