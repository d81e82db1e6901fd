using Cultivation.Application.Ingestion;
using Cultivation.Application.Ingestion.Lifecycle;
using Cultivation.Infrastructure.Storage;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace Cultivation.Functions.Ingestion;

/// <summary>
/// A filing deleted from <c>filings/</c> is withdrawn as soon as Event Grid reports it: the system topic delivers
/// <c>Microsoft.Storage.BlobDeleted</c> to the queue (infra/app/eventgrid-deletions.bicep) with its own identity, and this
/// function takes the message as text (host.json: no Base64 decoding; the message may come either way). A blob that exists
/// again withdraws nothing; one being ingested sends the message back to the queue, to be tried again.
/// </summary>
public sealed class WithdrawFilingOnBlobDeleted(BlobDeletedEvents events, IOptions<StorageOptions> storage)
{
    public const string Name = nameof(WithdrawFilingOnBlobDeleted);

    /// <summary>The queue Event Grid writes the deletions of filings to (created by infra/).</summary>
    public const string Queue = "filings-deleted";

    [Function(Name)]
    public Task<IReadOnlyList<IngestionOutcome>> Run(
        [QueueTrigger(Queue, Connection = "AzureWebJobsStorage")] string message,
        CancellationToken cancellationToken)
        => events.HandleAsync(message, storage.Value.Container(StorageNames.FilingsContainer), cancellationToken);
}
