using Cultivation.Domain.Firms;
using Cultivation.Domain.Periods;
using Cultivation.SampleCity.City;

namespace Cultivation.SampleCity.Tests;

/// <summary>
/// A deliberately small, independent reading of SPEC §3 over the in-memory rows, written apart from
/// the generator so the tests check the generated data, not the generator's own arithmetic.
/// </summary>
internal sealed class Evaluation(City.SampleCity city)
{
    private static readonly Period s_lastYearQ4 = new(2021, 4);

    public static bool Industrial(SampleRow row) =>
        row.IndustryCode is null || int.Parse(row.IndustryCode[..2], System.Globalization.CultureInfo.InvariantCulture) is >= 6 and <= 46;

    public IEnumerable<SampleRow> RowsOf(Period period) => city.RowsOf(period);

    /// <summary>Each firm's latest row of 2022 up to quarter q.</summary>
    public IReadOnlyCollection<SampleRow> Latest(int q)
    {
        var latest = new Dictionary<string, SampleRow>(StringComparer.Ordinal);
        for (var i = 1; i <= q; i++)
        {
            foreach (var row in RowsOf(new Period(2022, i)))
            {
                latest[row.CreditCode] = row;
            }
        }

        return latest.Values;
    }

    public static decimal AnnualisedTaxPerMu(SampleRow row) => row.Tax * 4 / row.Period.Quarter / row.LandMu!.Value;

    public decimal TaxPerMu(Period period)
    {
        var rows = RowsOf(period).Where(r => r.AboveScale && Industrial(r) && r.LandMu > 0).ToList();
        return rows.Sum(r => r.Tax * 4 / period.Quarter) / rows.Sum(r => r.LandMu!.Value);
    }

    public static bool Flagged(SampleRow row) =>
        Industrial(row) && (row.AboveScale || row.LandMu >= 3) && row.Remediation != RemediationStatus.Closed &&
        row.LandMu > 0 && AnnualisedTaxPerMu(row) < 5;

    public IReadOnlySet<string> LowEfficiencyBaseline() =>
        RowsOf(s_lastYearQ4).Where(Flagged).Select(r => r.CreditCode).ToHashSet(StringComparer.Ordinal);

    public int Count(string target, int q) => target switch
    {
        "above-scale-upgrades" => Latest(q).Count(r => r.AboveScale && r.AboveScaleSince == 2022 && Industrial(r)),
        "individual-to-enterprise" => Latest(q).Count(r =>
            r.CreditCode.StartsWith("91", StringComparison.Ordinal) && r.FormerCreditCode is { } former &&
            former.StartsWith("92", StringComparison.Ordinal) && CreditCode.TryParse(former, out _) && r.ConversionDate?.Year == 2022),
        "national-little-giants" => Latest(q).Count(r => r.Recognitions.Any(x => x.Name == "小巨人" && x.Year == 2022)),
        "provincial-specialized" => Latest(q).Count(r => r.Recognitions.Any(x => x.Name == "专精特新" && x.Year == 2022)),
        "revenue-over-1bn" => q < 4 ? 0 : RowsOf(new Period(2022, 4)).Count(r => r.Revenue >= 100_000 && r.RevenueLastYear < 100_000),
        "low-efficiency-cleared" => Cleared(q),
        "scattered-firms-remediated" => Latest(q).Count(r =>
            r.Remediation is RemediationStatus.Remediated or RemediationStatus.Closed && r.RemediationDate?.Year == 2022),
        _ => throw new ArgumentOutOfRangeException(nameof(target)),
    };

    public int Cleared(int q)
    {
        var rows = RowsOf(new Period(2022, q)).ToDictionary(r => r.CreditCode, StringComparer.Ordinal);
        return LowEfficiencyBaseline().Count(code => rows.TryGetValue(code, out var row) &&
            (row.Remediation == RemediationStatus.Closed || (row.LandMu > 0 && AnnualisedTaxPerMu(row) >= 5)));
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

    /// <summary>Status of each 2022 target at quarter q, with seeds/targets/2022.json's targets and profiles.</summary>
    public string Status(string target, int q)
    {
        decimal[] standard = [0.25m, 0.5m, 0.75m, 1m];
        if (target == "tax-per-mu-average")
        {
            var value = TaxPerMu(new Period(2022, q));
            return value >= 30 ? "achieved" : value >= 0.9m * 30 ? "at-risk" : "behind";
        }

        var (goal, profile) = target switch
        {
            "above-scale-upgrades" => (100m, new[] { 0.1m, 0.3m, 0.5m, 1m }),
            "individual-to-enterprise" => (400m, standard),
            "national-little-giants" => (2m, new[] { 0m, 0m, 0.5m, 1m }),
            "provincial-specialized" => (4m, standard),
            "revenue-over-1bn" => (3m, standard),
            "low-efficiency-cleared" => (LowEfficiencyBaseline().Count, standard),
            "scattered-firms-remediated" => (400m, standard),
            _ => throw new ArgumentOutOfRangeException(nameof(target)),
        };
        return Status(Count(target, q), goal, profile, q);
    }
}
