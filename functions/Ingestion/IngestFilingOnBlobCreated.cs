using Cultivation.Application.Ingestion;
using Microsoft.Azure.Functions.Worker;

namespace Cultivation.Functions.Ingestion;

/// <summary>A filing dropped into <c>filings/</c> is ingested as soon as Event Grid reports it.</summary>
public sealed class IngestFilingOnBlobCreated(IngestionService ingestion)
{
    public const string Name = nameof(IngestFilingOnBlobCreated);

    [Function(Name)]
    public Task<IngestionOutcome> Run(
        [BlobTrigger("filings/{name}", Source = BlobTriggerSource.EventGrid, Connection = "AzureWebJobsStorage")] Stream blob,
        string name,
        CancellationToken cancellationToken)
        => ingestion.IngestAsync(name, blob, blobETag: null, cancellationToken);
}
