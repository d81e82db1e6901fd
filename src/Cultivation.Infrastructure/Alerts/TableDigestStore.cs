using Azure.Data.Tables;
using Cultivation.Application.Alerts;
using Cultivation.Infrastructure.Storage;
using Cultivation.Infrastructure.Tables;

namespace Cultivation.Infrastructure.Alerts;

/// <summary>
/// Table <c>Digests</c>. Claims: PartitionKey <c>claims</c>, RowKey <c>{city}|{week}</c>, written with
/// ETag conditions. Snapshots: a head entity (PartitionKey <c>snapshots|{city}</c>, RowKey = week) that
/// names the partition holding its lists (<c>items|{city}|{week}|{id}</c>, one entity per credit code, and
/// one per filing in force, so that the next digest can tell which past filings changed),
/// written after the lists so that a half-written snapshot is never read.
/// </summary>
public sealed class TableDigestStore(StorageProvider storage) : IDigestStore
{
    private const string ClaimsPartition = "claims";
    private const int BatchSize = 100;

    private Task<TableClient> TableAsync(CancellationToken cancellationToken) => storage.TableAsync(StorageNames.DigestsTable, cancellationToken);

    private static string ClaimKey(string city, string week) => KeyEncoding.Encode($"{city}|{week}");

    public async Task<DigestClaim?> GetClaimAsync(string city, string week, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken).ConfigureAwait(false);
        var response = await table.GetEntityIfExistsAsync<TableEntity>(ClaimsPartition, ClaimKey(city, week), cancellationToken: cancellationToken).ConfigureAwait(false);
        return response.HasValue ? ToClaim(response.Value!) : null;
    }

    public async Task<DigestClaim?> TryWriteClaimAsync(DigestClaim claim, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken).ConfigureAwait(false);
        var entity = new TableEntity(ClaimsPartition, ClaimKey(claim.City, claim.Week))
        {
            ["City"] = claim.City,
            ["Week"] = claim.Week,
            ["State"] = claim.State.ToString(),
            ["Owner"] = claim.Owner,
            ["ClaimedAt"] = claim.ClaimedAt,
            ["LeaseUntil"] = claim.LeaseUntil,
            ["Attempts"] = claim.Attempts,
            ["SentAt"] = claim.SentAt,
            ["MessageId"] = claim.MessageId,
            ["LastError"] = Truncate(claim.LastError),
        };
        var etag = await table.TryPutAsync(entity, claim.ETag, cancellationToken).ConfigureAwait(false);
        return etag is null ? null : claim with { ETag = etag };
    }

    public async Task<bool> TryReleaseClaimAsync(DigestClaim claim, CancellationToken cancellationToken)
    {
        if (claim.ETag is null)
        {
            return false;
        }

        var table = await TableAsync(cancellationToken).ConfigureAwait(false);
        return await table.TryDeleteAsync(ClaimsPartition, ClaimKey(claim.City, claim.Week), claim.ETag, cancellationToken).ConfigureAwait(false);
    }

    public async Task<DigestSnapshot?> GetLatestSnapshotAsync(string city, string beforeWeek, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken).ConfigureAwait(false);
        TableEntity? head = null;
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {HeadPartition(city)} and RowKey lt {beforeWeek}");
        await foreach (var e in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (head is null || string.CompareOrdinal(e.RowKey, head.RowKey) > 0)
            {
                head = e;
            }
        }

        if (head is null)
        {
            return null;
        }

        var counted = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var flagged = new List<DigestFirm>();
        var inForce = head.GetBoolean("HasFilings") == true ? new Dictionary<string, string>(StringComparer.Ordinal) : null;
        var items = TableClient.CreateQueryFilter($"PartitionKey eq {head.GetString("Items")}");
        await foreach (var e in table.QueryAsync<TableEntity>(items, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            var code = e.GetString("Code") ?? string.Empty;
            if (e.GetString("Kind") == "flagged")
            {
                flagged.Add(new DigestFirm(code, e.GetString("Name") ?? string.Empty, e.GetString("Town") ?? string.Empty));
            }
            else if (e.GetString("Kind") == "filing")
            {
                inForce?.TryAdd(e.GetString("Blob") ?? string.Empty, e.GetString("Sha") ?? string.Empty);
            }
            else
            {
                var target = e.GetString("Target") ?? string.Empty;
                if (!counted.TryGetValue(target, out var list))
                {
                    counted[target] = list = [];
                }

                if (code.Length > 0)
                {
                    list.Add(code);
                }
            }
        }

        return new DigestSnapshot
        {
            Week = head.RowKey,
            TakenAt = head.GetDateTimeOffset("TakenAt") ?? DateTimeOffset.MinValue,
            Year = head.GetInt32("Year"),
            AsOf = head.GetString("AsOf"),
            Counted = counted.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<string>)kv.Value, StringComparer.Ordinal),
            Flagged = flagged,
            InForce = inForce,
        };
    }

    public async Task SaveSnapshotAsync(string city, DigestSnapshot snapshot, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken).ConfigureAwait(false);
        var itemsPartition = KeyEncoding.Encode($"items|{city}|{snapshot.Week}|{Guid.NewGuid():N}");
        var entities = new List<TableEntity>();
        foreach (var (target, codes) in snapshot.Counted)
        {
            // A marker keeps a target with no firms, so that next week all its firms count as new to it.
            entities.Add(new TableEntity(itemsPartition, KeyEncoding.Encode($"c|{target}|")) { ["Kind"] = "counted", ["Target"] = target, ["Code"] = string.Empty });
            entities.AddRange(codes.Select(code => new TableEntity(itemsPartition, KeyEncoding.Encode($"c|{target}|{code}"))
            {
                ["Kind"] = "counted",
                ["Target"] = target,
                ["Code"] = code,
            }));
        }

        entities.AddRange(snapshot.Flagged.DistinctBy(f => f.CreditCode).Select(f => new TableEntity(itemsPartition, KeyEncoding.Encode($"f|{f.CreditCode}"))
        {
            ["Kind"] = "flagged",
            ["Code"] = f.CreditCode,
            ["Name"] = Truncate(f.Name),
            ["Town"] = f.Town,
        }));

        entities.AddRange((snapshot.InForce ?? new Dictionary<string, string>()).Select(f => new TableEntity(itemsPartition, KeyEncoding.Encode($"v|{f.Key}"))
        {
            ["Kind"] = "filing",
            ["Blob"] = f.Key,
            ["Sha"] = f.Value,
        }));

        foreach (var chunk in entities.Chunk(BatchSize))
        {
            await table.SubmitTransactionAsync(chunk.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, e)), cancellationToken).ConfigureAwait(false);
        }

        var head = new TableEntity(HeadPartition(city), snapshot.Week)
        {
            ["TakenAt"] = snapshot.TakenAt,
            ["Year"] = snapshot.Year,
            ["AsOf"] = snapshot.AsOf,
            ["Items"] = itemsPartition,
            ["Count"] = entities.Count,
            ["HasFilings"] = snapshot.InForce is not null,
        };
        await table.UpsertEntityAsync(head, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }

    private static string HeadPartition(string city) => KeyEncoding.Encode($"snapshots|{city}");

    private static string? Truncate(string? text) => text is { Length: > 4000 } ? text[..4000] : text;

    private static DigestClaim ToClaim(TableEntity e) => new()
    {
        City = e.GetString("City") ?? string.Empty,
        Week = e.GetString("Week") ?? string.Empty,
        State = Enum.TryParse<SendClaimState>(e.GetString("State"), out var state) ? state : SendClaimState.Unknown,
        Owner = e.GetString("Owner") ?? string.Empty,
        ClaimedAt = e.GetDateTimeOffset("ClaimedAt") ?? DateTimeOffset.MinValue,
        LeaseUntil = e.GetDateTimeOffset("LeaseUntil") ?? DateTimeOffset.MinValue,
        Attempts = e.GetInt32("Attempts") ?? 0,
        SentAt = e.GetDateTimeOffset("SentAt"),
        MessageId = e.GetString("MessageId"),
        LastError = e.GetString("LastError"),
        ETag = e.ETag.ToString(),
    };
}
