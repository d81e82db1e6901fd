using Azure.Storage.Blobs;
using Cultivation.Application.Ingestion;
using Cultivation.Infrastructure.Blobs;
using Microsoft.Azure.Functions.Worker;

namespace Cultivation.Functions.Ingestion;

/// <summary>
/// A filing dropped into <c>filings/</c> is ingested as soon as Event Grid reports it. The blob is bound as a client and
/// streamed by the ingestion (never loaded whole), which so learns the ETag of the bytes it read: reconciliation then
/// knows the file ingested, and a failed file waits out its backoff.
/// </summary>
public sealed class IngestFilingOnBlobCreated(IngestionService ingestion)
{
    public const string Name = nameof(IngestFilingOnBlobCreated);

    [Function(Name)]
    public Task<IngestionOutcome> Run(
        [BlobTrigger("filings/{name}", Source = BlobTriggerSource.EventGrid, Connection = "AzureWebJobsStorage")] BlobClient blob,
        string name,
        CancellationToken cancellationToken)
        => ingestion.IngestAsync(name, ct => BlobFilingStore.OpenAsync(blob, ct), cancellationToken);
}
