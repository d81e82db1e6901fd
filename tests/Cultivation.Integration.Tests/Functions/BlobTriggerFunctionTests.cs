using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Cultivation.Application.Ingestion;
using Cultivation.Application.Storage;
using Cultivation.Domain.Filings;
using Cultivation.Domain.Firms;
using Cultivation.Functions.Ingestion;
using Cultivation.Infrastructure.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace Cultivation.Integration.Tests.Functions;

/// <summary>The blob-triggered function, handed a real blob stream the way the host hands it over.</summary>
public sealed class BlobTriggerFunctionTests : IDisposable
{
    private const string East = "2022/Q1/东城街道.csv";
    private readonly TestStorage _storage = new();

    public void Dispose() => _storage.Dispose();

    [Fact]
    public async Task Triggered_filing_is_accepted_and_its_rows_land_in_the_table()
    {
        await UploadAsync(East, Filings.CsvOf([1, 2, 3]));
        var function = new IngestFilingOnBlobCreated(_storage.Get<IngestionService>());

        var outcome = await function.Run(Blob(East), East, default);

        Assert.Equal(IngestionResult.Accepted, outcome.Result);
        Assert.Equal(3, outcome.Rows);
        var ledger = await _storage.Get<IFilingLedger>().GetAsync(East, default);
        Assert.Equal(FilingStatus.Accepted, ledger!.Status);
        Assert.Equal(3, ledger.CurrentRows);
        var rows = await _storage.EntitiesAsync(StorageNames.FirmRowsTable);
        Assert.Equal([Filings.Code(1), Filings.Code(2), Filings.Code(3)], rows.Select(r => r.RowKey).Order());
    }

    [Fact]
    public async Task Triggered_filing_with_an_unknown_town_is_rejected_and_its_report_written()
    {
        await UploadAsync(East, Filings.Csv(Filings.Row(1), Filings.Row(2, town: "不存在镇")));
        var function = new IngestFilingOnBlobCreated(_storage.Get<IngestionService>());

        var outcome = await function.Run(Blob(East), East, default);

        Assert.Equal(IngestionResult.Rejected, outcome.Result);
        Assert.Equal(1, outcome.Errors);
        Assert.Empty(await _storage.EntitiesAsync(StorageNames.FirmRowsTable));
        var ledger = await _storage.Get<IFilingLedger>().GetAsync(East, default);
        Assert.Equal(FilingStatus.Rejected, ledger!.Status);
        using var report = JsonDocument.Parse((await _storage.Get<IFilingBlobs>().ReadReportAsync(East + ".json", default))!);
        Assert.Equal("rejected", report.RootElement.GetProperty("status").GetString());
        var error = Assert.Single(report.RootElement.GetProperty("errors").EnumerateArray());
        Assert.Equal("不存在镇", error.GetProperty("value").GetString());
        Assert.Contains("已退回", await _storage.Get<IFilingBlobs>().ReadReportAsync(East + ".txt", default));
    }

    [Fact]
    public async Task Reconciliation_after_the_trigger_finds_nothing_due_and_reads_nothing_again()
    {
        await UploadAsync(East, Filings.CsvOf([1, 2]));
        await new IngestFilingOnBlobCreated(_storage.Get<IngestionService>()).Run(Blob(East), East, default);

        var rowsBefore = await _storage.EntitiesAsync(StorageNames.FirmRowsTable);
        var reconcile = _storage.Get<ReconcileService>();

        // The trigger read the blob's ETag with its bytes: the timer has no reason to download the file again.
        Assert.Empty(await reconcile.FindDueAsync(default));
        Assert.Empty(await reconcile.ReconcileAsync(null, default));
        var ledger = await _storage.Get<IFilingLedger>().GetAsync(East, default);
        Assert.Equal((await Blob(East).GetPropertiesAsync()).Value.ETag.ToString().Trim('"'), ledger!.BlobETag);
        Assert.Empty(ledger.FollowUps);
        var rowsAfter = await _storage.EntitiesAsync(StorageNames.FirmRowsTable);
        Assert.Equal(rowsBefore.Select(r => (r.PartitionKey, r.RowKey, r.ETag)), rowsAfter.Select(r => (r.PartitionKey, r.RowKey, r.ETag)));
    }

    [Fact]
    public async Task A_triggered_file_that_failed_waits_out_its_backoff_before_reconciliation_retries_it()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2022, 4, 10, 2, 0, 0, TimeSpan.Zero));
        var rows = new Mock<IFirmRowStore>();
        rows.Setup(r => r.ShardsFor(It.IsAny<int>())).Returns(1);
        rows.Setup(r => r.WriteAsync(It.IsAny<FilingName>(), It.IsAny<string>(), It.IsAny<int>(), It.IsAny<IAsyncEnumerable<FirmRow>>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new RequestFailedException(503, "The server is busy."));
        using var storage = new TestStorage(
            services => services.AddSingleton<TimeProvider>(clock).Replace(ServiceDescriptor.Singleton(rows.Object)),
            new Dictionary<string, string?> { ["Ingestion:FirstRetryDelay"] = "00:05:00" });
        await storage.Get<IFilingBlobs>().UploadAsync(East, new MemoryStream(Filings.CsvOf([1, 2])), default);
        var container = storage.Clients.Blobs.GetBlobContainerClient(storage.Prefix + "-filings");

        var outcome = await new IngestFilingOnBlobCreated(storage.Get<IngestionService>()).Run(container.GetBlobClient(East), East, default);

        Assert.Equal(IngestionResult.Failed, outcome.Result);
        var reconcile = storage.Get<ReconcileService>();
        Assert.Empty(await reconcile.FindDueAsync(default));
        clock.Advance(TimeSpan.FromMinutes(4));
        Assert.Empty(await reconcile.FindDueAsync(default));
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal([East], await reconcile.FindDueAsync(default));
    }

    private Task UploadAsync(string name, byte[] bytes) => _storage.Get<IFilingBlobs>().UploadAsync(name, new MemoryStream(bytes), default);

    /// <summary>The blob as the host binds it: a client, streamed by the ingestion, never a copy in memory.</summary>
    private BlobClient Blob(string name) => _storage.Clients.Blobs.GetBlobContainerClient(_storage.Prefix + "-filings").GetBlobClient(name);
}
