using System.Globalization;
using Cultivation.Domain.Firms;
using Cultivation.Domain.Targets;

namespace Cultivation.Domain.Progress.Rules;

/// <summary>
/// Revenue over a line (10亿元 = 100,000 万元 by default): year-to-date revenue only grows, so a firm counts
/// as soon as the YTD 营业收入 of any of its rows of the year up to the as-of period reaches the line,
/// while last year's revenue was below it. A firm whose annualised revenue crosses the line but whose
/// YTD does not yet is <c>projected</c> (before Q4); a firm without last year's revenue is <c>unknown</c>,
/// reached or projected alike, and never counted.
/// </summary>
internal static class RevenueOverThresholdRule
{
    public static CountOutcome Count(TargetDefinition definition, YearData data)
    {
        var line = decimal.TryParse(definition.Parameter(TargetRules.ThresholdParameter), NumberStyles.Number, CultureInfo.InvariantCulture, out var given)
            ? given
            : data.Options.RevenueLine;
        var firms = new List<FirmRow>();
        var projected = new List<RevenueFirm>();
        var unknown = new List<RevenueFirm>();
        foreach (var (code, latest) in data.Latest)
        {
            // At Q4 the year's figures are in: what has not reached the line is no longer a projection.
            var reached = data.RowsOfYear(code).Any(r => r.Row.Revenue >= line);
            var projects = data.AsOf is not { Quarter: 4 } && FirmFigures.AnnualisedAtLeast(latest.Row.Revenue, latest.Period, line);
            if (!reached && !projects)
            {
                continue;
            }

            var row = data.StateOf(code)!;
            var lastYear = data.LastYearRevenue(code);
            var entry = new RevenueFirm(row.CreditCode.Value, row.Name, row.Town, FirmFigures.Round(FirmFigures.Annualise(row.Revenue, latest.Period)))
            {
                LastYearRevenue = lastYear is { } known ? FirmFigures.Normalize(known) : null,
            };
            if (lastYear is null)
            {
                unknown.Add(entry);
            }
            else if (lastYear < line && reached)
            {
                firms.Add(row);
            }
            else if (lastYear < line)
            {
                projected.Add(entry);
            }
        }

        return new CountOutcome(firms)
        {
            Projected = Ranked(projected),
            Unknown = Ranked(unknown),
        };
    }

    private static List<RevenueFirm> Ranked(IEnumerable<RevenueFirm> firms) =>
        [.. firms.OrderByDescending(p => p.AnnualisedRevenue).ThenBy(p => p.CreditCode, StringComparer.Ordinal)];
}
