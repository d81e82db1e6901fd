using Cultivation.Domain;
using Cultivation.Domain.Targets;

namespace Cultivation.Application.Progress;

/// <summary>Loads a year's targets file (SPEC section 1) into storage and recomputes that year.</summary>
public sealed class TargetsService(ITargetStore store, ProgressService progress)
{
    /// <returns>The targets loaded, or every problem found in the file (nothing is stored then).</returns>
    public async Task<(YearTargets? Targets, IReadOnlyList<Problem> Problems)> LoadAsync(string json, CancellationToken cancellationToken)
    {
        var parsed = TargetsFile.Parse(json);
        if (parsed.Targets is null || parsed.Problems.Count > 0)
        {
            return (null, parsed.Problems);
        }

        await store.SaveAsync(parsed.Targets, cancellationToken).ConfigureAwait(false);
        await progress.RecomputeAsync(parsed.Targets.Year, cancellationToken).ConfigureAwait(false);
        return (parsed.Targets, []);
    }
}
