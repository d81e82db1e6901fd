using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Cultivation.Domain.Firms;
using Cultivation.Domain.Periods;

namespace Cultivation.Domain.Targets;

/// <summary>The outcome of reading a targets file: the targets, or every problem found (never both).</summary>
public sealed record TargetsParseResult(YearTargets? Targets, IReadOnlyList<Problem> Problems)
{
    [MemberNotNullWhen(true, nameof(Targets))]
    public bool IsValid => Targets is not null;
}

/// <summary>
/// Reads (and writes) a year's targets file, the format of SPEC section 1:
/// <c>{ "year": 2022, "region": "330784", "targets": [ { "id", "name", "rule", "unit", "target",
/// "parameters"?, "profile"?, "baseline"?, "byTown"? } ] }</c>. Every problem is reported at once, in
/// Chinese and English, so that whoever edits the file can fix it in one pass.
/// </summary>
public static partial class TargetsFile
{
    public const string All = "all";

    private static readonly JsonDocumentOptions s_documentOptions = new()
    {
        AllowTrailingCommas = true,
        CommentHandling = JsonCommentHandling.Skip,
    };

    public static bool TryParse(string json, [NotNullWhen(true)] out YearTargets? targets, out IReadOnlyList<Problem> problems)
    {
        var result = Parse(json, null);
        targets = result.Targets;
        problems = result.Problems;
        return result.IsValid;
    }

    public static TargetsParseResult Parse(string json) => Parse(json, null);

    /// <param name="json">The file's text.</param>
    /// <param name="towns">The city's towns: <c>byTown</c> may name only these (null: not checked).</param>
    public static TargetsParseResult Parse(string json, IReadOnlyCollection<string>? towns)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json ?? string.Empty, s_documentOptions);
        }
        catch (JsonException ex)
        {
            return Fail(new Problem($"指标文件不是有效的JSON：{ex.Message}", $"the targets file is not valid JSON: {ex.Message}"));
        }

        using (document)
        {
            return Read(document.RootElement, towns);
        }
    }

    /// <summary>Writes targets back in the file format (indented, Chinese kept readable), e.g. to store them.</summary>
    public static string Serialize(YearTargets targets)
    {
        var list = new JsonArray();
        foreach (var t in targets.Targets)
        {
            var node = new JsonObject
            {
                ["id"] = t.Id,
                ["name"] = t.Name,
                ["rule"] = t.Rule,
                ["unit"] = t.Unit,
                ["target"] = t.Target is { } value ? JsonValue.Create(value) : JsonValue.Create(All),
            };
            if (t.Parameters.Count > 0)
            {
                var parameters = new JsonObject();
                foreach (var (key, text) in t.Parameters.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    parameters[key] = text;
                }

                node["parameters"] = parameters;
            }

            if (!t.Profile.SequenceEqual(TargetDefinition.DefaultProfile))
            {
                node["profile"] = new JsonArray(t.Profile.Select(p => (JsonNode?)JsonValue.Create(p)).ToArray());
            }

            if (t.Baseline is { } baseline)
            {
                node["baseline"] = baseline;
            }

            if (t.TownShares.Count > 0)
            {
                var byTown = new JsonObject();
                foreach (var (town, share) in t.TownShares)
                {
                    byTown[town] = share;
                }

                node["byTown"] = byTown;
            }

            list.Add(node);
        }

        var root = new JsonObject { ["year"] = targets.Year, ["region"] = targets.Region, ["targets"] = list };
        return root.ToJsonString(new JsonSerializerOptions
        {
            WriteIndented = true,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        });
    }

    private static TargetsParseResult Read(JsonElement root, IReadOnlyCollection<string>? towns)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return Fail(new Problem("指标文件应为一个JSON对象", "the targets file must be a JSON object"));
        }

        var problems = new List<Problem>();
        var year = 0;
        if (!root.TryGetProperty("year", out var yearElement) || !yearElement.TryGetInt32(out year) || year < Period.MinYear || year > Period.MaxYear)
        {
            problems.Add(new Problem("缺少有效的年份（year）", "the file lacks a valid 'year'"));
        }

        var region = string.Empty;
        if (root.TryGetProperty("region", out var regionElement))
        {
            if (regionElement.ValueKind == JsonValueKind.String)
            {
                region = regionElement.GetString()!.Trim();
            }
            else
            {
                problems.Add(new Problem("区域代码（region）应为文本", "'region' must be a string"));
            }
        }

        if (!root.TryGetProperty("targets", out var targetsElement) || targetsElement.ValueKind != JsonValueKind.Array)
        {
            problems.Add(new Problem("缺少指标列表（targets）", "the file lacks the 'targets' array"));
            return new TargetsParseResult(null, problems);
        }

        if (targetsElement.GetArrayLength() == 0)
        {
            problems.Add(new Problem("指标列表（targets）为空", "the 'targets' array is empty"));
        }

        var targets = new List<TargetDefinition>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var index = 0;
        foreach (var element in targetsElement.EnumerateArray())
        {
            index++;
            var target = ReadTarget(element, index, towns, problems);
            if (target is null)
            {
                continue;
            }

            if (!ids.Add(target.Id))
            {
                problems.Add(At(index, target.Id, $"指标编号“{target.Id}”重复", $"the id '{target.Id}' is used twice"));
                continue;
            }

            targets.Add(target);
        }

        return problems.Count > 0
            ? new TargetsParseResult(null, problems)
            : new TargetsParseResult(new YearTargets(year, region, targets), []);
    }

    private static TargetDefinition? ReadTarget(JsonElement element, int index, IReadOnlyCollection<string>? towns, List<Problem> problems)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            problems.Add(At(index, null, "指标应为一个JSON对象", "a target must be a JSON object"));
            return null;
        }

        var before = problems.Count;
        var id = RequiredString(element, "id", "编号", index, null, problems);
        var name = RequiredString(element, "name", "名称", index, id, problems);
        var ruleText = RequiredString(element, "rule", "计算规则", index, id, problems);
        var unit = RequiredString(element, "unit", "单位", index, id, problems);

        if (id is not null && !IdShape().IsMatch(id))
        {
            problems.Add(At(index, id, "指标编号只能由小写字母、数字和连字符组成（如 above-scale-upgrades）",
                "an id may hold only lower-case letters, digits and hyphens (e.g. above-scale-upgrades)"));
        }

        var rule = string.Empty;
        if (ruleText is not null && !TargetRules.TryNormalize(ruleText, out rule))
        {
            problems.Add(At(index, id, $"未知的计算规则“{ruleText}”（可用：{string.Join("、", TargetRules.Known)}）",
                $"unknown rule '{ruleText}' (known: {string.Join(", ", TargetRules.Known)})"));
        }

        decimal? target = null;
        if (!element.TryGetProperty("target", out var targetElement) || targetElement.ValueKind == JsonValueKind.Null)
        {
            problems.Add(At(index, id, "缺少目标值（target）", "the 'target' is missing"));
        }
        else if (targetElement.ValueKind == JsonValueKind.Number && targetElement.TryGetDecimal(out var number))
        {
            if (number <= 0)
            {
                problems.Add(At(index, id, $"目标值应大于0，实为{number.ToString(CultureInfo.InvariantCulture)}",
                    $"the target must be positive, not {number.ToString(CultureInfo.InvariantCulture)}"));
            }

            target = number;
        }
        else if (targetElement.ValueKind == JsonValueKind.String && string.Equals(targetElement.GetString()?.Trim(), All, StringComparison.OrdinalIgnoreCase))
        {
            if (rule.Length > 0 && rule != TargetRules.LowEfficiencyCleared)
            {
                problems.Add(At(index, id, $"目标值“all”只适用于规则 {TargetRules.LowEfficiencyCleared}",
                    $"a target of \"all\" applies only to the rule {TargetRules.LowEfficiencyCleared}"));
            }
        }
        else
        {
            problems.Add(At(index, id, "目标值（target）应为正数或“all”", "the 'target' must be a positive number or \"all\""));
        }

        var parameters = ReadParameters(element, index, id, problems);
        CheckParameters(rule, parameters, index, id, problems);

        var profile = ReadProfile(element, index, id, problems);

        decimal? baseline = null;
        if (element.TryGetProperty("baseline", out var baselineElement) && baselineElement.ValueKind != JsonValueKind.Null)
        {
            if (baselineElement.ValueKind == JsonValueKind.Number && baselineElement.TryGetDecimal(out var b) && b >= 0)
            {
                baseline = b;
            }
            else
            {
                problems.Add(At(index, id, "基数（baseline）应为不小于0的数", "the 'baseline' must be a number ≥ 0"));
            }
        }

        var shares = ReadTownShares(element, index, id, rule, towns, problems);

        if (problems.Count > before)
        {
            return null;
        }

        return new TargetDefinition
        {
            Id = id!,
            Name = name!,
            Rule = rule,
            Unit = unit!,
            Target = target,
            Parameters = parameters,
            Profile = profile,
            Baseline = baseline,
            TownShares = shares,
        };
    }

    /// <summary>
    /// <c>"byTown": { "东城街道": 12, … }</c>: a positive share per town, for count targets only. A town
    /// may be left out (it is then ranked after the towns with a share).
    /// </summary>
    private static Dictionary<string, decimal> ReadTownShares(JsonElement element, int index, string? id, string rule, IReadOnlyCollection<string>? towns, List<Problem> problems)
    {
        var shares = new Dictionary<string, decimal>(StringComparer.Ordinal);
        if (!element.TryGetProperty("byTown", out var byTown) || byTown.ValueKind == JsonValueKind.Null)
        {
            return shares;
        }

        if (byTown.ValueKind != JsonValueKind.Object)
        {
            problems.Add(At(index, id, "目标分解（byTown）应为一个对象，如 { \"东城街道\": 12 }", "'byTown' must be an object, e.g. { \"东城街道\": 12 }"));
            return shares;
        }

        if (rule.Length > 0 && TargetRules.KindOf(rule) != TargetKind.Count)
        {
            problems.Add(At(index, id, "只有计数类指标可以分解到镇街（byTown）", "only a count target can be broken down by town ('byTown')"));
        }

        foreach (var property in byTown.EnumerateObject())
        {
            var town = property.Name.Trim();
            if (towns is not null && !towns.Contains(town, StringComparer.Ordinal))
            {
                problems.Add(At(index, id, $"目标分解中的“{town}”不是本市的镇街", $"'{town}' in 'byTown' is not one of the city's towns"));
            }
            else if (property.Value.ValueKind != JsonValueKind.Number || !property.Value.TryGetDecimal(out var share) || share <= 0)
            {
                problems.Add(At(index, id, $"“{town}”的分解目标应为正数", $"the share of '{town}' must be a positive number"));
            }
            else if (!shares.TryAdd(town, share))
            {
                problems.Add(At(index, id, $"目标分解中“{town}”重复", $"'{town}' appears twice in 'byTown'"));
            }
        }

        return shares;
    }

    private static Dictionary<string, string> ReadParameters(JsonElement element, int index, string? id, List<Problem> problems)
    {
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!element.TryGetProperty("parameters", out var p) || p.ValueKind == JsonValueKind.Null)
        {
            return parameters;
        }

        if (p.ValueKind != JsonValueKind.Object)
        {
            problems.Add(At(index, id, "参数（parameters）应为一个对象", "'parameters' must be an object"));
            return parameters;
        }

        foreach (var property in p.EnumerateObject())
        {
            switch (property.Value.ValueKind)
            {
                case JsonValueKind.String:
                    parameters[property.Name] = property.Value.GetString()!.Trim();
                    break;
                case JsonValueKind.Number:
                    // Numbers are kept as their exact text, so "100000" and 100000 mean the same.
                    parameters[property.Name] = property.Value.GetRawText();
                    break;
                default:
                    problems.Add(At(index, id, $"参数“{property.Name}”应为文本或数字", $"the parameter '{property.Name}' must be a string or a number"));
                    break;
            }
        }

        return parameters;
    }

    private static void CheckParameters(string rule, Dictionary<string, string> parameters, int index, string? id, List<Problem> problems)
    {
        if (rule == TargetRules.Recognitions)
        {
            if (!parameters.TryGetValue(TargetRules.RecognitionParameter, out var recognition) || recognition.Length == 0)
            {
                problems.Add(At(index, id, "资质类指标须在参数中给出 recognition（资质名称）",
                    "a recognitions target needs parameters.recognition (the recognition's name)"));
            }
            else if (!Recognition.KnownNames.Contains(recognition, StringComparer.Ordinal))
            {
                problems.Add(At(index, id, $"未知的资质名称“{recognition}”（可用：{string.Join("、", Recognition.KnownNames)}）",
                    $"unknown recognition '{recognition}' (known: {string.Join(", ", Recognition.KnownNames)})"));
            }
        }

        if (rule == TargetRules.RevenueOverThreshold
            && parameters.TryGetValue(TargetRules.ThresholdParameter, out var threshold)
            && (!decimal.TryParse(threshold, NumberStyles.Number, CultureInfo.InvariantCulture, out var line) || line <= 0))
        {
            problems.Add(At(index, id, $"参数 threshold（万元）应为正数，实为“{threshold}”",
                $"the parameter 'threshold' (万元) must be a positive number, not '{threshold}'"));
        }
    }

    private static IReadOnlyList<decimal> ReadProfile(JsonElement element, int index, string? id, List<Problem> problems)
    {
        if (!element.TryGetProperty("profile", out var p) || p.ValueKind == JsonValueKind.Null)
        {
            return TargetDefinition.DefaultProfile;
        }

        var values = new List<decimal>();
        if (p.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in p.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.Number || !item.TryGetDecimal(out var share))
                {
                    values.Clear();
                    break;
                }

                values.Add(share);
            }
        }

        var bad = values.Count != 4
            || values.Any(v => v < 0 || v > 1)
            || values.Zip(values.Skip(1)).Any(pair => pair.Second < pair.First)
            || values[^1] != 1;
        if (bad)
        {
            problems.Add(At(index, id, "进度分布（profile）应为4个0到1之间、逐季不减、最后为1的数，如 [0.25, 0.5, 0.75, 1]",
                "'profile' must be 4 numbers within 0..1, non-decreasing, the last 1, e.g. [0.25, 0.5, 0.75, 1]"));
            return TargetDefinition.DefaultProfile;
        }

        return values;
    }

    private static string? RequiredString(JsonElement element, string property, string chinese, int index, string? id, List<Problem> problems)
    {
        if (element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(value.GetString()))
        {
            return value.GetString()!.Trim();
        }

        problems.Add(At(index, id, $"缺少{chinese}（{property}）", $"the '{property}' is missing"));
        return null;
    }

    private static Problem At(int index, string? id, string chinese, string english)
    {
        var label = id is null ? string.Empty : $"（{id}）";
        var labelEn = id is null ? string.Empty : $" ({id})";
        return new Problem($"第{index}个指标{label}：{chinese}", $"target {index}{labelEn}: {english}");
    }

    private static TargetsParseResult Fail(Problem problem) => new(null, [problem]);

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,63}$")]
    private static partial Regex IdShape();
}
