using Cultivation.Domain.Progress;

namespace Cultivation.Application.Leaders;

/// <summary>
/// What leaders see of a year (SPEC §5 exports and dashboard): every target with its trend and town ranking,
/// the firms behind each number, the low-efficiency list and data gaps of the as-of period, and how far the
/// towns are with the next quarter. With a town, the lists hold that town's firms only; the targets stay the
/// city's (a town's own count is its row of the ranking).
/// </summary>
public sealed record LeadersReport
{
    public required string CityName { get; init; }

    public required int Year { get; init; }

    /// <summary>The city's towns, in the configured order.</summary>
    public required IReadOnlyList<string> Towns { get; init; }

    /// <summary>The town the lists are limited to; null for the whole city.</summary>
    public string? Town { get; init; }

    /// <summary>The progress body (<c>GET /api/progress/{year}</c>), as stored.</summary>
    public required YearProgress Progress { get; init; }

    /// <summary>Each target's detail in the order of <see cref="YearProgress.Targets"/>, lists limited to <see cref="Town"/>.</summary>
    public required IReadOnlyList<TargetDetail> Details { get; init; }

    /// <summary>The low-efficiency list and data gaps of the as-of period; null before the first complete quarter.</summary>
    public LowEfficiencyList? LowEfficiency { get; init; }

    /// <summary>The quarter after the as-of one (the year's Q1 before any), the one the towns are filing now.</summary>
    public required string NextPeriod { get; init; }

    /// <summary>The configured towns with an accepted filing of <see cref="NextPeriod"/>, in the configured order.</summary>
    public required IReadOnlyList<string> FiledNext { get; init; }

    /// <summary>The configured towns without one.</summary>
    public required IReadOnlyList<string> MissingNext { get; init; }

    /// <summary>When the report was put together (UTC); shown in China time.</summary>
    public required DateTimeOffset GeneratedAt { get; init; }

    public TargetDetail? Detail(string targetId) => Details.FirstOrDefault(d => d.Id == targetId);

    public IReadOnlyList<TrendPoint> Trend(string targetId) => TargetTrend.Of(Progress, targetId);

    /// <summary>The targets whose towns have shares (目标分解), with their ranking.</summary>
    public IEnumerable<TargetProgress> Ranked => Progress.Targets.Where(t => t.ByTown?.Any(b => b.Share is not null) == true);

    /// <summary>The file name leaders save the workbook under, e.g. <c>永康市企业梯度培育-2022-东城街道.xlsx</c>.</summary>
    public string WorkbookName => FileName(CityName, Year, Town);

    public static string FileName(string cityName, int year, string? town) => $"{cityName}企业梯度培育-{year}{(town is null ? string.Empty : "-" + town)}.xlsx";
}
