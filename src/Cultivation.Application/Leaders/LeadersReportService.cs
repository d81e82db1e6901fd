using Cultivation.Application.Progress;
using Cultivation.Domain;
using Cultivation.Domain.City;
using Cultivation.Domain.Periods;
using Cultivation.Domain.Progress;
using Microsoft.Extensions.Options;

namespace Cultivation.Application.Leaders;

/// <summary>Puts a <see cref="LeadersReport"/> together from the stored progress: the body, each target's detail and the as-of low-efficiency list.</summary>
public sealed class LeadersReportService(ProgressQueries queries, IProgressStore store, IOptions<CityOptions> city, TimeProvider clock)
{
    private readonly CityOptions _city = city.Value;

    /// <summary>The year leaders mean by default: this year in China time, or last year while this year has no complete quarter.</summary>
    public async Task<int> DefaultYearAsync(CancellationToken cancellationToken)
    {
        var year = ChinaTime.Of(clock.GetUtcNow()).Year;
        if ((await queries.YearAsync(year, cancellationToken).ConfigureAwait(false)).Value?.AsOf is not null)
        {
            return year;
        }

        return (await queries.YearAsync(year - 1, cancellationToken).ConfigureAwait(false)).Value is not null ? year - 1 : year;
    }

    public async Task<QueryResult<LeadersReport>> BuildAsync(int year, string? town, CancellationToken cancellationToken)
    {
        if (town is not null && !_city.IsTown(town))
        {
            return QueryResult<LeadersReport>.Invalid(new Problem($"“{town}”不是本市的镇街", $"'{town}' is not one of the city's towns"));
        }

        var yearResult = await queries.YearAsync(year, cancellationToken).ConfigureAwait(false);
        if (yearResult.Value is not { } progress)
        {
            return QueryResult<LeadersReport>.NotFound(yearResult.Problem!);
        }

        var details = new List<TargetDetail>();
        foreach (var target in progress.Targets)
        {
            // The stored evidence of the computation in force; the query recomputes only when it is missing.
            var detail = await store.GetDetailAsync(year, target.Id, cancellationToken).ConfigureAwait(false)
                ?? (await queries.TargetAsync(year, target.Id, cancellationToken).ConfigureAwait(false)).Value
                ?? new TargetDetail(target);
            details.Add(town is null ? detail : OfTown(detail, town));
        }

        LowEfficiencyList? lowEfficiency = null;
        if (Period.TryParse(progress.AsOf, out var asOf))
        {
            lowEfficiency = (await queries.LowEfficiencyAsync(asOf, town, cancellationToken).ConfigureAwait(false)).Value;
        }

        var next = Period.TryParse(progress.AsOf, out var p) ? p.Next : new Period(year, 1);
        var missing = progress.NextPeriod is { } status && status.Period == next.ToString()
            ? status.Missing.ToHashSet(StringComparer.Ordinal)
            : _city.Towns.ToHashSet(StringComparer.Ordinal);
        return QueryResult<LeadersReport>.Found(new LeadersReport
        {
            CityName = _city.Name,
            Year = year,
            Towns = _city.Towns,
            Town = town,
            Progress = progress,
            Details = details,
            LowEfficiency = lowEfficiency,
            NextPeriod = next.ToString(),
            FiledNext = [.. _city.Towns.Where(t => !missing.Contains(t))],
            MissingNext = [.. _city.Towns.Where(missing.Contains)],
            GeneratedAt = clock.GetUtcNow(),
        });
    }

    private static TargetDetail OfTown(TargetDetail detail, string town) => detail with
    {
        Firms = [.. detail.Firms.Where(f => f.Town == town)],
        Pool = detail.Pool is null ? null : [.. detail.Pool.Where(f => f.Town == town)],
        Projected = detail.Projected is null ? null : [.. detail.Projected.Where(f => f.Town == town)],
        Unknown = detail.Unknown is null ? null : [.. detail.Unknown.Where(f => f.Town == town)],
        NotCleared = detail.NotCleared is null ? null : [.. detail.NotCleared.Where(f => f.Town == town)],
    };
}
