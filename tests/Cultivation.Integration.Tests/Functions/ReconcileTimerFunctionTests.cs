using Cultivation.Application.Ingestion;
using Cultivation.Application.Storage;
using Cultivation.Functions.Ingestion;
using Cultivation.Infrastructure.Storage;
using Microsoft.Azure.Functions.Worker;

namespace Cultivation.Integration.Tests.Functions;

/// <summary>The reconciliation timer: what no event announced (Azurite raises none) is ingested anyway.</summary>
public sealed class ReconcileTimerFunctionTests : IDisposable
{
    private const string East = "2022/Q1/东城街道.csv";
    private const string West = "2022/Q1/西城街道.csv";
    private readonly TestStorage _storage = new();

    public void Dispose() => _storage.Dispose();

    private ReconcileFilings Function => new(_storage.Get<ReconcileService>());

    [Fact]
    public async Task Timer_ingests_a_filing_no_trigger_saw_and_a_second_run_ingests_nothing()
    {
        await UploadAsync(East, Filings.CsvOf([1, 2]));

        var first = await Function.Run(new TimerInfo(), default);

        var outcome = Assert.Single(first);
        Assert.Equal(East, outcome.BlobName);
        Assert.Equal(IngestionResult.Accepted, outcome.Result);
        var ledger = await _storage.Get<IFilingLedger>().GetAsync(East, default);
        Assert.Equal(FilingStatus.Accepted, ledger!.Status);
        Assert.Equal(2, (await _storage.EntitiesAsync(StorageNames.FirmRowsTable)).Count);

        var second = await Function.Run(new TimerInfo(), default);

        Assert.Empty(second);
    }

    [Fact]
    public async Task Timer_ingests_every_waiting_filing_whatever_its_verdict()
    {
        await UploadAsync(East, Filings.CsvOf([1, 2]));
        await UploadAsync(West, Filings.Csv(Filings.Row(3, town: "西城街道"), Filings.Row(4, town: "不存在镇")));

        var outcomes = await Function.Run(new TimerInfo(), default);

        Assert.Equal([East, West], outcomes.Select(o => o.BlobName).Order(StringComparer.Ordinal));
        Assert.Equal(IngestionResult.Accepted, outcomes.Single(o => o.BlobName == East).Result);
        Assert.Equal(IngestionResult.Rejected, outcomes.Single(o => o.BlobName == West).Result);
        Assert.Empty(await Function.Run(new TimerInfo(), default));
    }

    private Task UploadAsync(string name, byte[] bytes) => _storage.Get<IFilingBlobs>().UploadAsync(name, new MemoryStream(bytes), default);
}
