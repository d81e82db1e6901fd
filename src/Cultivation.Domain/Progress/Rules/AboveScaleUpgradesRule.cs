namespace Cultivation.Domain.Progress.Rules;

/// <summary>
/// 小升规: an industrial firm whose latest row of the year says 是否规上=是 with 规上纳入年份 = the year, or,
/// where 规上纳入年份 is empty, with an earlier row (this year or last) showing it 规下. The cultivation
/// pool: 规下 industrial firms whose annualised revenue reaches the pool's floor, ranked by it.
/// </summary>
internal static class AboveScaleUpgradesRule
{
    public static CountOutcome Count(YearData data)
    {
        var options = data.Options;
        var firms = new List<Firms.FirmRow>();
        var pool = new List<(Firms.FirmRow Row, decimal Annualised)>();
        foreach (var (code, latest) in data.Latest)
        {
            var row = data.StateOf(code)!;
            if (!FirmFigures.IsIndustrial(row, options))
            {
                continue;
            }

            if (row.AboveScale)
            {
                var upgraded = row.AboveScaleSince == data.Year
                    || (row.AboveScaleSince is null && data.History(code).Any(h => h.Period < latest.Period && !h.Row.AboveScale));
                if (upgraded)
                {
                    firms.Add(row);
                }
            }
            else if (FirmFigures.AnnualisedAtLeast(row.Revenue, latest.Period, options.PoolRevenueFloor))
            {
                pool.Add((row, FirmFigures.Annualise(row.Revenue, latest.Period)));
            }
        }

        var ranked = pool
            .OrderByDescending(p => p.Annualised)
            .ThenBy(p => p.Row.CreditCode.Value, StringComparer.Ordinal)
            .Select((p, i) => new PoolFirm(i + 1, p.Row.CreditCode.Value, p.Row.Name, p.Row.Town, FirmFigures.Round(p.Annualised)))
            .ToList();
        return new CountOutcome(firms) { Pool = ranked };
    }
}
