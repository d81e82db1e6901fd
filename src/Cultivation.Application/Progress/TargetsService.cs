using Cultivation.Domain;
using Cultivation.Domain.City;
using Cultivation.Domain.Targets;
using Microsoft.Extensions.Options;

namespace Cultivation.Application.Progress;

/// <summary>Loads a year's targets file (SPEC section 1) into storage and recomputes that year.</summary>
public sealed class TargetsService(ITargetStore store, ProgressService progress, IOptions<CityOptions> city)
{
    /// <returns>The targets loaded, or every problem found in the file (nothing is stored then).</returns>
    public async Task<(YearTargets? Targets, IReadOnlyList<Problem> Problems)> LoadAsync(string json, CancellationToken cancellationToken)
    {
        // Town shares may name only the city's towns: a misspelt town would silently rank last.
        var parsed = TargetsFile.Parse(json, city.Value.Towns);
        if (parsed.Targets is null || parsed.Problems.Count > 0)
        {
            return (null, parsed.Problems);
        }

        await store.SaveAsync(parsed.Targets, cancellationToken).ConfigureAwait(false);
        await progress.RecomputeAsync(parsed.Targets.Year, cancellationToken).ConfigureAwait(false);
        return (parsed.Targets, []);
    }
}
