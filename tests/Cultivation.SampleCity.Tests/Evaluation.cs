using Cultivation.Domain.Firms;
using Cultivation.Domain.Periods;
using Cultivation.SampleCity.City;

namespace Cultivation.SampleCity.Tests;

/// <summary>
/// A deliberately small, independent reading of SPEC §3 over the in-memory rows, written apart from
/// the generator so the tests check the generated data, not the generator's own arithmetic. Every
/// quarter of the sample city is complete (the late town's file included), so the as-of period of
/// quarter q is q itself. <paramref name="year"/> is the year evaluated (2021 gives last year's trend).
/// </summary>
internal sealed class Evaluation(City.SampleCity city, int year = 2022)
{
    public const decimal Line = 100_000m;

    public static bool Industrial(SampleRow row) =>
        row.IndustryCode is null || int.Parse(row.IndustryCode[..2], System.Globalization.CultureInfo.InvariantCulture) is >= 6 and <= 46;

    public IEnumerable<SampleRow> RowsOf(Period period) => city.RowsOf(period);

    /// <summary>Each firm's rows of the year up to quarter q, in order.</summary>
    private Dictionary<string, List<SampleRow>> RowsUpTo(int q)
    {
        var rows = new Dictionary<string, List<SampleRow>>(StringComparer.Ordinal);
        for (var i = 1; i <= q; i++)
        {
            foreach (var row in RowsOf(new Period(year, i)))
            {
                if (!rows.TryGetValue(row.CreditCode, out var list))
                {
                    rows[row.CreditCode] = list = [];
                }

                list.Add(row);
            }
        }

        return rows;
    }

    /// <summary>
    /// Each firm's latest row of the year up to quarter q, its event fields from the latest row that fills
    /// them: 资质 (a non-empty cell), the 个转企 pair (either field), the 整治 pair (a written 整治状态, 无 included).
    /// Last year's rows never fill them in the sample city (no event dated in one year is filed in the other).
    /// </summary>
    public IReadOnlyCollection<SampleRow> Latest(int q) => [.. RowsUpTo(q).Values.Select(rows =>
    {
        var recognitions = rows.LastOrDefault(r => r.Recognitions.Count > 0);
        var conversion = rows.LastOrDefault(r => r.FormerCreditCode is not null || r.ConversionDate is not null);
        var remediation = rows.LastOrDefault(r => r.RemediationListed || r.Remediation != RemediationStatus.None || r.RemediationDate is not null);
        return rows[^1] with
        {
            Recognitions = recognitions?.Recognitions ?? [],
            FormerCreditCode = conversion?.FormerCreditCode,
            ConversionDate = conversion?.ConversionDate,
            Remediation = remediation?.Remediation ?? RemediationStatus.None,
            RemediationDate = remediation?.RemediationDate,
        };
    })];

    public static decimal AnnualisedTaxPerMu(SampleRow row) => row.Tax * 4 / row.Period.Quarter / row.LandMu!.Value;

    public decimal TaxPerMu(Period period)
    {
        var rows = RowsOf(period).Where(r => r.AboveScale && Industrial(r) && r.LandMu > 0).ToList();
        return rows.Sum(r => r.Tax * 4 / period.Quarter) / rows.Sum(r => r.LandMu!.Value);
    }

    public static bool Evaluated(SampleRow row) => Industrial(row) && (row.AboveScale || row.LandMu >= 3) && row.LandMu > 0;

    public static bool Flagged(SampleRow row) =>
        Evaluated(row) && row.Remediation != RemediationStatus.Closed && AnnualisedTaxPerMu(row) < 5;

    /// <summary>Flagged on last year's Q4 when the sample city has it, else on the year's first quarter.</summary>
    public IReadOnlySet<string> LowEfficiencyBaseline()
    {
        var lastYearQ4 = new Period(year - 1, 4);
        var basePeriod = RowsOf(lastYearQ4).Any() ? lastYearQ4 : new Period(year, 1);
        return RowsOf(basePeriod).Where(Flagged).Select(r => r.CreditCode).ToHashSet(StringComparer.Ordinal);
    }

    public int Count(string target, int q) => target switch
    {
        "above-scale-upgrades" => Latest(q).Count(r => r.AboveScale && r.AboveScaleSince == year && Industrial(r)),
        "individual-to-enterprise" => Latest(q).Count(r =>
            r.CreditCode.StartsWith("91", StringComparison.Ordinal) && r.FormerCreditCode is { } former &&
            former.StartsWith("92", StringComparison.Ordinal) && CreditCode.TryParse(former, out _) && r.ConversionDate?.Year == year),
        "national-little-giants" => Latest(q).Count(r => r.Recognitions.Any(x => x.Name == "小巨人" && x.Year == year)),
        "provincial-specialized" => Latest(q).Count(r => r.Recognitions.Any(x => x.Name == "专精特新" && x.Year == year)),
        "revenue-over-1bn" => RevenueCrossed(q).Count,
        "low-efficiency-cleared" => Cleared(q),
        "scattered-firms-remediated" => Latest(q).Count(r =>
            r.Remediation is RemediationStatus.Remediated or RemediationStatus.Closed && r.RemediationDate?.Year == year),
        _ => throw new ArgumentOutOfRangeException(nameof(target)),
    };

    /// <summary>Firms whose YTD revenue of any quarter up to q reached 10亿 while last year's (上年营业收入, else last year's Q4) was below.</summary>
    public IReadOnlyList<string> RevenueCrossed(int q)
    {
        var lastYearQ4 = RowsOf(new Period(year - 1, 4)).ToDictionary(r => r.CreditCode, r => r.Revenue, StringComparer.Ordinal);
        return [.. RowsUpTo(q)
            .Where(f => f.Value.Any(r => r.Revenue >= Line))
            .Where(f => (f.Value.LastOrDefault(r => r.RevenueLastYear is not null)?.RevenueLastYear ?? lastYearQ4.GetValueOrDefault(f.Key, Line)) < Line)
            .Select(f => f.Key)];
    }

    /// <summary>Baseline firms with a 已关停 row of the year up to q, or evaluated at q and no longer under 5.</summary>
    public int Cleared(int q)
    {
        var rows = RowsUpTo(q);
        return LowEfficiencyBaseline().Count(code => rows.TryGetValue(code, out var firm) &&
            (firm.Any(r => r.Remediation == RemediationStatus.Closed) ||
             (firm[^1].Period.Quarter == q && Evaluated(firm[^1]) && AnnualisedTaxPerMu(firm[^1]) >= 5)));
    }

    /// <summary>SPEC §3 progress status of a count target.</summary>
    public static string Status(int achieved, decimal target, decimal[] profile, int q)
    {
        var expected = target * profile[q - 1];
        return achieved >= target ? "achieved"
            : achieved >= expected ? "on-track"
            : achieved >= 0.8m * expected ? "at-risk"
            : "behind";
    }

    /// <summary>Status of each target at quarter q, with seeds/targets/2022.json's targets and profiles.</summary>
    public string Status(string target, int q)
    {
        decimal[] standard = [0.25m, 0.5m, 0.75m, 1m];
        if (target == "tax-per-mu-average")
        {
            var value = TaxPerMu(new Period(year, q));
            return value >= 30 ? "achieved" : value >= 0.9m * 30 ? "at-risk" : "behind";
        }

        var (goal, profile) = target switch
        {
            "above-scale-upgrades" => (100m, new[] { 0.1m, 0.3m, 0.5m, 1m }),
            "individual-to-enterprise" => (400m, standard),
            "national-little-giants" => (2m, new[] { 0m, 0m, 0.5m, 1m }),
            "provincial-specialized" => (4m, standard),
            "revenue-over-1bn" => (3m, new[] { 0m, 0m, 0m, 1m }),
            "low-efficiency-cleared" => (LowEfficiencyBaseline().Count, standard),
            "scattered-firms-remediated" => (400m, standard),
            _ => throw new ArgumentOutOfRangeException(nameof(target)),
        };
        return Status(Count(target, q), goal, profile, q);
    }
}
