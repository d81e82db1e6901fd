using Cultivation.Domain.Firms;

namespace Cultivation.Domain.Tests.Builders;

/// <summary>Valid credit codes and firm rows for building filings in tests.</summary>
public static class SampleFiling
{
    public const string BlobName = "2022/Q2/东城街道.xlsx";

    /// <summary>The required columns, in the spec's order, with the default units written out.</summary>
    public static readonly string[] Header =
        ["统一社会信用代码", "企业名称", "所属镇街", "是否规上", "营业收入(万元)", "实缴税金(万元)", "用地面积(亩)"];

    /// <summary>A valid enterprise code (91…) of Yongkang, distinct for each <paramref name="n"/>.</summary>
    public static string EnterpriseCode(int n) => WithCheck($"91330784{n:D9}");

    /// <summary>A valid individual business code (92…).</summary>
    public static string IndividualCode(int n) => WithCheck($"92330784{n:D9}");

    /// <summary>A code whose check character is wrong.</summary>
    public static string WrongCheckCode(int n)
    {
        var good = EnterpriseCode(n);
        var wrong = CreditCode.Alphabet[(CreditCode.Alphabet.IndexOf(good[17]) + 1) % CreditCode.Alphabet.Length];
        return good[..17] + wrong;
    }

    /// <summary>A row under <see cref="Header"/>.</summary>
    public static object?[] Firm(int n, string town = "东城街道", string aboveScale = "是", object? revenue = null, object? tax = null, object? land = null) =>
        [EnterpriseCode(n), $"永康市样例{n}有限公司", town, aboveScale, revenue ?? 1200.5, tax ?? 60.25, land ?? 12.0];

    /// <summary>The header followed by the given rows.</summary>
    public static List<object?[]> Table(params object?[][] rows) => [Header, .. rows];

    private static string WithCheck(string first17) => first17 + CreditCode.ComputeCheckCharacter(first17);
}
