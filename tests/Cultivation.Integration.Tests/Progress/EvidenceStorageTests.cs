using Cultivation.Application.Ingestion;
using Cultivation.Application.Progress;
using Cultivation.Application.Storage;
using Cultivation.Domain.Periods;
using Cultivation.Infrastructure.Storage;

namespace Cultivation.Integration.Tests.Progress;

/// <summary>Evidence lists longer than one entity holds come back whole and in order.</summary>
public sealed class EvidenceStorageTests : IDisposable
{
    private readonly TestStorage _storage = new();

    public void Dispose() => _storage.Dispose();

    [Fact]
    public async Task A_low_efficiency_list_of_a_thousand_firms_is_packed_into_a_few_entities_and_read_back_whole_in_order()
    {
        var targets = await File.ReadAllTextAsync(Path.Combine(Repository.Root(), "seeds/targets/2022.json"));
        Assert.Empty((await _storage.Get<TargetsService>().LoadAsync(targets, default)).Problems);

        // Tax per mu = 4 × tax / 20 mu: firm n pays n/1000 万元, so the list runs from firm 1 (lowest) up.
        var rows = Enumerable.Range(1, 1_000).Select(n => Filings.Row(n, tax: n / 1000m, land: 20m)).ToArray();
        const string blob = "2022/Q1/东城街道.csv";
        await _storage.Get<IFilingBlobs>().UploadAsync(blob, new MemoryStream(Filings.Csv(rows)), default);
        Assert.Equal(IngestionResult.Accepted, (await _storage.Get<IngestionService>().IngestAsync(blob, default)).Result);

        var list = (await _storage.Get<ProgressQueries>().LowEfficiencyAsync(new Period(2022, 1), null, default)).Value!;

        Assert.Equal(Enumerable.Range(1, 1_000).Select(n => Filings.Code(n)), list.Firms.Select(f => f.CreditCode));
        Assert.Equal("永康市测试1000号五金有限公司", list.Firms[^1].Name);
        Assert.Equal(0.2m, list.Firms[^1].TaxPerMu);

        // One entity per firm would be over a thousand; packed, the whole computation's evidence is a few dozen.
        Assert.InRange((await _storage.EntitiesAsync(StorageNames.ProgressItemsTable)).Count, 5, 60);
    }
}
