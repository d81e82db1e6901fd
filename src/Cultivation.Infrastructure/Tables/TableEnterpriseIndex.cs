using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using Azure;
using Azure.Data.Tables;
using Cultivation.Application.Enterprises;
using Cultivation.Application.Ingestion;
using Cultivation.Domain.Firms;
using Cultivation.Domain.Periods;
using Cultivation.Infrastructure.Storage;
using Microsoft.Extensions.Options;

namespace Cultivation.Infrastructure.Tables;

/// <summary>
/// Table <c>EnterpriseIndex</c>: one entity per firm, PartitionKey = bucket <c>b00</c>–<c>b15</c> (a stable hash of the credit
/// code), RowKey = credit code, and one property per period, <c>P2022Q1</c> = <c>{file}|{version}|{row as JSON}</c>; an empty
/// value is a period the firm left. The file leads the value so that a range filter on the property finds every firm a file
/// supplies in a period; the version tells a stale entry from a current one. State: PartitionKey <c>state</c>, RowKey <c>index</c>.
/// </summary>
/// <remarks>
/// Azure's limits hold by construction: an entity holds the periods of 60 years (240 properties and a flag, under the 252
/// an entity may have besides its keys and timestamp); periods from 2060 on go to a second entity, RowKey
/// <c>{code}|1</c>, which the first one's <c>Later</c> flag announces. A value is at most a few thousand characters (a name
/// has at most 200, 资质 500), far under 64 KiB, and 240 of them under 1 MiB. Writes go in transactions of at most 100
/// entities of one bucket; a bucket's entities are written by every file, so the 16 buckets spread a large file's writes.
/// </remarks>
public sealed class TableEnterpriseIndex(StorageProvider storage, IOptions<IngestionOptions> options) : IEnterpriseIndex
{
    public const int Buckets = 16;
    public const int YearsPerEntity = 60;
    public const string LaterFlag = "Later";
    private const string StatePartition = "state";
    private const string StateRow = "index";
    private const int Format = 1;
    private const int MaxValueChars = 30_000;

    // Names and towns are Chinese: written as they are, not as \uXXXX escapes six times their size.
    private static readonly JsonWriterOptions s_writerOptions = new() { Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };

    public async Task<IReadOnlyList<IndexedPeriod>> GetAsync(string creditCode, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken).ConfigureAwait(false);
        var first = await table.GetEntityIfExistsAsync<TableEntity>(Bucket(creditCode), RowKey(creditCode, 0), cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!first.HasValue)
        {
            return [];
        }

        var periods = Periods(first.Value!).ToList();
        if (first.Value!.GetBoolean(LaterFlag) == true)
        {
            var later = await table.GetEntityIfExistsAsync<TableEntity>(Bucket(creditCode), RowKey(creditCode, 1), cancellationToken: cancellationToken).ConfigureAwait(false);
            if (later.HasValue)
            {
                periods.AddRange(Periods(later.Value!));
            }
        }

        return periods;
    }

    public async Task<IReadOnlyList<IndexedSupply>> SuppliedByAsync(Period period, string blobName, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken).ConfigureAwait(false);
        var property = Property(period);
        var file = Escape(blobName);
        var supplies = new List<IndexedSupply>[Buckets];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(Enumerable.Range(0, Buckets), parallel, async (bucket, ct) =>
        {
            // Values of this file begin "{file}|"; '}' is the character after '|', so this range holds exactly them.
            var filter = $"{TableClient.CreateQueryFilter($"PartitionKey eq {BucketKey(bucket)}")} and {property} ge {Literal(file + "|")} and {property} lt {Literal(file + "}")}";
            var found = new List<IndexedSupply>();
            await foreach (var e in table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, select: ["RowKey", property], cancellationToken: ct).ConfigureAwait(false))
            {
                var (_, version, _) = Split(e.GetString(property));
                found.Add(new IndexedSupply(CodeOf(e.RowKey), version, e.ETag.ToString()));
            }

            supplies[bucket] = found;
        }).ConfigureAwait(false);
        return [.. supplies.SelectMany(s => s)];
    }

    public async Task SetAsync(Period period, string blobName, string version, IReadOnlyList<FirmRow> rows, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken).ConfigureAwait(false);
        var property = Property(period);
        var segment = Segment(period);
        var file = Escape(blobName);
        var batches = rows
            .GroupBy(r => Bucket(r.CreditCode.Value), StringComparer.Ordinal)
            .SelectMany(bucket => bucket.Chunk(segment == 0 ? TableBatches.MaxSize : TableBatches.MaxSize / 2).Select(chunk => chunk.SelectMany(row =>
            {
                var code = row.CreditCode.Value;
                var entity = new TableEntity(bucket.Key, RowKey(code, segment)) { [property] = Value(file, version, row) };
                var actions = new List<TableTransactionAction> { new(TableTransactionActionType.UpsertMerge, entity) };
                if (segment > 0)
                {
                    // Lookups read the later entity only when the first one says it is there.
                    actions.Add(new(TableTransactionActionType.UpsertMerge, new TableEntity(bucket.Key, RowKey(code, 0)) { [LaterFlag] = true }));
                }

                return actions;
            }).ToList()));

        // Each transaction's entities are made when a writer takes it, not all at once: a 100,000-row file's entities
        // (a JSON copy of every row) held together took 256 MB more than the ingestion's peak without them.
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(batches, parallel, async (batch, ct) => await table.SubmitTransactionAsync(batch, ct).ConfigureAwait(false)).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<string>> ClearAsync(Period period, IReadOnlyList<IndexedSupply> supplies, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken).ConfigureAwait(false);
        var property = Property(period);
        var segment = Segment(period);
        var changed = new List<string>();
        var batches = supplies.GroupBy(s => Bucket(s.CreditCode), StringComparer.Ordinal).SelectMany(g => g.Chunk(TableBatches.MaxSize).Select(c => (g.Key, c))).ToList();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(batches, parallel, async (batch, ct) =>
        {
            var (bucket, chunk) = batch;
            TableEntity Cleared(IndexedSupply s) => new(bucket, RowKey(s.CreditCode, segment)) { [property] = string.Empty };
            try
            {
                await table.SubmitTransactionAsync(chunk.Select(s => new TableTransactionAction(TableTransactionActionType.UpdateMerge, Cleared(s), new ETag(s.Tag))), ct)
                    .ConfigureAwait(false);
                return;
            }
            catch (TableTransactionFailedException ex) when (ex.Status is 412 or 404)
            {
                // Some entry changed since it was read, and the whole transaction failed: each on its own, to know which.
            }

            foreach (var supply in chunk)
            {
                try
                {
                    await table.UpdateEntityAsync(Cleared(supply), new ETag(supply.Tag), TableUpdateMode.Merge, ct).ConfigureAwait(false);
                }
                catch (RequestFailedException ex) when (ex.Status is 412 or 404)
                {
                    lock (changed)
                    {
                        changed.Add(supply.CreditCode);
                    }
                }
            }
        }).ConfigureAwait(false);
        return changed;
    }

    public async Task<bool> IsBuiltAsync(CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken).ConfigureAwait(false);
        var state = await table.GetEntityIfExistsAsync<TableEntity>(StatePartition, StateRow, cancellationToken: cancellationToken).ConfigureAwait(false);
        return state.HasValue && state.Value!.GetInt32("Format") == Format;
    }

    public async Task MarkBuiltAsync(DateTimeOffset at, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken).ConfigureAwait(false);
        await table.UpsertEntityAsync(new TableEntity(StatePartition, StateRow) { ["Format"] = Format, ["BuiltAt"] = at }, TableUpdateMode.Replace, cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>The bucket of a credit code: a stable (FNV-1a) hash, as string.GetHashCode differs between processes.</summary>
    public static string Bucket(string creditCode)
    {
        var hash = 2166136261u;
        foreach (var c in creditCode)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return BucketKey((int)(hash % Buckets));
    }

    /// <summary>The entity of a firm that holds a period: 0 for 2000–2059, 1 for 2060–2100.</summary>
    public static int Segment(Period period) => (period.Year - Period.MinYear) / YearsPerEntity;

    public static string RowKey(string creditCode, int segment) =>
        segment == 0 ? creditCode : string.Create(CultureInfo.InvariantCulture, $"{creditCode}|{segment}");

    public static string Property(Period period) => "P" + period;

    /// <summary>A period's value: <c>{file}|{version}|{row as JSON}</c>, the file with '%' and '|' escaped.</summary>
    public static string Value(string escapedFile, string version, FirmRow row)
    {
        var value = $"{escapedFile}|{version}|{RowJson(row)}";
        return value.Length <= MaxValueChars
            ? value
            : throw new InvalidOperationException($"the index entry of {row.CreditCode} in {escapedFile} has {value.Length} characters, over {MaxValueChars}");
    }

    private int Parallelism => Math.Max(1, options.Value.WriteParallelism);

    private Task<TableClient> TableAsync(CancellationToken cancellationToken) => storage.TableAsync(StorageNames.EnterpriseIndexTable, cancellationToken);

    private static string BucketKey(int bucket) => string.Create(CultureInfo.InvariantCulture, $"b{bucket:D2}");

    private static string CodeOf(string rowKey) => rowKey.Split('|')[0];

    private static string Literal(string text) => TableClient.CreateQueryFilter($"{text}");

    private static string Escape(string blobName) => blobName.Replace("%", "%25", StringComparison.Ordinal).Replace("|", "%7C", StringComparison.Ordinal);

    private static string Unescape(string file) => file.Replace("%7C", "|", StringComparison.Ordinal).Replace("%25", "%", StringComparison.Ordinal);

    private static (string File, string Version, string Json) Split(string? value)
    {
        var parts = (value ?? string.Empty).Split('|', 3);
        return parts.Length == 3 ? (Unescape(parts[0]), parts[1], parts[2]) : (string.Empty, string.Empty, string.Empty);
    }

    private static IEnumerable<IndexedPeriod> Periods(TableEntity entity)
    {
        foreach (var (key, value) in entity)
        {
            if (key.Length == 7 && key[0] == 'P' && key[5] == 'Q' && value is string { Length: > 0 } text && Period.TryParse(key[1..], out var period))
            {
                var (file, version, json) = Split(text);
                yield return new IndexedPeriod(period, file, version, RowFromJson(CodeOf(entity.RowKey), json));
            }
        }
    }

    /// <summary>The row as the FirmRows table keeps it (<see cref="FirmRowEntity"/>), its properties as one JSON object.</summary>
    private static string RowJson(FirmRow row)
    {
        var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, s_writerOptions))
        {
            json.WriteStartObject();
            foreach (var (key, value) in FirmRowEntity.ToEntity(string.Empty, row))
            {
                switch (value)
                {
                    case string s when key is not ("PartitionKey" or "RowKey"):
                        json.WriteString(key, s);
                        break;
                    case int i:
                        json.WriteNumber(key, i);
                        break;
                    case bool b:
                        json.WriteBoolean(key, b);
                        break;
                }
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static FirmRow RowFromJson(string creditCode, string text)
    {
        var entity = new TableEntity(string.Empty, creditCode);
        using var json = JsonDocument.Parse(text);
        foreach (var property in json.RootElement.EnumerateObject())
        {
            entity[property.Name] = property.Value.ValueKind switch
            {
                JsonValueKind.String => property.Value.GetString(),
                JsonValueKind.Number => property.Value.GetInt32(),
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => null,
            };
        }

        return FirmRowEntity.ToRow(entity);
    }
}
