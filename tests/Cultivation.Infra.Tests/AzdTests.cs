using System.Text.Json.Nodes;

namespace Cultivation.Infra.Tests;

public sealed class AzdTests
{
    private static readonly CompiledTemplate s_template = CompiledTemplate.Main;

    private static string RepositoryFile(string path) =>
        File.ReadAllText(Path.Combine(CompiledTemplate.RepositoryRoot, path));

    [Theory]
    [InlineData("AZURE_LOCATION")]
    [InlineData("AZURE_TENANT_ID")]
    [InlineData("AZURE_RESOURCE_GROUP")]
    [InlineData("AZURE_FUNCTION_NAME")]
    [InlineData("AZURE_STORAGE_ACCOUNT_NAME")]
    [InlineData("AZURE_USER_ASSIGNED_IDENTITY_ID")]
    [InlineData("AZURE_KEY_VAULT_NAME")]
    [InlineData("EVENTGRID_SYSTEM_TOPIC_NAME")]
    [InlineData("FILINGS_CONTAINER_NAME")]
    [InlineData("FILINGS_DEADLETTER_CONTAINER_NAME")]
    [InlineData("AZURE_FUNCTIONS_PLAN")]
    [InlineData("CODE_STORAGE_ACCOUNT_NAME")]
    [InlineData("PACKAGE_CONTAINER_NAME")]
    [InlineData("PACKAGE_BLOB_NAME")]
    [InlineData("CONTACT_WEBHOOK_SECRETS")]
    public void Template_outputs_what_azd_and_the_hook_need(string output)
    {
        Assert.NotNull(s_template.Root["outputs"]![output]);
    }

    [Fact]
    public void Parameters_file_maps_the_azd_environment_and_covers_every_required_parameter()
    {
        var file = RepositoryFile("infra/main.parameters.json");
        var parameters = JsonNode.Parse(file)!["parameters"]!.AsObject();
        var declared = s_template.Root["parameters"]!.AsObject();

        Assert.Equal("${AZURE_ENV_NAME}", (string?)parameters["environmentName"]!["value"]);
        Assert.Equal("${AZURE_LOCATION}", (string?)parameters["location"]!["value"]);
        Assert.Equal("${AZURE_PRINCIPAL_ID}", (string?)parameters["principalId"]!["value"]);
        Assert.All(parameters, p => Assert.True(declared.ContainsKey(p.Key), $"{p.Key} is not a parameter of main.bicep"));
        // What a bureau sets with `azd env set` (docs/deploy.md): every value is text, since azd substitutes it into this file.
        Assert.Equal("${AZURE_FUNCTIONS_PLAN=FlexConsumption}", (string?)parameters["hostingPlan"]!["value"]);
        Assert.Equal("${FILER_GROUPS=}", (string?)parameters["filerGroups"]!["value"]);
        Assert.Equal("${CITY_CONTACTS=}", (string?)parameters["cityContacts"]!["value"]);
        Assert.Equal("${CONTACT_WEBHOOKS=}", (string?)parameters["contactWebhooks"]!["value"]);
        Assert.Equal("${OPS_ALERT_EMAILS=}", (string?)parameters["opsAlertEmails"]!["value"]);
        Assert.All(parameters, p => Assert.Equal("string", (string?)declared[p.Key]!["type"] is "securestring" ? "string" : (string?)declared[p.Key]!["type"]));
        var required = declared.Where(p => p.Value!["defaultValue"] is null).Select(p => p.Key);
        Assert.All(required, name => Assert.True(parameters.ContainsKey(name), $"required parameter {name} is not in main.parameters.json"));
    }

    [Fact]
    public void Azure_yaml_deploys_the_functions_project_as_the_api_service_with_the_postdeploy_hook()
    {
        var yaml = RepositoryFile("azure.yaml");

        Assert.Contains("  api:\n    project: ./functions\n    language: dotnet\n    host: function\n", yaml.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("run: ./infra/hooks/postdeploy.sh", yaml, StringComparison.Ordinal);
        Assert.Contains("run: ./infra/hooks/postdeploy.ps1", yaml, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(CompiledTemplate.RepositoryRoot, "infra/hooks/postdeploy.sh")));
        Assert.True(File.Exists(Path.Combine(CompiledTemplate.RepositoryRoot, "infra/hooks/postdeploy.ps1")));
        Assert.True(File.Exists(Path.Combine(CompiledTemplate.RepositoryRoot, "functions/Cultivation.Functions.csproj")));
    }

    [Fact]
    public void Template_targets_the_subscription_and_creates_the_resource_group()
    {
        Assert.Contains("subscriptionDeploymentTemplate", (string?)s_template.Root["$schema"], StringComparison.Ordinal);
        Assert.Single(s_template.OfType("Microsoft.Resources/resourceGroups"));
    }
}
