using Cultivation.Domain.Firms;

namespace Cultivation.Domain.Progress.Rules;

/// <summary>整治低散乱: firms whose 整治 pair (from the latest row filling it) is 已整治 or 已关停, completed in the year.</summary>
internal static class ScatteredFirmsRemediatedRule
{
    public static CountOutcome Count(YearData data) => new(data.States
        .Where(r => r.Remediation is RemediationStatus.Remediated or RemediationStatus.Closed
            && r.RemediationDate?.Year == data.Year)
        .ToList());
}
