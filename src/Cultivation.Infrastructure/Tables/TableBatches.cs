using Azure;
using Azure.Data.Tables;

namespace Cultivation.Infrastructure.Tables;

/// <summary>Bulk operations kept within Azure's transaction rules: at most 100 entities, all of one partition.</summary>
internal static class TableBatches
{
    public const int MaxSize = 100;

    /// <summary>Deletes every entity <paramref name="filter"/> matches; entities someone else deleted meanwhile are fine.</summary>
    public static async Task DeleteWhereAsync(TableClient table, string filter, CancellationToken cancellationToken)
    {
        var keys = new List<TableEntity>();
        await foreach (var e in table.QueryAsync<TableEntity>(filter, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            keys.Add(e);
        }

        foreach (var batch in keys.GroupBy(k => k.PartitionKey, StringComparer.Ordinal).SelectMany(g => g.Chunk(MaxSize)))
        {
            try
            {
                await table.SubmitTransactionAsync(
                    batch.Select(e => new TableTransactionAction(TableTransactionActionType.Delete, e, ETag.All)), cancellationToken).ConfigureAwait(false);
            }
            catch (TableTransactionFailedException ex) when (ex.Status == 404)
            {
                // Another worker deleted some of them already, and the whole transaction failed: the rest one by one.
                foreach (var e in batch)
                {
                    try
                    {
                        await table.DeleteEntityAsync(e.PartitionKey, e.RowKey, ETag.All, cancellationToken).ConfigureAwait(false);
                    }
                    catch (RequestFailedException gone) when (gone.Status == 404)
                    {
                        // Already deleted.
                    }
                }
            }
        }
    }
}
