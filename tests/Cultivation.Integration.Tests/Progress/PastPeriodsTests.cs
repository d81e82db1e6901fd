using Cultivation.Application.Ingestion;
using Cultivation.Application.Progress;
using Cultivation.Application.Storage;
using Cultivation.Domain.City;
using Cultivation.Domain.Periods;
using Cultivation.Domain.Progress;

namespace Cultivation.Integration.Tests.Progress;

/// <summary>
/// Past periods stay open (SPEC §3): a correction of last year's filing moves this year's baseline and
/// trend, a correction of an earlier quarter moves the history, and a period of a year without targets
/// still answers its low-efficiency list. Small CSV filings of every town through the real pipeline.
/// </summary>
public sealed class PastPeriodsTests : IDisposable
{
    private const string East = "东城街道";
    private static readonly IReadOnlyList<string> s_towns = new CityOptions().Towns;

    private readonly TestStorage _storage;

    public PastPeriodsTests() : this(null)
    {
    }

    private PastPeriodsTests(IDictionary<string, string?>? settings) => _storage = new TestStorage(settings: settings);

    public void Dispose() => _storage.Dispose();

    private ProgressQueries Queries => _storage.Get<ProgressQueries>();

    /// <summary>2022 targets: low-efficiency clearing (all) and 小升规 (10).</summary>
    private async Task LoadTargetsAsync() => Assert.Empty((await _storage.Get<TargetsService>().LoadAsync("""
        { "year": 2022, "region": "330784", "targets": [
          { "id": "low-efficiency-cleared", "name": "出清低效企业", "rule": "low-efficiency-cleared", "unit": "家", "target": "all" },
          { "id": "above-scale-upgrades", "name": "新增小升规企业", "rule": "above-scale-upgrades", "unit": "家", "target": 10 } ] }
        """, default)).Problems);

    /// <summary>Every town files the period; 东城街道 with <paramref name="eastRows"/>, the others one healthy firm each.</summary>
    private async Task FileQuarterAsync(string period, params string[] eastRows)
    {
        var p = Period.Parse(period);
        var blobs = _storage.Get<IFilingBlobs>();
        for (var i = 0; i < s_towns.Count; i++)
        {
            var rows = s_towns[i] == East ? eastRows : [Filings.Row(900 + i, s_towns[i])];
            await blobs.UploadAsync($"{p.Year}/Q{p.Quarter}/{s_towns[i]}.csv", new MemoryStream(Filings.Csv(rows)), default);
        }

        var outcomes = await _storage.Get<ReconcileService>().ReconcileAsync(null, default);
        Assert.All(outcomes, o => Assert.Equal(IngestionResult.Accepted, o.Result));
    }

    private async Task CorrectEastAsync(string period, params string[] rows)
    {
        var p = Period.Parse(period);
        var blob = $"{p.Year}/Q{p.Quarter}/{East}.csv";
        await _storage.Get<IFilingBlobs>().UploadAsync(blob, new MemoryStream(Filings.Csv(rows)), default);
        Assert.Equal(IngestionResult.Accepted, (await _storage.Get<IngestionService>().IngestAsync(blob, default)).Result);
    }

    private async Task<TargetDetail> ClearingAsync() => (await Queries.TargetAsync(2022, "low-efficiency-cleared", default)).Value!;

    [Fact]
    public async Task A_correction_of_last_years_fourth_quarter_moves_this_years_baseline_and_last_years_trend()
    {
        await LoadTargetsAsync();

        // 2021Q4: firm 1 at 5 × 1 / 20 = 0.25 万元/亩 is flagged; firm 2 at 120 / 20 = 6 is not.
        await FileQuarterAsync("2021Q4", Filings.Row(1, tax: 5m), Filings.Row(2, tax: 120m));
        await FileQuarterAsync("2022Q1", Filings.Row(1, tax: 30m), Filings.Row(2, tax: 30m));
        var before = await ClearingAsync();
        Assert.Equal((1m, 1, "2021Q4"), (before.Target, before.Achieved!.Value, before.BaselinePeriod));

        // The bureau of a town corrects its 2021 Q4 file in 2022: firm 2 paid 5 too, so it joins the baseline.
        await CorrectEastAsync("2021Q4", Filings.Row(1, tax: 5m), Filings.Row(2, tax: 5m));

        var after = await ClearingAsync();
        Assert.Equal((2m, 2), (after.Target, after.Achieved!.Value));
        Assert.Equal([Filings.Code(1), Filings.Code(2)], after.Firms.Select(f => f.CreditCode));
        var year = (await Queries.YearAsync(2022, default)).Value!;
        Assert.Equal(["2021Q4"], year.LastYear.Select(h => h.Period));
        Assert.Equal(2, year.History.Single().Targets.Single(t => t.Id == "low-efficiency-cleared").Achieved);
    }

    [Fact]
    public async Task A_correction_of_an_earlier_quarter_updates_the_history_and_recompute_rebuilds_it()
    {
        await LoadTargetsAsync();
        await FileQuarterAsync("2021Q4", Filings.Row(3, aboveScale: "否", revenue: 1500m));
        await FileQuarterAsync("2022Q1", Filings.Row(3, aboveScale: "否", revenue: 450m));
        await FileQuarterAsync("2022Q2", Filings.Row(3, revenue: 1100m));
        int? Upgrades(YearProgress p, int i) => p.History[i].Targets.Single(t => t.Id == "above-scale-upgrades").Achieved;

        var first = (await Queries.YearAsync(2022, default)).Value!;
        Assert.Equal(["2022Q1", "2022Q2"], first.History.Select(h => h.Period));
        Assert.Equal((0, 1), (Upgrades(first, 0), Upgrades(first, 1)));

        // Q1 corrected: firm 3 was already 规上 in Q1 (its 2021 Q4 row still shows it 规下).
        await CorrectEastAsync("2022Q1", Filings.Row(3, revenue: 600m));
        var corrected = (await Queries.YearAsync(2022, default)).Value!;
        Assert.Equal((1, 1), (Upgrades(corrected, 0), Upgrades(corrected, 1)));

        var rebuilt = (await _storage.Get<ProgressService>().RecomputeAsync(2022, default))!.Progress;
        Assert.Equal((1, 1), (Upgrades(rebuilt, 0), Upgrades(rebuilt, 1)));
    }

    [Fact]
    public async Task The_low_efficiency_list_answers_for_a_period_of_a_year_without_targets()
    {
        await LoadTargetsAsync();
        var gap = $"{Filings.Code(4)},永康市测试4号五金有限公司,{East},是,2500,120,";
        await FileQuarterAsync("2021Q4", Filings.Row(1, tax: 5m), gap);

        var list = (await Queries.LowEfficiencyAsync(new Period(2021, 4), null, default)).Value!;

        Assert.Equal("2021Q4", list.Period);
        Assert.Equal([Filings.Code(1)], list.Firms.Select(f => f.CreditCode));
        Assert.Equal(0.25m, list.Firms[0].TaxPerMu);
        Assert.Equal([Filings.Code(4)], list.DataGaps.Select(g => g.CreditCode));
        Assert.Empty((await Queries.LowEfficiencyAsync(new Period(2021, 4), "西城街道", default)).Value!.Firms);
    }

    [Fact]
    public async Task A_city_that_requires_the_statistics_bureau_waits_for_its_filing()
    {
        using var bureauRequired = new PastPeriodsTests(new Dictionary<string, string?> { ["City:StatisticsBureauRequired"] = "true" });
        await bureauRequired.LoadTargetsAsync();
        await bureauRequired.FileQuarterAsync("2022Q1", Filings.Row(1));

        var waiting = (await bureauRequired.Queries.YearAsync(2022, default)).Value!;
        Assert.Null(waiting.AsOf);
        Assert.Equal((15, 16), (waiting.NextPeriod!.Filed, waiting.NextPeriod.Of));
        Assert.Equal(["统计局"], waiting.NextPeriod.Missing);
        Assert.All(waiting.Targets, t => Assert.Equal(ProgressStatus.NoData, t.Status));

        await bureauRequired._storage.Get<IFilingBlobs>().UploadAsync("2022/Q1/统计局.csv", new MemoryStream(Filings.Csv(Filings.Row(50))), default);
        await bureauRequired._storage.Get<ReconcileService>().ReconcileAsync(null, default);

        var complete = (await bureauRequired.Queries.YearAsync(2022, default)).Value!;
        Assert.Equal(("2022Q1", true), (complete.AsOf, complete.StatisticsBureauFiled));
    }
}
