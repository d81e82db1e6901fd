using Azure;
using Azure.Data.Tables;
using Cultivation.Application.Ingestion;
using Cultivation.Application.Storage;
using Cultivation.Domain.Filings;
using Cultivation.Domain.Periods;
using Cultivation.Infrastructure.Storage;

namespace Cultivation.Infrastructure.Tables;

/// <summary>
/// The ledger in table <c>Filings</c> (PartitionKey = period, e.g. 2022Q1, or "invalid" for names that
/// are not canonical; RowKey = the encoded blob name, or for a name that is not canonical the SHA-256 of
/// the name, since such a name may be too long for a key once encoded) and the versions in
/// <c>FilingVersions</c> (same PartitionKey; RowKey = that key + "|" + SHA-256). Beside the entries, one <em>group</em> entity
/// per source of a period (RowKey = <c>filing|{encoded source}</c>) is the token every change of which of the source's files
/// is in force is written with, in one transaction with the entries (all of the period's partition).
/// </summary>
public sealed class TableFilingLedger(StorageProvider storage) : IFilingLedger
{
    public const string InvalidPartition = "invalid";

    /// <summary>Starts the RowKey of a group entity; an entry's key starts with the year's digits.</summary>
    private const string GroupKeyPrefix = "filing|";

    public async Task<LedgerEntry?> GetAsync(string blobName, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(StorageNames.FilingsTable, cancellationToken).ConfigureAwait(false);
        var response = await table.GetEntityIfExistsAsync<TableEntity>(PartitionOf(blobName), RowKeyOf(blobName), cancellationToken: cancellationToken).ConfigureAwait(false);
        return response.HasValue ? ToEntry(response.Value!) : null;
    }

    public async Task<IReadOnlyList<LedgerEntry>> ListAsync(Period period, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(StorageNames.FilingsTable, cancellationToken).ConfigureAwait(false);
        var list = new List<LedgerEntry>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {period.ToString()}");
        await foreach (var e in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (!IsGroup(e))
            {
                list.Add(ToEntry(e));
            }
        }

        return list;
    }

    public async Task<FilingGroup> GetGroupAsync(Period period, string source, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(StorageNames.FilingsTable, cancellationToken).ConfigureAwait(false);
        var token = await table.GetEntityIfExistsAsync<TableEntity>(period.ToString(), GroupKey(source), select: ["PartitionKey"], cancellationToken: cancellationToken)
            .ConfigureAwait(false);

        // After the token: a change of the group made since is then either seen here or refused to whoever read it stale.
        var entries = (await ListAsync(period, cancellationToken).ConfigureAwait(false)).Where(e => e.Source == source && e.Period == period).ToList();
        return new FilingGroup(period, source, token.HasValue ? token.Value!.ETag.ToString() : null, entries);
    }

    public async Task<IReadOnlyList<LedgerEntry>?> TryWriteGroupAsync(FilingGroup group, IReadOnlyList<LedgerEntry> entries, CancellationToken cancellationToken)
    {
        if (entries.Any(e => e.Period != group.Period || e.Source != group.Source) || entries.Count + 1 > TableBatches.MaxSize)
        {
            throw new ArgumentException("a group's transaction holds files of its own source and period only", nameof(entries));
        }

        var table = await storage.TableAsync(StorageNames.FilingsTable, cancellationToken).ConfigureAwait(false);
        var inForce = group.Entries.Where(e => entries.All(w => w.BlobName != e.BlobName)).Concat(entries).FirstOrDefault(e => e.CurrentSha is not null);
        var token = new TableEntity(group.Period.ToString(), GroupKey(group.Source))
        {
            ["Source"] = group.Source,
            ["InForce"] = inForce?.BlobName,
        };
        var actions = entries.Select(e => Write(ToEntity(e), e.ETag)).Prepend(Write(token, group.ETag)).ToList();
        try
        {
            var response = await table.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
            return [.. entries.Select((e, i) => e with { ETag = response.Value[i + 1].Headers.ETag?.ToString() })];
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412 or 404)
        {
            return null;
        }

        static TableTransactionAction Write(TableEntity entity, string? etag) => etag is null
            ? new TableTransactionAction(TableTransactionActionType.Add, entity)
            : new TableTransactionAction(TableTransactionActionType.UpdateReplace, entity, new ETag(etag));
    }

    public async Task<IReadOnlyList<LedgerEntry>> ListAllAsync(CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(StorageNames.FilingsTable, cancellationToken).ConfigureAwait(false);
        var list = new List<LedgerEntry>();
        await foreach (var e in table.QueryAsync<TableEntity>(cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (IsGroup(e))
            {
                continue;
            }

            var entry = ToEntry(e);

            // Entries of badly named blobs were once keyed by the encoded name; the blob's entry is now under the hashed key.
            if (e.PartitionKey != InvalidPartition || e.RowKey == RowKeyOf(entry.BlobName))
            {
                list.Add(entry);
            }
        }

        return list;
    }

    public async Task<LedgerEntry?> TryWriteAsync(LedgerEntry entry, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(StorageNames.FilingsTable, cancellationToken).ConfigureAwait(false);
        var entity = ToEntity(entry);
        try
        {
            var response = entry.ETag is null
                ? await table.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false)
                : await table.UpdateEntityAsync(entity, new ETag(entry.ETag), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            return entry with { ETag = response.Headers.ETag?.ToString() };
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412 or 404)
        {
            return null;
        }
    }

    public async Task RecordVersionAsync(FilingVersion version, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(StorageNames.FilingVersionsTable, cancellationToken).ConfigureAwait(false);
        var entity = new TableEntity(PartitionOf(version.BlobName), RowKeyOf(version.BlobName) + "|" + version.Sha)
        {
            ["BlobName"] = version.BlobName,
            ["Sha"] = version.Sha,
            ["Source"] = version.Source,
            ["Status"] = version.Status.ToString(),
            ["Rows"] = version.Rows,
            ["Errors"] = version.Errors,
            ["Format"] = version.Format,
            ["IngestedAt"] = version.IngestedAt,
            ["FirstError"] = Truncate(version.FirstError),
        };
        await table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<FilingVersion>> ListVersionsAsync(Period period, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(StorageNames.FilingVersionsTable, cancellationToken).ConfigureAwait(false);
        var list = new List<FilingVersion>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {period.ToString()}");
        await foreach (var e in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            list.Add(ToVersion(e));
        }

        return list;
    }

    /// <remarks>
    /// A query over every partition: the table holds one row per version ever ingested (some hundreds a year for a city),
    /// and the weekly digest is its only reader.
    /// </remarks>
    public async Task<IReadOnlyList<FilingVersion>> ListVersionsSinceAsync(DateTimeOffset since, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(StorageNames.FilingVersionsTable, cancellationToken).ConfigureAwait(false);
        var list = new List<FilingVersion>();
        var filter = TableClient.CreateQueryFilter($"IngestedAt gt {since}");
        await foreach (var e in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            list.Add(ToVersion(e));
        }

        return list;
    }

    private static string GroupKey(string source) => GroupKeyPrefix + KeyEncoding.Encode(source);

    private static bool IsGroup(TableEntity e) => e.RowKey.StartsWith(GroupKeyPrefix, StringComparison.Ordinal);

    public static string PartitionOf(string blobName) =>
        FilingName.TryParse(blobName, out var name, out _) ? name.Period.ToString() : InvalidPartition;

    /// <summary>The encoded name of a filing; the SHA-256 of any other name (unbounded, and possibly made of characters keys refuse).</summary>
    public static string RowKeyOf(string blobName) =>
        FilingName.TryParse(blobName, out _, out _) ? KeyEncoding.Encode(blobName) : FilingReport.NameVersion(blobName);

    private static FilingVersion ToVersion(TableEntity e)
    {
        var blobName = e.GetString("BlobName");
        FilingName.TryParse(blobName, out var name, out _);
        return new FilingVersion
        {
            BlobName = blobName,
            Sha = e.GetString("Sha"),
            Period = name?.Period,
            Source = e.GetString("Source") ?? string.Empty,
            Status = Enum.Parse<FilingStatus>(e.GetString("Status")),
            Rows = e.GetInt32("Rows") ?? 0,
            Errors = e.GetInt32("Errors") ?? 0,
            Format = e.GetString("Format") ?? string.Empty,
            IngestedAt = e.GetDateTimeOffset("IngestedAt") ?? default,
            FirstError = e.GetString("FirstError"),
        };
    }

    private static TableEntity ToEntity(LedgerEntry entry) => new(PartitionOf(entry.BlobName), RowKeyOf(entry.BlobName))
    {
        ["BlobName"] = entry.BlobName,
        ["Source"] = entry.Source,
        ["Status"] = entry.Status.ToString(),
        ["LatestSha"] = entry.LatestSha,
        ["BlobETag"] = entry.BlobETag,
        ["UploadedAt"] = entry.UploadedAt,
        ["Errors"] = entry.Errors,
        ["ConflictsWith"] = entry.ConflictsWith.Count == 0 ? null : FiledVersion.Format(entry.ConflictsWith),
        ["IngestedAt"] = entry.IngestedAt,
        ["CurrentSha"] = entry.CurrentSha,
        ["CurrentRows"] = entry.CurrentRows,
        ["CurrentShards"] = entry.CurrentShards,
        ["CurrentAcceptedAt"] = entry.CurrentAcceptedAt,
        ["Attempts"] = entry.Attempts,
        ["NextAttemptAt"] = entry.NextAttemptAt,
        ["PendingSince"] = entry.PendingSince,
        ["LastFailure"] = Truncate(entry.LastFailure),
        ["VerdictId"] = entry.VerdictId,
        ["FollowUps"] = entry.FollowUps.Count == 0 ? null : DueFollowUp.Format(entry.FollowUps),
        ["FollowUpAt"] = entry.FollowUpAt,
        ["FollowUpAttempts"] = entry.FollowUpAttempts,
    };

    private static LedgerEntry ToEntry(TableEntity e)
    {
        var blobName = e.GetString("BlobName") ?? KeyEncoding.Decode(e.RowKey);
        FilingName.TryParse(blobName, out var name, out _);
        return new LedgerEntry
        {
            BlobName = blobName,
            Period = name?.Period,
            Source = e.GetString("Source") ?? name?.Source ?? string.Empty,
            Status = Enum.Parse<FilingStatus>(e.GetString("Status")),
            LatestSha = e.GetString("LatestSha"),
            BlobETag = e.GetString("BlobETag"),
            UploadedAt = e.GetDateTimeOffset("UploadedAt"),
            Errors = e.GetInt32("Errors") ?? 0,
            ConflictsWith = FiledVersion.Parse(e.GetString("ConflictsWith")),
            IngestedAt = e.GetDateTimeOffset("IngestedAt"),
            CurrentSha = e.GetString("CurrentSha"),
            CurrentRows = e.GetInt32("CurrentRows") ?? 0,
            CurrentShards = e.GetInt32("CurrentShards") ?? 0,
            CurrentAcceptedAt = e.GetDateTimeOffset("CurrentAcceptedAt"),
            Attempts = e.GetInt32("Attempts") ?? 0,
            NextAttemptAt = e.GetDateTimeOffset("NextAttemptAt"),
            PendingSince = e.GetDateTimeOffset("PendingSince"),
            LastFailure = e.GetString("LastFailure"),
            VerdictId = e.GetString("VerdictId"),
            FollowUps = DueFollowUp.Parse(e.GetString("FollowUps")),
            FollowUpAt = e.GetDateTimeOffset("FollowUpAt"),
            FollowUpAttempts = e.GetInt32("FollowUpAttempts") ?? 0,
            ETag = e.ETag.ToString(),
        };
    }

    // A string property holds at most 64 KiB; messages here are short, but never trust that.
    private static string? Truncate(string? value) => value is { Length: > 1000 } ? value[..1000] : value;
}
