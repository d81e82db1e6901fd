using Cultivation.Domain.City;
using Cultivation.Domain.Periods;

namespace Cultivation.SampleCity.City;

/// <summary>
/// Which file carries which mess, and the assembly of rows into filings (one per source and period,
/// plus the late 花街镇 2022 Q3 filing, the broken 象珠镇 2022 Q2 correction and the 2022 Q4 filing-life story).
/// </summary>
public static class FilingPlan
{
    /// <summary>The town whose 2022 Q3 filing arrives late (written under <c>filings-late/</c>).</summary>
    public const string LateTown = "花街镇";

    /// <summary>The town whose 2022 Q2 correction attempt is broken (written under <c>filings-bad/</c>).</summary>
    public const string BadTown = "象珠镇";

    /// <summary>The unknown town the broken correction names.</summary>
    public const string UnknownTown = "清溪镇";

    /// <summary>The period of the filing-life story (written under <c>filings-life/</c>).</summary>
    public static readonly Period LifePeriod = new(2022, 4);

    /// <summary>The town whose largest firm 统计局 takes over in <see cref="LifePeriod"/>; it re-saves its file without the firm as .xls.</summary>
    public const string HandOverTown = "西城街道";

    /// <summary>The town that uploads a CSV export of its <see cref="LifePeriod"/> file by mistake and deletes it again.</summary>
    public const string MistakeTown = "江南街道";

    /// <summary>The mess of each file that has some; every other file is a clean xlsx.</summary>
    public static readonly IReadOnlyDictionary<(string Period, string Source), (FilingFormat Format, FilingStyle Style)> Mess =
        new Dictionary<(string, string), (FilingFormat, FilingStyle)>
        {
            [("2021Q4", "东城街道")] = (FilingFormat.Xlsx, new FilingStyle { TitleRows = true }),
            [("2021Q4", "芝英镇")] = (FilingFormat.CsvUtf8Bom, new FilingStyle { Dates = DateStyle.IsoText }),
            [("2021Q4", "统计局")] = (FilingFormat.Xlsx, new FilingStyle { PeriodColumn = "2021年1-12月" }),
            [("2022Q1", "前仓镇")] = (FilingFormat.Xlsx, new FilingStyle { FullWidthHeaders = true }),
            [("2022Q1", "古山镇")] = (FilingFormat.Xlsx, new FilingStyle { AmountUnit = AmountUnit.Yuan }),
            [("2022Q1", "西溪镇")] = (FilingFormat.Xls, new FilingStyle { AliasHeaders = true }),
            [("2022Q1", "象珠镇")] = (FilingFormat.Xlsx, new FilingStyle { Footer = true }),
            [("2022Q1", "方岩镇")] = (FilingFormat.Xlsx, new FilingStyle { PeriodColumn = "2022年第一季度", Dates = DateStyle.ChineseText }),
            [("2022Q2", "石柱镇")] = (FilingFormat.Xlsx, new FilingStyle { TitleRows = true }),
            [("2022Q2", "龙山镇")] = (FilingFormat.Xlsx, new FilingStyle { LandInSquareMetres = true }),
            [("2022Q2", "唐先镇")] = (FilingFormat.CsvGb18030, new FilingStyle { Dates = DateStyle.SlashText }),
            [("2022Q2", "西城街道")] = (FilingFormat.Xlsx, new FilingStyle { PeriodColumn = "2022年1-6月" }),
            [("2022Q3", "舟山镇")] = (FilingFormat.Xlsx, new FilingStyle { FullWidthHeaders = true, FullWidthDigits = true, FullWidthQualifications = true }),
            [("2022Q3", "方岩镇")] = (FilingFormat.Xlsx, new FilingStyle { AmountUnit = AmountUnit.ThousandYuan }),
            [("2022Q3", "江南街道")] = (FilingFormat.Xlsx, new FilingStyle { DashForEmpty = true }),
            [("2022Q3", "统计局")] = (FilingFormat.Xlsx, new FilingStyle { PeriodColumn = "2022Q3" }),
            [("2022Q4", "东城街道")] = (FilingFormat.Xlsx, new FilingStyle { NumbersAsText = true }),
            [("2022Q4", "经济开发区")] = (FilingFormat.Xlsx, new FilingStyle { Subtotals = true }),
            [("2022Q4", "芝英镇")] = (FilingFormat.Xlsx, new FilingStyle { TitleRows = true, Footer = true, AliasHeaders = true }),
            [("2022Q4", "古山镇")] = (FilingFormat.Xlsx, new FilingStyle { PeriodColumn = "2022年4季度", Dates = DateStyle.IsoText }),
        };

    internal static IReadOnlyList<SampleFiling> Assemble(CityOptions city, IReadOnlyList<Period> periods, IReadOnlyList<FirmPlan> firms, Func<FirmPlan, Period, SampleRow> rowFor)
    {
        var filings = new List<SampleFiling>();
        var sources = city.Towns.Append(city.StatisticsBureau).ToList();
        foreach (var period in periods)
        {
            foreach (var source in sources)
            {
                var rows = firms.Where(f => f.Source == source && f.FilesIn(period))
                    .Select(f => rowFor(f, period))
                    .OrderByDescending(r => r.AboveScale)
                    .ThenByDescending(r => r.Revenue)
                    .ThenBy(r => r.CreditCode, StringComparer.Ordinal)
                    .ToList();
                var (format, style) = Mess.TryGetValue((period.ToString(), source), out var mess) ? mess : (FilingFormat.Xlsx, FilingStyle.Clean);
                var late = source == LateTown && period == new Period(2022, 3);
                filings.Add(new SampleFiling
                {
                    Period = period,
                    Source = source,
                    Rows = rows,
                    Format = format,
                    Style = style,
                    Placement = late ? FilingPlacement.Late : FilingPlacement.Regular,
                });

                if (source == BadTown && period == new Period(2022, 2))
                {
                    filings.Add(BrokenCorrection(rows, period));
                }
            }

            if (period == LifePeriod)
            {
                filings.AddRange(LifeStory(filings.Where(f => f.Period == period).ToList(), city.StatisticsBureau));
            }
        }

        return filings;
    }

    /// <summary>
    /// A correction of 象珠镇 2022 Q2 that fixes two revenues but carries three errors: a wrong check
    /// character (row 5), an unknown town (row 9) and a negative tax (row 14). It must be rejected whole.
    /// </summary>
    private static SampleFiling BrokenCorrection(List<SampleRow> rows, Period period)
    {
        var corrected = rows.ToList();
        corrected[2] = corrected[2] with { Revenue = corrected[2].Revenue + 25.5m };
        corrected[6] = corrected[6] with { Revenue = corrected[6].Revenue + 12.0m };
        var code = corrected[4].CreditCode;
        var wrong = code[17] == '0' ? '1' : '0';
        corrected[4] = corrected[4] with { CreditCode = code[..17] + wrong };
        corrected[8] = corrected[8] with { Town = UnknownTown };
        corrected[13] = corrected[13] with { Tax = -12.5m };
        return new SampleFiling { Period = period, Source = BadTown, Rows = corrected, Placement = FilingPlacement.Bad };
    }

    /// <summary>
    /// The filing-life story of 2022 Q4 (SPEC §4), which leaves the period's rows as they were: 统计局 sends a
    /// correction that also reports 西城街道's largest firm (rejected: 西城街道's file supplies it); 西城街道
    /// re-saves its file without that firm as .xls (it supersedes the .xlsx, and 统计局's correction is then
    /// accepted); 江南街道 uploads a CSV export of its file (it supersedes the .xlsx) and deletes it again (withdrawn).
    /// </summary>
    private static IEnumerable<SampleFiling> LifeStory(IReadOnlyList<SampleFiling> regular, string bureau)
    {
        var town = regular.Single(f => f.Source == HandOverTown);
        var handedOver = town.Rows[0];
        var bureauRows = regular.Single(f => f.Source == bureau).Rows.Append(handedOver)
            .OrderByDescending(r => r.AboveScale).ThenByDescending(r => r.Revenue).ThenBy(r => r.CreditCode, StringComparer.Ordinal).ToList();
        yield return new SampleFiling { Period = LifePeriod, Source = bureau, Rows = bureauRows, Placement = FilingPlacement.Life };
        yield return new SampleFiling { Period = LifePeriod, Source = HandOverTown, Rows = town.Rows.Skip(1).ToList(), Format = FilingFormat.Xls, Placement = FilingPlacement.Life };
        var mistake = regular.Single(f => f.Source == MistakeTown);
        yield return new SampleFiling { Period = LifePeriod, Source = MistakeTown, Rows = mistake.Rows, Format = FilingFormat.CsvUtf8Bom, Placement = FilingPlacement.Life };
    }
}
