using System.Text;
using Cultivation.Application.Ingestion;
using Cultivation.Application.Ingestion.Lifecycle;
using Cultivation.Application.Storage;
using Cultivation.Functions.Ingestion;
using Cultivation.Infrastructure.Storage;
using Microsoft.Extensions.Options;

namespace Cultivation.Integration.Tests.Functions;

/// <summary>
/// The queue-triggered function that withdraws a deleted filing, handed the message the way the host hands it over (as text,
/// host.json decoding nothing): the Event Grid event Azure writes to the queue (Events/blob-deleted.json, an Event Grid schema
/// BlobDeleted event of a filing with a Chinese name), as it comes, or Base64-encoded as queue clients write messages.
/// </summary>
public sealed class BlobDeletedFunctionTests : IDisposable
{
    private const string East = "2022/Q1/东城街道.csv";
    private readonly TestStorage _storage = new();

    public void Dispose() => _storage.Dispose();

    private string Container => _storage.Prefix.ToLowerInvariant() + "-" + StorageNames.FilingsContainer;

    private WithdrawFilingOnBlobDeleted Function => new(_storage.Get<BlobDeletedEvents>(), _storage.Get<IOptions<StorageOptions>>());

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_deleted_filing_is_withdrawn_whether_the_message_is_plain_json_or_base64(bool base64)
    {
        await IngestedAndDeletedAsync();
        var message = Event(Container);

        var outcome = Assert.Single(await Function.Run(base64 ? Convert.ToBase64String(Encoding.UTF8.GetBytes(message)) : message, default));

        Assert.Equal((East, IngestionResult.Withdrawn), (outcome.BlobName, outcome.Result));
        Assert.Empty(outcome.FollowUpsDue);
        var entry = (await _storage.Get<IFilingLedger>().GetAsync(East, default))!;
        Assert.Equal((FilingStatus.Withdrawn, null), (entry.Status, entry.CurrentSha));
        Assert.Empty(await _storage.Get<IFirmClaims>().ListAsync(new Domain.Periods.Period(2022, 1), default));
        Assert.Empty(await _storage.EntitiesAsync(StorageNames.FirmRowsTable));
    }

    [Fact]
    public async Task An_event_for_a_blob_that_exists_again_withdraws_nothing()
    {
        await IngestedAndDeletedAsync();
        await _storage.Get<IFilingBlobs>().UploadAsync(East, new MemoryStream(Filings.CsvOf([1, 2])), default);

        var outcome = Assert.Single(await Function.Run(Event(Container), default));

        Assert.Equal(IngestionResult.Unchanged, outcome.Result);
        var entry = (await _storage.Get<IFilingLedger>().GetAsync(East, default))!;
        Assert.Equal((FilingStatus.Accepted, 2), (entry.Status, entry.CurrentRows));
        Assert.Equal(2, (await _storage.EntitiesAsync(StorageNames.FirmRowsTable)).Count);
    }

    [Fact]
    public async Task A_second_delivery_of_the_event_changes_nothing()
    {
        await IngestedAndDeletedAsync();
        Assert.Equal(IngestionResult.Withdrawn, Assert.Single(await Function.Run(Event(Container), default)).Result);
        var verdict = (await _storage.Get<IFilingLedger>().GetAsync(East, default))!.VerdictId;

        var again = Assert.Single(await Function.Run(Event(Container), default));

        Assert.Equal(IngestionResult.Unchanged, again.Result);
        Assert.Equal(verdict, (await _storage.Get<IFilingLedger>().GetAsync(East, default))!.VerdictId);
    }

    [Fact]
    public async Task An_event_of_another_container_or_type_is_left_alone()
    {
        await IngestedAndDeletedAsync();

        Assert.Empty(await Function.Run(Event("filings-reports"), default));
        Assert.Empty(await Function.Run(Event(Container).Replace("Microsoft.Storage.BlobDeleted", "Microsoft.Storage.BlobCreated", StringComparison.Ordinal), default));
        Assert.Equal(FilingStatus.Accepted, (await _storage.Get<IFilingLedger>().GetAsync(East, default))!.Status);
    }

    private async Task IngestedAndDeletedAsync()
    {
        await _storage.Get<IFilingBlobs>().UploadAsync(East, new MemoryStream(Filings.CsvOf([1, 2])), default);
        Assert.Equal(IngestionResult.Accepted, (await _storage.Get<IngestionService>().IngestAsync(East, default)).Result);
        await _storage.Clients.Blobs.GetBlobContainerClient(Container).GetBlobClient(East).DeleteAsync();
    }

    /// <summary>The captured event, its container being <paramref name="container"/> (the tests' storage names every container with a prefix).</summary>
    private static string Event(string container) =>
        File.ReadAllText(Path.Combine(Repository.Root(), "tests/Cultivation.Integration.Tests/Functions/Events/blob-deleted.json"))
            .Replace("/containers/filings/", $"/containers/{container}/", StringComparison.Ordinal)
            .Replace(".net/filings/", $".net/{container}/", StringComparison.Ordinal);
}
