using Cultivation.Domain.Targets;

namespace Cultivation.Domain.Tests.Targets;

public class TargetsFileTests
{
    private static string File(string targets) => $$"""{ "year": 2022, "region": "330784", "targets": [ {{targets}} ] }""";

    private static string Target(string rule = "above-scale-upgrades", string target = "100", string extra = "", string id = "t1") =>
        $$"""{ "id": "{{id}}", "name": "指标", "rule": "{{rule}}", "unit": "家", "target": {{target}} {{extra}} }""";

    private static IReadOnlyList<Problem> Problems(string json)
    {
        var result = TargetsFile.Parse(json);
        Assert.False(result.IsValid);
        Assert.NotEmpty(result.Problems);
        return result.Problems;
    }

    private static string SeedPath()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, "seeds", "targets", "2022.json");
            if (System.IO.File.Exists(path))
            {
                return path;
            }
        }

        throw new FileNotFoundException("seeds/targets/2022.json not found above the test directory");
    }

    [Fact]
    public void Reads_the_2022_seed_with_the_eight_targets_of_the_work_plan()
    {
        var result = TargetsFile.Parse(System.IO.File.ReadAllText(SeedPath()));

        Assert.True(result.IsValid, string.Join("\n", result.Problems));
        var targets = result.Targets;
        Assert.Equal(2022, targets.Year);
        Assert.Equal("330784", targets.Region);
        Assert.Equal(
            ["above-scale-upgrades", "individual-to-enterprise", "national-little-giants", "provincial-specialized",
             "revenue-over-1bn", "tax-per-mu-average", "low-efficiency-cleared", "scattered-firms-remediated"],
            targets.Targets.Select(t => t.Id));
        Assert.Equal([100m, 400m, 2m, 4m, 3m, 30m, null, 400m], targets.Targets.Select(t => t.Target));

        var giants = targets.Find("national-little-giants")!;
        Assert.Equal(TargetRules.Recognitions, giants.Rule);
        Assert.Equal("小巨人", giants.Parameter(TargetRules.RecognitionParameter));
        Assert.Equal([0m, 0m, 0.5m, 1m], giants.Profile);
        Assert.Equal([0.1m, 0.3m, 0.5m, 1m], targets.Find("above-scale-upgrades")!.Profile);
        Assert.Equal(TargetDefinition.DefaultProfile, targets.Find("individual-to-enterprise")!.Profile);

        var ratio = targets.Find("tax-per-mu-average")!;
        Assert.Equal(TargetKind.Ratio, ratio.Kind);
        Assert.Equal("万元/亩", ratio.Unit);
        Assert.Equal(23.5m, ratio.Baseline);

        Assert.True(targets.Find("low-efficiency-cleared")!.IsAll);
        Assert.Equal(TargetRules.RevenueOverThreshold, targets.Find("revenue-over-1bn")!.Rule);
        Assert.All(targets.Targets.Where(t => t.Id != "tax-per-mu-average"), t => Assert.Equal(TargetKind.Count, t.Kind));
    }

    [Fact]
    public void Reads_the_example_of_the_spec()
    {
        var json = """
            { "year": 2022, "region": "330784", "targets": [
              { "id": "above-scale-upgrades", "name": "新增小升规企业", "rule": "above-scale-upgrades",
                "unit": "家", "target": 100 },
              { "id": "national-little-giants", "name": "新增国家级专精特新\"小巨人\"", "rule": "recognitions",
                "parameters": { "recognition": "小巨人" }, "unit": "家", "target": 2,
                "profile": [0, 0, 0.5, 1] },
              { "id": "tax-per-mu-average", "name": "规上工业亩均税收", "rule": "tax-per-mu-average",
                "unit": "万元/亩", "target": 30, "baseline": 23.5 },
              { "id": "low-efficiency-cleared", "name": "出清亩均税收5万元以下低效企业",
                "rule": "low-efficiency-cleared", "unit": "家", "target": "all" } ] }
            """;

        var result = TargetsFile.Parse(json);

        Assert.True(result.IsValid, string.Join("\n", result.Problems));
        Assert.Equal("新增国家级专精特新\"小巨人\"", result.Targets.Targets[1].Name);
    }

    [Fact]
    public void Takes_a_new_recognition_target_as_data()
    {
        var result = TargetsFile.Parse(File(Target("recognitions", "30", """, "parameters": { "recognition": "高新技术企业" }""", id: "high-tech-firms")));

        Assert.True(result.IsValid, string.Join("\n", result.Problems));
        Assert.Equal("高新技术企业", result.Targets.Targets[0].Parameter(TargetRules.RecognitionParameter));
    }

    [Fact]
    public void Accepts_the_work_plan_id_revenue_over_1bn_as_a_rule_name()
    {
        var result = TargetsFile.Parse(File(Target("revenue-over-1bn", "3", """, "parameters": { "threshold": 50000 }""")));

        Assert.True(result.IsValid, string.Join("\n", result.Problems));
        Assert.Equal(TargetRules.RevenueOverThreshold, result.Targets.Targets[0].Rule);
        Assert.Equal("50000", result.Targets.Targets[0].Parameter(TargetRules.ThresholdParameter));
    }

    [Fact]
    public void Rejects_an_unknown_rule()
    {
        var problem = Assert.Single(Problems(File(Target("new-stars"))));

        Assert.Contains("未知的计算规则", problem.Chinese);
        Assert.Contains("unknown rule 'new-stars'", problem.English);
    }

    [Theory]
    [InlineData("id")]
    [InlineData("name")]
    [InlineData("rule")]
    [InlineData("unit")]
    [InlineData("target")]
    public void Rejects_a_target_without_a_required_field(string field)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(Target())!.AsObject();
        node.Remove(field);

        var problem = Assert.Single(Problems(File(node.ToJsonString())));

        Assert.Contains($"'{field}' is missing", problem.English);
        Assert.Contains("缺少", problem.Chinese);
    }

    [Fact]
    public void Rejects_a_duplicate_id()
    {
        var problem = Assert.Single(Problems(File(Target(id: "same") + "," + Target("recognitions", "2", """, "parameters": { "recognition": "小巨人" }""", id: "same"))));

        Assert.Contains("重复", problem.Chinese);
        Assert.Contains("used twice", problem.English);
    }

    [Theory]
    [InlineData("[0.25, 0.5, 1]")]
    [InlineData("[0.25, 0.5, 0.75, 1, 1]")]
    [InlineData("[0.5, 0.25, 0.75, 1]")]
    [InlineData("[-0.1, 0.5, 0.75, 1]")]
    [InlineData("[0.25, 0.5, 1.5, 1]")]
    [InlineData("[0.25, 0.5, 0.75, 0.9]")]
    [InlineData("[\"a\", 0.5, 0.75, 1]")]
    [InlineData("\"even\"")]
    public void Rejects_a_bad_profile(string profile)
    {
        var problem = Assert.Single(Problems(File(Target(extra: $", \"profile\": {profile}"))));

        Assert.Contains("profile", problem.English);
    }

    [Fact]
    public void Takes_the_default_profile_when_none_is_given()
    {
        var result = TargetsFile.Parse(File(Target()));

        Assert.Equal([0.25m, 0.5m, 0.75m, 1m], result.Targets!.Targets[0].Profile);
    }

    [Theory]
    [InlineData("above-scale-upgrades")]
    [InlineData("tax-per-mu-average")]
    public void Rejects_all_as_the_target_of_a_rule_other_than_low_efficiency_clearing(string rule)
    {
        var problem = Assert.Single(Problems(File(Target(rule, "\"all\""))));

        Assert.Contains("low-efficiency-cleared", problem.English);
    }

    [Fact]
    public void Accepts_all_as_the_target_of_low_efficiency_clearing()
    {
        var result = TargetsFile.Parse(File(Target("low-efficiency-cleared", "\"all\"")));

        Assert.True(result.Targets!.Targets[0].IsAll);
        Assert.Null(result.Targets.Targets[0].Target);
    }

    [Fact]
    public void Rejects_a_recognition_target_without_the_recognition_parameter()
    {
        var problem = Assert.Single(Problems(File(Target("recognitions", "2"))));

        Assert.Contains("parameters.recognition", problem.English);
    }

    [Fact]
    public void Rejects_an_unknown_recognition_name()
    {
        var problem = Assert.Single(Problems(File(Target("recognitions", "2", """, "parameters": { "recognition": "隐形冠军" }"""))));

        Assert.Contains("隐形冠军", problem.Chinese);
        Assert.Contains("unknown recognition", problem.English);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-3")]
    public void Rejects_a_target_that_is_not_positive(string target)
    {
        var problem = Assert.Single(Problems(File(Target(target: target))));

        Assert.Contains("positive", problem.English);
    }

    [Theory]
    [InlineData("\"lots\"")]
    [InlineData("true")]
    public void Rejects_a_target_that_is_neither_a_number_nor_all(string target) =>
        Assert.Single(Problems(File(Target(target: target))));

    [Fact]
    public void Rejects_a_revenue_threshold_that_is_not_a_positive_number()
    {
        var problem = Assert.Single(Problems(File(Target("revenue-over-threshold", "3", """, "parameters": { "threshold": "十亿" }"""))));

        Assert.Contains("threshold", problem.English);
    }

    [Fact]
    public void Rejects_text_that_is_not_json()
    {
        var problem = Assert.Single(Problems("{ year: 2022"));

        Assert.Contains("JSON", problem.Chinese);
    }

    [Fact]
    public void Rejects_a_file_without_year_or_targets()
    {
        var problems = Problems("""{ "region": "330784" }""");

        Assert.Contains(problems, p => p.English.Contains("'year'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.English.Contains("'targets'", StringComparison.Ordinal));
    }

    [Fact]
    public void Reports_every_problem_at_once_with_the_position_of_the_target()
    {
        var problems = Problems(File(Target("bogus", id: "a") + "," + Target(target: "0", id: "b")));

        Assert.Equal(2, problems.Count);
        Assert.StartsWith("第1个指标（a）", problems[0].Chinese);
        Assert.StartsWith("target 2 (b)", problems[1].English);
    }

    [Fact]
    public void Rejects_an_id_that_cannot_stand_in_a_route()
    {
        var problem = Assert.Single(Problems(File(Target(id: "小升规/2022"))));

        Assert.Contains("id", problem.English);
    }

    [Fact]
    public void Writes_targets_it_reads_back_the_same()
    {
        var first = TargetsFile.Parse(System.IO.File.ReadAllText(SeedPath())).Targets!;

        var json = TargetsFile.Serialize(first);
        var second = TargetsFile.Parse(json).Targets!;

        Assert.Contains("新增小升规企业", json);
        Assert.Equal(first.Targets.Count, second.Targets.Count);
        foreach (var (a, b) in first.Targets.Zip(second.Targets))
        {
            Assert.Equal((a.Id, a.Name, a.Rule, a.Unit, a.Target, a.Baseline), (b.Id, b.Name, b.Rule, b.Unit, b.Target, b.Baseline));
            Assert.Equal(a.Profile, b.Profile);
            Assert.Equal(a.Parameters, b.Parameters);
            Assert.Equal(a.TownShares, b.TownShares);
        }
    }

    [Fact]
    public void Reads_town_shares_of_a_count_target()
    {
        var result = TargetsFile.Parse(File(Target(extra: """, "byTown": { "东城街道": 12, "西城街道": 7.5 }""")), ["东城街道", "西城街道", "江南街道"]);

        Assert.True(result.IsValid, string.Join("\n", result.Problems));
        Assert.Equal(new Dictionary<string, decimal> { ["东城街道"] = 12m, ["西城街道"] = 7.5m }, result.Targets.Targets[0].TownShares);
    }

    [Fact]
    public void Reads_no_town_shares_when_none_are_given()
    {
        Assert.Empty(TargetsFile.Parse(File(Target())).Targets!.Targets[0].TownShares);
    }

    [Theory]
    [InlineData("""{ "清溪镇": 3 }""", "'清溪镇' in 'byTown' is not one of the city's towns")]
    [InlineData("""{ "东城街道": 0 }""", "the share of '东城街道' must be a positive number")]
    [InlineData("""{ "东城街道": "12" }""", "the share of '东城街道' must be a positive number")]
    [InlineData("""[12]""", "'byTown' must be an object")]
    public void Rejects_bad_town_shares(string byTown, string english)
    {
        var result = TargetsFile.Parse(File(Target(extra: $", \"byTown\": {byTown}")), ["东城街道", "西城街道"]);

        Assert.Contains(english, Assert.Single(result.Problems).English);
    }

    [Fact]
    public void Rejects_town_shares_of_a_ratio_target()
    {
        var problem = Assert.Single(Problems(File(Target(rule: "tax-per-mu-average", target: "30", extra: """, "byTown": { "东城街道": 30 }"""))));

        Assert.Contains("only a count target can be broken down by town", problem.English);
    }

    [Fact]
    public void Gives_the_sample_city_town_shares_for_upgrades_and_conversions_that_add_up_to_the_target()
    {
        var targets = TargetsFile.Parse(System.IO.File.ReadAllText(SeedPath())).Targets!;

        Assert.Equal(100m, targets.Find("above-scale-upgrades")!.TownShares.Values.Sum());
        Assert.Equal(400m, targets.Find("individual-to-enterprise")!.TownShares.Values.Sum());
        Assert.Equal(15, targets.Find("individual-to-enterprise")!.TownShares.Count);
    }
}
