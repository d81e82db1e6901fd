using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Configuration;

namespace Cultivation.Infrastructure.Storage;

/// <summary>
/// The storage clients, built from the <c>AzureWebJobsStorage</c> setting the way the Functions host
/// reads it: a connection string locally; in Azure identity-based settings
/// (<c>AzureWebJobsStorage__blobServiceUri</c>/<c>__tableServiceUri</c>, or <c>__accountName</c> with the
/// cloud's <c>__endpointSuffix</c>, and <c>__credential=managedidentity</c>, <c>__clientId</c>). No cloud is
/// assumed: the endpoints of Azure operated by 21Vianet (<c>core.chinacloudapi.cn</c>) work exactly as the
/// global ones. The emulator is the default only in Development.
/// </summary>
public sealed class StorageClients
{
    public const string ConnectionName = "AzureWebJobsStorage";
    public const string DevelopmentStorage = "UseDevelopmentStorage=true";

    public StorageClients(BlobServiceClient blobs, TableServiceClient tables)
    {
        Blobs = blobs;
        Tables = tables;
    }

    public BlobServiceClient Blobs { get; }

    public TableServiceClient Tables { get; }

    public static StorageClients FromConfiguration(IConfiguration configuration, bool isDevelopment)
    {
        var connectionString = configuration[ConnectionName];
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            return FromConnectionString(connectionString);
        }

        var section = configuration.GetSection(ConnectionName);
        var blobUri = Uri(section["blobServiceUri"]) ?? AccountUri(section, "blob");
        var tableUri = Uri(section["tableServiceUri"]) ?? AccountUri(section, "table");
        if (blobUri is not null && tableUri is not null)
        {
            var credential = CreateCredential(section);
            return new StorageClients(new BlobServiceClient(blobUri, credential), new TableServiceClient(tableUri, credential));
        }

        if (blobUri is not null || tableUri is not null)
        {
            throw new InvalidOperationException(
                $"{ConnectionName}: identity-based settings need both the blob and the table endpoint " +
                $"(set both {ConnectionName}__blobServiceUri and {ConnectionName}__tableServiceUri, or {ConnectionName}__accountName with {ConnectionName}__endpointSuffix).");
        }

        if (isDevelopment)
        {
            return FromConnectionString(DevelopmentStorage);
        }

        throw new InvalidOperationException(
            $"No storage connection is configured. Set {ConnectionName} to a connection string, or " +
            $"{ConnectionName}__blobServiceUri and __tableServiceUri (or __accountName with __endpointSuffix) with " +
            $"{ConnectionName}__credential=managedidentity and {ConnectionName}__clientId. " +
            $"(The local emulator, {DevelopmentStorage}, is used only when the environment is Development.)");
    }

    public static StorageClients FromConnectionString(string connectionString) =>
        new(new BlobServiceClient(connectionString), new TableServiceClient(connectionString));

    /// <summary>The credential the host would build from the same settings.</summary>
    public static TokenCredential CreateCredential(IConfigurationSection section)
    {
        var clientId = section["clientId"];
        if (string.Equals(section["credential"], "managedidentity", StringComparison.OrdinalIgnoreCase))
        {
            return string.IsNullOrEmpty(clientId)
                ? new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned)
                : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId));
        }

        var tenantId = section["tenantId"];
        var secret = section["clientSecret"];
        if (!string.IsNullOrEmpty(tenantId) && !string.IsNullOrEmpty(clientId) && !string.IsNullOrEmpty(secret))
        {
            return new ClientSecretCredential(tenantId, clientId, secret);
        }

        return new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = clientId });
    }

    private static Uri? Uri(string? value) => string.IsNullOrWhiteSpace(value) ? null : new Uri(value, UriKind.Absolute);

    /// <summary>
    /// The account's endpoint from its name and the cloud's endpoint suffix (<c>core.windows.net</c> in Azure
    /// global, <c>core.chinacloudapi.cn</c> in Azure operated by 21Vianet): a name alone names no cloud.
    /// </summary>
    private static Uri? AccountUri(IConfigurationSection section, string service)
    {
        var accountName = section["accountName"];
        if (string.IsNullOrWhiteSpace(accountName))
        {
            return null;
        }

        var suffix = section["endpointSuffix"]?.Trim().Trim('.');
        return string.IsNullOrEmpty(suffix)
            ? throw new InvalidOperationException(
                $"{ConnectionName}__accountName is set but not the cloud its endpoints are in: set {ConnectionName}__blobServiceUri and " +
                $"{ConnectionName}__tableServiceUri (as infra/ does), or {ConnectionName}__endpointSuffix " +
                "(core.windows.net in Azure global, core.chinacloudapi.cn in Azure operated by 21Vianet).")
            : new Uri($"https://{accountName}.{service}.{suffix}");
    }
}
