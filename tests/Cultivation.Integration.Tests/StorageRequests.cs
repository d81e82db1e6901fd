using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Cultivation.Infrastructure.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Cultivation.Integration.Tests;

/// <summary>
/// Every request the product's storage clients send, as the service receives it (counted once per try), with the entity
/// keys of each operation of a transaction: how tests tell how many reads a query costs and what a transaction held.
/// </summary>
public sealed partial class StorageRequests : HttpPipelinePolicy
{
    private readonly ConcurrentQueue<StorageRequest> _seen = new();

    public IReadOnlyList<StorageRequest> Seen => [.. _seen];

    /// <summary>Test storage whose clients report here.</summary>
    public TestStorage Storage(Action<IServiceCollection>? configure = null, IDictionary<string, string?>? settings = null) => new(services =>
    {
        var connection = Environment.GetEnvironmentVariable(TestStorage.ConnectionVariable)!;
        var tables = new TableClientOptions();
        tables.AddPolicy(this, HttpPipelinePosition.PerRetry);
        var blobs = new BlobClientOptions();
        blobs.AddPolicy(this, HttpPipelinePosition.PerRetry);
        services.Replace(ServiceDescriptor.Singleton(new StorageClients(new BlobServiceClient(connection, blobs), new TableServiceClient(connection, tables))));
        configure?.Invoke(services);
    }, settings);

    public void Clear() => _seen.Clear();

    /// <summary>The requests since <see cref="Clear"/> to tables whose name ends with <paramref name="table"/>.</summary>
    public IReadOnlyList<StorageRequest> To(string table) =>
        [.. Seen.Where(r => r.Table is { } t && t.EndsWith(table, StringComparison.Ordinal))];

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Record(message);
        ProcessNext(message, pipeline);
    }

    public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Record(message);
        return ProcessNextAsync(message, pipeline);
    }

    private void Record(HttpMessage message)
    {
        var request = message.Request;
        var path = Uri.UnescapeDataString(request.Uri.Path);
        IReadOnlyList<(string PartitionKey, string RowKey)> operations = [];
        string? table = TableName().Match(path) is { Success: true } m ? m.Groups[1].Value : null;
        if (path.EndsWith("$batch", StringComparison.Ordinal) && request.Content is { } content)
        {
            using var body = new MemoryStream();
            content.WriteTo(body, default);
            var text = Uri.UnescapeDataString(Encoding.UTF8.GetString(body.ToArray()));
            operations = [.. EntityKeys().Matches(text).Select(k => (k.Groups[2].Value, k.Groups[3].Value))];
            table = EntityKeys().Match(text) is { Success: true } first ? first.Groups[1].Value : null;
        }

        _seen.Enqueue(new StorageRequest(request.Method.ToString(), path, table, operations));
    }

    [GeneratedRegex(@"^/?devstoreaccount1/([A-Za-z0-9]+)(\(|$|\?)")]
    private static partial Regex TableName();

    [GeneratedRegex(@"/([A-Za-z0-9]+)\(PartitionKey='([^']*)',RowKey='([^']*)'\)")]
    private static partial Regex EntityKeys();
}

/// <param name="Table">The table addressed, when the request is a table's (with the test's prefix).</param>
/// <param name="Operations">For a transaction, the keys of each of its operations.</param>
public sealed record StorageRequest(string Method, string Path, string? Table, IReadOnlyList<(string PartitionKey, string RowKey)> Operations)
{
    /// <summary>A point read: GET of one entity by its two keys.</summary>
    public bool IsPointRead => Method == "GET" && Path.Contains("(PartitionKey=", StringComparison.Ordinal);
}
