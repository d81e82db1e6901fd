using Cultivation.Application.Alerts;
using Cultivation.Application.Storage;
using Cultivation.Domain.City;
using Cultivation.Domain.Periods;
using Cultivation.Domain.Progress;

namespace Cultivation.Domain.Tests.Alerts;

/// <summary>Small inputs for digest tests: a year's progress, details, filings.</summary>
internal static class DigestSamples
{
    public static readonly TimeZoneInfo China = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    /// <summary>Monday 2022-10-17 08:30 China time (ISO week 42).</summary>
    public static readonly DateTimeOffset Monday = new(2022, 10, 17, 0, 30, 0, TimeSpan.Zero);

    public static TargetProgress Count(string id, string name, decimal target, int achieved, decimal expected, string status) => new()
    {
        Id = id,
        Name = name,
        Kind = ProgressStatus.Count,
        Unit = "家",
        Target = target,
        Achieved = achieved,
        Expected = expected,
        Status = status,
        StatusName = ProgressStatus.ChineseName(status),
    };

    public static TargetProgress Ratio(string id, string name, decimal target, decimal value, string status) => new()
    {
        Id = id,
        Name = name,
        Kind = ProgressStatus.Ratio,
        Unit = "万元/亩",
        Target = target,
        Value = value,
        Gap = target - value,
        Status = status,
        StatusName = ProgressStatus.ChineseName(status),
    };

    public static YearProgress YearOf(params TargetProgress[] targets) => new()
    {
        Year = 2022,
        AsOf = "2022Q3",
        ComputedAt = new DateTime(2022, 10, 16, 0, 0, 0, DateTimeKind.Utc),
        NextPeriod = null,
        Targets = targets,
    };

    public static TargetDetail Detail(TargetProgress target, params TargetFirm[] firms) => new(target) { Firms = firms };

    public static TargetFirm Firm(string code, string name = "企业", string town = "东城街道") => new(code, name, town);

    public static LowEfficiencyFirm Flagged(string code, string name = "低效企业", decimal taxPerMu = 2.5m) => new(code, name, "西城街道", taxPerMu, 10m, taxPerMu * 10m);

    public static LedgerEntry Accepted(string town, Period period) => new()
    {
        BlobName = $"{period.Year}/Q{period.Quarter}/{town}.xlsx",
        Period = period,
        Source = town,
        Status = FilingStatus.Accepted,
        CurrentSha = "abc",
    };

    public static LedgerEntry RejectedOnly(string town, Period period) => Accepted(town, period) with { Status = FilingStatus.Rejected, CurrentSha = null };

    public static FilingVersion RejectedVersion(string town, DateTimeOffset at, string reason, int errors = 1) => new()
    {
        BlobName = $"2022/Q3/{town}.xlsx",
        Sha = Guid.NewGuid().ToString("N"),
        Period = new Period(2022, 3),
        Source = town,
        Status = FilingStatus.Rejected,
        Errors = errors,
        IngestedAt = at,
        FirstError = reason,
    };

    public static DigestInputs Inputs(DateTimeOffset? now = null) => new()
    {
        Now = now ?? Monday,
        TimeZone = China,
        CityName = "永康市",
        RegionCode = "330784",
        Towns = new CityOptions().Towns,
    };

    public static DigestSnapshot Snapshot(IReadOnlyDictionary<string, IReadOnlyList<string>> counted, IReadOnlyList<DigestFirm>? flagged = null, DateTimeOffset? at = null) => new()
    {
        Week = "2022-W41",
        TakenAt = at ?? Monday.AddDays(-7),
        Year = 2022,
        AsOf = "2022Q2",
        Counted = counted,
        Flagged = flagged ?? [],
    };
}
