using Cultivation.Domain.Firms;

namespace Cultivation.SampleCity.City;

/// <summary>
/// Invented firm names and credit codes. Names are 永康市 + a two-character 字号 + a trade word +
/// a legal form; combinations are random, never taken from a register, and kept unique.
/// </summary>
public sealed class Naming
{
    // Characters Chinese firms like in a 字号. Two of them at random make a plausible, invented name.
    internal const string BrandCharacters = "金银鑫华宏达盛兴隆泰丰恒昌源润瑞祥富荣顺新宇天远博创嘉凯佳俊腾飞德信诚正和合安平利通亚欧美星辰东方明辉光晨海江山峰川林森禾春秋豪卓越捷力骏驰威锐精匠奥特斯雅亿万立建胜鼎晟汇聚诺邦";

    // A few well-known local brands: never produce them even by chance.
    private static readonly HashSet<string> s_reserved = ["众泰", "步阳", "王力", "群升", "星月", "飞剑", "涛涛", "金大", "今飞", "金马", "顶立", "百能", "嘉宏"];

    /// <summary>Trade words with the GB/T 4754-2017 class a firm of that trade would carry.</summary>
    public static readonly IReadOnlyList<(string Word, string Code)> IndustrialTrades =
    [
        ("五金", "3389"), ("工贸", "3399"), ("电器", "3856"), ("机械", "3489"), ("车业", "3770"),
        ("杯业", "3381"), ("门业", "3312"), ("工具", "3322"), ("电动工具", "3465"), ("汽配", "3670"),
        ("不锈钢制品", "3381"), ("塑料制品", "2927"),
    ];

    public static readonly IReadOnlyList<(string Word, string Code)> NonIndustrialTrades =
    [
        ("商贸", "5179"), ("贸易", "5199"), ("供应链管理", "7213"),
    ];

    private readonly HashSet<string> _names = new(StringComparer.Ordinal);
    private readonly HashSet<string> _codes = new(StringComparer.Ordinal);
    private readonly Rng _rng;
    private readonly string _region;

    public Naming(Rng rng, string region)
    {
        _rng = rng;
        _region = region;
    }

    /// <summary>A fresh 字号 for which both the enterprise and the individual-business forms are free.</summary>
    public string NewBrand(string trade)
    {
        while (true)
        {
            var a = BrandCharacters[_rng.Next(BrandCharacters.Length)];
            var b = BrandCharacters[_rng.Next(BrandCharacters.Length)];
            var brand = string.Concat(a, b);
            if (a == b || s_reserved.Contains(brand) || _names.Contains(EnterpriseName(brand, trade, false)))
            {
                continue;
            }

            return brand;
        }
    }

    public static string EnterpriseName(string brand, string trade, bool large) =>
        large ? $"浙江{brand}{trade}股份有限公司" : $"永康市{brand}{trade}有限公司";

    public static string IndividualName(string brand, string trade, string town, int variant) => variant switch
    {
        0 => $"永康市{brand}{trade}加工厂",
        1 => $"永康市{brand}{trade}经营部",
        _ => $"永康市{ShortTown(town)}{brand}{trade}厂",
    };

    /// <summary>Claims a name; false when it is taken.</summary>
    public bool Claim(string name) => _names.Add(name);

    /// <summary>A new valid code: <c>91…</c> enterprise or <c>92…</c> individual business of the region.</summary>
    public string NewCode(bool individual)
    {
        Span<char> c = stackalloc char[18];
        while (true)
        {
            c[0] = '9';
            c[1] = individual ? '2' : '1';
            _region.AsSpan().CopyTo(c[2..]);
            // Since 2015 most codes carry an "MA…" organisation part; older firms kept their 9-digit code.
            var start = 8;
            if (individual || _rng.Chance(0.6))
            {
                c[8] = 'M';
                c[9] = 'A';
                start = 10;
            }

            for (var i = start; i < 17; i++)
            {
                c[i] = start == 8 && i < 16 ? (char)('0' + _rng.Next(10)) : CreditCode.Alphabet[_rng.Next(CreditCode.Alphabet.Length)];
            }

            c[17] = CreditCode.ComputeCheckCharacter(c[..17]);
            var code = new string(c);
            if (_codes.Add(code))
            {
                return code;
            }
        }
    }

    public static string ShortTown(string town) => town.EndsWith("街道", StringComparison.Ordinal) || town.EndsWith("开发区", StringComparison.Ordinal)
        ? town[..2]
        : town.TrimEnd('镇');
}
