using Azure;
using Azure.Data.Tables;

namespace Cultivation.Infrastructure.Tables;

/// <summary>
/// Writes that happen only if nobody changed the entity since it was read (its ETag), the way claims are taken: of two
/// workers only one succeeds, and the other learns it without an exception.
/// </summary>
internal static class ConditionalWrites
{
    /// <summary>
    /// Adds <paramref name="entity"/> when <paramref name="etag"/> is null (none may exist yet), else replaces the stored one
    /// if it still has that ETag. Returns the new ETag, or null when someone else wrote first.
    /// </summary>
    public static async Task<string?> TryPutAsync(this TableClient table, ITableEntity entity, string? etag, CancellationToken cancellationToken)
    {
        try
        {
            Response response = etag is null
                ? await table.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false)
                : await table.UpdateEntityAsync(entity, new ETag(etag), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            return response.Headers.ETag?.ToString();
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412 or 404)
        {
            return null;
        }
    }

    /// <summary>Deletes the entity if it still has <paramref name="etag"/>; false when it changed or is gone.</summary>
    public static async Task<bool> TryDeleteAsync(this TableClient table, string partitionKey, string rowKey, string etag, CancellationToken cancellationToken)
    {
        try
        {
            await table.DeleteEntityAsync(partitionKey, rowKey, new ETag(etag), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 412 or 404)
        {
            return false;
        }
    }
}
