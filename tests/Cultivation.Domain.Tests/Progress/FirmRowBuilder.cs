using Cultivation.Domain.City;
using Cultivation.Domain.Firms;
using Cultivation.Domain.Periods;
using Cultivation.Domain.Progress;
using Cultivation.Domain.Targets;

namespace Cultivation.Domain.Tests.Progress;

/// <summary>Firm rows with sensible defaults: a 规上 industrial firm of 东城街道 with 10 亩 and a healthy tax.</summary>
internal static class FirmRowBuilder
{
    public const string East = "东城街道";
    public const string West = "西城街道";
    public const string South = "江南街道";

    /// <summary>A valid enterprise (91…) code numbered <paramref name="n"/>.</summary>
    public static string Code(int n) => WithCheck($"91330784{n:D9}");

    /// <summary>A valid individual business (92…) code numbered <paramref name="n"/>.</summary>
    public static string IndividualCode(int n) => WithCheck($"92330784{n:D9}");

    public static FirmRow Row(
        string code,
        string town = East,
        bool aboveScale = true,
        decimal revenue = 2500m,
        decimal tax = 100m,
        decimal? land = 10m,
        string? name = null,
        int? since = null,
        decimal? revenueLastYear = null,
        string? industry = null,
        string? recognitions = null,
        string? formerCode = null,
        string? converted = null,
        RemediationStatus remediation = RemediationStatus.None,
        string? remediated = null,
        bool remediationStated = false) => new()
        {
            CreditCode = CreditCode.Parse(code),
            Name = name ?? $"企业{code[^4..]}",
            Town = town,
            AboveScale = aboveScale,
            AboveScaleSince = since,
            Revenue = revenue,
            RevenueLastYear = revenueLastYear,
            Tax = tax,
            LandMu = land,
            IndustryCode = industry,
            Recognitions = recognitions is null
                ? []
                : recognitions.Split(';').Select(r => r.Split(':')).Select(p => new Recognition(p[0], int.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture))).ToList(),
            FormerCreditCode = formerCode is null ? null : CreditCode.Parse(formerCode),
            ConversionDate = converted is null ? null : DateOnly.Parse(converted, System.Globalization.CultureInfo.InvariantCulture),
            Remediation = remediation,
            RemediationStated = remediationStated || remediation != RemediationStatus.None,
            RemediationDate = remediated is null ? null : DateOnly.Parse(remediated, System.Globalization.CultureInfo.InvariantCulture),
        };

    private static string WithCheck(string first17) => first17 + CreditCode.ComputeCheckCharacter(first17);
}

/// <summary>A city of three towns, quarters filed by them, and the targets to compute.</summary>
internal sealed class Scenario
{
    private readonly List<FiledRow> _rows = [];
    private readonly Dictionary<Period, HashSet<string>> _accepted = [];
    private readonly List<TargetDefinition> _targets = [];

    public int Year { get; init; } = 2022;

    public CityOptions City { get; } = new() { Towns = [FirmRowBuilder.East, FirmRowBuilder.West, FirmRowBuilder.South] };

    public RuleOptions Options { get; } = new();

    public static DateTimeOffset ComputedAt { get; } = new(2022, 7, 18, 8, 0, 0, TimeSpan.Zero);

    /// <summary>A quarter every town filed (complete), holding these rows (each filed by its town).</summary>
    public Scenario Quarter(string period, params FirmRow[] rows) => Filed(period, City.Towns, rows);

    /// <summary>A quarter only <paramref name="towns"/> filed.</summary>
    public Scenario Filed(string period, IEnumerable<string> towns, params FirmRow[] rows)
    {
        var p = Period.Parse(period);
        if (!_accepted.TryGetValue(p, out var sources))
        {
            _accepted[p] = sources = [];
        }

        sources.UnionWith(towns);
        _rows.AddRange(rows.Select(r => new FiledRow(p, r.Town, r)));
        return this;
    }

    /// <summary>Rows the statistics bureau filed for a period (it never makes a quarter complete).</summary>
    public Scenario Bureau(string period, params FirmRow[] rows)
    {
        var p = Period.Parse(period);
        if (!_accepted.TryGetValue(p, out var sources))
        {
            _accepted[p] = sources = [];
        }

        sources.Add(City.StatisticsBureau);
        _rows.AddRange(rows.Select(r => new FiledRow(p, City.StatisticsBureau, r)));
        return this;
    }

    public Scenario Target(string rule, decimal? target = 10m, string? id = null, IReadOnlyList<decimal>? profile = null, decimal? baseline = null,
        IReadOnlyDictionary<string, decimal>? shares = null, params (string Key, string Value)[] parameters)
    {
        _targets.Add(new TargetDefinition
        {
            Id = id ?? rule,
            Name = id ?? rule,
            Rule = rule,
            Unit = rule == TargetRules.TaxPerMuAverage ? "万元/亩" : "家",
            Target = target,
            Profile = profile ?? TargetDefinition.DefaultProfile,
            Baseline = baseline,
            Parameters = parameters.ToDictionary(p => p.Key, p => p.Value),
            TownShares = shares ?? new Dictionary<string, decimal>(),
        });
        return this;
    }

    public ProgressInput Input(YearTargets? targets = null) => new()
    {
        Year = Year,
        Rows = _rows,
        AcceptedSources = _accepted.ToDictionary(a => a.Key, a => (IReadOnlySet<string>)a.Value),
        Targets = targets ?? new YearTargets(Year, City.RegionCode, _targets),
        City = City,
        Options = Options,
        ComputedAt = ComputedAt,
    };

    public ProgressResult Compute(YearTargets? targets = null) => ProgressCalculator.Compute(Input(targets));

    /// <summary>The detail of the only (or the named) target.</summary>
    public TargetDetail Detail(string? id = null)
    {
        var result = Compute();
        return id is null ? Assert.Single(result.Details) : result.Detail(id)!;
    }
}
