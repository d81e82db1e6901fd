namespace Cultivation.Domain.City;

/// <summary>
/// Everything city-specific: the region, its towns (镇街) and the sources allowed to file.
/// Bound from the configuration section <c>City</c>; the defaults are Yongkang's (330784).
/// </summary>
public sealed class CityOptions
{
    public const string SectionName = "City";

    /// <summary>The statistics bureau files the firms that no town files.</summary>
    public const string DefaultStatisticsBureau = "统计局";

    /// <summary>The bureau that runs the pipeline, whose contact hears of what no source can be told of.</summary>
    public const string DefaultBureau = "经信局";

    public string RegionCode { get; set; } = "330784";

    public string Name { get; set; } = "永康市";

    public List<string> Towns { get; set; } =
    [
        "东城街道", "西城街道", "江南街道", "石柱镇", "前仓镇", "舟山镇", "古山镇", "方岩镇",
        "龙山镇", "西溪镇", "象珠镇", "唐先镇", "花街镇", "芝英镇", "经济开发区",
    ];

    public string StatisticsBureau { get; set; } = DefaultStatisticsBureau;

    /// <summary>
    /// A quarter is complete only once the statistics bureau has filed it too (and <c>nextPeriod.of</c>
    /// counts it). Off by default: the bureau files only the firms no town files.
    /// </summary>
    public bool StatisticsBureauRequired { get; set; }

    /// <summary>
    /// The bureau that runs the pipeline (经信局). Its entry in <see cref="Contacts"/> hears of the files no source can be
    /// told of: a blob whose name names no source, a file given up after its last attempt, and a rejection of a source
    /// that has no contact.
    /// </summary>
    public string Bureau { get; set; } = DefaultBureau;

    /// <summary>Who is told of each file's result: one entry per source, and one for <see cref="Bureau"/>.</summary>
    public List<FilerContact> Contacts { get; set; } = [];

    /// <summary>The reachable contact of a source (or of <see cref="Bureau"/>); null when it has none.</summary>
    public FilerContact? ContactOf(string source) =>
        Contacts.LastOrDefault(c => string.Equals(c.Source.Trim(), source, StringComparison.Ordinal) && c.IsReachable);

    public bool IsTown(string name) => Towns.Contains(name, StringComparer.Ordinal);

    /// <summary>A filing source is a town or the statistics bureau.</summary>
    public bool IsSource(string name) => IsTown(name) || string.Equals(name, StatisticsBureau, StringComparison.Ordinal);
}
