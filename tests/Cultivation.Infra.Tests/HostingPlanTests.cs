namespace Cultivation.Infra.Tests;

/// <summary>
/// SPEC 7 (data residency): where Flex Consumption is not offered (Azure operated by 21Vianet) the same
/// template runs the app on a Linux Elastic Premium or Dedicated plan from its package in Blob Storage,
/// fetched with the identity, with identity-based storage and no Azure Files content share.
/// </summary>
public sealed class HostingPlanTests
{
    private static readonly CompiledTemplate s_template = CompiledTemplate.Main;

    [Fact]
    public void Each_plan_deploys_exactly_one_function_app_module()
    {
        Assert.Equal("api-function-app", (string?)Variants.Flex.SiteModule["name"]);
        Assert.Equal("api-function-app-package", (string?)Variants.Premium.SiteModule["name"]);
        Assert.Equal("api-function-app-package", (string?)Variants.Dedicate.SiteModule["name"]);
        Assert.Equal(["FlexConsumption", "ElasticPremium", "Dedicated"], s_template.Root["parameters"]!["hostingPlan"]!["allowedValues"]!.AsArray().Select(v => (string)v!));
    }

    [Fact]
    public void The_plans_differ_in_sku_and_kind()
    {
        Assert.Equal(("FC1", "FlexConsumption"), ((string?)Variants.Flex.PlanSku["name"], (string?)Variants.Flex.PlanSku["tier"]));
        Assert.Equal("[if(empty(parameters('sku')), 'EP1', parameters('sku'))]", (string?)Variants.Premium.PlanSku["name"]);
        Assert.Equal("ElasticPremium", (string?)Variants.Premium.PlanSku["tier"]);
        Assert.Equal("[if(empty(parameters('sku')), 'P1v3', parameters('sku'))]", (string?)Variants.Dedicate.PlanSku["name"]);
        var plan = s_template.Module("plan").Template().Resource("Microsoft.Web/serverfarms");
        Assert.Equal("[if(equals(parameters('hostingPlan'), 'FlexConsumption'), 'functionapp', if(equals(parameters('hostingPlan'), 'ElasticPremium'), 'elastic', 'linux'))]", (string?)plan["kind"]);
        Assert.True((bool)plan["properties"]!["reserved"]!);
    }

    [Fact]
    public void Outside_flex_the_app_runs_from_the_package_blob_fetched_with_the_identity()
    {
        var site = Variants.Premium.Site;
        var settings = (string?)Variants.Premium.Settings["properties"];

        Assert.Equal("functionapp,linux", (string?)site["kind"]);
        Assert.Equal("[parameters('linuxFxVersion')]", (string?)site["properties"]!["siteConfig"]!["linuxFxVersion"]);
        Assert.Equal("DOTNET-ISOLATED|10.0", (string?)Variants.Premium.SiteModule.Template().Default("linuxFxVersion"));
        Assert.Equal("UserAssigned", (string?)site["identity"]!["type"]);
        Assert.Equal("[parameters('identityId')]", (string?)site["properties"]!["keyVaultReferenceIdentity"]);
        Assert.Equal(
            "[union(parameters('appSettings'), parameters('listSettings'), createObject('FUNCTIONS_EXTENSION_VERSION', '~4', 'FUNCTIONS_WORKER_RUNTIME', 'dotnet-isolated', 'WEBSITE_RUN_FROM_PACKAGE', parameters('packageUrl'), 'WEBSITE_RUN_FROM_PACKAGE_BLOB_MI_RESOURCE_ID', parameters('identityId')))]",
            settings);
        // Dedicated keeps the app loaded for its timers; Elastic Premium keeps one instance warm.
        Assert.Equal("[equals(parameters('hostingPlan'), 'Dedicated')]", (string?)site["properties"]!["siteConfig"]!["alwaysOn"]);
        Assert.Equal("[if(equals(parameters('hostingPlan'), 'ElasticPremium'), 1, null())]", (string?)site["properties"]!["siteConfig"]!["minimumElasticInstanceCount"]);
        Assert.Null(site["properties"]!["functionAppConfig"]);
    }

    [Fact]
    public void The_package_is_a_blob_in_the_code_account_for_package_plans_and_the_container_for_flex()
    {
        Assert.Equal("[variables('packageUrl')]", (string?)s_template.Module("api").Argument("packageUrl"));
        Assert.Equal(
            "[if(variables('isFlex'), variables('packageContainerUrl'), format('{0}/{1}', variables('packageContainerUrl'), variables('packageBlobName')))]",
            s_template.Variable("packageUrl"));
        Assert.Equal("[format('https://{0}.blob.{1}/{2}', variables('codeStorageAccountName'), environment().suffixes.storage, variables('packageContainerName'))]", s_template.Variable("packageContainerUrl"));
        Assert.Equal("cultivation.zip", s_template.Variable("packageBlobName"));
        Assert.Equal("[equals(parameters('hostingPlan'), 'FlexConsumption')]", s_template.Variable("isFlex"));
        Assert.Equal("[parameters('packageUrl')]", (string?)Variants.Flex.SiteModule.Argument("deploymentContainerUrl"));
        Assert.Equal("[parameters('packageUrl')]", (string?)Variants.Premium.SiteModule.Argument("packageUrl"));
    }

    [Theory]
    [InlineData("WEBSITE_CONTENTAZUREFILECONNECTIONSTRING")]
    [InlineData("WEBSITE_CONTENTSHARE")]
    [InlineData("fileServices")]
    [InlineData("AzureWebJobsDashboard")]
    [InlineData("core.windows.net")]
    [InlineData("azurewebsites.net")]
    [InlineData("vault.azure.net")]
    public void Neither_variant_needs_an_azure_files_share_or_names_a_cloud(string forbidden)
    {
        Assert.DoesNotContain(forbidden, s_template.Text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Flex_consumption_settings_carry_no_runtime_settings_which_that_plan_refuses()
    {
        Assert.Equal("[union(parameters('appSettings'), parameters('listSettings'))]", (string?)Variants.Flex.Settings["properties"]);
        Assert.False(s_template.AppSettings.ContainsKey("FUNCTIONS_WORKER_RUNTIME"));
        Assert.False(s_template.AppSettings.ContainsKey("WEBSITE_RUN_FROM_PACKAGE"));
    }

    [Fact]
    public void The_mainland_china_parameters_choose_elastic_premium_and_the_default_stays_flex()
    {
        var china = CompiledTemplate.Parameters("infra/mainland-china.bicepparam");

        Assert.Equal("ElasticPremium", (string?)china["hostingPlan"]!["value"]);
        Assert.Equal("EP1", (string?)china["planSku"]!["value"]);
        Assert.All(china, p => Assert.True(s_template.Root["parameters"]!.AsObject().ContainsKey(p.Key), $"{p.Key} is not a parameter of main.bicep"));
        Assert.Equal("FlexConsumption", (string?)s_template.Root.Default("hostingPlan"));
    }

    [Fact]
    public void Package_plans_are_deployed_by_uploading_the_zip_with_entra_id_then_restarting()
    {
        var hook = File.ReadAllText(Path.Combine(CompiledTemplate.RepositoryRoot, "infra/hooks/deploy-package.sh"));

        Assert.Contains("az storage blob upload --auth-mode login --account-name \"$CODE_STORAGE_ACCOUNT_NAME\"", hook, StringComparison.Ordinal);
        Assert.Contains("--name \"$PACKAGE_BLOB_NAME\"", hook, StringComparison.Ordinal);
        Assert.Contains("syncfunctiontriggers", hook, StringComparison.Ordinal);
        Assert.Contains("infra/hooks/postdeploy.sh", hook, StringComparison.Ordinal);
        Assert.NotNull(s_template.Root["outputs"]!["PACKAGE_BLOB_NAME"]);
        Assert.NotNull(s_template.Root["outputs"]!["CODE_STORAGE_ACCOUNT_NAME"]);
    }
}
