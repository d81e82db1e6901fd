using System.Collections.Concurrent;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Options;

namespace Cultivation.Infrastructure.Storage;

/// <summary>Hands out table and container clients, creating each table or container once on first use.</summary>
public sealed class StorageProvider
{
    private readonly StorageClients _clients;
    private readonly StorageOptions _options;
    private readonly ConcurrentDictionary<string, Lazy<Task<TableClient>>> _tables = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<Task<BlobContainerClient>>> _containers = new(StringComparer.Ordinal);

    public StorageProvider(StorageClients clients, IOptions<StorageOptions> options)
    {
        _clients = clients;
        _options = options.Value;
    }

    public StorageClients Clients => _clients;

    public Task<TableClient> TableAsync(string name, CancellationToken cancellationToken)
    {
        var lazy = _tables.GetOrAdd(name, n => new Lazy<Task<TableClient>>(async () =>
        {
            var client = _clients.Tables.GetTableClient(_options.Table(n));
            await client.CreateIfNotExistsAsync(CancellationToken.None).ConfigureAwait(false);
            return client;
        }));
        return Retry(lazy, _tables, name, cancellationToken);
    }

    public Task<BlobContainerClient> ContainerAsync(string name, CancellationToken cancellationToken)
    {
        var lazy = _containers.GetOrAdd(name, n => new Lazy<Task<BlobContainerClient>>(async () =>
        {
            var client = _clients.Blobs.GetBlobContainerClient(_options.Container(n));
            await client.CreateIfNotExistsAsync(cancellationToken: CancellationToken.None).ConfigureAwait(false);
            return client;
        }));
        return Retry(lazy, _containers, name, cancellationToken);
    }

    // A failed creation (storage down) must not be cached for ever.
    private static async Task<T> Retry<T>(Lazy<Task<T>> lazy, ConcurrentDictionary<string, Lazy<Task<T>>> cache, string name, CancellationToken cancellationToken)
    {
        try
        {
            return await lazy.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            cache.TryRemove(new KeyValuePair<string, Lazy<Task<T>>>(name, lazy));
            throw;
        }
    }
}
