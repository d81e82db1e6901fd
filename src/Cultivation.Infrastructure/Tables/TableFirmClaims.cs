using Azure;
using Azure.Data.Tables;
using Cultivation.Application.Storage;
using Cultivation.Domain.Periods;
using Cultivation.Infrastructure.Storage;

namespace Cultivation.Infrastructure.Tables;

/// <summary>
/// Table <c>FirmClaims</c>: PartitionKey = period, RowKey = credit code, Owner = blob name. An insert
/// fails if the row exists, which makes a claim atomic; claiming in ascending code order means two
/// files racing for the same firms meet first on the smallest shared code, so exactly one wins.
/// </summary>
public sealed class TableFirmClaims(StorageProvider storage) : IFirmClaims
{
    private const int BatchSize = 100;

    public async Task<IReadOnlyDictionary<string, string>> ListAsync(Period period, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(StorageNames.FirmClaimsTable, cancellationToken).ConfigureAwait(false);
        return await OwnersAsync(table, period, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<ClaimConflict>> ClaimAsync(Period period, string owner, IReadOnlyList<string> creditCodes, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(StorageNames.FirmClaimsTable, cancellationToken).ConfigureAwait(false);
        var existing = await OwnersAsync(table, period, cancellationToken).ConfigureAwait(false);

        var conflicts = creditCodes
            .Where(c => existing.TryGetValue(c, out var o) && o != owner)
            .Select(c => new ClaimConflict(c, existing[c]))
            .ToList();
        if (conflicts.Count > 0)
        {
            return conflicts;
        }

        var partition = period.ToString();
        var missing = creditCodes.Where(c => !existing.ContainsKey(c)).ToList();
        for (var start = 0; start < missing.Count; start += BatchSize)
        {
            var batch = missing.Skip(start).Take(BatchSize).ToList();
            try
            {
                await table.SubmitTransactionAsync(
                    batch.Select(code => new TableTransactionAction(TableTransactionActionType.Add, NewClaim(partition, code, owner))),
                    cancellationToken).ConfigureAwait(false);
            }
            catch (TableTransactionFailedException ex) when (ex.Status == 409)
            {
                // Someone claimed one of these meanwhile: go one by one, in order, to the first conflict.
                foreach (var code in batch)
                {
                    var conflict = await ClaimOneAsync(table, partition, code, owner, cancellationToken).ConfigureAwait(false);
                    if (conflict is not null)
                    {
                        return [conflict];
                    }
                }
            }
        }

        return [];
    }

    public async Task<string?> OwnerAsync(Period period, string creditCode, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(StorageNames.FirmClaimsTable, cancellationToken).ConfigureAwait(false);
        var response = await table.GetEntityIfExistsAsync<TableEntity>(period.ToString(), creditCode, cancellationToken: cancellationToken).ConfigureAwait(false);
        return response.HasValue ? response.Value!.GetString("Owner") : null;
    }

    public Task ReleaseAsync(Period period, string owner, IReadOnlyCollection<string> creditCodes, CancellationToken cancellationToken)
    {
        if (creditCodes.Count == 0)
        {
            return Task.CompletedTask;
        }

        var wanted = creditCodes.ToHashSet(StringComparer.Ordinal);
        return ReleaseWhereAsync(period, owner, wanted.Contains, cancellationToken);
    }

    public Task ReleaseAllExceptAsync(Period period, string owner, IReadOnlySet<string> keep, CancellationToken cancellationToken) =>
        ReleaseWhereAsync(period, owner, code => !keep.Contains(code), cancellationToken);

    /// <summary>One scan of the period's claims; deletes the owner's that match, each only if unchanged since read.</summary>
    private async Task ReleaseWhereAsync(Period period, string owner, Func<string, bool> release, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(StorageNames.FirmClaimsTable, cancellationToken).ConfigureAwait(false);
        var mine = await QueryAsync(table, period, e => e.GetString("Owner") == owner && release(e.RowKey), cancellationToken).ConfigureAwait(false);
        foreach (var chunk in mine.Chunk(BatchSize))
        {
            try
            {
                await table.SubmitTransactionAsync(
                    chunk.Select(e => new TableTransactionAction(TableTransactionActionType.Delete, e, e.ETag)),
                    cancellationToken).ConfigureAwait(false);
            }
            catch (TableTransactionFailedException)
            {
                foreach (var e in chunk)
                {
                    try
                    {
                        await table.DeleteEntityAsync(e, e.ETag, cancellationToken).ConfigureAwait(false);
                    }
                    catch (RequestFailedException ex) when (ex.Status is 404 or 412)
                    {
                        // Already gone, or taken over by another owner: not ours to delete.
                    }
                }
            }
        }
    }

    private static async Task<ClaimConflict?> ClaimOneAsync(TableClient table, string partition, string code, string owner, CancellationToken cancellationToken)
    {
        try
        {
            await table.AddEntityAsync(NewClaim(partition, code, owner), cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            var current = await table.GetEntityIfExistsAsync<TableEntity>(partition, code, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (!current.HasValue)
            {
                return await ClaimOneAsync(table, partition, code, owner, cancellationToken).ConfigureAwait(false);
            }

            var holder = current.Value!.GetString("Owner");
            return holder == owner ? null : new ClaimConflict(code, holder);
        }
    }

    private static TableEntity NewClaim(string partition, string code, string owner) => new(partition, code) { ["Owner"] = owner };

    /// <summary>
    /// The period's claims, streamed: a period can hold every firm of the city, so only what the caller
    /// keeps (<paramref name="keep"/>) stays in memory.
    /// </summary>
    private static async Task<List<TableEntity>> QueryAsync(TableClient table, Period period, Func<TableEntity, bool> keep, CancellationToken cancellationToken)
    {
        var list = new List<TableEntity>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {period.ToString()}");
        await foreach (var e in table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, select: ["PartitionKey", "RowKey", "Owner"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (keep(e))
            {
                list.Add(e);
            }
        }

        return list;
    }

    private static async Task<Dictionary<string, string>> OwnersAsync(TableClient table, Period period, CancellationToken cancellationToken)
    {
        var owners = new Dictionary<string, string>(StringComparer.Ordinal);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {period.ToString()}");
        await foreach (var e in table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, select: ["RowKey", "Owner"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            owners[e.RowKey] = e.GetString("Owner");
        }

        return owners;
    }
}
