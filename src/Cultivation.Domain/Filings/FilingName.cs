using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;
using Cultivation.Domain.Periods;

namespace Cultivation.Domain.Filings;

/// <summary>
/// The canonical blob name of a filing, <c>{year}/Q{quarter}/{source}.{xlsx|xls|csv}</c>: the
/// period comes from the path and the source (a town or 统计局) from the file name.
/// </summary>
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
            problem = new Problem(
                $"文件路径“{blobName}”不符合“年份/Q季度/报送单位.xlsx”格式（如 2022/Q2/东城街道.xlsx）",
                $"the blob name '{blobName}' is not of the form {{year}}/Q{{quarter}}/{{source}}.{{xlsx|xls|csv}} (e.g. 2022/Q2/东城街道.xlsx)");
            return false;
        }

        var year = int.Parse(m.Groups["y"].Value, CultureInfo.InvariantCulture);
        var quarter = int.Parse(m.Groups["q"].Value, CultureInfo.InvariantCulture);
        if (!Period.IsValid(year, quarter))
        {
            problem = new Problem($"文件路径中的报告期 {year}年第{quarter}季度 无效", $"the period {year}Q{quarter} in the blob name is not valid");
            return false;
        }

        var source = m.Groups["s"].Value.Normalize(System.Text.NormalizationForm.FormC);
        name = new FilingName(blobName!, new Period(year, quarter), source, m.Groups["e"].Value.ToLowerInvariant());
        problem = null;
        return true;
    }

    public static string Canonical(Period period, string source, string extension) =>
        string.Create(CultureInfo.InvariantCulture, $"{period.Year}/Q{period.Quarter}/{source}.{extension.TrimStart('.').ToLowerInvariant()}");

    [GeneratedRegex(@"^(?<y>\d{4})/Q(?<q>\d)/(?<s>[^/\\#?]{1,100})\.(?<e>xlsx|xls|csv|XLSX|XLS|CSV)$")]
    private static partial Regex Shape();
}
