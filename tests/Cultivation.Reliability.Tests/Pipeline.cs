using System.Security.Cryptography;
using System.Text.Json;
using Azure.Storage.Blobs;
using Cultivation.Application.Ingestion;
using Cultivation.Application.Storage;
using Cultivation.Domain.Filings;
using Cultivation.Domain.Firms;
using Cultivation.Infrastructure.Storage;
using Cultivation.Integration.Tests;
using Microsoft.Extensions.DependencyInjection;

namespace Cultivation.Reliability.Tests;

/// <summary>The real pipeline on Azurite (an isolated <see cref="TestStorage"/>), with what the reliability tests look at.</summary>
public sealed class Pipeline : IDisposable
{
    public Pipeline(Action<IServiceCollection>? configure = null, IReadOnlyDictionary<string, string?>? settings = null)
    {
        Storage = new TestStorage(configure, settings?.ToDictionary(kv => kv.Key, kv => kv.Value));
    }

    public TestStorage Storage { get; }

    public IngestionService Ingestion => Storage.Get<IngestionService>();

    public IFilingBlobs Blobs => Storage.Get<IFilingBlobs>();

    public IFilingLedger Ledger => Storage.Get<IFilingLedger>();

    public static string Sha(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    public Task UploadAsync(string name, byte[] bytes) => Blobs.UploadAsync(name, new MemoryStream(bytes), default);

    public Task<IngestionOutcome> IngestAsync(string name) => Ingestion.IngestAsync(name, default);

    public BlobClient Blob(string name) => Storage.Clients.Blobs.GetBlobContainerClient(Storage.Prefix + "-filings").GetBlobClient(name);

    public async Task<(string ETag, byte[] Bytes)> BlobStateAsync(string name)
    {
        var content = (await Blob(name).DownloadContentAsync()).Value;
        return (content.Details.ETag.ToString(), content.Content.ToArray());
    }

    /// <summary>Every FirmRows entity as (partition, row, ETag): equal sets mean nothing was written or removed.</summary>
    public async Task<List<(string, string, string)>> FirmRowKeysAsync() =>
        [.. (await Storage.EntitiesAsync(StorageNames.FirmRowsTable)).Select(e => (e.PartitionKey, e.RowKey, e.ETag.ToString())).Order()];

    /// <summary>Every firm claim on record as (period, credit code, owning blob).</summary>
    public async Task<List<(string, string, string)>> ClaimKeysAsync()
    {
        var keys = new List<(string, string, string)>();
        var periods = (await Ledger.ListAllAsync(default)).Where(e => e.Period is not null).Select(e => e.Period!.Value).Distinct();
        foreach (var period in periods)
        {
            foreach (var (code, owner) in await Storage.Get<IFirmClaims>().ListAsync(period, default))
            {
                keys.Add((period.ToString(), code, owner));
            }
        }

        return [.. keys.Order()];
    }

    /// <summary>The rows of the version in force for <paramref name="blobName"/>, ordered by credit code.</summary>
    public async Task<List<FirmRow>> RowsInForceAsync(string blobName)
    {
        var entry = await Ledger.GetAsync(blobName, default);
        if (entry?.CurrentSha is null)
        {
            return [];
        }

        Assert.True(FilingName.TryParse(blobName, out var name, out _));
        var rows = new List<FirmRow>();
        await foreach (var row in Storage.Get<IFirmRowStore>().ReadAsync(name, entry.CurrentSha, entry.CurrentShards, default))
        {
            rows.Add(row);
        }

        return [.. rows.OrderBy(r => r.CreditCode.Value, StringComparer.Ordinal)];
    }

    /// <summary>Every stored row of every version in force, as comparable text (period, source, the row's figures).</summary>
    public async Task<List<string>> AllRowsInForceAsync()
    {
        var all = new List<string>();
        foreach (var entry in await Ledger.ListAllAsync(default))
        {
            foreach (var row in await RowsInForceAsync(entry.BlobName))
            {
                all.Add($"{entry.BlobName}|{row with { SourceRow = 0 }}");
            }
        }

        all.Sort(StringComparer.Ordinal);
        return all;
    }

    public async Task<JsonDocument> ReportAsync(string blobName)
    {
        var json = await Blobs.ReadReportAsync(blobName + ".json", default);
        Assert.NotNull(json);
        return JsonDocument.Parse(json);
    }

    public void Dispose() => Storage.Dispose();
}
