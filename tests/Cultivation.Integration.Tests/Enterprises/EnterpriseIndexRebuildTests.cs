using Cultivation.Application.Enterprises;
using Cultivation.Application.Ingestion;
using Cultivation.Application.Ingestion.FollowUps;
using Cultivation.Application.Storage;
using Cultivation.Domain.Firms;
using Cultivation.Domain.Periods;
using Cultivation.Functions.Api;
using Cultivation.Functions.Ingestion;
using Cultivation.Infrastructure.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;

namespace Cultivation.Integration.Tests.Enterprises;

/// <summary>
/// A deployment that predates the index answers the old way until the index is built, then from one read; a rebuild
/// (the timer, or <c>cultivation recompute</c>) also puts right an index that went stale.
/// </summary>
public sealed class EnterpriseIndexRebuildTests : IDisposable
{
    private const string EastQ1 = "2022/Q1/东城街道.csv";
    private readonly StorageRequests _requests = new();
    private readonly List<TestStorage> _storages = [];

    public void Dispose()
    {
        foreach (var storage in _storages)
        {
            storage.Dispose();
        }
    }

    [Fact]
    public async Task A_deployment_that_predates_the_index_reads_every_version_until_the_timer_builds_it_then_one_point_read()
    {
        var older = Track(_requests.Storage(services => services.Remove(services.Single(d => d.ImplementationType == typeof(UpdateEnterpriseIndex)))));
        await IngestAsync(older, EastQ1, Filings.CsvOf([1, 2]));
        await IngestAsync(older, "2022/Q2/东城街道.csv", Filings.CsvOf([1, 2]));
        await IngestAsync(older, "2022/Q1/西城街道.csv", Filings.CsvOf([3], "西城街道"));
        Assert.Empty(await older.EntitiesAsync(StorageNames.EnterpriseIndexTable));

        var newer = Track(_requests.Storage(settings: new Dictionary<string, string?> { ["Storage:Prefix"] = older.Prefix }));
        _requests.Clear();
        var before = await LookupAsync(newer, Filings.Code(1));

        // The index's state, the ledger, and the firm in each of the three accepted versions.
        Assert.Equal(3, _requests.To(StorageNames.FirmRowsTable).Count(r => r.IsPointRead));
        Assert.True(_requests.Seen.Count >= 5, string.Join("\n", _requests.Seen.Select(r => r.Path)));

        var timer = new BuildEnterpriseIndex(newer.Get<EnterpriseIndexRebuild>());
        var built = await timer.Run(new TimerInfo(), default);
        Assert.Equal((3, 5, 0), (built!.Files, built.Written, built.Cleared));
        Assert.Null(await timer.Run(new TimerInfo(), default));

        await LookupAsync(newer, Filings.Code(2));
        _requests.Clear();
        var after = await LookupAsync(newer, Filings.Code(1));
        Assert.True(Assert.Single(_requests.Seen).IsPointRead);
        Assert.Equal(before, after);
        Assert.Contains("\"period\": \"2022Q2\"", after, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rebuild_puts_right_an_index_that_went_stale()
    {
        var storage = Track(new TestStorage());
        await IngestAsync(storage, EastQ1, Filings.CsvOf([1, 2]));
        var index = storage.Get<IEnterpriseIndex>();
        var version = (await storage.Get<IFilingLedger>().GetAsync(EastQ1, default))!.CurrentSha!;
        var q1 = new Period(2022, 1);

        // Firm 1 shows a version that never was, firm 9 a firm the file does not have, firm 2 is missing.
        await index.SetAsync(q1, EastQ1, "0badc0de", [Row(1, 9999m)], default);
        await index.SetAsync(q1, EastQ1, version, [Row(9, 1m)], default);
        await index.ClearAsync(q1, [.. (await index.SuppliedByAsync(q1, EastQ1, default)).Where(s => s.CreditCode == Filings.Code(2))], default);

        var rebuilt = await storage.Get<EnterpriseIndexRebuild>().RebuildAsync(default);

        Assert.Equal((1, 2, 1), (rebuilt.Files, rebuilt.Written, rebuilt.Cleared));
        Assert.Equal([(Filings.Code(1), 2500m), (Filings.Code(2), 2500m)], await RowsAsync(index, q1, EastQ1, [1, 2, 9]));
        Assert.All(await index.SuppliedByAsync(q1, EastQ1, default), s => Assert.Equal(version, s.Version));
    }

    private TestStorage Track(TestStorage storage)
    {
        _storages.Add(storage);
        return storage;
    }

    private static async Task IngestAsync(TestStorage storage, string blobName, byte[] bytes)
    {
        await storage.Get<IFilingBlobs>().UploadAsync(blobName, new MemoryStream(bytes), default);
        Assert.Equal(IngestionResult.Accepted, (await storage.Get<IngestionService>().IngestAsync(blobName, default)).Result);
    }

    private static async Task<string> LookupAsync(TestStorage storage, string code)
    {
        var result = await new EnterprisesApi(storage.Get<EnterpriseQueries>()).Run(new DefaultHttpContext().Request, code, default);
        var content = Assert.IsType<ContentResult>(result);
        Assert.Equal(200, content.StatusCode);
        return content.Content!;
    }

    private static async Task<List<(string Code, decimal Revenue)>> RowsAsync(IEnterpriseIndex index, Period period, string blobName, int[] firms)
    {
        var found = new List<(string, decimal)>();
        foreach (var firm in firms)
        {
            found.AddRange((await index.GetAsync(Filings.Code(firm), default)).Where(p => p.Period == period && p.BlobName == blobName)
                .Select(p => (p.Row.CreditCode.Value, p.Row.Revenue)));
        }

        return found;
    }

    private static FirmRow Row(int firm, decimal revenue) => new()
    {
        CreditCode = CreditCode.Parse(Filings.Code(firm)),
        Name = $"永康市测试{firm}号五金有限公司",
        Town = "东城街道",
        AboveScale = true,
        Revenue = revenue,
        Tax = 120m,
    };
}
