using Cultivation.Domain.Firms;
using Cultivation.Domain.Periods;

namespace Cultivation.SampleCity.City;

/// <summary>
/// Builds the sample city (Yongkang, 330784) deterministically from a seed: firms, their figures for
/// 2021 Q1–Q4 and 2022 Q1–Q4, the designed 2022 events, and the filings with their real-world mess.
/// The design (counts per quarter, calibration) is described in this project's README.md.
/// </summary>
public static class SampleCityGenerator
{
    /// <summary>2021's quarters give last year's trend (同比); its Q4 is also 2022's baseline.</summary>
    public static readonly IReadOnlyList<Period> Periods =
        [new(2021, 1), new(2021, 2), new(2021, 3), new(2021, 4), new(2022, 1), new(2022, 2), new(2022, 3), new(2022, 4)];

    /// <summary>规上工业亩均税收 (annualised, ratio of sums) the generator calibrates to.</summary>
    public const decimal TaxPerMu2021 = 23.5m;

    /// <summary>2022 Q1–Q4 values of the same ratio (index 1–4).</summary>
    public static readonly IReadOnlyList<decimal> TaxPerMu2022 = [0m, 24.6m, 25.8m, 27.3m, 27.6m];

    public static SampleCity Generate(SampleCityOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Firms < SampleCityOptions.MinimumFirms)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Firms, $"at least {SampleCityOptions.MinimumFirms} firms are needed for the designed 2022 events");
        }

        return new Builder(options).Build();
    }

    /// <summary>Σ annualised tax ÷ Σ land over the 规上 industrial rows with land &gt; 0 (SPEC §3).</summary>
    public static decimal TaxPerMu(IEnumerable<SampleRow> rows)
    {
        decimal tax = 0, land = 0;
        foreach (var r in rows)
        {
            if (r.AboveScale && r.IsIndustrial && r.LandMu is > 0)
            {
                tax += r.Tax * 4 / r.Period.Quarter;
                land += r.LandMu.Value;
            }
        }

        return land == 0 ? 0 : tax / land;
    }

    internal static decimal R1(double value) => Math.Round((decimal)value, 1, MidpointRounding.AwayFromZero);

    /// <summary>Land in 亩 as a multiple of 0.15 亩 (= 100 m²), so that 平方米 files hold whole numbers.</summary>
    internal static decimal Land(double mu) => Math.Max(1m, Math.Round((decimal)(mu / 0.15), MidpointRounding.AwayFromZero)) * 0.15m;

    /// <summary>A recognition of 2021 shows from the mid-year batch (Q3) on; earlier ones all year.</summary>
    private static bool Granted2021(Recognition recognition, int quarter) => recognition.Year < 2021 || (recognition.Year == 2021 && quarter >= 3);

    private sealed class Builder
    {
        private static readonly double[] s_baseShare = [0, 0.22, 0.48, 0.74, 1];

        private readonly SampleCityOptions _options;
        private readonly Rng _rng;
        private readonly Naming _naming;
        private readonly List<FirmPlan> _firms = [];
        private readonly double[] _quarterFactor = [1, 1, 1, 1, 1];

        public Builder(SampleCityOptions options)
        {
            _options = options;
            _rng = new Rng(options.Seed);
            _naming = new Naming(_rng.Fork("names"), options.City.RegionCode);
        }

        public SampleCity Build()
        {
            CreatePopulation();
            AssignSources();
            Calibrate();
            var filings = FilingPlan.Assemble(_options.City, Periods, _firms, RowFor);
            var firms = _firms.Select(f => new SampleFirm
            {
                Id = f.Id,
                CreditCode = f.Code22 ?? f.Code21,
                Name = f.Name22 ?? f.Name21,
                Town = f.Town,
                Source = f.Source,
                IndustryCode = f.IndustryCode,
                Roles = f.Roles.ToArray(),
            }).ToArray();
            return new SampleCity { Seed = _options.Seed, City = _options.City, Periods = Periods, Firms = firms, Filings = filings };
        }

        // ---------------------------------------------------------------- population

        private void CreatePopulation()
        {
            var n = _options.Firms;
            var scale = n / (double)SampleCityOptions.DefaultFirms;
            var nAbove = (int)Math.Round(n / 3.0);
            var nAboveNonIndustrial = (int)Math.Round(30 * scale);
            var nIndividuals = (int)Math.Round(1300 * scale);
            var rng = _rng.Fork("population");

            // 规上, 2021: a heavy-tailed revenue distribution above 2,000 万元; scaled later to ≈ 980 亿元.
            for (var i = 0; i < nAbove; i++)
            {
                var f = NewFirm(rng, individual: false, industrial: i >= nAboveNonIndustrial);
                f.Above21 = true;
                f.AboveSince = rng.Chance(0.06) ? 2021 : 2006 + rng.Next(15);
                f.Rev21 = 2000 + Math.Min(2000 * (Math.Pow(1 - rng.NextDouble(), -1 / 1.25) - 1), 70000);
                f.Roles.Add("above-scale");
            }

            for (var i = 0; i < n - nAbove; i++)
            {
                var individual = i < nIndividuals;
                var f = NewFirm(rng, individual, industrial: rng.Chance(individual ? 0.8 : 0.9));
                f.Rev21 = individual
                    ? Math.Clamp(15 * Math.Pow(1 - rng.NextDouble(), -1 / 1.2), 10, 900)
                    : Math.Clamp(60 * Math.Pow(1 - rng.NextDouble(), -1 / 1.1), 30, 1400);
                f.Roles.Add(individual ? "individual" : "below-scale");
            }

            DesignRevenueGiants(rng);
            DesignUpgradesAndPool(rng);
            DesignLowEfficiency(rng);
            DesignConversions(rng);
            DesignRemediation(rng);
            DesignRecognitions(rng);

            ScaleAboveScaleRevenue(9_800_000 * scale);
            foreach (var f in _firms)
            {
                FillFigures(rng, f);
            }

            DesignEarlyCrossing();
        }

        private FirmPlan NewFirm(Rng rng, bool individual, bool industrial)
        {
            var f = new FirmPlan { Id = _firms.Count + 1, Individual = individual };
            f.Town = rng.PickWeighted(_options.City.Towns, _options.City.Towns.Select(TownWeight).ToArray());
            (string Word, string Code) trade;
            var variant = rng.Next(3);
            if (individual && variant == 1)
            {
                trade = (rng.Pick(["五金", "工具", "机械"]), "5174");
            }
            else
            {
                trade = industrial ? rng.Pick(Naming.IndustrialTrades) : rng.Pick(Naming.NonIndustrialTrades);
            }

            f.Trade = trade.Word;
            f.IndustryCode = trade.Code;
            while (true)
            {
                f.Brand = _naming.NewBrand(f.Trade);
                var name = individual ? Naming.IndividualName(f.Brand, f.Trade, f.Town, variant) : Naming.EnterpriseName(f.Brand, f.Trade, false);
                if (_naming.Claim(name))
                {
                    f.Name21 = name;
                    break;
                }
            }

            if (individual)
            {
                // Reserve the enterprise form so that a later 个转企 keeps the same 字号.
                _naming.Claim(Naming.EnterpriseName(f.Brand, f.Trade, false));
            }

            f.Code21 = _naming.NewCode(individual);
            _firms.Add(f);
            return f;
        }

        private static double TownWeight(string town) => town switch
        {
            "经济开发区" => 2.0,
            "东城街道" => 1.6,
            "西城街道" => 1.4,
            "江南街道" => 1.3,
            _ => 0.85,
        };

        private List<FirmPlan> Free(Func<FirmPlan, bool> where, Rng rng)
        {
            var list = _firms.Where(f => !f.Special && where(f)).ToList();
            rng.Shuffle(list);
            return list;
        }

        private IEnumerable<FirmPlan> Take(List<FirmPlan> pool, int count, string role)
        {
            if (pool.Count < count)
            {
                throw new InvalidOperationException($"not enough firms for {role}");
            }

            for (var i = 0; i < count; i++)
            {
                var f = pool[^1];
                pool.RemoveAt(pool.Count - 1);
                f.Special = true;
                f.Roles.Add(role);
                yield return f;
            }
        }

        private void DesignRevenueGiants(Rng rng)
        {
            var above = Free(f => f.Above21 && f.IsIndustrial, rng);
            foreach (var f in Take(above, 6, "revenue-over-1bn-existing").ToList())
            {
                f.Rev21 = rng.Between(110_000, 260_000);
                f.Rev22 = f.Rev21 * rng.Between(1.02, 1.12);
                f.AboveSince = 2000 + rng.Next(8);
            }

            // Three firms cross 10亿 in 2022 (achieved at Q4, projected before).
            foreach (var f in Take(above, 3, "revenue-over-1bn-Q4").ToList())
            {
                f.Rev21 = rng.Between(86_000, 96_000);
                f.Rev22 = rng.Between(104_000, 115_000);
            }

            // Projected over 10亿 at Q3 but short of it at Q4: a projection is not an achievement.
            foreach (var f in Take(above, 1, "revenue-over-1bn-projected-only").ToList())
            {
                f.Rev21 = rng.Between(91_000, 94_000);
                f.Rev22 = rng.Between(97_000, 99_000);
                f.RevShare22[3] = 0.78;
            }
        }

        /// <summary>
        /// One of the 2022 10亿 firms grows faster: its YTD passes 100,000 万元 already at Q3, so it counts from
        /// Q3 (YTD only grows). Set after the figures are drawn so that no other firm's draws move.
        /// </summary>
        private void DesignEarlyCrossing()
        {
            var f = _firms.First(f => f.Roles.Contains("revenue-over-1bn-Q4"));
            f.Roles.Remove("revenue-over-1bn-Q4");
            f.Roles.Add("revenue-over-1bn-Q3");
            f.Rev22 += 32_000;
            f.RevShare22[3] = Math.Max(f.RevShare22[3], 0.75);
        }

        private void DesignUpgradesAndPool(Rng rng)
        {
            var below = Free(f => !f.Above21 && !f.Individual && f.IsIndustrial, rng);
            // 小升规 per quarter of 2022: mostly the January intake (Q1) and the year-end intake (Q4).
            int[] perQuarter = [0, 31, 3, 9, 60];
            for (var q = 1; q <= 4; q++)
            {
                foreach (var f in Take(below, perQuarter[q], $"upgrade-Q{q}").ToList())
                {
                    f.UpgradeQuarter = q;
                    if (q == 1)
                    {
                        // Crossed 2,000 万元 over 2021, admitted to 规上 from January 2022.
                        f.Rev21 = rng.Between(2_010, 2_700);
                        f.Rev22 = f.Rev21 * rng.Between(1.0, 1.25);
                    }
                    else
                    {
                        f.Rev21 = rng.Between(1_550, 1_980);
                        f.Rev22 = rng.Between(2_080, 2_900);
                    }
                }
            }

            // Wholesale firms entering 限上/规上 are not 规上工业: decoys for the 小升规 count.
            var nonIndustrial = Free(f => !f.Above21 && !f.Individual && !f.IsIndustrial, rng);
            foreach (var f in Take(nonIndustrial, 3, "upgrade-non-industrial-decoy").ToList())
            {
                f.UpgradeQuarter = 1;
                f.Rev21 = rng.Between(2_100, 2_600);
                f.Rev22 = f.Rev21 * rng.Between(1.0, 1.2);
            }

            foreach (var f in Take(below, 55, "pool").ToList())
            {
                f.Rev21 = rng.Between(1_500, 1_980);
                f.Rev22 = rng.Between(1_520, 1_990);
            }
        }

        private void DesignLowEfficiency(Rng rng)
        {
            // 40 baseline firms under 5 万元/亩 at 2021 Q4: 14 规上, 26 规下 with ≥ 3 亩.
            // Cleared per 2022 quarter (cumulative 7, 17, 26, 33 of 40): by better tax or by closure.
            var above = Free(f => f.Above21 && f.IsIndustrial, rng);
            var below = Free(f => !f.Above21 && !f.Individual && f.IsIndustrial, rng);
            var aboveFirms = Take(above, 14, "low-efficiency").ToList();
            var belowFirms = Take(below, 26, "low-efficiency").ToList();

            var closures = new[] { 1, 1, 2, 2, 2, 3, 3, 3, 4, 4 };
            var taxClearances = new List<int>();
            int[] byTax = [0, 5, 7, 6, 5];
            for (var q = 1; q <= 4; q++)
            {
                taxClearances.AddRange(Enumerable.Repeat(q, byTax[q]));
            }

            rng.Shuffle(taxClearances);
            var plans = new List<(FirmPlan Firm, int Quarter, bool Closure)>();
            for (var i = 0; i < 10; i++)
            {
                plans.Add((belowFirms[i], closures[i], true));
            }

            var taxFirms = aboveFirms.Take(11).Concat(belowFirms.Skip(10).Take(12)).ToList();
            for (var i = 0; i < taxFirms.Count; i++)
            {
                plans.Add((taxFirms[i], taxClearances[i], false));
            }

            foreach (var f in aboveFirms.Skip(11).Concat(belowFirms.Skip(22)))
            {
                plans.Add((f, 0, false));
            }

            // A closed firm stops being filed: one of the Q2 closures files no row after its closing quarter.
            plans.First(p => p.Closure && p.Quarter == 2).Firm.StopsFilingAfter = 2;
            foreach (var (f, quarter, closure) in plans)
            {
                double land;
                if (f.Above21)
                {
                    f.Rev21 = rng.Between(2_300, 9_000);
                    land = rng.Between(20, 90);
                }
                else
                {
                    f.Rev21 = rng.Between(200, 1_500);
                    land = rng.Between(3.3, 18);
                }

                f.Rev22 = f.Rev21 * rng.Between(0.95, 1.15);
                f.Land = Land(land);
                var perMu = new double[5];
                perMu[0] = rng.Between(1.6, 4.4);
                for (var q = 1; q <= 4; q++)
                {
                    var cleared = !closure && quarter > 0 && q >= quarter;
                    perMu[q] = cleared ? rng.Between(5.6, 8.5) : rng.Between(1.6, 4.4);
                }

                var tax = new decimal[5];
                tax[0] = Math.Round((decimal)perMu[0] * f.Land.Value, 1);
                for (var q = 1; q <= 4; q++)
                {
                    var ytd = Math.Round((decimal)perMu[q] * f.Land.Value * q / 4, 1);
                    tax[q] = closure && q > quarter ? tax[quarter] : Math.Max(ytd, tax[q - 1] * (q == 1 ? 0 : 1));
                }

                f.DesignedTax = tax;
                if (closure)
                {
                    f.Roles.Add($"low-efficiency-closed-Q{quarter}");
                    if (f.StopsFilingAfter > 0)
                    {
                        f.Roles.Add("stops-filing-after-closing");
                    }

                    f.CloseQuarter = quarter;
                    f.RemediationListed = true;
                    f.Rem21 = rng.Chance(0.5) ? RemediationStatus.InProgress : RemediationStatus.None;
                    f.RemStartQuarter = f.Rem21 == RemediationStatus.None && quarter > 1 ? 1 : 0;
                    if (f.Rem21 == RemediationStatus.None && quarter == 1)
                    {
                        f.Rem21 = RemediationStatus.InProgress;
                    }

                    f.RemDoneQuarter = quarter;
                    f.RemDoneStatus = RemediationStatus.Closed;
                    var p = new Period(2022, quarter);
                    f.RemDoneDate = rng.DayIn(p.FirstDay, p.LastDay);
                }
                else
                {
                    f.Roles.Add(quarter > 0 ? $"low-efficiency-cleared-Q{quarter}" : "low-efficiency-not-cleared");
                }
            }

            // Decoys: non-industrial 规上 with poor 亩均 (not 规上工业), and 规下 under 3 亩 (out of scope).
            foreach (var f in Take(Free(f => f.Above21 && !f.IsIndustrial, rng), 2, "low-efficiency-decoy-non-industrial").ToList())
            {
                f.Land = Land(rng.Between(25, 40));
                var perMu = rng.Between(1.5, 3);
                f.DesignedTax = [.. Enumerable.Range(0, 5).Select(q => Math.Round((decimal)perMu * f.Land.Value * (q == 0 ? 4 : q) / 4, 1))];
            }

            foreach (var f in Take(Free(f => !f.Above21 && !f.Individual && f.IsIndustrial, rng), 3, "low-efficiency-decoy-small-land").ToList())
            {
                f.Land = rng.Pick([2.4m, 2.55m, 2.85m]);
                var perMu = rng.Between(1, 3);
                f.DesignedTax = [.. Enumerable.Range(0, 5).Select(q => Math.Round((decimal)perMu * f.Land.Value * (q == 0 ? 4 : q) / 4, 1))];
            }
        }

        private void DesignConversions(Rng rng)
        {
            // 个转企, cumulative 60, 120, 180, 250 against 400: behind all year (≈ 60% of expected).
            var individuals = Free(f => f.Individual, rng);
            int[] perQuarter = [0, 60, 60, 60, 70];
            for (var q = 1; q <= 4; q++)
            {
                foreach (var f in Take(individuals, perQuarter[q], $"conversion-Q{q}").ToList())
                {
                    f.ConvertQuarter = q;
                    var p = new Period(2022, q);
                    f.ConvertDate = rng.DayIn(p.FirstDay, p.LastDay.AddDays(-10));
                    f.Code22 = _naming.NewCode(individual: false);
                    f.Name22 = Naming.EnterpriseName(f.Brand, f.Trade, false);
                }
            }
        }

        private void DesignRemediation(Rng rng)
        {
            // 整治低散乱: completions per quarter from this list (the low-efficiency closures add 2, 3, 3, 2).
            var candidates = Free(f => !f.Above21, rng);
            var individuals = candidates.Where(f => f.Individual).ToList();
            var enterprises = candidates.Where(f => !f.Individual).ToList();
            FirmPlan Next(string role)
            {
                var list = individuals.Count > 0 && (enterprises.Count == 0 || rng.Chance(0.6)) ? individuals : enterprises;
                return Take(list, 1, role).Single();
            }

            void Prepare(FirmPlan f)
            {
                f.RemediationListed = true;
                f.Land = rng.Chance(0.7) ? (rng.Chance(0.5) ? null : 0m) : Land(rng.Between(0.6, 2.85));
            }

            int[] done = [0, 88, 119, 103, 95];
            for (var q = 1; q <= 4; q++)
            {
                for (var i = 0; i < done[q]; i++)
                {
                    var f = Next($"remediation-done-Q{q}");
                    Prepare(f);
                    var closed = rng.Chance(0.2);
                    f.RemDoneQuarter = q;
                    f.RemDoneStatus = closed ? RemediationStatus.Closed : RemediationStatus.Remediated;
                    var p = new Period(2022, q);
                    f.RemDoneDate = rng.DayIn(p.FirstDay, p.LastDay);
                    f.CloseQuarter = closed ? q : 0;
                    if (q <= 2 || rng.Chance(0.5))
                    {
                        f.Rem21 = RemediationStatus.InProgress;
                    }
                    else
                    {
                        f.RemStartQuarter = rng.Next(1, q);
                    }
                }
            }

            for (var i = 0; i < 60; i++)
            {
                var f = Next("remediation-ongoing");
                Prepare(f);
                if (i < 30)
                {
                    f.Rem21 = RemediationStatus.InProgress;
                }
                else
                {
                    f.RemStartQuarter = rng.Next(1, 5);
                }
            }

            for (var i = 0; i < 30; i++)
            {
                var f = Next("remediation-done-2021");
                Prepare(f);
                f.Rem21 = i % 6 == 0 ? RemediationStatus.Closed : RemediationStatus.Remediated;
                f.RemDate21 = rng.DayIn(new DateOnly(2021, 3, 1), new DateOnly(2021, 12, 20));
            }
        }

        private void DesignRecognitions(Rng rng)
        {
            static Recognition R(string name, int year) => new(name, year);
            var candidates = Free(f => f.Above21 && f.IsIndustrial && f.Rev21 > 4000, rng);

            // 专精特新 2022: one in Q1, three in the Q2 batch (target 4 achieved at Q2), one more in Q4.
            int[] specialized = [1, 2, 2, 2, 4];
            foreach (var (f, q) in Take(candidates, 5, "provincial-specialized").Zip(specialized).ToList())
            {
                f.Roles.Add($"provincial-specialized-Q{q}");
                f.Recognitions.Add((R("专精特新", 2022), q));
                f.Recognitions.Add((R("高新技术企业", 2016 + rng.Next(6)), 0));
                if (q == 2 && !_firms.Any(x => x.RecognitionsStatedUntil > 0))
                {
                    // Its town states the recognition in Q2 and leaves 资质 blank afterwards: it still counts.
                    f.RecognitionsStatedUntil = 2;
                    f.Roles.Add("recognition-stated-once");
                }
            }

            // 小巨人 2022: both in the Q3 batch (target 2 achieved at Q3), firms already 专精特新.
            foreach (var f in Take(candidates, 2, "national-little-giant-Q3").ToList())
            {
                f.Recognitions.Add((R("专精特新", 2019 + rng.Next(3)), 0));
                f.Recognitions.Add((R("小巨人", 2022), 3));
                f.Recognitions.Add((R("高新技术企业", 2015 + rng.Next(6)), 0));
            }

            // Earlier recognitions do not count for 2022.
            foreach (var (f, i) in Take(candidates, 2, "earlier-little-giant").Select((f, i) => (f, i)).ToList())
            {
                f.Recognitions.Add((R("专精特新", 2019), 0));
                f.Recognitions.Add((R("小巨人", 2020 + i), 0));
            }

            var others = Free(f => f.Above21 && f.IsIndustrial, rng);
            for (var i = 0; i < 60 && i < others.Count; i++)
            {
                others[i].Recognitions.Add((R("专精特新", 2019 + rng.Next(3)), 0));
            }

            for (var i = 0; i < 245 && i < others.Count; i++)
            {
                var f = others[(i * 7 + 3) % others.Count];
                if (f.Recognitions.Any(r => r.Recognition.Name == "高新技术企业"))
                {
                    continue;
                }

                f.Recognitions.Add(i < 25 ? (R("高新技术企业", 2022), 4) : (R("高新技术企业", 2013 + rng.Next(9)), 0));
            }

            var small = Free(f => !f.Individual && f.IsIndustrial, rng);
            for (var i = 0; i < 150 && i < small.Count; i++)
            {
                var year = 2020 + rng.Next(3);
                small[i].Recognitions.Add((R("科技型中小企业", year), year == 2022 ? 2 : 0));
            }

            for (var i = 150; i < 190 && i < small.Count; i++)
            {
                small[i].Recognitions.Add((R("创新型中小企业", 2022), 3));
            }

            foreach (var f in _firms)
            {
                f.Recognitions.Sort((a, b) => Rank(a.Recognition.Name).CompareTo(Rank(b.Recognition.Name)));
            }

            static int Rank(string name)
            {
                for (var i = 0; i < Recognition.KnownNames.Count; i++)
                {
                    if (Recognition.KnownNames[i] == name)
                    {
                        return i;
                    }
                }

                return 99;
            }
        }

        private void ScaleAboveScaleRevenue(double total)
        {
            // Only the ordinary 规上 firms are scaled, by their excess over 2,000 万元, so they stay 规上
            // and no one drifts across 10亿 by accident.
            for (var round = 0; round < 6; round++)
            {
                var fixedSum = _firms.Where(f => f.Above21 && f.Special).Sum(f => f.Rev21);
                var ordinary = _firms.Where(f => f.Above21 && !f.Special).ToList();
                var excess = ordinary.Sum(f => f.Rev21 - 2000);
                var k = (total - fixedSum - (2000.0 * ordinary.Count)) / excess;
                foreach (var f in ordinary)
                {
                    f.Rev21 = Math.Min(2000 + ((f.Rev21 - 2000) * k), 72_000);
                }
            }
        }

        private void FillFigures(Rng rng, FirmPlan f)
        {
            if (f.Rev22 == 0)
            {
                f.Rev22 = f.Above21
                    ? Math.Min(f.Rev21 * Math.Clamp(rng.LogNormal(1.06, 0.08), 0.8, 1.3), 94_000)
                    : f.Rev21 * Math.Clamp(rng.LogNormal(1.05, 0.12), 0.6, 1.4);
            }

            f.Rev20 = f.Rev21 / Math.Clamp(rng.LogNormal(1.07, 0.08), 0.8, 1.3);
            for (var q = 1; q <= 3; q++)
            {
                f.RevShare21[q] = s_baseShare[q] * rng.Between(0.96, 1.04);
                f.RevShare22[q] = f.RevShare22[q] > 0 ? f.RevShare22[q] : s_baseShare[q] * rng.Between(0.96, 1.04);
                f.TaxShare22[q] = s_baseShare[q] * rng.Between(0.96, 1.04);
                f.RdShare22[q] = s_baseShare[q] * rng.Between(0.9, 1.1);
            }

            f.RevShare21[4] = f.RevShare22[4] = f.TaxShare22[4] = f.RdShare22[4] = 1;

            var aboveAtSomePoint = f.Above21 || f.UpgradeQuarter > 0;
            if (f.DesignedTax is null)
            {
                var rate = aboveAtSomePoint
                    ? Math.Clamp(rng.LogNormal(0.038, 0.35), 0.012, 0.09)
                    : f.Individual ? rng.Between(0.005, 0.03) : rng.Between(0.01, 0.04);
                f.Tax21 = f.Rev21 * rate;
                var rented = f.Land is null && !f.RemediationListed && (aboveAtSomePoint ? rng.Chance(0.03) : rng.Chance(f.Individual ? 0.85 : 0.5));
                if (!f.RemediationListed && !rented)
                {
                    // Land follows from tax and a 亩均 of at least 9, so only designed firms are low-efficiency.
                    var perMu = Math.Clamp(rng.LogNormal(aboveAtSomePoint ? 26 : 16, 0.5), 9, 150);
                    f.Land = Land(f.Tax21 / perMu);
                }
                else if (rented && rng.Chance(0.3))
                {
                    f.Land = 0m;
                }

                f.Calibrated = aboveAtSomePoint && f.IsIndustrial && f.Land is > 0;
                f.Tax22 = f.Tax21 * Math.Clamp(rng.LogNormal(f.Calibrated ? 1.17 : 1.1, 0.1), 0.9, 1.5);
            }

            if (f.IsIndustrial && !f.Individual && (aboveAtSomePoint ? rng.Chance(0.75) : rng.Chance(0.2)))
            {
                var rd = f.Recognitions.Count > 0 ? rng.Between(0.03, 0.06) : rng.Between(0.005, 0.04);
                f.Rd21 = f.Rev21 * rd;
                f.Rd22 = f.Rev22 * rd * rng.Between(0.95, 1.15);
            }

            f.Emp21 = f.Individual
                ? rng.Next(2, 20)
                : (int)Math.Clamp(f.Rev21 / rng.LogNormal(aboveAtSomePoint ? 60 : 35, 0.3), aboveAtSomePoint ? 15 : 3, 8000);
            f.Emp22 = Math.Max(1, (int)Math.Round(f.Emp21 * rng.Between(0.95, 1.08)));
        }

        private void AssignSources()
        {
            // The statistics bureau files the largest firms directly; towns file the rest.
            var largest = _firms.Where(f => f.Above21).OrderByDescending(f => f.Rev21).Take(60).ToHashSet();
            foreach (var f in _firms)
            {
                f.Source = largest.Contains(f) ? _options.City.StatisticsBureau : f.Town;
                if (largest.Contains(f))
                {
                    f.Roles.Add("statistics-bureau");
                }
            }
        }

        // ---------------------------------------------------------------- calibration

        private void Calibrate()
        {
            ScaleTax(new Period(2021, 4), TaxPerMu2021, f => f.Above21, (f, k) => f.Tax21 *= k);

            // 2022 tax follows 2021's (after its calibration) with the firm's growth, then is tuned again.
            ScaleTax(new Period(2022, 4), TaxPerMu2022[4], f => f.Above21 || f.UpgradeQuarter > 0, (f, k) => f.Tax22 *= k);
            for (var q = 1; q <= 3; q++)
            {
                var quarter = q;
                ScaleTax(new Period(2022, q), TaxPerMu2022[q], f => f.Above21 || (f.UpgradeQuarter > 0 && f.UpgradeQuarter <= quarter), (_, k) => _quarterFactor[quarter] *= k);
            }
        }

        private void ScaleTax(Period period, decimal target, Func<FirmPlan, bool> inSet, Action<FirmPlan, double> apply)
        {
            for (var round = 0; round < 4; round++)
            {
                decimal fixedTax = 0, calibratedTax = 0, land = 0;
                foreach (var f in _firms)
                {
                    var row = RowFor(f, period);
                    if (!row.AboveScale || !row.IsIndustrial || row.LandMu is not > 0)
                    {
                        continue;
                    }

                    var annual = row.Tax * 4 / period.Quarter;
                    land += row.LandMu.Value;
                    if (f.Calibrated && inSet(f))
                    {
                        calibratedTax += annual;
                    }
                    else
                    {
                        fixedTax += annual;
                    }
                }

                var k = (double)(((target * land) - fixedTax) / calibratedTax);
                if (Math.Abs(k - 1) < 1e-7)
                {
                    return;
                }

                if (period.Quarter == 4)
                {
                    foreach (var f in _firms.Where(f => f.Calibrated && inSet(f)))
                    {
                        apply(f, k);
                    }
                }
                else
                {
                    apply(_firms[0], k);
                }
            }
        }

        // ---------------------------------------------------------------- rows

        private SampleRow RowFor(FirmPlan f, Period p)
        {
            var y22 = p.Year == 2022;
            var q = y22 ? p.Quarter : 0;

            // 2021's quarters accrue its annual figures by the firm's 2021 shares (Q4: the whole year).
            var q21 = y22 ? 0 : p.Quarter;
            var share21 = q21 == 4 ? 1.0 : f.RevShare21[q21];
            var converted = y22 && f.ConvertQuarter > 0 && q >= f.ConvertQuarter;
            var above = f.Above21 || (y22 && f.UpgradeQuarter > 0 && q >= f.UpgradeQuarter);
            var fq = y22 && f.CloseQuarter > 0 ? Math.Min(q, f.CloseQuarter) : q;

            decimal revenue, tax, sameLastYear, lastYear;
            decimal? research;
            if (!y22)
            {
                revenue = R1(f.Rev21 * share21);
                tax = f.DesignedTax is { } designed
                    ? q21 == 4 ? designed[0] : Math.Round(designed[0] * q21 / 4, 1, MidpointRounding.AwayFromZero)
                    : R1(f.Tax21 * share21);
                research = f.Rd21 > 0 ? R1(f.Rd21 * share21) : null;
                sameLastYear = R1(f.Rev20 * share21);
                lastYear = R1(f.Rev20);
            }
            else
            {
                revenue = R1(f.Rev22 * f.RevShare22[fq]);
                var factor = f.Calibrated && fq < 4 ? _quarterFactor[fq] : 1;
                tax = f.DesignedTax?[fq] ?? R1(f.Tax22 * f.TaxShare22[fq] * factor);
                research = f.Rd22 > 0 ? R1(f.Rd22 * f.RdShare22[fq]) : null;
                sameLastYear = R1(f.Rev21 * f.RevShare21[q]);
                lastYear = R1(f.Rev21);
            }

            var status = RemediationStatus.None;
            DateOnly? statusDate = null;
            if (f.RemDoneQuarter > 0 && q >= f.RemDoneQuarter)
            {
                (status, statusDate) = (f.RemDoneStatus, f.RemDoneDate);
            }
            else if (f.Rem21 is RemediationStatus.Remediated or RemediationStatus.Closed && (y22 || f.RemDate21!.Value.Month <= q21 * 3))
            {
                (status, statusDate) = (f.Rem21, f.RemDate21);
            }
            else if (f.Rem21 != RemediationStatus.None || (f.RemStartQuarter > 0 && q >= f.RemStartQuarter))
            {
                // 整治中 until done (in 2021, a firm done that year is 整治中 until its completion quarter).
                status = RemediationStatus.InProgress;
            }

            return new SampleRow
            {
                FirmId = f.Id,
                Period = p,
                CreditCode = converted ? f.Code22! : f.Code21,
                Name = converted ? f.Name22! : f.Name21,
                Town = f.Town,
                AboveScale = above,
                AboveScaleSince = f.Above21 ? f.AboveSince : above ? 2022 : null,
                Revenue = revenue,
                RevenueSamePeriodLastYear = sameLastYear,
                RevenueLastYear = lastYear,
                Tax = tax,
                LandMu = f.Land,
                ResearchSpending = research,
                Employees = y22 ? f.Emp22 : f.Emp21,
                Recognitions = y22 && f.RecognitionsStatedUntil > 0 && q > f.RecognitionsStatedUntil
                    ? []
                    : f.Recognitions.Where(r => y22 ? r.FromQuarter <= q : r.FromQuarter == 0 && Granted2021(r.Recognition, q21)).Select(r => r.Recognition).ToArray(),
                FormerCreditCode = converted ? f.Code21 : null,
                ConversionDate = converted ? f.ConvertDate : null,
                Remediation = status,
                RemediationListed = f.RemediationListed,
                RemediationDate = statusDate,
                IndustryCode = converted && f.IndustryCode == "5174" ? "3389" : f.IndustryCode,
            };
        }
    }
}
