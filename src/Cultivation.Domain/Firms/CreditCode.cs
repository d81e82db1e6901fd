using System.Diagnostics.CodeAnalysis;

namespace Cultivation.Domain.Firms;

/// <summary>
/// 统一社会信用代码: an 18-character unified social credit code (GB 32100-2015) whose check
/// character has been verified. An instance is the proof that the code is well formed.
/// </summary>
public readonly record struct CreditCode
{
    // GB 32100-2015 code alphabet: digits and upper-case letters without I, O, Z, S, V.
    public const string Alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static readonly int[] s_weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

    private CreditCode(string value) => Value = value;

    public string Value { get; }

    /// <summary>Second character '1' with registration authority '9': an enterprise (企业).</summary>
    public bool IsEnterprise => Value is [ '9', '1', .. ];

    /// <summary>"92…": an individual business (个体工商户).</summary>
    public bool IsIndividualBusiness => Value is [ '9', '2', .. ];

    /// <summary>Administrative division code (行政区划代码), characters 3–8.</summary>
    public string RegionCode => Value.Substring(2, 6);

    public override string ToString() => Value;

    public static CreditCode Parse(string text) =>
        TryParse(text, out var code, out var problem) ? code : throw new FormatException(problem!.English);

    public static bool TryParse(string? text, out CreditCode code) => TryParse(text, out code, out _);

    public static bool TryParse(string? text, out CreditCode code, [NotNullWhen(false)] out Problem? problem)
    {
        code = default;
        var value = (text ?? string.Empty).Trim().ToUpperInvariant();
        if (value.Length != 18)
        {
            problem = new Problem($"统一社会信用代码应为18位，实为{value.Length}位", $"a credit code has 18 characters, this one has {value.Length}");
            return false;
        }

        for (var i = 0; i < 18; i++)
        {
            if (Alphabet.IndexOf(value[i]) < 0)
            {
                problem = new Problem($"统一社会信用代码第{i + 1}位字符“{value[i]}”不合法", $"character {i + 1} ('{value[i]}') is not allowed in a credit code");
                return false;
            }
        }

        var expected = ComputeCheckCharacter(value.AsSpan(0, 17));
        if (value[17] != expected)
        {
            problem = new Problem($"统一社会信用代码校验位错误（应为{expected}）", $"the check character is wrong (expected {expected})");
            return false;
        }

        code = new CreditCode(value);
        problem = null;
        return true;
    }

    /// <summary>The 18th character for the given first 17 (all from <see cref="Alphabet"/>).</summary>
    public static char ComputeCheckCharacter(ReadOnlySpan<char> first17)
    {
        if (first17.Length != 17)
        {
            throw new ArgumentException("17 characters expected", nameof(first17));
        }

        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            var index = Alphabet.IndexOf(first17[i]);
            if (index < 0)
            {
                throw new ArgumentException($"'{first17[i]}' is not a credit code character", nameof(first17));
            }

            sum += index * s_weights[i];
        }

        var check = 31 - (sum % 31);
        return Alphabet[check == 31 ? 0 : check];
    }
}
