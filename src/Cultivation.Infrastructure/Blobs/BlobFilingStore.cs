using System.Runtime.CompilerServices;
using System.Text;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Cultivation.Application.Ingestion;
using Cultivation.Application.Storage;
using Cultivation.Infrastructure.Storage;

namespace Cultivation.Infrastructure.Blobs;

/// <summary>
/// Containers <c>filings</c> (what the towns drop; never changed or deleted by the pipeline),
/// <c>filings-reports</c> (a report per file) and <c>filings-archive</c> (the bytes of every accepted
/// version by SHA-256, written once, so the data behind every number survives an overwrite).
/// </summary>
public sealed class BlobFilingStore(StorageProvider storage) : IFilingBlobs
{
    public IAsyncEnumerable<FilingBlobInfo> ListAsync(CancellationToken cancellationToken) => ListAsync(string.Empty, cancellationToken);

    public async IAsyncEnumerable<FilingBlobInfo> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var container = await storage.ContainerAsync(StorageNames.FilingsContainer, cancellationToken).ConfigureAwait(false);
        await foreach (var item in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix.Length == 0 ? null : prefix, cancellationToken).ConfigureAwait(false))
        {
            yield return new FilingBlobInfo(item.Name, Normalize(item.Properties.ETag?.ToString()), item.Properties.ContentLength ?? 0, item.Properties.LastModified);
        }
    }

    public Task<FilingContent?> OpenAsync(string blobName, CancellationToken cancellationToken) =>
        OpenAsync(StorageNames.FilingsContainer, blobName, cancellationToken);

    public async Task<bool> ExistsAsync(string blobName, CancellationToken cancellationToken)
    {
        var container = await storage.ContainerAsync(StorageNames.FilingsContainer, cancellationToken).ConfigureAwait(false);
        return await container.GetBlobClient(blobName).ExistsAsync(cancellationToken).ConfigureAwait(false);
    }

    public Task<FilingContent?> OpenArchiveAsync(string sha, CancellationToken cancellationToken) =>
        OpenAsync(StorageNames.ArchiveContainer, sha, cancellationToken);

    private async Task<FilingContent?> OpenAsync(string containerName, string blobName, CancellationToken cancellationToken)
    {
        var container = await storage.ContainerAsync(containerName, cancellationToken).ConfigureAwait(false);
        return await OpenAsync(container.GetBlobClient(blobName), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Opens a blob for streaming, with the ETag of exactly the bytes streamed; null when it no longer exists.</summary>
    public static async Task<FilingContent?> OpenAsync(BlobClient blob, CancellationToken cancellationToken)
    {
        try
        {
            var response = await blob.DownloadStreamingAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            var details = response.Value.Details;
            return new FilingContent(response.Value.Content, Normalize(details.ETag.ToString()), details.ContentLength) { LastModified = details.LastModified };
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    public async Task UploadAsync(string blobName, Stream content, CancellationToken cancellationToken)
    {
        var container = await storage.ContainerAsync(StorageNames.FilingsContainer, cancellationToken).ConfigureAwait(false);
        await container.GetBlobClient(blobName).UploadAsync(content, overwrite: true, cancellationToken).ConfigureAwait(false);
    }

    public async Task ArchiveAsync(string sha, Stream content, CancellationToken cancellationToken)
    {
        var container = await storage.ContainerAsync(StorageNames.ArchiveContainer, cancellationToken).ConfigureAwait(false);
        try
        {
            await container.GetBlobClient(sha).UploadAsync(content, new BlobUploadOptions
            {
                Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 409 || ex.ErrorCode == BlobErrorCode.BlobAlreadyExists)
        {
            // Same bytes, same name: already archived.
        }
    }

    public async Task<bool> ArchiveExistsAsync(string sha, CancellationToken cancellationToken)
    {
        var container = await storage.ContainerAsync(StorageNames.ArchiveContainer, cancellationToken).ConfigureAwait(false);
        return await container.GetBlobClient(sha).ExistsAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task WriteReportAsync(string blobName, string json, string text, CancellationToken cancellationToken)
    {
        var container = await storage.ContainerAsync(StorageNames.ReportsContainer, cancellationToken).ConfigureAwait(false);
        var key = FilingReport.KeyOf(blobName);
        await Upload(container, key + ".json", json, "application/json; charset=utf-8", cancellationToken).ConfigureAwait(false);
        await Upload(container, key + ".txt", text, "text/plain; charset=utf-8", cancellationToken).ConfigureAwait(false);
    }

    public Task<string?> ReadReportAsync(string reportName, CancellationToken cancellationToken)
    {
        var extension = Path.GetExtension(reportName);
        return ReadAsync(FilingReport.KeyOf(reportName[..^extension.Length]) + extension, cancellationToken);
    }

    /// <remarks>Beside the reports, under <c>verdicts/</c>: no report key starts so (filing names start with a year).</remarks>
    public async Task WriteVerdictAsync(string verdictId, string json, CancellationToken cancellationToken)
    {
        var container = await storage.ContainerAsync(StorageNames.ReportsContainer, cancellationToken).ConfigureAwait(false);
        await Upload(container, VerdictKey(verdictId), json, "application/json; charset=utf-8", cancellationToken).ConfigureAwait(false);
    }

    public Task<string?> ReadVerdictAsync(string verdictId, CancellationToken cancellationToken) => ReadAsync(VerdictKey(verdictId), cancellationToken);

    private static string VerdictKey(string verdictId) => "verdicts/" + verdictId + ".json";

    private async Task<string?> ReadAsync(string key, CancellationToken cancellationToken)
    {
        var container = await storage.ContainerAsync(StorageNames.ReportsContainer, cancellationToken).ConfigureAwait(false);
        try
        {
            var result = await container.GetBlobClient(key).DownloadContentAsync(cancellationToken).ConfigureAwait(false);
            return result.Value.Content.ToString();
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    // Listing and download headers quote ETags differently; compare them bare.
    private static string Normalize(string? etag) => (etag ?? string.Empty).Trim('"');

    private static async Task Upload(BlobContainerClient container, string name, string content, string contentType, CancellationToken cancellationToken)
    {
        await container.GetBlobClient(name).UploadAsync(new BinaryData(Encoding.UTF8.GetBytes(content)), new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = contentType },
        }, cancellationToken).ConfigureAwait(false);
    }
}
