using Azure;
using Azure.Data.Tables;
using Cultivation.Application.Storage;
using Cultivation.Domain.Filings;
using Cultivation.Domain.Periods;
using Cultivation.Infrastructure.Storage;

namespace Cultivation.Infrastructure.Tables;

/// <summary>
/// The ledger in table <c>Filings</c> (PartitionKey = period, e.g. 2022Q1, or "invalid" for names that
/// are not canonical; RowKey = the encoded blob name) and the versions in <c>FilingVersions</c>
/// (same PartitionKey; RowKey = blob name + "|" + SHA-256).
/// </summary>
public sealed class TableFilingLedger(StorageProvider storage) : IFilingLedger
{
    public const string InvalidPartition = "invalid";

    public async Task<LedgerEntry?> GetAsync(string blobName, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(StorageNames.FilingsTable, cancellationToken).ConfigureAwait(false);
        var response = await table.GetEntityIfExistsAsync<TableEntity>(PartitionOf(blobName), KeyEncoding.Encode(blobName), cancellationToken: cancellationToken).ConfigureAwait(false);
        return response.HasValue ? ToEntry(response.Value!) : null;
    }

    public async Task<IReadOnlyList<LedgerEntry>> ListAsync(Period period, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(StorageNames.FilingsTable, cancellationToken).ConfigureAwait(false);
        var list = new List<LedgerEntry>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {period.ToString()}");
        await foreach (var e in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            list.Add(ToEntry(e));
        }

        return list;
    }

    public async Task<IReadOnlyList<LedgerEntry>> ListAllAsync(CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(StorageNames.FilingsTable, cancellationToken).ConfigureAwait(false);
        var list = new List<LedgerEntry>();
        await foreach (var e in table.QueryAsync<TableEntity>(cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            list.Add(ToEntry(e));
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
        var entity = new TableEntity(PartitionOf(version.BlobName), KeyEncoding.Encode(version.BlobName) + "|" + version.Sha)
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
            list.Add(new FilingVersion
            {
                BlobName = e.GetString("BlobName"),
                Sha = e.GetString("Sha"),
                Period = period,
                Source = e.GetString("Source") ?? string.Empty,
                Status = Enum.Parse<FilingStatus>(e.GetString("Status")),
                Rows = e.GetInt32("Rows") ?? 0,
                Errors = e.GetInt32("Errors") ?? 0,
                Format = e.GetString("Format") ?? string.Empty,
                IngestedAt = e.GetDateTimeOffset("IngestedAt") ?? default,
                FirstError = e.GetString("FirstError"),
            });
        }

        return list;
    }

    public static string PartitionOf(string blobName) =>
        FilingName.TryParse(blobName, out var name, out _) ? name.Period.ToString() : InvalidPartition;

    private static TableEntity ToEntity(LedgerEntry entry) => new(PartitionOf(entry.BlobName), KeyEncoding.Encode(entry.BlobName))
    {
        ["BlobName"] = entry.BlobName,
        ["Source"] = entry.Source,
        ["Status"] = entry.Status.ToString(),
        ["LatestSha"] = entry.LatestSha,
        ["BlobETag"] = entry.BlobETag,
        ["Errors"] = entry.Errors,
        ["IngestedAt"] = entry.IngestedAt,
        ["CurrentSha"] = entry.CurrentSha,
        ["CurrentRows"] = entry.CurrentRows,
        ["CurrentShards"] = entry.CurrentShards,
        ["CurrentAcceptedAt"] = entry.CurrentAcceptedAt,
        ["Attempts"] = entry.Attempts,
        ["NextAttemptAt"] = entry.NextAttemptAt,
        ["PendingSince"] = entry.PendingSince,
        ["LastFailure"] = Truncate(entry.LastFailure),
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
            Errors = e.GetInt32("Errors") ?? 0,
            IngestedAt = e.GetDateTimeOffset("IngestedAt"),
            CurrentSha = e.GetString("CurrentSha"),
            CurrentRows = e.GetInt32("CurrentRows") ?? 0,
            CurrentShards = e.GetInt32("CurrentShards") ?? 0,
            CurrentAcceptedAt = e.GetDateTimeOffset("CurrentAcceptedAt"),
            Attempts = e.GetInt32("Attempts") ?? 0,
            NextAttemptAt = e.GetDateTimeOffset("NextAttemptAt"),
            PendingSince = e.GetDateTimeOffset("PendingSince"),
            LastFailure = e.GetString("LastFailure"),
            ETag = e.ETag.ToString(),
        };
    }

    // A string property holds at most 64 KiB; messages here are short, but never trust that.
    private static string? Truncate(string? value) => value is { Length: > 1000 } ? value[..1000] : value;
}
