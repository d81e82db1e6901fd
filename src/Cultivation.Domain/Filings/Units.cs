namespace Cultivation.Domain.Filings;

/// <summary>What a quantity column measures, which decides the units it may be written in.</summary>
public enum Quantity
{
    /// <summary>Not a quantity (text, codes, dates, years).</summary>
    None = 0,

    /// <summary>Money, stored in 万元.</summary>
    Money = 1,

    /// <summary>Land area, stored in 亩.</summary>
    Land = 2,

    /// <summary>Head count (人).</summary>
    Headcount = 3,
}

/// <summary>A unit a filing may write in a column header's brackets, and its factor to the stored unit.</summary>
public sealed record Unit(string Name, Quantity Quantity, decimal Factor)
{
    public override string ToString() => Name;
}

/// <summary>
/// The units of section 2 of the spec. Factors are exact decimals so that scaled figures
/// compare exactly against thresholds: 1 亩 = 10,000/15 m², hence 1 m² = 0.0015 亩.
/// </summary>
public static class Units
{
    public static readonly Unit TenThousandYuan = new("万元", Quantity.Money, 1m);
    public static readonly Unit ThousandYuan = new("千元", Quantity.Money, 0.1m);
    public static readonly Unit Yuan = new("元", Quantity.Money, 0.0001m);
    public static readonly Unit Mu = new("亩", Quantity.Land, 1m);
    public static readonly Unit SquareMetre = new("平方米", Quantity.Land, 0.0015m);
    public static readonly Unit Person = new("人", Quantity.Headcount, 1m);

    private static readonly Dictionary<string, Unit> s_byName = new(StringComparer.Ordinal)
    {
        ["万元"] = TenThousandYuan,
        ["千元"] = ThousandYuan,
        ["元"] = Yuan,
        ["亩"] = Mu,
        ["平方米"] = SquareMetre,
        ["㎡"] = SquareMetre,
        ["m²"] = SquareMetre,
        ["m2"] = SquareMetre,
        ["人"] = Person,
    };

    /// <summary>The unit a column of this quantity takes when its header names none.</summary>
    public static Unit DefaultFor(Quantity quantity) => quantity switch
    {
        Quantity.Money => TenThousandYuan,
        Quantity.Land => Mu,
        Quantity.Headcount => Person,
        _ => throw new ArgumentOutOfRangeException(nameof(quantity), quantity, "not a quantity"),
    };

    /// <summary>The units accepted for a quantity, for error messages (e.g. "元/千元/万元").</summary>
    public static string AcceptedFor(Quantity quantity) => quantity switch
    {
        Quantity.Money => "元/千元/万元",
        Quantity.Land => "平方米/亩",
        Quantity.Headcount => "人",
        _ => string.Empty,
    };

    /// <summary>Finds a unit by its (already normalised) name, e.g. 千元.</summary>
    public static bool TryFind(string name, out Unit unit)
    {
        if (s_byName.TryGetValue(name.ToLowerInvariant(), out var found))
        {
            unit = found;
            return true;
        }

        unit = TenThousandYuan;
        return false;
    }
}
