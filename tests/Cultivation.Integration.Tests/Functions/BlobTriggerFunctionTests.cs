using System.Text.Json;
using Cultivation.Application.Ingestion;
using Cultivation.Application.Storage;
using Cultivation.Functions.Ingestion;
using Cultivation.Infrastructure.Storage;

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

        await using var blob = await OpenAsync(East);
        var outcome = await function.Run(blob, East, default);

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

        await using var blob = await OpenAsync(East);
        var outcome = await function.Run(blob, East, default);

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
    public async Task Reconciliation_after_the_trigger_lands_nothing_twice()
    {
        await UploadAsync(East, Filings.CsvOf([1, 2]));
        await using (var blob = await OpenAsync(East))
        {
            await new IngestFilingOnBlobCreated(_storage.Get<IngestionService>()).Run(blob, East, default);
        }

        var rowsBefore = await _storage.EntitiesAsync(StorageNames.FirmRowsTable);
        var reconcile = _storage.Get<ReconcileService>();

        // The trigger knows no ETag, so the first pass re-reads the file once and finds it unchanged.
        var first = await reconcile.ReconcileAsync(null, default);
        var second = await reconcile.ReconcileAsync(null, default);

        Assert.Equal(IngestionResult.Unchanged, Assert.Single(first).Result);
        Assert.Empty(second);
        var rowsAfter = await _storage.EntitiesAsync(StorageNames.FirmRowsTable);
        Assert.Equal(rowsBefore.Select(r => (r.PartitionKey, r.RowKey, r.ETag)), rowsAfter.Select(r => (r.PartitionKey, r.RowKey, r.ETag)));
    }

    private Task UploadAsync(string name, byte[] bytes) => _storage.Get<IFilingBlobs>().UploadAsync(name, new MemoryStream(bytes), default);

    /// <summary>A network stream on the blob, as the host's binding gives it, not a copy in memory.</summary>
    private async Task<Stream> OpenAsync(string name) =>
        (await _storage.Clients.Blobs.GetBlobContainerClient(_storage.Prefix + "-filings").GetBlobClient(name).DownloadStreamingAsync()).Value.Content;
}
