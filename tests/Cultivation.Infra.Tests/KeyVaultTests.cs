namespace Cultivation.Infra.Tests;

/// <summary>
/// SPEC 4 and 7: every secret (SMTP password, the digest webhook's URL and signing secret, each source's
/// webhook URL) is a secure parameter stored in Key Vault under an ASCII name and reaches the app as a Key
/// Vault reference; a deployment without a value never overwrites a secret set or rotated by hand.
/// </summary>
public sealed class KeyVaultTests
{
    private const string Settings = "infra/app/settings-text.bicep";
    private static readonly CompiledTemplate s_template = CompiledTemplate.Main;

    [Fact]
    public void Vault_uses_rbac_soft_delete_and_purge_protection()
    {
        var properties = s_template.OfType("Microsoft.KeyVault/vaults").Single()["properties"]!;

        Assert.True((bool)properties["enableRbacAuthorization"]!);
        Assert.True((bool)properties["enableSoftDelete"]!);
        Assert.True((bool)properties["enablePurgeProtection"]!);
    }

    [Fact]
    public void Secret_is_written_only_when_a_value_is_given_so_a_rotated_one_survives_redeploys()
    {
        var secrets = s_template.OfType("Microsoft.KeyVault/vaults/secrets").Single();

        Assert.Contains("not(empty(", (string?)secrets["condition"], StringComparison.Ordinal);
        Assert.Equal("secureObject", (string?)s_template.Module("key-vault").Template()["parameters"]!["secrets"]!["type"]);
    }

    [Theory]
    [InlineData("smtpPassword")]
    [InlineData("webhookSecret")]
    [InlineData("webhookUrl")]
    [InlineData("contactWebhooks")]
    public void Secret_parameter_is_secure(string parameter)
    {
        Assert.Equal("securestring", (string?)s_template.Root["parameters"]![parameter]!["type"]);
    }

    [Fact]
    public void The_vault_receives_the_password_the_digest_webhook_and_each_sources_webhook()
    {
        var secrets = (string?)s_template.Module("key-vault").Argument("secrets");

        Assert.Contains("variables('smtpPasswordSecretName')), parameters('smtpPassword')", secrets, StringComparison.Ordinal);
        Assert.Contains("variables('webhookSecretName')), parameters('webhookSecret')", secrets, StringComparison.Ordinal);
        Assert.Contains("variables('webhookUrlSecretName')), parameters('webhookUrl')", secrets, StringComparison.Ordinal);
        Assert.Contains("toObject(variables('contactsWithWebhook'), lambda('c', lambdaVariables('c').webhookSecretName), lambda('c', coalesce(tryGet(variables('contactWebhookUrls'), lambdaVariables('c').source), '')))", secrets, StringComparison.Ordinal);
        Assert.Equal("webhook-url", s_template.Variable("webhookUrlSecretName"));
        // Nowhere does a webhook URL travel as a plain setting or parameter of the app.
        Assert.Null(s_template.Module("api").Argument("webhookUrl"));
    }

    [Fact]
    public void A_sources_webhook_secret_has_an_ascii_name_that_stays_the_same()
    {
        var east = (string)CompiledTemplate.Evaluate("contactSecretName('东城街道')", ("contactSecretName", Settings))!;
        var again = (string)CompiledTemplate.Evaluate("contactSecretName('东城街道')", ("contactSecretName", Settings))!;
        var west = (string)CompiledTemplate.Evaluate("contactSecretName('西城街道')", ("contactSecretName", Settings))!;

        Assert.Matches("^contact-webhook-[a-z0-9]{13}$", east);
        Assert.Equal(east, again);
        Assert.NotEqual(east, west);
    }

    [Fact]
    public void City_contacts_read_source_email_and_webhook_flag()
    {
        var contacts = CompiledTemplate.Evaluate(
            "contactsFrom('东城街道=dc@yongkang.example, webhook ; 西城街道 = xc@yongkang.example;; 统计局=tj@yongkang.example,WEBHOOK')",
            ("contactsFrom", Settings))!.AsArray();

        // In the order of the sources (items() sorts an object's keys), each once.
        Assert.Equal(
            [("东城街道", "dc@yongkang.example", true), ("统计局", "tj@yongkang.example", true), ("西城街道", "xc@yongkang.example", false)],
            contacts.Select(c => ((string)c!["source"]!, (string)c["email"]!, (bool)c["webhook"]!)));
    }

    [Fact]
    public void A_sources_webhook_urls_may_hold_equals_signs_of_their_query()
    {
        var urls = CompiledTemplate.Evaluate(
            "entries('东城街道=https://oapi.dingtalk.com/robot/send?access_token=abc=;西城街道=https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k1')",
            ("entries", Settings))!.AsObject();

        Assert.Equal("https://oapi.dingtalk.com/robot/send?access_token=abc=", (string?)urls["东城街道"]);
        Assert.Equal("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k1", (string?)urls["西城街道"]);
    }

    [Fact]
    public void City_contacts_reach_the_app_as_a_list_with_key_vault_references_for_webhooks()
    {
        var api = s_template.Module("api").Template();
        var settings = (string)api.Variable("contactSettings")!;

        Assert.Equal("[variables('contacts')]", (string?)s_template.Module("api").Argument("contacts"));
        Assert.Contains("format('City__Contacts__{0}__Source', lambdaVariables('i')), parameters('contacts')[lambdaVariables('i')].source", settings, StringComparison.Ordinal);
        Assert.Contains("format('City__Contacts__{0}__Email', lambdaVariables('i')), parameters('contacts')[lambdaVariables('i')].email", settings, StringComparison.Ordinal);
        Assert.Contains(
            "format('City__Contacts__{0}__Webhook', lambdaVariables('i')), if(empty(parameters('contacts')[lambdaVariables('i')].webhookSecretName), '', format('@Microsoft.KeyVault(SecretUri={0}secrets/{1})', variables('vaultUri'), parameters('contacts')[lambdaVariables('i')].webhookSecretName))",
            settings, StringComparison.Ordinal);
        Assert.Equal("[variables('contactSettings')]", (string?)s_template.Module("api-function-app").Argument("listSettings"));
        Assert.Equal("[variables('contactSettings')]", (string?)s_template.Module("api-function-app-package").Argument("listSettings"));
        Assert.Contains("__bicep.contactSecretName(lambdaVariables('c').source)", s_template.Variable("contacts"), StringComparison.Ordinal);
    }

    [Fact]
    public void Each_sources_secret_is_tagged_with_its_source()
    {
        Assert.Equal(
            "[toObject(variables('contactsWithWebhook'), lambda('c', lambdaVariables('c').webhookSecretName), lambda('c', createObject('source', lambdaVariables('c').source)))]",
            (string?)s_template.Module("key-vault").Argument("labels"));
        Assert.Equal("[coalesce(tryGet(parameters('labels'), items(parameters('secrets'))[copyIndex()].key), createObject())]",
            (string?)s_template.OfType("Microsoft.KeyVault/vaults/secrets").Single()["tags"]);
    }
}
