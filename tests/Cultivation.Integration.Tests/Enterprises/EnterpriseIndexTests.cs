using System.Text.Json;
using Cultivation.Application.Enterprises;
using Cultivation.Application.Ingestion;
using Cultivation.Application.Storage;
using Cultivation.Functions.Api;
using Cultivation.Infrastructure.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Cultivation.Integration.Tests.Enterprises;

/// <summary>
/// <c>GET /api/enterprises/{creditCode}</c> through the enterprise index: one point read whatever the number of filings, and
/// the index kept in step by the follow-up step when files are accepted, corrected, and taken over by another file.
/// </summary>
public sealed class EnterpriseIndexTests : IDisposable
{
    private const string East = "东城街道";
    private const string West = "西城街道";
    private readonly StorageRequests _requests = new();
    private readonly TestStorage _storage;

    public EnterpriseIndexTests() => _storage = _requests.Storage();

    public void Dispose() => _storage.Dispose();

    [Fact]
    public async Task A_firm_is_answered_with_one_point_read_of_the_index_whatever_the_number_of_filings()
    {
        var periods = new[] { "2021/Q1", "2021/Q2", "2021/Q3", "2021/Q4", "2022/Q1", "2022/Q2", "2022/Q3", "2022/Q4" };
        for (var k = 0; k < periods.Length; k++)
        {
            await UploadAsync($"{periods[k]}/{East}.csv", Filings.Csv(Filings.Row(1), Filings.Row(2, revenue: 1000m + (100m * k)), Filings.Row(3)));
        }

        await _storage.Get<ReconcileService>().ReconcileAsync(null, default);

        // The steps did it all: the rebuild finds every file in step and writes nothing.
        var rebuilt = await _storage.Get<EnterpriseIndexRebuild>().RebuildAsync(default);
        Assert.Equal((8, 0, 0), (rebuilt.Files, rebuilt.Written, rebuilt.Cleared));

        // A process's first lookup also learns that the index is built; from then on, one point read.
        await LookupAsync(Filings.Code(3));
        _requests.Clear();
        using var firm = await LookupAsync(Filings.Code(2));

        var read = Assert.Single(_requests.Seen);
        Assert.True(read.IsPointRead, read.Path);
        Assert.EndsWith(StorageNames.EnterpriseIndexTable, read.Table);
        var body = firm.RootElement;
        Assert.Equal(Filings.Code(2), body.GetProperty("creditCode").GetString());
        Assert.Equal("永康市测试2号五金有限公司", body.GetProperty("name").GetString());
        Assert.Equal(periods.Select(p => p.Replace("/", string.Empty, StringComparison.Ordinal)), Periods(body).Select(p => p.Period));
        Assert.Equal([1000m, 1100m, 1200m, 1300m, 1400m, 1500m, 1600m, 1700m], Periods(body).Select(p => p.Revenue));
        Assert.All(Periods(body), p => Assert.Equal(East, p.Source));

        _requests.Clear();
        await AssertNotFoundAsync(Filings.Code(42));
        Assert.True(Assert.Single(_requests.Seen).IsPointRead);
    }

    [Fact]
    public async Task A_correction_that_drops_a_firm_takes_it_out_of_that_period_and_leaves_its_other_periods()
    {
        await IngestAsync($"2022/Q1/{East}.csv", Filings.CsvOf([1, 2, 3]));
        await IngestAsync($"2022/Q2/{East}.csv", Filings.CsvOf([1, 2, 3]));
        await BuiltAsync();

        await IngestAsync($"2022/Q1/{East}.csv", Filings.Csv(Filings.Row(1, revenue: 2600m), Filings.Row(3)));

        using (var dropped = await LookupAsync(Filings.Code(2)))
        {
            Assert.Equal(["2022Q2"], Periods(dropped.RootElement).Select(p => p.Period));
        }

        using var corrected = await LookupAsync(Filings.Code(1));
        Assert.Equal([("2022Q1", 2600m), ("2022Q2", 2500m)], Periods(corrected.RootElement).Select(p => (p.Period, p.Revenue)));
        var entry = await IndexEntityAsync(Filings.Code(2));
        Assert.Equal(string.Empty, entry.GetString("P2022Q1"));
    }

    [Fact]
    public async Task A_firm_one_file_gave_up_and_another_file_then_filed_shows_the_other_file_row()
    {
        await IngestAsync($"2022/Q1/{East}.csv", Filings.CsvOf([1, 2]));
        await IngestAsync($"2022/Q1/{West}.csv", Filings.CsvOf([3], West));
        await BuiltAsync();

        await IngestAsync($"2022/Q1/{East}.csv", Filings.CsvOf([1]));
        await IngestAsync($"2022/Q1/{West}.csv", Filings.Csv(Filings.Row(2, West, revenue: 3100m), Filings.Row(3, West)));

        using var taken = await LookupAsync(Filings.Code(2));
        var period = Assert.Single(Periods(taken.RootElement));
        Assert.Equal(("2022Q1", West, West, 3100m), (period.Period, period.Source, period.Town, period.Revenue));
    }

    [Fact]
    public async Task Of_two_files_racing_for_a_firm_the_index_shows_the_one_that_won_and_nothing_of_the_other()
    {
        var winners = new List<string>();
        for (var quarter = 1; quarter <= 4; quarter++)
        {
            var east = $"2022/Q{quarter}/{East}.csv";
            var west = $"2022/Q{quarter}/{West}.csv";
            await UploadAsync(east, Filings.CsvOf([1, 2]));
            await UploadAsync(west, Filings.Csv(Filings.Row(2, West), Filings.Row(3, West)));
            var ingestion = _storage.Get<IngestionService>();
            var outcomes = await Task.WhenAll(Task.Run(() => ingestion.IngestAsync(east, default)), Task.Run(() => ingestion.IngestAsync(west, default)));

            Assert.Single(outcomes, o => o.Result == IngestionResult.Rejected);
            winners.Add(Assert.Single(outcomes, o => o.Result == IngestionResult.Accepted).BlobName == east ? East : West);
        }

        await BuiltAsync();
        using var shared = await LookupAsync(Filings.Code(2));
        Assert.Equal(winners, Periods(shared.RootElement).Select(p => p.Source));
        Assert.Equal(QuartersWon(East), await PeriodsOfAsync(Filings.Code(1)));
        Assert.Equal(QuartersWon(West), await PeriodsOfAsync(Filings.Code(3)));

        List<string> QuartersWon(string source) => [.. winners.Select((w, i) => (w, i)).Where(x => x.w == source).Select(x => $"2022Q{x.i + 1}")];
    }

    private async Task UploadAsync(string blobName, byte[] bytes) =>
        await _storage.Get<IFilingBlobs>().UploadAsync(blobName, new MemoryStream(bytes), default);

    private async Task IngestAsync(string blobName, byte[] bytes)
    {
        await UploadAsync(blobName, bytes);
        var outcome = await _storage.Get<IngestionService>().IngestAsync(blobName, default);
        Assert.Equal(IngestionResult.Accepted, outcome.Result);
        Assert.Empty(outcome.FollowUpsDue);
    }

    private async Task BuiltAsync() => await _storage.Get<IEnterpriseIndex>().MarkBuiltAsync(DateTimeOffset.UnixEpoch, default);

    private async Task<JsonDocument> LookupAsync(string code, bool found = true)
    {
        var result = await new EnterprisesApi(_storage.Get<EnterpriseQueries>()).Run(new DefaultHttpContext().Request, code, default);
        var content = Assert.IsType<ContentResult>(result);
        Assert.Equal(found ? 200 : 404, content.StatusCode);
        return JsonDocument.Parse(content.Content!);
    }

    /// <summary>The periods the firm is answered with; none when it is not found.</summary>
    private async Task<List<string>> PeriodsOfAsync(string code)
    {
        var result = Assert.IsType<ContentResult>(await new EnterprisesApi(_storage.Get<EnterpriseQueries>()).Run(new DefaultHttpContext().Request, code, default));
        using var body = JsonDocument.Parse(result.Content!);
        return result.StatusCode == 404 ? [] : [.. Periods(body.RootElement).Select(p => p.Period)];
    }

    private async Task AssertNotFoundAsync(string code)
    {
        using var problem = await LookupAsync(code, found: false);
        Assert.Equal($"没有企业 {code} 的报送记录", problem.RootElement.GetProperty("title").GetString());
    }

    private async Task<Azure.Data.Tables.TableEntity> IndexEntityAsync(string code) =>
        Assert.Single(await _storage.EntitiesAsync(StorageNames.EnterpriseIndexTable), e => e.RowKey == code);

    private static IEnumerable<(string Period, string Source, string Town, decimal Revenue)> Periods(JsonElement body) =>
        body.GetProperty("periods").EnumerateArray().Select(p => (
            p.GetProperty("period").GetString()!, p.GetProperty("source").GetString()!, p.GetProperty("town").GetString()!, p.GetProperty("revenue").GetDecimal()));
}
