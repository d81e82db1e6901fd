using System.Globalization;
using System.Runtime.CompilerServices;
using Azure.Data.Tables;
using Cultivation.Application.Ingestion;
using Cultivation.Application.Storage;
using Cultivation.Domain.Filings;
using Cultivation.Domain.Firms;
using Cultivation.Infrastructure.Storage;
using Microsoft.Extensions.Options;

namespace Cultivation.Infrastructure.Tables;

/// <summary>
/// Table <c>FirmRows</c>. PartitionKey = <c>{period}|{encoded blob name}|{sha[..16]}|{shard}</c>, RowKey =
/// credit code. Rows live under the version that supplied them, so a new version is written beside
/// the old one and the ledger switch makes it visible at once. A large version is spread over up to
/// 32 partitions (one per ~1,000 rows, by a stable hash of the credit code) so that a 100,000-row file
/// is not held to the throughput of a single partition; transactions stay within one partition and at
/// most 100 entities, as Azure requires.
/// </summary>
public sealed class TableFirmRowStore(StorageProvider storage, IOptions<IngestionOptions> options) : IFirmRowStore
{
    private const int RowsPerShard = 1000;
    private const int MaxShards = 32;

    public int ShardsFor(int rowCount) => ShardCount(rowCount);

    /// <summary>One shard per ~1,000 rows, 1 to 32.</summary>
    public static int ShardCount(int rowCount) => Math.Clamp((rowCount + RowsPerShard - 1) / RowsPerShard, 1, MaxShards);

    /// <summary>
    /// Writes rows as they come: each shard's rows go in transactions of 100 as soon as 100 are there, with
    /// <see cref="IngestionOptions.WriteParallelism"/> transactions in flight, the rest when the rows end.
    /// Upserts: a retried attempt of the same version rewrites the same rows, harmlessly.
    /// </summary>
    public async Task WriteAsync(FilingName name, string sha, int shards, IAsyncEnumerable<FirmRow> rows, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(StorageNames.FirmRowsTable, cancellationToken).ConfigureAwait(false);
        var parallelism = Math.Max(1, options.Value.WriteParallelism);
        var buffers = new List<FirmRow>?[Math.Max(1, shards)];
        var running = new HashSet<Task>();
        try
        {
            await foreach (var row in rows.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                var shard = ShardOf(row.CreditCode.Value, shards);
                var buffer = buffers[shard] ??= new List<FirmRow>(TableBatches.MaxSize);
                buffer.Add(row);
                if (buffer.Count == TableBatches.MaxSize)
                {
                    buffers[shard] = null;
                    await StartAsync(PartitionKey(name, sha, shard), buffer).ConfigureAwait(false);
                }
            }

            for (var shard = 0; shard < buffers.Length; shard++)
            {
                if (buffers[shard] is { } rest)
                {
                    await StartAsync(PartitionKey(name, sha, shard), rest).ConfigureAwait(false);
                }
            }

            await Task.WhenAll(running).ConfigureAwait(false);
        }
        catch
        {
            // Nothing may still be writing once the caller hears of the failure (it may delete what was written).
            try
            {
                await Task.WhenAll(running).ConfigureAwait(false);
            }
            catch (Exception)
            {
                // The first failure is the one reported.
            }

            throw;
        }

        async Task StartAsync(string partition, List<FirmRow> batch)
        {
            while (running.Count >= parallelism)
            {
                var done = await Task.WhenAny(running).ConfigureAwait(false);
                running.Remove(done);
                await done.ConfigureAwait(false);
            }

            running.Add(table.SubmitTransactionAsync(
                batch.Select(r => new TableTransactionAction(TableTransactionActionType.UpsertReplace, FirmRowEntity.ToEntity(partition, r))),
                cancellationToken));
        }
    }

    public async IAsyncEnumerable<FirmRow> ReadAsync(FilingName name, string sha, int shards, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(StorageNames.FirmRowsTable, cancellationToken).ConfigureAwait(false);
        for (var shard = 0; shard < Math.Max(1, shards); shard++)
        {
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {PartitionKey(name, sha, shard)}");
            await foreach (var e in table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                yield return FirmRowEntity.ToRow(e);
            }
        }
    }

    public async Task<FirmRow?> FindAsync(FilingName name, string sha, int shards, string creditCode, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(StorageNames.FirmRowsTable, cancellationToken).ConfigureAwait(false);
        var response = await table.GetEntityIfExistsAsync<TableEntity>(
            PartitionKey(name, sha, ShardOf(creditCode, shards)), creditCode, cancellationToken: cancellationToken).ConfigureAwait(false);
        return response.HasValue ? FirmRowEntity.ToRow(response.Value!) : null;
    }

    public async Task DeleteAsync(FilingName name, string sha, int shards, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(StorageNames.FirmRowsTable, cancellationToken).ConfigureAwait(false);
        for (var shard = 0; shard < Math.Max(1, shards); shard++)
        {
            await TableBatches.DeleteWhereAsync(table, TableClient.CreateQueryFilter($"PartitionKey eq {PartitionKey(name, sha, shard)}"), cancellationToken).ConfigureAwait(false);
        }
    }

    public static string PartitionKey(FilingName name, string sha, int shard) =>
        string.Create(CultureInfo.InvariantCulture, $"{name.Period}|{KeyEncoding.Encode(name.Value)}|{sha[..16]}|{shard:D2}");

    /// <summary>A stable (FNV-1a) hash: string.GetHashCode differs between processes.</summary>
    public static int ShardOf(string creditCode, int shards)
    {
        if (shards <= 1)
        {
            return 0;
        }

        var hash = 2166136261u;
        foreach (var c in creditCode)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)(hash % (uint)shards);
    }
}
