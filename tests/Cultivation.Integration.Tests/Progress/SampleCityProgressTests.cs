using System.Text.Json;
using Cultivation.Application.Alerts;
using Cultivation.Application.Ingestion;
using Cultivation.Application.Progress;
using Cultivation.Application.Storage;
using Cultivation.Functions.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Cultivation.Integration.Tests.Progress;

/// <summary>
/// The sample city ingested quarter by quarter through the real pipeline, queried through the HTTP
/// function classes. Expected figures are the ones the sample-city generator designed and its own tests
/// recompute from the generator's model with an independent implementation of SPEC section 3
/// (tools/Cultivation.SampleCity/README.md), not with the product's rule code.
/// </summary>
public sealed class SampleCityProgressTests : IDisposable
{
    private readonly TestStorage _storage = new();

    public void Dispose() => _storage.Dispose();

    [Fact]
    public async Task Progress_follows_the_sample_city_quarter_by_quarter_and_the_late_town()
    {
        var root = Root();
        var (loaded, problems) = await _storage.Get<TargetsService>().LoadAsync(await File.ReadAllTextAsync(Path.Combine(root, "seeds/targets/2022.json")), default);
        Assert.Empty(problems);
        Assert.NotNull(loaded);

        foreach (var period in new[] { "2021/Q4", "2022/Q1", "2022/Q2", "2022/Q3" })
        {
            await UploadFolderAsync(Path.Combine(root, "seeds/filings", period), period);
        }

        var outcomes = await _storage.Get<ReconcileService>().ReconcileAsync(null, default);
        Assert.Equal(63, outcomes.Count(o => o.Result == IngestionResult.Accepted));

        var api = new ProgressApi(_storage.Get<ProgressQueries>());
        using (var q2 = await JsonAsync(await api.Year(Request(), "2022", default)))
        {
            var body = q2.RootElement;
            Assert.Equal("2022Q2", body.GetProperty("asOf").GetString());
            Assert.Equal("2022Q3", body.GetProperty("nextPeriod").GetProperty("period").GetString());
            Assert.Equal(14, body.GetProperty("nextPeriod").GetProperty("filed").GetInt32());
            Assert.Equal(["花街镇"], body.GetProperty("nextPeriod").GetProperty("missing").EnumerateArray().Select(e => e.GetString()));
            AssertTarget(body, "above-scale-upgrades", 34, "on-track");
            AssertTarget(body, "individual-to-enterprise", 120, "behind");
            AssertTarget(body, "national-little-giants", 0, "on-track");
            AssertTarget(body, "low-efficiency-cleared", 17, "at-risk");
            var ratio = Target(body, "tax-per-mu-average");
            Assert.Equal(25.8m, ratio.GetProperty("value").GetDecimal(), 1);
            Assert.Equal(23.5m, ratio.GetProperty("baseline").GetDecimal(), 1);
            Assert.Equal("behind", ratio.GetProperty("status").GetString());
        }

        // The leaders' digest on the Monday after the Q3 deadline (15 October) names the lagging targets and the late town.
        var digest = await _storage.Get<WeeklyDigestService>().PreviewAsync(new DateTimeOffset(2022, 10, 17, 8, 30, 0, TimeSpan.FromHours(8)), default);
        Assert.Equal("2022-W42", digest.Week);
        Assert.Equal("2022Q2", digest.Digest.AsOf);
        Assert.Equal(["花街镇"], digest.Digest.LateTowns);
        Assert.Equal(["individual-to-enterprise", "low-efficiency-cleared", "tax-per-mu-average"], digest.Digest.Lagging.Select(t => t.Id).Order());
        Assert.Contains("花街镇", digest.Text);
        Assert.Contains("花街镇", digest.Html);

        await UploadFolderAsync(Path.Combine(root, "seeds/filings-late/2022/Q3"), "2022/Q3");
        await _storage.Get<ReconcileService>().ReconcileAsync(null, default);

        using (var q3 = await JsonAsync(await api.Year(Request(), "2022", default)))
        {
            var body = q3.RootElement;
            Assert.Equal("2022Q3", body.GetProperty("asOf").GetString());
            AssertTarget(body, "above-scale-upgrades", 43, "at-risk");
            AssertTarget(body, "national-little-giants", 2, "achieved");
            AssertTarget(body, "individual-to-enterprise", 180, "behind");
            var byTown = Target(body, "above-scale-upgrades").GetProperty("byTown").EnumerateArray().ToList();
            Assert.Equal(15, byTown.Count);
            Assert.Equal(43, byTown.Sum(t => t.GetProperty("achieved").GetInt32()));
        }

        using (var detail = await JsonAsync(await api.Target(Request(), "2022", "above-scale-upgrades", default)))
        {
            var firms = detail.RootElement.GetProperty("firms").EnumerateArray().ToList();
            Assert.Equal(43, firms.Select(f => f.GetProperty("creditCode").GetString()).Distinct().Count());
            var pool = detail.RootElement.GetProperty("pool").EnumerateArray().Select(p => p.GetProperty("annualisedRevenue").GetDecimal()).ToList();
            Assert.NotEmpty(pool);
            Assert.Equal(pool.OrderDescending(), pool);
            Assert.All(pool, r => Assert.True(r >= 1500m));

            var enterprises = new EnterprisesApi(_storage.Get<ProgressQueries>());
            var code = firms[0].GetProperty("creditCode").GetString()!;
            using var firm = await JsonAsync(await enterprises.Run(Request(), code, default));
            Assert.Equal(code, firm.RootElement.GetProperty("creditCode").GetString());
            Assert.Contains(firm.RootElement.GetProperty("periods").EnumerateArray(), p => p.GetProperty("period").GetString() == "2022Q3");
        }

        var lowEfficiency = new LowEfficiencyApi(_storage.Get<ProgressQueries>());
        using (var list = await JsonAsync(await lowEfficiency.Run(Request(), "2022", "Q3", default)))
        {
            Assert.Equal(5m, list.RootElement.GetProperty("threshold").GetDecimal());
            var perMu = list.RootElement.GetProperty("firms").EnumerateArray().Select(f => f.GetProperty("taxPerMu").GetDecimal()).ToList();
            Assert.NotEmpty(perMu);
            Assert.Equal(perMu.Order(), perMu);
            Assert.All(perMu, v => Assert.True(v < 5m));
        }
    }

    [Fact]
    public async Task Bad_input_gets_a_problem_body_never_a_500()
    {
        await _storage.Get<TargetsService>().LoadAsync(await File.ReadAllTextAsync(Path.Combine(Root(), "seeds/targets/2022.json")), default);
        var api = new ProgressApi(_storage.Get<ProgressQueries>());
        var enterprises = new EnterprisesApi(_storage.Get<ProgressQueries>());
        var lowEfficiency = new LowEfficiencyApi(_storage.Get<ProgressQueries>());

        AssertProblem(await api.Target(Request(), "2022", "no-such-target", default), 404);
        AssertProblem(await api.Target(Request(), "2022", "' or PartitionKey ne '", default), 400);
        AssertProblem(await api.Year(Request(), "1999x", default), 400);
        AssertProblem(await api.Year(Request(), "2031", default), 404);
        AssertProblem(await enterprises.Run(Request(), "91330784MA0000000X", default), 400);
        AssertProblem(await enterprises.Run(Request(), Filings.Code(42), default), 404);
        AssertProblem(await lowEfficiency.Run(Request(), "2022", "Q5", default), 400);
        AssertProblem(await lowEfficiency.Run(Request(), "2022", "Q0", default), 400);
        AssertProblem(await lowEfficiency.Run(Request("?town=清溪镇"), "2022", "Q2", default), 400);
    }

    private static void AssertTarget(JsonElement body, string id, int achieved, string status)
    {
        var target = Target(body, id);
        Assert.Equal(achieved, target.GetProperty("achieved").GetInt32());
        Assert.Equal(status, target.GetProperty("status").GetString());
    }

    private static JsonElement Target(JsonElement body, string id) =>
        body.GetProperty("targets").EnumerateArray().Single(t => t.GetProperty("id").GetString() == id);

    private static void AssertProblem(IActionResult result, int status)
    {
        var content = Assert.IsType<ContentResult>(result);
        Assert.Equal(status, content.StatusCode);
        Assert.StartsWith("application/problem+json", content.ContentType);
        using var doc = JsonDocument.Parse(content.Content!);
        Assert.Equal(status, doc.RootElement.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(doc.RootElement.GetProperty("title").GetString()));
    }

    private static Task<JsonDocument> JsonAsync(IActionResult result)
    {
        var content = Assert.IsType<ContentResult>(result);
        Assert.Equal(200, content.StatusCode);
        return Task.FromResult(JsonDocument.Parse(content.Content!));
    }

    private static HttpRequest Request(string query = "")
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "GET";
        context.Request.QueryString = new QueryString(query.Length == 0 ? null : query);
        return context.Request;
    }

    private async Task UploadFolderAsync(string folder, string period)
    {
        foreach (var file in Directory.EnumerateFiles(folder))
        {
            await using var stream = File.OpenRead(file);
            await _storage.Get<IFilingBlobs>().UploadAsync($"{period}/{Path.GetFileName(file)}", stream, default);
        }
    }

    private static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Cultivation.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("repository root not found");
    }
}
