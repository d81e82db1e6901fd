using static Cultivation.Infra.Tests.RoleAssignments;

namespace Cultivation.Infra.Tests;

public sealed class RoleAssignmentTests
{
    private static readonly IReadOnlyList<RoleGrant> s_grants = Read(CompiledTemplate.Main);

    [Fact]
    public void App_identity_holds_exactly_the_storage_data_metrics_and_secret_reader_roles()
    {
        var identity = s_grants.Where(g => g.Principal == Identity).Select(g => (g.Scope, g.RoleId, g.Conditional)).ToHashSet();

        HashSet<(string, string, bool)> expected =
        [
            (Storage, StorageBlobDataOwner, false),
            (CodeStorage, StorageBlobDataOwner, false),
            (Storage, StorageQueueDataContributor, false),
            (Storage, StorageTableDataContributor, false),
            (ApplicationInsights, MonitoringMetricsPublisher, false),
            (KeyVault, KeyVaultSecretsUser, false),
        ];
        Assert.Equal(expected, identity);
    }

    [Fact]
    public void The_event_grid_topic_may_only_send_messages_to_the_deletions_queue()
    {
        var grant = Assert.Single(s_grants, g => g.Principal == EventGridTopic);

        Assert.Equal((DeletionsQueue, StorageQueueDataMessageSender, false), (grant.Scope, grant.RoleId, grant.Conditional));
        Assert.Equal("ServicePrincipal", (string?)grant.Resource["properties"]!["principalType"]);
        Assert.Equal("[reference(resourceId('Microsoft.EventGrid/systemTopics', parameters('systemTopicName')), '2025-02-15', 'full').identity.principalId]",
            (string?)grant.Resource["properties"]!["principalId"]);
        Assert.Equal("[variables('deletionsQueueName')]", (string?)CompiledTemplate.Main.Module("rbac").Argument("deletionsQueueName"));
    }

    [Fact]
    public void Deployer_gets_only_data_roles_and_only_when_enabled()
    {
        var deployer = s_grants.Where(g => g.Principal == Deployer).ToList();

        Assert.All(deployer, g => Assert.True(g.Conditional));
        Assert.Equal(
            new HashSet<(string, string)>
            {
                (Storage, StorageBlobDataContributor),
                (Storage, StorageTableDataContributor),
                (PackageContainer, StorageBlobDataContributor),
                (KeyVault, KeyVaultSecretsOfficer),
            },
            deployer.Select(g => (g.Scope, g.RoleId)).ToHashSet());
        // The code package is the deployer's to upload only where the app runs from a package URL.
        var package = deployer.Single(g => g.Scope == PackageContainer);
        Assert.Equal("[and(variables('grantDeployer'), parameters('deployerUploadsPackage'))]", (string?)package.Resource["condition"]);
        Assert.Equal("[not(variables('isFlex'))]", (string?)CompiledTemplate.Main.Module("rbac").Argument("deployerUploadsPackage"));
    }

    [Fact]
    public void Filers_get_blob_data_contributor_on_the_filings_container_only_and_never_on_an_account()
    {
        var filers = s_grants.Where(g => g.Principal == Filer).ToList();

        var grant = Assert.Single(filers);
        Assert.Equal((FilingsContainer, StorageBlobDataContributor), (grant.Scope, grant.RoleId));
        Assert.Equal("Group", (string?)grant.Resource["properties"]!["principalType"]);
        Assert.DoesNotContain(s_grants, g => g.Principal == Filer && g.Scope is Storage or CodeStorage);
    }

    [Fact]
    public void Nobody_gets_owner_contributor_or_user_access_administrator()
    {
        Assert.All(s_grants, g => Assert.DoesNotContain(g.RoleId, new[] { Owner, Contributor, UserAccessAdministrator }));
        Assert.DoesNotContain(Owner, CompiledTemplate.Main.Text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Contributor, CompiledTemplate.Main.Text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Every_role_assignment_is_scoped_to_one_resource_and_declared_in_the_rbac_module()
    {
        var all = CompiledTemplate.Main.OfType("Microsoft.Authorization/roleAssignments").ToList();

        Assert.All(all, a => Assert.False(string.IsNullOrEmpty((string?)a["scope"])));
        Assert.DoesNotContain(s_grants, g => g.Scope.StartsWith("unknown", StringComparison.Ordinal) || g.Principal.StartsWith("unknown", StringComparison.Ordinal));
        var rbacResources = CompiledTemplate.Main.Module("rbac").Template()["resources"]!.AsArray().Count;
        Assert.Equal(rbacResources, all.Count);
    }
}
