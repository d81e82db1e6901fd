namespace Cultivation.Infra.Tests;

public sealed class StorageTests
{
    private static readonly CompiledTemplate s_template = CompiledTemplate.Main;

    [Theory]
    [InlineData("listKeys(")]
    [InlineData("AccountKey=")]
    [InlineData("DefaultEndpointsProtocol")]
    [InlineData("UseDevelopmentStorage")]
    [InlineData("SharedAccessSignature")]
    public void No_account_key_or_connection_string_appears_anywhere(string forbidden)
    {
        Assert.DoesNotContain(forbidden, s_template.Text, StringComparison.OrdinalIgnoreCase);
        Assert.All(s_template.AppSettings, setting =>
            Assert.DoesNotContain(forbidden, setting.Value!.ToJsonString(), StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Storage_account_refuses_shared_keys_plain_http_old_tls_and_public_blobs()
    {
        var account = s_template.OfType("Microsoft.Storage/storageAccounts").Single(r => r["properties"] is not null);
        var properties = account["properties"]!;

        Assert.False((bool)properties["allowSharedKeyAccess"]!);
        Assert.True((bool)properties["supportsHttpsTrafficOnly"]!);
        Assert.Equal("TLS1_2", (string?)properties["minimumTlsVersion"]);
        Assert.False((bool)properties["allowBlobPublicAccess"]!);
    }

    [Fact]
    public void Blob_and_container_soft_delete_are_on()
    {
        var blobService = s_template.OfType("Microsoft.Storage/storageAccounts/blobServices").Single();
        var properties = blobService["properties"]!;

        Assert.True((bool)properties["deleteRetentionPolicy"]!["enabled"]!);
        Assert.True((bool)properties["containerDeleteRetentionPolicy"]!["enabled"]!);
    }

    [Fact]
    public void Creates_the_filing_containers_and_the_deployment_package_container()
    {
        var containers = s_template.ListArgument("storage", "containers");

        Assert.Contains("[variables('filingsContainerName')]", containers);
        Assert.Equal("filings", s_template.Variable("filingsContainerName"));
        Assert.Contains("filings-reports", containers);
        Assert.Contains("filings-archive", containers);
        Assert.Contains("[variables('deadLetterContainerName')]", containers);
        Assert.Equal("filings-deadletter", s_template.Variable("deadLetterContainerName"));
        Assert.Contains("[variables('deploymentContainerName')]", containers);
    }

    [Fact]
    public void Creates_every_table_the_code_uses_and_the_queue_service_the_blob_extension_needs()
    {
        var tables = s_template.ListArgument("storage", "tables");

        Assert.Equal(
            ["Filings", "FilingVersions", "FirmRows", "FirmClaims", "Targets", "Progress", "ProgressItems", "Digests", "Locks"],
            tables);
        Assert.Single(s_template.OfType("Microsoft.Storage/storageAccounts/queueServices"));
        Assert.Single(s_template.OfType("Microsoft.Storage/storageAccounts/tableServices"));
    }
}
