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

    [Theory]
    [InlineData("storage")]
    [InlineData("code-storage")]
    public void Storage_accounts_refuse_shared_keys_plain_http_old_tls_and_public_blobs(string module)
    {
        var account = s_template.Module(module).Template().Resource("Microsoft.Storage/storageAccounts");
        var properties = account["properties"]!;

        Assert.False((bool)properties["allowSharedKeyAccess"]!);
        Assert.True((bool)properties["supportsHttpsTrafficOnly"]!);
        Assert.Equal("TLS1_2", (string?)properties["minimumTlsVersion"]);
        Assert.False((bool)properties["allowBlobPublicAccess"]!);
        // Flat namespace: no rename (move) of blobs, which the filers' path condition does not govern.
        Assert.Null(properties["isHnsEnabled"]);
    }

    [Fact]
    public void Blob_and_container_soft_delete_are_on()
    {
        var blobService = s_template.Module("storage").Template().Resource("Microsoft.Storage/storageAccounts/blobServices");
        var properties = blobService["properties"]!;

        Assert.True((bool)properties["deleteRetentionPolicy"]!["enabled"]!);
        Assert.True((bool)properties["containerDeleteRetentionPolicy"]!["enabled"]!);
    }

    [Fact]
    public void Creates_the_filing_containers_in_the_data_account()
    {
        var containers = s_template.ListArgument("storage", "containers");

        Assert.Equal(
            ["[variables('filingsContainerName')]", "filings-reports", "filings-archive", "[variables('deadLetterContainerName')]"],
            containers);
        Assert.Equal("filings", s_template.Variable("filingsContainerName"));
        Assert.Equal("filings-deadletter", s_template.Variable("deadLetterContainerName"));
    }

    [Fact]
    public void The_code_package_lives_in_an_account_of_its_own()
    {
        Assert.Equal(["[variables('packageContainerName')]"], s_template.ListArgument("code-storage", "containers"));
        Assert.Empty(s_template.ListArgument("code-storage", "tables"));
        Assert.Equal("[variables('codeStorageAccountName')]", (string?)s_template.Module("code-storage").Argument("name"));
        Assert.Equal("[variables('storageAccountName')]", (string?)s_template.Module("storage").Argument("name"));
        Assert.Equal("[format('stpkg{0}', variables('resourceToken'))]", s_template.Variable("codeStorageAccountName"));
        Assert.Equal("[format('st{0}', variables('resourceToken'))]", s_template.Variable("storageAccountName"));
    }

    [Fact]
    public void Creates_every_table_the_code_uses_and_the_queue_service_the_blob_extension_needs()
    {
        var tables = s_template.ListArgument("storage", "tables");

        Assert.Equal(
            ["Filings", "FilingVersions", "FirmRows", "FirmClaims", "Targets", "Progress", "ProgressItems", "Digests", "Notices", "Locks"],
            tables);
        Assert.Single(s_template.Module("storage").Template().OwnResources(), r => (string?)r["type"] == "Microsoft.Storage/storageAccounts/queueServices");
        Assert.Single(s_template.Module("storage").Template().OwnResources(), r => (string?)r["type"] == "Microsoft.Storage/storageAccounts/queueServices/queues");
        Assert.Equal(["filings-deleted"], s_template.Module("storage").Argument("queues")!.AsArray().Select(q => (string)q!).Select(q => q == "[variables('deletionsQueueName')]" ? s_template.Variable("deletionsQueueName") : q));
        Assert.Empty(s_template.Module("code-storage").Argument("queues")?.AsArray() ?? []);
        Assert.Single(s_template.Module("storage").Template().OwnResources(), r => (string?)r["type"] == "Microsoft.Storage/storageAccounts/tableServices");
    }
}
