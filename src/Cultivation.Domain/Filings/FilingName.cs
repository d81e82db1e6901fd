using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;
using Cultivation.Domain.Periods;

namespace Cultivation.Domain.Filings;

/// <summary>
/// The canonical blob name of a filing, <c>{year}/Q{quarter}/{source}.{xlsx|xls|csv}</c>: the
/// period comes from the path and the source (a town or 统计局) from the file name.
/// </summary>
/// <remarks>
/// Only that exact form is a filing name: ASCII digits (other scripts' digits would match <c>\d</c> and then
/// fail to parse), no further folders, and nothing a URL or the storage service would rewrite (<c>%</c>,
/// <c>\</c>, <c>..</c>, control characters), so that a filing name addresses exactly one blob and one report.
/// </remarks>
public sealed partial record FilingName(string Value, Period Period, string Source, string Extension)
{
    public static readonly IReadOnlyList<string> Extensions = ["xlsx", "xls", "csv"];

    public override string ToString() => Value;

    public static bool TryParse(string? blobName, [NotNullWhen(true)] out FilingName? name, [NotNullWhen(false)] out Problem? problem)
    {
        name = null;
        var m = Shape().Match(blobName ?? string.Empty);
        if (!m.Success)
        {
            var shown = Quote(blobName ?? string.Empty);
            problem = new Problem(
                $"“{shown}”不是规范的报送文件名：不符合“年份/Q季度/报送单位.xlsx”格式（如 2022/Q2/东城街道.xlsx；年份、季度用半角数字，不含其他文件夹）",
                $"'{shown}' is not a filing name: it is not of the form {{year}}/Q{{quarter}}/{{source}}.{{xlsx|xls|csv}} (e.g. 2022/Q2/东城街道.xlsx, ASCII digits, no further folders)");
            return false;
        }

        var year = int.Parse(m.Groups["y"].Value, CultureInfo.InvariantCulture);
        var quarter = int.Parse(m.Groups["q"].Value, CultureInfo.InvariantCulture);
        if (!Period.IsValid(year, quarter))
        {
            problem = new Problem($"“{blobName}”不是规范的报送文件名：其中的报告期 {year}年第{quarter}季度 无效",
                $"'{blobName}' is not a filing name: the period {year}Q{quarter} in it is not valid");
            return false;
        }

        var source = m.Groups["s"].Value.Normalize(System.Text.NormalizationForm.FormC);
        name = new FilingName(blobName!, new Period(year, quarter), source, m.Groups["e"].Value.ToLowerInvariant());
        problem = null;
        return true;
    }

    /// <summary>The name as a report may quote it: at most 100 characters, control and format characters shown as '?'.</summary>
    private static string Quote(string blobName)
    {
        var shown = new string([.. blobName.Take(100).Select(c => char.IsControl(c) || char.GetUnicodeCategory(c) == UnicodeCategory.Format ? '?' : c)]);
        return blobName.Length > 100 ? shown + "…" : shown;
    }

    public static string Canonical(Period period, string source, string extension) =>
        string.Create(CultureInfo.InvariantCulture, $"{period.Year}/Q{period.Quarter}/{source}.{extension.TrimStart('.').ToLowerInvariant()}");

    [GeneratedRegex(@"^(?<y>[0-9]{4})/Q(?<q>[0-9])/(?!.*\.\.)(?<s>[^/\\#?%\p{Cc}\p{Cf}]{1,100})\.(?<e>xlsx|xls|csv|XLSX|XLS|CSV)$", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();
}
