using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using static Cultivation.Infra.Tests.RoleAssignments;

namespace Cultivation.Infra.Tests;

/// <summary>
/// SPEC 7: each source's clerks reach only their own files. The role on the filings container carries an
/// ABAC condition on the blob path that governs reading, overwriting, creating and deleting (withdrawing);
/// listing stays open because a List Blobs request has no path the condition could test.
/// </summary>
public sealed partial class FilerAccessTests
{
    private const string Blobs = "Microsoft.Storage/storageAccounts/blobServices/containers/blobs";
    private static readonly JsonObject s_rbac = CompiledTemplate.Main.Module("rbac").Template();
    private static readonly JsonObject s_grant = Read(CompiledTemplate.Main).Single(g => g.Principal == Filer).Resource;

    /// <summary>The condition as Azure receives it for the source, the template's replace() calls done here.</summary>
    private static string ConditionFor(string source)
    {
        Assert.Equal("[replace(variables('filerCondition'), 'SOURCE', items(parameters('filerGroups'))[copyIndex()].key)]", (string?)s_grant["properties"]!["condition"]);
        Assert.Equal("[replace(variables('filerConditionTemplate'), 'BLOBS', variables('blobActions'))]", (string?)s_rbac.Variable("filerCondition"));
        var template = (string)s_rbac.Variable("filerConditionTemplate")!;
        return template.Replace("BLOBS", (string)s_rbac.Variable("blobActions")!, StringComparison.Ordinal).Replace("SOURCE", source, StringComparison.Ordinal);
    }

    [Fact]
    public void Reading_writing_creating_and_deleting_a_blob_need_the_sources_own_path()
    {
        var condition = ConditionFor("东城街道");

        var gated = ActionMatches().Matches(condition).Select(m => m.Groups["action"].Value).ToList();
        Assert.Equal([$"{Blobs}/read", $"{Blobs}/write", $"{Blobs}/add/action", $"{Blobs}/delete"], gated);
        Assert.Contains($"@Resource[{Blobs}:path] StringLike '*/东城街道.*'", condition, StringComparison.Ordinal);
        // Each gated action is negated in the first branch: it passes only through the path branch.
        Assert.Equal(4, Regex.Matches(condition, @"!\(ActionMatches").Count);
        Assert.Single(Regex.Matches(condition, @"\)\s*OR\s*\(\s*@Resource", RegexOptions.Multiline));
        Assert.Equal("2.0", (string?)s_grant["properties"]!["conditionVersion"]);
    }

    [Fact]
    public void Listing_the_container_is_left_unconditional()
    {
        var condition = ConditionFor("东城街道");

        Assert.Contains($"!(ActionMatches{{'{Blobs}/read'}} AND NOT SubOperationMatches{{'Blob.List'}})", condition, StringComparison.Ordinal);
    }

    [Fact]
    public void The_path_pattern_matches_the_sources_filings_and_no_other_towns()
    {
        var pattern = PathPattern().Match(ConditionFor("东城街道")).Groups["pattern"].Value;
        var like = new Regex("^" + Regex.Escape(pattern).Replace(@"\*", ".*", StringComparison.Ordinal) + "$");

        Assert.Matches(like, "2022/Q2/东城街道.xlsx");
        Assert.Matches(like, "2023/Q1/东城街道.csv");
        Assert.DoesNotMatch(like, "2022/Q2/西城街道.xlsx");
        Assert.DoesNotMatch(like, "2022/Q2/东城街道办.xlsx");
        Assert.DoesNotMatch(like, "2022/Q2/X东城街道.xlsx");
    }

    [Fact]
    public void One_assignment_per_source_group_on_the_filings_container_named_in_main()
    {
        Assert.Equal("[length(items(parameters('filerGroups')))]", (string?)s_grant["copy"]!["count"]);
        Assert.Equal("[items(parameters('filerGroups'))[copyIndex()].value]", (string?)s_grant["properties"]!["principalId"]);
        Assert.Contains("parameters('filingsContainerName')", (string?)s_grant["scope"], StringComparison.Ordinal);
        Assert.Equal("[variables('filingsContainerName')]", (string?)CompiledTemplate.Main.Module("rbac").Argument("filingsContainerName"));
        Assert.Equal("[entries(parameters('filerGroups'))]", ((string?)CompiledTemplate.Main.Module("rbac").Argument("filerGroups"))?.Replace("__bicep.", "", StringComparison.Ordinal));
    }

    [Fact]
    public void The_filer_groups_setting_reads_source_equals_group_pairs()
    {
        var groups = CompiledTemplate.Evaluate(
            "entries(' 东城街道 = 11111111-0000-4000-8000-000000000001;西城街道=22222222-0000-4000-8000-000000000002;;no-equals ')",
            ("entries", "infra/app/settings-text.bicep"))!.AsObject();

        Assert.Equal(2, groups.Count);
        Assert.Equal("11111111-0000-4000-8000-000000000001", (string?)groups["东城街道"]);
        Assert.Equal("22222222-0000-4000-8000-000000000002", (string?)groups["西城街道"]);
    }

    [GeneratedRegex(@"ActionMatches\{'(?<action>[^']+)'\}")]
    private static partial Regex ActionMatches();

    [GeneratedRegex(@":path\] StringLike '(?<pattern>[^']+)'")]
    private static partial Regex PathPattern();
}
