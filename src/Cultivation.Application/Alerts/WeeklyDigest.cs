using Cultivation.Application.Storage;
using Cultivation.Domain.Progress;

namespace Cultivation.Application.Alerts;

/// <summary>One week's digest: what leaders read on Monday morning.</summary>
public sealed record WeeklyDigest
{
    /// <summary>The ISO week in China time, e.g. <c>2022-W42</c>.</summary>
    public required string Week { get; init; }

    public required int IsoYear { get; init; }

    public required int WeekNumber { get; init; }

    /// <summary>The local (China) date the digest was built on.</summary>
    public required DateOnly LocalDate { get; init; }

    public required string CityName { get; init; }

    public required string RegionCode { get; init; }

    /// <summary>The progress year shown; null when nothing is computed yet.</summary>
    public int? Year { get; init; }

    /// <summary>The as-of period of the progress, e.g. <c>2022Q2</c>.</summary>
    public string? AsOf { get; init; }

    /// <summary>Every target, lagging ones (behind, then at risk) first.</summary>
    public required IReadOnlyList<DigestTarget> Targets { get; init; }

    /// <summary>False for the first digest: there is no earlier snapshot to compare with.</summary>
    public required bool HasPrevious { get; init; }

    /// <summary>The week of the digest compared with.</summary>
    public string? PreviousWeek { get; init; }

    /// <summary>Firms newly counted per target since the last digest (targets with none left out).</summary>
    public required IReadOnlyList<TargetChange> NewFirms { get; init; }

    public required IReadOnlyList<LowEfficiencyFirm> NewlyFlagged { get; init; }

    /// <summary>Baseline firms the clearance rule counts as cleared now and did not at the last digest (SPEC §3, §6).</summary>
    public required IReadOnlyList<DigestFirm> NewlyCleared { get; init; }

    /// <summary>往期报送更正: filings of quarters before the due one corrected, withdrawn or filed late since the last digest.</summary>
    public IReadOnlyList<PastFilingChange> PastCorrections { get; init; } = [];

    public required IReadOnlyList<RejectedFiling> Rejected { get; init; }

    /// <summary>The latest quarter whose filing deadline has passed, and its deadline.</summary>
    public required string DuePeriod { get; init; }

    public required DateOnly DueDate { get; init; }

    public required IReadOnlyList<string> LateTowns { get; init; }

    public required IReadOnlyList<PoolFirm> Pool { get; init; }

    /// <summary>How many entries a list shows before "另有 N 家" (SPEC §6: the full lists travel in the attached workbook).</summary>
    public int ListTop { get; init; } = 20;

    /// <summary>The file name of the leaders' workbook attached to the mail; null when none is attached.</summary>
    public string? AttachmentName { get; init; }

    public IEnumerable<DigestTarget> Lagging => Targets.Where(t => t.IsLagging);

    /// <summary>What is stored when this digest is sent, for next week's "what changed".</summary>
    public required DigestSnapshot Snapshot { get; init; }
}

/// <summary>A target line: achieved / expected / target (count) or value / target (ratio), with its status.</summary>
public sealed record DigestTarget(
    string Id,
    string Name,
    string Kind,
    string Unit,
    decimal Target,
    string? TargetText,
    int? Achieved,
    decimal? Expected,
    decimal? Value,
    string Status,
    string StatusName)
{
    /// <summary>The towns ranked by completion rate, where the target has town shares (目标分解); else null.</summary>
    public IReadOnlyList<TownAchievement>? TownRanking { get; init; }

    /// <summary>The trend by quarter (history and 同比).</summary>
    public IReadOnlyList<Leaders.TrendPoint> Trend { get; init; } = [];

    public bool IsLagging => Status is ProgressStatus.Behind or ProgressStatus.AtRisk;

    /// <summary>Achieved (or the ratio's value) as a share of the target, 0–1.</summary>
    public decimal Share
    {
        get
        {
            var done = Kind == ProgressStatus.Ratio ? Value ?? 0m : Achieved ?? 0;
            return Target <= 0 ? (done > 0 ? 1m : 0m) : Math.Clamp(done / Target, 0m, 1m);
        }
    }

    /// <summary>Expected-by-now as a share of the target (count targets).</summary>
    public decimal? ExpectedShare => Expected is { } e && Target > 0 ? Math.Clamp(e / Target, 0m, 1m) : null;
}

public sealed record DigestFirm(string CreditCode, string Name, string Town);

public sealed record TargetChange(string TargetId, string TargetName, IReadOnlyList<DigestFirm> Firms);

/// <summary>A past period's filing whose version in force changed since the last digest (<see cref="PastFilingChangeKinds"/>).</summary>
public sealed record PastFilingChange(string BlobName, string Source, string Period, string Kind)
{
    /// <summary>更正, 撤回 or 补报, with what it means for the figures.</summary>
    public string Description => Kind switch
    {
        PastFilingChangeKinds.Corrected => "更正：新版本生效，相关进度已重算",
        PastFilingChangeKinds.Withdrawn => "撤回：该文件数据不再计入，相关进度已重算",
        _ => "补报：逾期后报送，相关进度已重算",
    };
}

public static class PastFilingChangeKinds
{
    public const string Corrected = "corrected";
    public const string Withdrawn = "withdrawn";
    public const string FiledLate = "filed-late";
}

/// <summary>A file rejected since the last digest, with the first reason.</summary>
public sealed record RejectedFiling(string BlobName, string Source, string? Period, DateTimeOffset IngestedAt, int Errors, string? FirstError);

/// <summary>
/// What the last sent digest saw: per target the counted credit codes, the flagged low-efficiency
/// firms of its as-of period (with names), and the filings in force.
/// </summary>
public sealed record DigestSnapshot
{
    public required string Week { get; init; }

    public required DateTimeOffset TakenAt { get; init; }

    public int? Year { get; init; }

    public string? AsOf { get; init; }

    public required IReadOnlyDictionary<string, IReadOnlyList<string>> Counted { get; init; }

    public required IReadOnlyList<DigestFirm> Flagged { get; init; }

    /// <summary>Every filing in force (blob name → SHA-256 of its version); null for a snapshot stored before it was kept.</summary>
    public IReadOnlyDictionary<string, string>? InForce { get; init; }
}

/// <summary>Everything a digest is built from (read by <see cref="WeeklyDigestService"/>).</summary>
public sealed record DigestInputs
{
    public required DateTimeOffset Now { get; init; }

    public required TimeZoneInfo TimeZone { get; init; }

    public required string CityName { get; init; }

    public required string RegionCode { get; init; }

    public required IReadOnlyList<string> Towns { get; init; }

    public int PoolTop { get; init; } = 10;

    public int ListTop { get; init; } = 20;

    public int DeadlineDay { get; init; } = 15;

    public YearProgress? Progress { get; init; }

    public IReadOnlyList<TargetDetail> Details { get; init; } = [];

    /// <summary>The low-efficiency list of the as-of period.</summary>
    public LowEfficiencyList? LowEfficiency { get; init; }

    /// <summary>Ledger entries of the due period (see <see cref="DigestBuilder.DuePeriod"/>).</summary>
    public IReadOnlyList<LedgerEntry> DueFilings { get; init; } = [];

    /// <summary>Filing versions ingested since the last digest (any period, badly named blobs included); the rejected ones are listed.</summary>
    public IReadOnlyList<FilingVersion> Versions { get; init; } = [];

    /// <summary>Every ledger entry (all periods): past periods' changes are found by comparing their versions in force with the snapshot's.</summary>
    public IReadOnlyList<LedgerEntry> Filings { get; init; } = [];

    public DigestSnapshot? Previous { get; init; }
}
