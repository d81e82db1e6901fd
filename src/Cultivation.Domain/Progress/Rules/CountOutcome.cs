using Cultivation.Domain.Firms;

namespace Cultivation.Domain.Progress.Rules;

/// <summary>What a count rule finds: the firms that count (their state as of the as-of period) and the lists that explain the rest.</summary>
internal sealed record CountOutcome(IReadOnlyList<FirmRow> Firms)
{
    /// <summary>The target when it is "all": the size of the baseline set.</summary>
    public decimal? AllTarget { get; init; }

    public string? BaselinePeriod { get; init; }

    public IReadOnlyList<PoolFirm>? Pool { get; init; }

    public IReadOnlyList<RevenueFirm>? Projected { get; init; }

    public IReadOnlyList<RevenueFirm>? Unknown { get; init; }

    public IReadOnlyList<NotClearedFirm>? NotCleared { get; init; }
}
