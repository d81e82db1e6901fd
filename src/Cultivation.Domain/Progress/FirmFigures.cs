using Cultivation.Domain.Firms;
using Cultivation.Domain.Periods;

namespace Cultivation.Domain.Progress;

/// <summary>
/// Figures derived from one firm's row: annualised amounts, 亩均税收, scope and flags.
/// <para>
/// Thresholds are compared exactly. Annualising multiplies by 4/q, and 4/3 has no finite decimal
/// form, so instead of comparing a rounded quotient every comparison is cross-multiplied:
/// "YTD × 4 / q ≥ line" is decided as "YTD × 4 ≥ line × q", and "tax × 4 / q ÷ land &lt; threshold"
/// as "tax × 4 &lt; threshold × land × q". Quotients themselves (for display) are decimal divisions
/// (28 significant digits), rounded to 4 places only where shown (<see cref="Round"/>).
/// </para>
/// </summary>
public static class FirmFigures
{
    // GB/T 4754-2017 sections and the first division of each: a section letter given without
    // digits is industrial when its divisions are (B 06–12, C 13–43, D 44–46 by default).
    private static readonly Dictionary<char, (int First, int Last)> s_sections = new()
    {
        ['A'] = (1, 5), ['B'] = (6, 12), ['C'] = (13, 43), ['D'] = (44, 46), ['E'] = (47, 50),
        ['F'] = (51, 52), ['G'] = (53, 60), ['H'] = (61, 62), ['I'] = (63, 65), ['J'] = (66, 69),
        ['K'] = (70, 70), ['L'] = (71, 72), ['M'] = (73, 75), ['N'] = (76, 79), ['O'] = (80, 82),
        ['P'] = (83, 83), ['Q'] = (84, 85), ['R'] = (86, 90), ['S'] = (91, 96), ['T'] = (97, 97),
    };

    /// <summary>Full-year estimate of a year-to-date amount at quarter q: YTD × 4 / q.</summary>
    public static decimal Annualise(decimal yearToDate, int quarter) => quarter switch
    {
        1 => yearToDate * 4,
        2 => yearToDate * 2,
        3 => yearToDate * 4 / 3,
        4 => yearToDate,
        _ => throw new ArgumentOutOfRangeException(nameof(quarter), quarter, "quarter must be 1–4"),
    };

    public static decimal Annualise(decimal yearToDate, Period period) => Annualise(yearToDate, period.Quarter);

    /// <summary>Exactly decides YTD × 4 / q ≥ line.</summary>
    public static bool AnnualisedAtLeast(decimal yearToDate, Period period, decimal line) =>
        yearToDate * 4 >= line * period.Quarter;

    /// <summary>Land is given and positive; otherwise the firm is not evaluable for 亩均税收 (a data gap).</summary>
    public static bool IsEvaluable(FirmRow row) => row.LandMu is > 0;

    /// <summary>亩均税收 (万元/亩) = annualised tax ÷ land; null when not evaluable (never a division by zero).</summary>
    public static decimal? TaxPerMu(FirmRow row, Period period) =>
        IsEvaluable(row) ? Annualise(row.Tax, period) / row.LandMu!.Value : null;

    /// <summary>Exactly decides 亩均税收 &lt; threshold for an evaluable row (false when not evaluable).</summary>
    public static bool IsUnderThreshold(FirmRow row, Period period, decimal threshold) =>
        IsEvaluable(row) && row.Tax * 4 < threshold * row.LandMu!.Value * period.Quarter;

    // A city has a few dozen distinct codes and the rules ask about every row several times per quarter of the
    // trend: the answer is kept per code and bounds (the bounds are configuration, so they are part of the key).
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(string Code, int First, int Last), bool> s_industrial = new();

    public static bool IsIndustrial(FirmRow row, RuleOptions options) =>
        row.IndustryCode is null
        || s_industrial.GetOrAdd((row.IndustryCode, options.IndustrialDivisionFirst, options.IndustrialDivisionLast), key => IsIndustrial(key.Code, options));

    /// <summary>
    /// Whether a GB/T 4754 industry code is industrial (divisions 06–46 by default). No code: every
    /// firm is taken as industrial. A code with digits (<c>3311</c>, <c>C3311</c>, <c>06</c>) is judged
    /// by its division, the first two digits; a bare section letter by its section (B, C, D).
    /// </summary>
    public static bool IsIndustrial(string? industryCode, RuleOptions options)
    {
        var code = Text.FoldWidth(industryCode ?? string.Empty).Trim().ToUpperInvariant();
        if (code.Length == 0)
        {
            return true;
        }

        var digits = new string(code.SkipWhile(char.IsAsciiLetter).TakeWhile(char.IsAsciiDigit).ToArray());
        if (digits.Length > 0)
        {
            var division = digits.Length == 1 ? digits[0] - '0' : ((digits[0] - '0') * 10) + (digits[1] - '0');
            return division >= options.IndustrialDivisionFirst && division <= options.IndustrialDivisionLast;
        }

        return s_sections.TryGetValue(code[0], out var section)
            && section.First >= options.IndustrialDivisionFirst
            && section.Last <= options.IndustrialDivisionLast;
    }

    /// <summary>规上 firms, and 规下 firms with land ≥ 3 亩 (configuration), are evaluated for 亩均税收.</summary>
    public static bool InEvaluationScope(FirmRow row, RuleOptions options) =>
        row.AboveScale || row.LandMu >= options.EvaluationScopeLandMu;

    /// <summary>
    /// Evaluated for 亩均税收: industrial, in the evaluation scope and evaluable. Only such a row can show
    /// that a low-efficiency firm is no longer under the threshold.
    /// </summary>
    public static bool IsEvaluated(FirmRow row, RuleOptions options) =>
        IsIndustrial(row, options) && InEvaluationScope(row, options) && IsEvaluable(row);

    /// <summary>
    /// The low-efficiency flag: an industrial firm in the evaluation scope, evaluable, not closed
    /// (已关停 firms are cleared, never flagged), whose 亩均税收 is strictly under the threshold
    /// (exactly 5.0 万元/亩 is not low-efficiency).
    /// </summary>
    /// <remarks>
    /// Industrial-only applies: SPEC section 2 limits 规上工业 亩均, 小升规 and low-efficiency to
    /// industrial firms when 行业代码 is given, so a shop or a hotel with a small tax is never flagged.
    /// </remarks>
    public static bool IsLowEfficiency(FirmRow row, Period period, RuleOptions options) =>
        row.Remediation != RemediationStatus.Closed
        && IsIndustrial(row, options)
        && InEvaluationScope(row, options)
        && IsUnderThreshold(row, period, options.LowEfficiencyThreshold);

    /// <summary>A figure as shown: rounded half away from zero to 4 decimal places, trailing zeros dropped.</summary>
    public static decimal Round(decimal value) => Normalize(Math.Round(value, 4, MidpointRounding.AwayFromZero));

    /// <summary>The same value without trailing zeros (50.00 → 50), so JSON shows it plainly. Not a rounding.</summary>
    public static decimal Normalize(decimal value) => value / 1.0000000000000000000000000000m;
}
