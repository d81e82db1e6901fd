using Cultivation.Domain.Periods;
using Cultivation.Domain.Progress;
using Cultivation.Domain.Targets;

namespace Cultivation.Application.Progress;

/// <summary>A year's progress as last computed, with what it was computed from.</summary>
/// <param name="ComputeId">Identifies the computation whose evidence lists are in force.</param>
/// <param name="Stamp">A digest of the accepted filing versions it was computed from.</param>
public sealed record StoredProgress(YearProgress Progress, string ComputeId, string Stamp, string? ETag);

/// <summary>
/// Precomputed progress (Table Storage): the year's body is one entity (one cheap read); the evidence
/// lists (each target's firms, pool, projections, not-cleared firms, and the low-efficiency list of
/// each period) are entities of their own, written under a computation id before the year's entity is
/// switched to it with an ETag-conditional update.
/// </summary>
public interface IProgressStore
{
    Task<StoredProgress?> GetAsync(int year, CancellationToken cancellationToken);

    Task<TargetDetail?> GetDetailAsync(int year, string targetId, CancellationToken cancellationToken);

    Task<LowEfficiencyList?> GetLowEfficiencyAsync(int year, Period period, CancellationToken cancellationToken);

    /// <summary>Writes the evidence of a computation (not yet visible).</summary>
    Task WriteEvidenceAsync(int year, string computeId, ProgressResult result, IReadOnlyList<LowEfficiencyList> lowEfficiency, CancellationToken cancellationToken);

    /// <summary>Makes a computation visible if the stored year still has <paramref name="expectedETag"/> (null: none stored yet).</summary>
    Task<bool> TrySwitchAsync(int year, StoredProgress progress, string? expectedETag, CancellationToken cancellationToken);

    Task DeleteEvidenceAsync(int year, string computeId, CancellationToken cancellationToken);
}

/// <summary>The targets of each year, as loaded from the targets file (table <c>Targets</c>).</summary>
public interface ITargetStore
{
    Task<YearTargets?> GetAsync(int year, CancellationToken cancellationToken);

    Task SaveAsync(YearTargets targets, CancellationToken cancellationToken);
}
