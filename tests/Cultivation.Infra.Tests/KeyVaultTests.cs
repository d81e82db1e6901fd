namespace Cultivation.Infra.Tests;

public sealed class KeyVaultTests
{
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
        Assert.Equal("securestring", (string?)s_template.Root["parameters"]!["smtpPassword"]!["type"]);
        Assert.Equal("securestring", (string?)s_template.Root["parameters"]!["webhookSecret"]!["type"]);
    }
}
