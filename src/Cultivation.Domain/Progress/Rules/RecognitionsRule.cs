using Cultivation.Domain.Targets;

namespace Cultivation.Domain.Progress.Rules;

/// <summary>Recognitions (小巨人, 专精特新, …): firms whose 资质 (the latest non-empty cell) names the target's recognition with the year after the colon.</summary>
internal static class RecognitionsRule
{
    public static CountOutcome Count(TargetDefinition definition, YearData data)
    {
        var name = definition.Parameter(TargetRules.RecognitionParameter) ?? string.Empty;
        return new CountOutcome(data.States
            .Where(r => r.Recognitions.Any(g => g.Year == data.Year && string.Equals(g.Name, name, StringComparison.Ordinal)))
            .ToList());
    }
}
