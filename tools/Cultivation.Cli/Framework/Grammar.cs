using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Text.RegularExpressions;
using Cultivation.Domain.Periods;

namespace Cultivation.Cli.Framework;

/// <summary>
/// Arguments several commands share, read while parsing so that a wrong value is a usage error (exit code 2)
/// with a message in Chinese and English.
/// </summary>
public static partial class Grammar
{
    /// <summary><c>&lt;year&gt;</c>, e.g. 2022.</summary>
    public static Argument<int> YearArgument() => new("year")
    {
        Description = Bilingual.Text("年份，如 2022", "the year, e.g. 2022"),
        CustomParser = result =>
        {
            var text = result.Tokens[0].Value;
            if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var year) && year is >= Period.MinYear and <= Period.MaxYear)
            {
                return year;
            }

            result.AddError($"年份应为 {Period.MinYear}–{Period.MaxYear} 之间的数字，如 2022，而不是 '{text}' / the year must be a number from {Period.MinYear} to {Period.MaxYear} such as 2022, not '{text}'");
            return 0;
        },
    };

    /// <summary><c>&lt;year&gt; Q&lt;q&gt;</c> as two words (<c>2022 Q1</c>) or one (<c>2022Q1</c>).</summary>
    public static Argument<Period> PeriodArgument() => new("period")
    {
        Description = Bilingual.Text("报告期：年份和季度，如 2022 Q1", "the period: year and quarter, e.g. 2022 Q1"),
        HelpName = "<year> Q<q>",
        Arity = new ArgumentArity(1, 2),
        CustomParser = result =>
        {
            // "2022Q3 东城街道": a period in one word leaves the next word to the argument after it.
            if (result.Tokens.Count == 2 && Period.TryParse(Fold(result.Tokens[0].Value), out var oneWord))
            {
                result.OnlyTake(1);
                return oneWord;
            }

            return ReadPeriod(result, string.Join(' ', result.Tokens.Select(t => t.Value)));
        },
    };

    /// <summary>An option whose value is a period, e.g. <c>--period 2022Q2</c>.</summary>
    public static Option<Period?> PeriodOption(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "2022Q2",
        CustomParser = result => ReadPeriod(result, result.Tokens[0].Value),
    };

    private static Period ReadPeriod(ArgumentResult result, string text)
    {
        var folded = Fold(text);
        if (Period.TryParse(folded, out var period))
        {
            return period;
        }

        var m = YearAndQuarter().Match(folded);
        if (m.Success && int.Parse(m.Groups["q"].Value, CultureInfo.InvariantCulture) is < 1 or > 4)
        {
            result.AddError($"季度只能是 1–4，'{text}' 不是报告期 / quarters are 1–4: '{text}' is not a period");
        }
        else if (m.Success)
        {
            result.AddError($"年份应在 {Period.MinYear}–{Period.MaxYear} 之间：'{text}' / the year must be from {Period.MinYear} to {Period.MaxYear}: '{text}'");
        }
        else
        {
            result.AddError($"'{text}' 不是报告期，应如 2022 Q1 / '{text}' is not a period such as 2022 Q1");
        }

        return default;
    }

    private static string Fold(string text) => text.Replace("年", string.Empty, StringComparison.Ordinal).Replace(" ", string.Empty, StringComparison.Ordinal);

    [GeneratedRegex(@"^(?<y>[0-9]{1,9})\s*[Qq](?<q>[0-9]{1,9})$")]
    private static partial Regex YearAndQuarter();
}
