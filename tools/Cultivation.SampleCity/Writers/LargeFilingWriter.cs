using Cultivation.Domain.City;
using Cultivation.Domain.Firms;
using Cultivation.Domain.Periods;
using Cultivation.SampleCity.City;

namespace Cultivation.SampleCity.Writers;

/// <summary>
/// A large, valid filing for benchmarks: N firm rows of 2022 Q2 from 统计局, generated row by row and
/// streamed to xlsx with inline strings, so memory stays flat whatever N is.
/// </summary>
public static class LargeFilingWriter
{
    public static readonly Period LargePeriod = new(2022, 2);

    public static void Write(string path, int rows, ulong seed = SampleCityOptions.DefaultSeed)
    {
        using var stream = File.Create(path);
        Write(stream, rows, seed);
    }

    public static void Write(Stream output, int rows, ulong seed = SampleCityOptions.DefaultSeed)
    {
        var city = new CityOptions();
        var layout = FilingLayout.Rows(GenerateRows(rows, seed, city), FilingStyle.Clean, LargePeriod, city.StatisticsBureau);
        XlsxSheetWriter.Write(output, layout, sharedStrings: false);
    }

    /// <summary>The rows, lazily: unique valid credit codes and unique names by construction, not by lookup.</summary>
    public static IEnumerable<SampleRow> GenerateRows(int rows, ulong seed, CityOptions city)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        var rng = new Rng(seed ^ 0x5A17C17EUL);
        const ulong codeSpace = 26_439_622_160_671UL; // 31^9 organisation parts
        var codeOffset = rng.NextUInt64() % codeSpace;
        var brands = Naming.BrandCharacters;
        var trades = Naming.IndustrialTrades;
        string[] prefixes = ["永康市", "浙江", "金华"];
        var nameSpace = (long)brands.Length * brands.Length * trades.Count * prefixes.Length;
        var nameOffset = (long)(rng.NextUInt64() % (ulong)nameSpace);
        var code = new char[18];
        for (var i = 0; i < rows; i++)
        {
            // An affine map with a multiplier coprime to the space is a bijection: no duplicates, no set needed.
            var org = ((ulong)i * 1_000_003UL + codeOffset) % codeSpace;
            "91".CopyTo(0, code, 0, 2);
            city.RegionCode.CopyTo(0, code, 2, 6);
            for (var k = 16; k >= 8; k--)
            {
                code[k] = CreditCode.Alphabet[(int)(org % 31)];
                org /= 31;
            }

            code[17] = CreditCode.ComputeCheckCharacter(code.AsSpan(0, 17));

            var n = ((i % nameSpace * 7919L) + nameOffset) % nameSpace;
            var prefix = prefixes[n % prefixes.Length];
            n /= prefixes.Length;
            var (trade, industry) = trades[(int)(n % trades.Count)];
            n /= trades.Count;
            var brand = string.Concat(brands[(int)(n % brands.Length)], brands[(int)(n / brands.Length)]);
            var round = i / nameSpace;
            var name = $"{prefix}{brand}{trade}有限公司" + (round > 0 ? $"第{round + 1}分公司" : string.Empty);

            var above = rng.Chance(0.35);
            // Heavy-tailed, but capped so every row stays valid (SPEC: amounts at most 100,000,000 万元).
            var annual = above ? Math.Min(2000 + (2000 * (Math.Pow(1 - rng.NextDouble(), -1 / 1.25) - 1)), 500_000) : rng.Between(50, 1990);
            var revenue = SampleCityGenerator.R1(annual * 0.48 * rng.Between(0.96, 1.04));
            var tax = SampleCityGenerator.R1(annual * 0.48 * rng.Between(0.01, 0.06));
            var land = rng.Chance(0.2) ? (decimal?)null : SampleCityGenerator.Land(annual * rng.Between(0.001, 0.004));
            yield return new SampleRow
            {
                FirmId = i + 1,
                Period = LargePeriod,
                CreditCode = new string(code),
                Name = name,
                Town = city.Towns[rng.Next(city.Towns.Count)],
                AboveScale = above,
                AboveScaleSince = above ? 2008 + rng.Next(14) : null,
                Revenue = revenue,
                RevenueSamePeriodLastYear = SampleCityGenerator.R1((double)revenue / rng.Between(1.0, 1.15)),
                RevenueLastYear = SampleCityGenerator.R1(annual / rng.Between(1.0, 1.15)),
                Tax = tax,
                LandMu = land,
                ResearchSpending = above ? SampleCityGenerator.R1((double)revenue * rng.Between(0.005, 0.04)) : null,
                Employees = (int)Math.Max(2, annual / rng.Between(30, 90)),
                IndustryCode = industry,
            };
        }
    }
}
