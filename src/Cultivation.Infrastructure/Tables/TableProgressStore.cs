using System.Globalization;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Cultivation.Application;
using Cultivation.Application.Progress;
using Cultivation.Domain.Periods;
using Cultivation.Domain.Progress;
using Cultivation.Domain.Targets;
using Cultivation.Infrastructure.Storage;

namespace Cultivation.Infrastructure.Tables;

/// <summary>
/// Table <c>Progress</c>: PartitionKey = year, RowKey = "current"; the year's body (JSON, split over
/// properties of at most 30,000 characters, since a string property holds at most 64 KiB) plus the id
/// and stamp of the computation in force. Table <c>ProgressItems</c>: PartitionKey =
/// <c>{year}|{computeId}|{section}</c> (a target id, or <c>low-efficiency|2022Q2</c> with its firms and data gaps), RowKey =
/// <c>{list}|{chunk}</c>: an evidence list's firms packed as JSON arrays of up to 30,000 characters
/// (about 150 firms) per entity, after a marker entity <c>{list}|-</c>.
/// </summary>
public sealed class TableProgressStore(StorageProvider storage) : IProgressStore
{
    private const string Current = "current";
    private const string LowEfficiencySection = "low-efficiency|";

    // Items packed per entity: a string property holds 32 K UTF-16 characters; a transaction at most 4 MiB
    // (a character of a firm's name is up to 3 bytes of UTF-8).
    private const int ItemChars = 30_000;
    private const int TransactionChars = 1_000_000;
    private static readonly JsonSerializerOptions s_json = CultivationJson.Options;

    public async Task<StoredProgress?> GetAsync(int year, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(StorageNames.ProgressTable, cancellationToken).ConfigureAwait(false);
        var response = await table.GetEntityIfExistsAsync<TableEntity>(Year(year), Current, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!response.HasValue)
        {
            return null;
        }

        var e = response.Value!;
        var body = JsonSerializer.Deserialize<YearProgress>(LongText.Join(e, "Body"), s_json)!;
        return new StoredProgress(body, e.GetString("ComputeId"), e.GetString("Stamp"), e.ETag.ToString());
    }

    public async Task<TargetDetail?> GetDetailAsync(int year, string targetId, CancellationToken cancellationToken)
    {
        var stored = await GetAsync(year, cancellationToken).ConfigureAwait(false);
        var summary = stored?.Progress.Targets.FirstOrDefault(t => t.Id == targetId);
        if (stored is null || summary is null)
        {
            return null;
        }

        var items = await ReadSectionAsync(year, stored.ComputeId, targetId, cancellationToken).ConfigureAwait(false);
        return new TargetDetail(summary)
        {
            Firms = [.. items.Items<TargetFirm>("firms")],
            Pool = items.Has("pool") ? [.. items.Items<PoolFirm>("pool")] : null,
            Projected = items.Has("projected") ? [.. items.Items<RevenueFirm>("projected")] : null,
            Unknown = items.Has("unknown") ? [.. items.Items<RevenueFirm>("unknown")] : null,
            NotCleared = items.Has("notCleared") ? [.. items.Items<NotClearedFirm>("notCleared")] : null,
        };
    }

    public async Task<LowEfficiencyList?> GetLowEfficiencyAsync(int year, Period period, CancellationToken cancellationToken)
    {
        var stored = await GetAsync(year, cancellationToken).ConfigureAwait(false);
        if (stored is null)
        {
            return null;
        }

        var items = await ReadSectionAsync(year, stored.ComputeId, LowEfficiencySection + period, cancellationToken).ConfigureAwait(false);
        if (!items.Has("meta"))
        {
            return null;
        }

        var threshold = decimal.Parse(items.Meta, CultureInfo.InvariantCulture);
        return new LowEfficiencyList(period.ToString(), threshold, [.. items.Items<LowEfficiencyFirm>("firms")])
        {
            DataGaps = [.. items.Items<DataGap>("dataGaps")],
        };
    }

    public async Task WriteEvidenceAsync(int year, string computeId, ProgressResult result, IReadOnlyList<LowEfficiencyList> lowEfficiency, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(StorageNames.ProgressItemsTable, cancellationToken).ConfigureAwait(false);
        var partitions = new List<(string Partition, List<TableEntity> Entities)>();
        foreach (var detail in result.Details)
        {
            var partition = Partition(year, computeId, detail.Id);
            var entities = new List<TableEntity>();
            AddList(entities, partition, "firms", detail.Firms);
            AddList(entities, partition, "pool", detail.Pool);
            AddList(entities, partition, "projected", detail.Projected);
            AddList(entities, partition, "unknown", detail.Unknown);
            AddList(entities, partition, "notCleared", detail.NotCleared);
            partitions.Add((partition, entities));
        }

        foreach (var list in lowEfficiency)
        {
            var partition = Partition(year, computeId, LowEfficiencySection + list.Period);
            var entities = new List<TableEntity> { Item(partition, "meta", 0, list.Threshold.ToString(CultureInfo.InvariantCulture)) };
            AddList(entities, partition, "firms", list.Firms);
            AddList(entities, partition, "dataGaps", list.DataGaps);
            partitions.Add((partition, entities));
        }

        var batches = partitions.SelectMany(p => Batches(p.Entities)).ToList();
        await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
            async (batch, ct) => await table.SubmitTransactionAsync(
                batch.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, e)), ct).ConfigureAwait(false)).ConfigureAwait(false);
    }

    public async Task<bool> TrySwitchAsync(int year, StoredProgress progress, string? expectedETag, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(StorageNames.ProgressTable, cancellationToken).ConfigureAwait(false);
        var entity = new TableEntity(Year(year), Current)
        {
            ["ComputeId"] = progress.ComputeId,
            ["Stamp"] = progress.Stamp,
            ["ComputedAt"] = new DateTimeOffset(progress.Progress.ComputedAt, TimeSpan.Zero),
            ["AsOf"] = progress.Progress.AsOf,
        };
        LongText.Split(entity, "Body", JsonSerializer.Serialize(progress.Progress, s_json));
        try
        {
            if (expectedETag is null)
            {
                await table.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await table.UpdateEntityAsync(entity, new ETag(expectedETag), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            }

            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412 or 404)
        {
            return false;
        }
    }

    public async Task DeleteEvidenceAsync(int year, string computeId, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(StorageNames.ProgressItemsTable, cancellationToken).ConfigureAwait(false);
        var prefix = $"{Year(year)}|{computeId}|";
        var filter = TableClient.CreateQueryFilter($"PartitionKey ge {prefix} and PartitionKey lt {prefix + "~"}");
        try
        {
            await TableBatches.DeleteWhereAsync(table, filter, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException)
        {
            // Best effort: evidence of an old computation is invisible once the year points elsewhere.
        }
    }

    private async Task<Section> ReadSectionAsync(int year, string computeId, string section, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(StorageNames.ProgressItemsTable, cancellationToken).ConfigureAwait(false);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition(year, computeId, section)}");
        var items = new List<(string List, string Json)>();
        await foreach (var e in table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            items.Add((e.RowKey[..e.RowKey.IndexOf('|', StringComparison.Ordinal)], e.GetString("Json")));
        }

        // RowKeys sort as {list}|{index:D7}, so each list comes back in order.
        return new Section(items.ToLookup(i => i.List, i => i.Json, StringComparer.Ordinal));
    }

    /// <summary>
    /// A list as entities of its own: a marker (which tells an empty list from one that does not apply, null),
    /// then the items packed as JSON arrays of at most <see cref="ItemChars"/> characters each, in order.
    /// </summary>
    private static void AddList<T>(List<TableEntity> entities, string partition, string list, IReadOnlyList<T>? items)
    {
        if (items is null)
        {
            return;
        }

        entities.Add(Item(partition, list, -1, "[]"));
        var chunk = new StringBuilder();
        var index = 0;
        foreach (var item in items)
        {
            var json = JsonSerializer.Serialize(item, s_json);
            if (chunk.Length > 0 && chunk.Length + json.Length + 2 > ItemChars)
            {
                entities.Add(Item(partition, list, index++, chunk.Append(']').ToString()));
                chunk.Clear();
            }

            chunk.Append(chunk.Length == 0 ? '[' : ',').Append(json);
        }

        if (chunk.Length > 0)
        {
            entities.Add(Item(partition, list, index, chunk.Append(']').ToString()));
        }
    }

    /// <summary>Transactions of one partition's entities: at most 100, and few enough characters to stay under Azure's 4 MiB per transaction.</summary>
    private static IEnumerable<TableEntity[]> Batches(List<TableEntity> entities)
    {
        var batch = new List<TableEntity>();
        var chars = 0;
        foreach (var e in entities)
        {
            var size = e.GetString("Json")?.Length ?? 0;
            if (batch.Count == TableBatches.MaxSize || (batch.Count > 0 && chars + size > TransactionChars))
            {
                yield return [.. batch];
                batch.Clear();
                chars = 0;
            }

            batch.Add(e);
            chars += size;
        }

        if (batch.Count > 0)
        {
            yield return [.. batch];
        }
    }

    private static TableEntity Item(string partition, string list, int index, string json) =>
        new(partition, index < 0 ? $"{list}|-" : string.Create(CultureInfo.InvariantCulture, $"{list}|{index:D7}")) { ["Json"] = json };

    private static string Partition(int year, string computeId, string section) => $"{Year(year)}|{computeId}|{KeyEncoding.Encode(section)}";

    private static string Year(int year) => year.ToString(CultureInfo.InvariantCulture);

    private sealed class Section(ILookup<string, string> items)
    {
        private readonly HashSet<string> _present = items.Select(g => g.Key).ToHashSet(StringComparer.Ordinal);

        public bool Has(string list) => _present.Contains(list);

        /// <summary>The low-efficiency section's threshold.</summary>
        public string Meta => items["meta"].Single();

        /// <summary>A list's items in order: each entity holds a JSON array of them (the marker, "[]", holds none).</summary>
        public IEnumerable<T> Items<T>(string list) =>
            items[list].SelectMany(json => json.StartsWith('[')
                ? JsonSerializer.Deserialize<List<T>>(json, s_json)!
                : [JsonSerializer.Deserialize<T>(json, s_json)!]);
    }
}

/// <summary>Table <c>Targets</c>: PartitionKey = year, RowKey = "targets", the file as loaded (JSON).</summary>
public sealed class TableTargetStore(StorageProvider storage) : ITargetStore
{
    public async Task<YearTargets?> GetAsync(int year, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(StorageNames.TargetsTable, cancellationToken).ConfigureAwait(false);
        var response = await table.GetEntityIfExistsAsync<TableEntity>(year.ToString(CultureInfo.InvariantCulture), "targets", cancellationToken: cancellationToken).ConfigureAwait(false);
        return response.HasValue ? TargetsFile.Parse(response.Value!.GetString("Json")).Targets : null;
    }

    public async Task SaveAsync(YearTargets targets, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(StorageNames.TargetsTable, cancellationToken).ConfigureAwait(false);
        var json = TargetsFile.Serialize(targets);
        await table.UpsertEntityAsync(new TableEntity(targets.Year.ToString(CultureInfo.InvariantCulture), "targets")
        {
            ["Json"] = json,
            ["Region"] = targets.Region,
            ["Count"] = targets.Targets.Count,
        }, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }
}
