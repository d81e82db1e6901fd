using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Cultivation.Infra.Tests;

/// <summary>Who gets which built-in role on what, read from the compiled rbac module.</summary>
internal sealed record RoleGrant(string Principal, string Scope, string RoleId, bool Conditional, JsonObject Resource);

internal static partial class RoleAssignments
{
    public const string StorageBlobDataOwner = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b";
    public const string StorageBlobDataContributor = "ba92f5b4-2d11-453d-a403-e96b0029c9fe";
    public const string StorageQueueDataContributor = "974c5e8b-45b9-4653-ba55-5f855dd0fb88";
    public const string StorageTableDataContributor = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3";
    public const string StorageQueueDataMessageSender = "c6a89b2d-59bc-44d0-9896-0f6e12d7b80a";
    public const string MonitoringMetricsPublisher = "3913510d-42f4-4e42-8a64-420c390055eb";
    public const string KeyVaultSecretsUser = "4633458b-17de-408a-b874-0445c86b69e6";
    public const string KeyVaultSecretsOfficer = "b86a8fe4-44ce-4948-aee5-eccb2c155cd7";
    public const string Owner = "8e3af657-a8ff-443c-a75c-2fe8c4bcb635";
    public const string Contributor = "b24988ac-6180-42a0-ab88-20f7382dd24c";
    public const string UserAccessAdministrator = "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9";

    public const string Identity = "identity";
    public const string Deployer = "deployer";
    public const string Filer = "filer";
    public const string EventGridTopic = "eventgrid-topic";
    public const string Storage = "storage";
    public const string CodeStorage = "code-storage";
    public const string FilingsContainer = "filings-container";
    public const string DeletionsQueue = "deletions-queue";
    public const string PackageContainer = "package-container";
    public const string ApplicationInsights = "application-insights";
    public const string KeyVault = "key-vault";

    /// <summary>Every grant of the template, with copy loops expanded.</summary>
    public static IReadOnlyList<RoleGrant> Read(CompiledTemplate template)
    {
        var module = template.Module("rbac")["properties"]!["template"]!.AsObject();
        var variables = module["variables"]?.AsObject() ?? [];
        var grants = new List<RoleGrant>();
        foreach (var resource in module.OwnResources())
        {
            if ((string?)resource["type"] != "Microsoft.Authorization/roleAssignments")
            {
                continue;
            }
            var properties = resource["properties"]!;
            var principal = Classify((string)properties["principalId"]!, ("userAssignedIdentities", Identity), ("deployerPrincipalId", Deployer), ("filerGroups", Filer),
                ("Microsoft.EventGrid/systemTopics", EventGridTopic));
            // The most specific first: a container's id also names its account.
            var scope = Classify((string?)resource["scope"] ?? "",
                ("parameters('packageContainerName')", PackageContainer),
                ("parameters('deletionsQueueName')", DeletionsQueue),
                ("parameters('filingsContainerName')", FilingsContainer),
                ("parameters('codeStorageAccountName')", CodeStorage),
                ("Microsoft.Storage/storageAccounts", Storage),
                ("Microsoft.Insights/components", ApplicationInsights),
                ("Microsoft.KeyVault/vaults", KeyVault));
            foreach (var roleId in RoleIds((string)properties["roleDefinitionId"]!, variables))
            {
                grants.Add(new RoleGrant(principal, scope, roleId, resource["condition"] is not null, resource));
            }
        }
        return grants;
    }

    private static string Classify(string expression, params (string Marker, string Name)[] kinds) =>
        kinds.FirstOrDefault(k => expression.Contains(k.Marker, StringComparison.Ordinal)).Name ?? $"unknown: {expression}";

    private static IEnumerable<string> RoleIds(string roleDefinitionId, JsonObject variables)
    {
        var match = RoleDefinitionPattern().Match(roleDefinitionId);
        if (!match.Success)
        {
            throw new InvalidOperationException($"Unexpected roleDefinitionId expression: {roleDefinitionId}");
        }
        return Resolve(match.Groups["argument"].Value, variables);
    }

    // Handles the shapes Bicep emits here: 'guid', variables('roles').name, variables('list')[copyIndex()].
    private static IEnumerable<string> Resolve(string argument, JsonObject variables)
    {
        argument = argument.Trim();
        if (argument.StartsWith('[') && argument.EndsWith(']'))
        {
            argument = argument[1..^1];
        }
        if (argument.StartsWith('\'') && argument.EndsWith('\''))
        {
            return [argument[1..^1]];
        }
        var member = VariableMemberPattern().Match(argument);
        if (member.Success)
        {
            return [(string)variables[member.Groups["variable"].Value]![member.Groups["member"].Value]!];
        }
        var element = VariableElementPattern().Match(argument);
        if (element.Success)
        {
            return variables[element.Groups["variable"].Value]!.AsArray()
                .SelectMany(item => Resolve((string)item!, variables))
                .ToList();
        }
        throw new InvalidOperationException($"Unexpected role id expression: {argument}");
    }

    [GeneratedRegex(@"^\[subscriptionResourceId\('Microsoft\.Authorization/roleDefinitions', (?<argument>.+)\)\]$")]
    private static partial Regex RoleDefinitionPattern();

    [GeneratedRegex(@"^variables\('(?<variable>\w+)'\)\.(?<member>\w+)$")]
    private static partial Regex VariableMemberPattern();

    [GeneratedRegex(@"^variables\('(?<variable>\w+)'\)\[copyIndex\(\)\]$")]
    private static partial Regex VariableElementPattern();
}
