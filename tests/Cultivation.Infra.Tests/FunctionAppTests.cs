namespace Cultivation.Infra.Tests;

public sealed class FunctionAppTests
{
    private static readonly CompiledTemplate s_template = CompiledTemplate.Main;

    public static TheoryData<string> SettingsTheCodeReads =>
    [
        "AzureWebJobsStorage__accountName",
        "AzureWebJobsStorage__credential",
        "AzureWebJobsStorage__clientId",
        "AzureWebJobsStorage__blobServiceUri",
        "AzureWebJobsStorage__queueServiceUri",
        "AzureWebJobsStorage__tableServiceUri",
        "ReconcileSchedule",
        "AlertSchedule",
        "City__RegionCode",
        "City__Name",
        "Smtp__Host",
        "Smtp__Port",
        "Smtp__Security",
        "Smtp__From",
        "Smtp__UserName",
        "Smtp__Password",
        "Alerts__To",
        "Alerts__SendDay",
        "Alerts__SendTime",
        "Webhook__Url",
        "Webhook__Secret",
        "Filings__DeadlineDay",
        "AZURE_FUNCTIONS_ENVIRONMENT",
        "APPLICATIONINSIGHTS_CONNECTION_STRING",
        "APPLICATIONINSIGHTS_AUTHENTICATION_STRING",
    ];

    [Theory]
    [MemberData(nameof(SettingsTheCodeReads))]
    public void App_setting_the_code_reads_is_present(string name)
    {
        Assert.True(s_template.AppSettings.ContainsKey(name), $"missing app setting {name}");
    }

    [Theory]
    [InlineData("AzureWebJobsStorage__credential", "managedidentity")]
    [InlineData("ReconcileSchedule", "0 0 * * * *")]
    [InlineData("AlertSchedule", "0 30 * * * *")]
    [InlineData("Alerts__SendDay", "Monday")]
    [InlineData("Alerts__SendTime", "08:30")]
    [InlineData("City__RegionCode", "330784")]
    [InlineData("City__Name", "永康市")]
    [InlineData("Smtp__Security", "StartTls")]
    [InlineData("Filings__DeadlineDay", "15")]
    [InlineData("AZURE_FUNCTIONS_ENVIRONMENT", "Production")]
    public void Fixed_setting_has_its_production_value(string name, string value)
    {
        Assert.Equal(value, (string?)s_template.AppSettings[name]);
    }

    [Fact]
    public void Storage_connection_uses_the_user_assigned_identity_and_the_service_endpoints()
    {
        var settings = s_template.AppSettings;

        Assert.Equal("[parameters('identityClientId')]", (string?)settings["AzureWebJobsStorage__clientId"]);
        // The cloud's own endpoint suffix (core.chinacloudapi.cn in Azure operated by 21Vianet), never a fixed one.
        foreach (var service in new[] { "blob", "queue", "table" })
        {
            Assert.Equal(
                $"[format('https://{{0}}.{service}.{{1}}/', parameters('storageAccountName'), variables('storageSuffix'))]",
                (string?)settings[$"AzureWebJobsStorage__{service}ServiceUri"]);
        }

        Assert.Equal("[environment().suffixes.storage]", (string?)s_template.Module("api").Template().Variable("storageSuffix"));
    }

    [Theory]
    [InlineData("Smtp__Password", "smtpPasswordSecretName", "smtp-password")]
    [InlineData("Webhook__Secret", "webhookSecretName", "webhook-secret")]
    [InlineData("Webhook__Url", "webhookUrlSecretName", "webhook-url")]
    public void Secret_setting_is_a_key_vault_reference(string setting, string secretParameter, string secretName)
    {
        var api = s_template.Module("api").Template();
        var value = (string?)s_template.AppSettings[setting];
        var reference = (string?)api.Variable(value!["[variables('".Length..^"')]".Length]);

        Assert.StartsWith("[variables('", value, StringComparison.Ordinal);
        Assert.Equal($"[format('@Microsoft.KeyVault(SecretUri={{0}}secrets/{{1}})', variables('vaultUri'), parameters('{secretParameter}'))]", reference);
        Assert.Equal("[format('https://{0}{1}/', parameters('keyVaultName'), environment().suffixes.keyvaultDns)]", (string?)api.Variable("vaultUri"));
        Assert.Equal(secretName, s_template.Variable(secretParameter));
    }

    [Fact]
    public void Telemetry_authenticates_with_the_identity_not_an_instrumentation_key()
    {
        var settings = s_template.AppSettings;

        Assert.Equal(
            "[format('ClientId={0};Authorization=AAD', parameters('identityClientId'))]",
            (string?)settings["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"]);
        Assert.Contains("ConnectionString", (string?)settings["APPLICATIONINSIGHTS_CONNECTION_STRING"], StringComparison.Ordinal);
        Assert.False(settings.ContainsKey("APPINSIGHTS_INSTRUMENTATIONKEY"));
        var component = s_template.OfType("Microsoft.Insights/components").Single();
        Assert.True((bool)component["properties"]!["DisableLocalAuth"]!);
    }

    [Fact]
    public void Runs_dotnet_isolated_10_on_a_linux_flex_consumption_plan_by_default()
    {
        var flex = Variants.Flex;
        Assert.Equal("FlexConsumption", (string?)s_template.Root.Default("hostingPlan"));
        Assert.Equal("FC1", (string?)flex.PlanSku["name"]);
        Assert.Equal("FlexConsumption", (string?)flex.PlanSku["tier"]);
        Assert.True((bool)s_template.OfType("Microsoft.Web/serverfarms").Single()["properties"]!["reserved"]!);

        var module = flex.SiteModule;
        Assert.Equal("api-function-app", (string?)module["name"]);
        Assert.Equal("dotnet-isolated", (string?)module.Argument("runtimeName"));
        Assert.Equal("10.0", (string?)module.Argument("runtimeVersion"));

        var site = flex.Site;
        Assert.Equal("functionapp,linux", (string?)site["kind"]);
        var config = site["properties"]!["functionAppConfig"]!;
        Assert.Equal("[parameters('runtimeName')]", (string?)config["runtime"]!["name"]);
        Assert.Equal("[parameters('runtimeVersion')]", (string?)config["runtime"]!["version"]);
        Assert.Equal(2048, (int)s_template.Root.Default("instanceMemoryMB")!);
        Assert.InRange((int)s_template.Root.Default("maximumInstanceCount")!, 1, 100);
        // Flex Consumption rejects these: the runtime comes from functionAppConfig.
        Assert.False(s_template.AppSettings.ContainsKey("FUNCTIONS_WORKER_RUNTIME"));
        Assert.False(s_template.AppSettings.ContainsKey("FUNCTIONS_EXTENSION_VERSION"));
    }

    [Fact]
    public void Code_package_and_key_vault_references_use_the_user_assigned_identity()
    {
        var site = Variants.Flex.Site;
        var properties = site["properties"]!;

        Assert.Equal("UserAssigned", (string?)site["identity"]!["type"]);
        Assert.Equal("[parameters('identityId')]", (string?)properties["keyVaultReferenceIdentity"]);
        var storage = properties["functionAppConfig"]!["deployment"]!["storage"]!;
        Assert.Equal("blobContainer", (string?)storage["type"]);
        Assert.Equal("[parameters('deploymentContainerUrl')]", (string?)storage["value"]);
        Assert.Equal("UserAssignedIdentity", (string?)storage["authentication"]!["type"]);
        Assert.Equal("[parameters('identityId')]", (string?)storage["authentication"]!["userAssignedIdentityResourceId"]);
        Assert.True((bool)properties["httpsOnly"]!);
    }

    [Fact]
    public void Function_app_carries_the_azd_service_tag()
    {
        Assert.Equal("[variables('siteTags')]", (string?)s_template.Module("api-function-app").Argument("tags"));
        Assert.Equal("[variables('siteTags')]", (string?)s_template.Module("api-function-app-package").Argument("tags"));
        Assert.Contains("'azd-service-name', 'api'", (string?)s_template.Module("api").Template().Variable("siteTags"), StringComparison.Ordinal);
    }
}
