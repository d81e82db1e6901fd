using Cultivation.Infrastructure.Storage;
using Microsoft.Extensions.Configuration;

namespace Cultivation.Integration.Tests.Configuration;

/// <summary>
/// In Azure the app gets no connection string, only the identity-based settings infra/app/api.bicep
/// writes; a mistake here would silently point production at the local emulator.
/// </summary>
public sealed class StorageClientsTests
{
    private const string Account = "stcult123";
    private static readonly string s_clientId = Guid.NewGuid().ToString();

    [Fact]
    public void Builds_account_clients_from_the_account_name_the_endpoint_suffix_and_managed_identity()
    {
        var clients = StorageClients.FromConfiguration(Settings(new()
        {
            ["AzureWebJobsStorage:accountName"] = Account,
            ["AzureWebJobsStorage:endpointSuffix"] = "core.windows.net",
            ["AzureWebJobsStorage:credential"] = "managedidentity",
            ["AzureWebJobsStorage:clientId"] = s_clientId,
        }), isDevelopment: false);

        AssertAccount(clients);
    }

    [Fact]
    public void In_the_china_cloud_the_clients_use_its_endpoints_from_the_service_uris()
    {
        var clients = StorageClients.FromConfiguration(Settings(new()
        {
            ["AzureWebJobsStorage:accountName"] = Account,
            ["AzureWebJobsStorage:blobServiceUri"] = $"https://{Account}.blob.core.chinacloudapi.cn/",
            ["AzureWebJobsStorage:tableServiceUri"] = $"https://{Account}.table.core.chinacloudapi.cn/",
            ["AzureWebJobsStorage:credential"] = "managedidentity",
            ["AzureWebJobsStorage:clientId"] = s_clientId,
        }), isDevelopment: false);

        Assert.Equal(new Uri($"https://{Account}.blob.core.chinacloudapi.cn/"), clients.Blobs.Uri);
        Assert.Equal(new Uri($"https://{Account}.table.core.chinacloudapi.cn/"), clients.Tables.Uri);
        Assert.Equal(Account, clients.Tables.AccountName);
    }

    [Fact]
    public void In_the_china_cloud_the_clients_use_its_endpoints_from_the_suffix()
    {
        var clients = StorageClients.FromConfiguration(Settings(new()
        {
            ["AzureWebJobsStorage:accountName"] = Account,
            ["AzureWebJobsStorage:endpointSuffix"] = "core.chinacloudapi.cn",
            ["AzureWebJobsStorage:credential"] = "managedidentity",
        }), isDevelopment: false);

        Assert.Equal(new Uri($"https://{Account}.blob.core.chinacloudapi.cn/"), clients.Blobs.Uri);
        Assert.Equal(new Uri($"https://{Account}.table.core.chinacloudapi.cn/"), clients.Tables.Uri);
    }

    [Fact]
    public void An_account_name_without_its_cloud_is_refused_rather_than_guessed()
    {
        var error = Assert.Throws<InvalidOperationException>(() => StorageClients.FromConfiguration(Settings(new()
        {
            ["AzureWebJobsStorage:accountName"] = Account,
            ["AzureWebJobsStorage:credential"] = "managedidentity",
        }), isDevelopment: false));

        Assert.Contains("endpointSuffix", error.Message, StringComparison.Ordinal);
        Assert.Contains("core.chinacloudapi.cn", error.Message, StringComparison.Ordinal);
        Assert.Contains("blobServiceUri", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Builds_account_clients_from_the_service_uris()
    {
        var clients = StorageClients.FromConfiguration(Settings(new()
        {
            ["AzureWebJobsStorage:blobServiceUri"] = $"https://{Account}.blob.core.windows.net/",
            ["AzureWebJobsStorage:tableServiceUri"] = $"https://{Account}.table.core.windows.net/",
            ["AzureWebJobsStorage:credential"] = "managedidentity",
            ["AzureWebJobsStorage:clientId"] = s_clientId,
        }), isDevelopment: false);

        AssertAccount(clients);
    }

    [Fact]
    public void Identity_settings_win_over_the_emulator_even_in_development()
    {
        var clients = StorageClients.FromConfiguration(Settings(new()
        {
            ["AzureWebJobsStorage:accountName"] = Account,
            ["AzureWebJobsStorage:endpointSuffix"] = "core.windows.net",
            ["AzureWebJobsStorage:credential"] = "managedidentity",
            ["AzureWebJobsStorage:clientId"] = s_clientId,
        }), isDevelopment: true);

        AssertAccount(clients);
    }

    [Fact]
    public void Reads_the_double_underscore_app_settings_exactly_as_the_bicep_writes_them()
    {
        // Environment variables as App Service sets them; a unique prefix keeps parallel tests apart.
        var prefix = "CULTTEST" + Guid.NewGuid().ToString("N")[..8] + "_";
        var variables = new Dictionary<string, string>
        {
            [prefix + "AzureWebJobsStorage__accountName"] = Account,
            [prefix + "AzureWebJobsStorage__credential"] = "managedidentity",
            [prefix + "AzureWebJobsStorage__clientId"] = s_clientId,
            [prefix + "AzureWebJobsStorage__blobServiceUri"] = $"https://{Account}.blob.core.windows.net/",
            [prefix + "AzureWebJobsStorage__queueServiceUri"] = $"https://{Account}.queue.core.windows.net/",
            [prefix + "AzureWebJobsStorage__tableServiceUri"] = $"https://{Account}.table.core.windows.net/",
        };
        try
        {
            foreach (var (k, v) in variables)
            {
                Environment.SetEnvironmentVariable(k, v);
            }

            var configuration = new ConfigurationBuilder().AddEnvironmentVariables(prefix).Build();

            AssertAccount(StorageClients.FromConfiguration(configuration, isDevelopment: false));
        }
        finally
        {
            foreach (var k in variables.Keys)
            {
                Environment.SetEnvironmentVariable(k, null);
            }
        }
    }

    [Fact]
    public void Without_any_setting_outside_development_it_refuses_with_a_clear_message()
    {
        var error = Assert.Throws<InvalidOperationException>(() => StorageClients.FromConfiguration(Settings(new()), isDevelopment: false));

        Assert.Contains("AzureWebJobsStorage", error.Message);
        Assert.Contains("accountName", error.Message);
        Assert.Contains("Development", error.Message);
    }

    [Fact]
    public void Only_one_service_uri_is_refused()
    {
        var error = Assert.Throws<InvalidOperationException>(() => StorageClients.FromConfiguration(Settings(new()
        {
            ["AzureWebJobsStorage:blobServiceUri"] = $"https://{Account}.blob.core.windows.net/",
            ["AzureWebJobsStorage:credential"] = "managedidentity",
        }), isDevelopment: false));

        Assert.Contains("tableServiceUri", error.Message);
    }

    [Fact]
    public void Without_any_setting_in_development_it_uses_the_emulator()
    {
        var clients = StorageClients.FromConfiguration(Settings(new()), isDevelopment: true);

        Assert.Equal("127.0.0.1", clients.Blobs.Uri.Host);
        Assert.Equal("127.0.0.1", clients.Tables.Uri.Host);
        Assert.Equal("devstoreaccount1", clients.Blobs.AccountName);
    }

    [Fact]
    public void A_connection_string_is_used_as_given()
    {
        var clients = StorageClients.FromConfiguration(Settings(new() { ["AzureWebJobsStorage"] = StorageClients.DevelopmentStorage }), isDevelopment: false);

        Assert.Equal("devstoreaccount1", clients.Blobs.AccountName);
    }

    private static IConfiguration Settings(Dictionary<string, string?> values) => new ConfigurationBuilder().AddInMemoryCollection(values).Build();

    private static void AssertAccount(StorageClients clients)
    {
        Assert.Equal(new Uri($"https://{Account}.blob.core.windows.net/"), clients.Blobs.Uri);
        Assert.Equal(new Uri($"https://{Account}.table.core.windows.net/"), clients.Tables.Uri);
        Assert.Equal(Account, clients.Blobs.AccountName);
        Assert.Equal(Account, clients.Tables.AccountName);
        Assert.NotEqual("127.0.0.1", clients.Blobs.Uri.Host);
        Assert.NotEqual("127.0.0.1", clients.Tables.Uri.Host);
    }
}
