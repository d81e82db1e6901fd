using System.Text.Json;
using Cultivation.Application.Alerts;
using Cultivation.Application.Enterprises;
using Cultivation.Application.Ingestion;
using Cultivation.Application.Progress;
using Cultivation.Application.Storage;
using Cultivation.Functions.Api;
using Cultivation.Infrastructure.Storage;
using Cultivation.SampleCity.Tests;
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
        var root = Repository.Root();
        var targetsJson = await File.ReadAllTextAsync(Path.Combine(root, "seeds/targets/2022.json"));
        var (loaded, problems) = await _storage.Get<TargetsService>().LoadAsync(targetsJson, default);
        Assert.Empty(problems);
        Assert.NotNull(loaded);
        var expected = new Expectations(targetsJson);
        var api = new ProgressApi(_storage.Get<ProgressQueries>());

        foreach (var q in new[] { 1, 2, 3, 4 })
        {
            await IngestAsync(root, "seeds/filings", $"2021/Q{q}", 16);
        }

        // 2021 is in, 2022 not yet: no data to judge 2022 by, and last year's trend is there to compare with.
        using (var before = await JsonAsync(await api.Year(Request(), "2022", default)))
        {
            var body = before.RootElement;
            Assert.Equal(JsonValueKind.Null, body.GetProperty("asOf").ValueKind);
            Assert.All(body.GetProperty("targets").EnumerateArray(), t => Assert.Equal("no-data", t.GetProperty("status").GetString()));
            Assert.All(body.GetProperty("targets").EnumerateArray(), t => Assert.False(t.TryGetProperty("expected", out _) || t.TryGetProperty("value", out _)));
            Assert.Equal(["2021Q1", "2021Q2", "2021Q3", "2021Q4"], body.GetProperty("lastYear").EnumerateArray().Select(h => h.GetProperty("period").GetString()));
            Assert.Empty(body.GetProperty("history").EnumerateArray());
        }

        await IngestAsync(root, "seeds/filings", "2022/Q1", 16);
        await expected.AssertAsOfAsync(api, 1);

        await IngestAsync(root, "seeds/filings", "2022/Q2", 16);
        await IngestAsync(root, "seeds/filings-bad", "2022/Q2", 0);
        await expected.AssertAsOfAsync(api, 2);

        // Q3 without 花街镇: progress stays at Q2 and says who is missing.
        await IngestAsync(root, "seeds/filings", "2022/Q3", 15);
        using (var waiting = await JsonAsync(await api.Year(Request(), "2022", default)))
        {
            var next = waiting.RootElement.GetProperty("nextPeriod");
            Assert.Equal("2022Q3", next.GetProperty("period").GetString());
            Assert.Equal(14, next.GetProperty("filed").GetInt32());
            Assert.Equal(15, next.GetProperty("of").GetInt32());
            Assert.Equal(["花街镇"], next.GetProperty("missing").EnumerateArray().Select(e => e.GetString()));
        }

        await expected.AssertAsOfAsync(api, 2);

        // The leaders' digest on the Monday after the Q3 deadline (15 October) names the lagging targets and the late town.
        var digest = await _storage.Get<WeeklyDigestService>().PreviewAsync(new DateTimeOffset(2022, 10, 17, 8, 30, 0, TimeSpan.FromHours(8)), default);
        Assert.Equal("2022-W42", digest.Week);
        Assert.Equal("2022Q2", digest.Digest.AsOf);
        Assert.Equal(["花街镇"], digest.Digest.LateTowns);
        Assert.Equal(expected.Lagging(2), digest.Digest.Lagging.Select(t => t.Id).Order());
        Assert.Contains("花街镇", digest.Text);
        Assert.Contains("花街镇", digest.Html);

        await IngestAsync(root, "seeds/filings-late", "2022/Q3", 1);
        await expected.AssertAsOfAsync(api, 3);

        using (var detail = await JsonAsync(await api.Target(Request(), "2022", "above-scale-upgrades", default)))
        {
            var firms = detail.RootElement.GetProperty("firms").EnumerateArray().ToList();
            Assert.Equal(expected.Evaluation.Count("above-scale-upgrades", 3), firms.Select(f => f.GetProperty("creditCode").GetString()).Distinct().Count());
            var pool = detail.RootElement.GetProperty("pool").EnumerateArray().Select(p => p.GetProperty("annualisedRevenue").GetDecimal()).ToList();
            Assert.NotEmpty(pool);
            Assert.Equal(pool.OrderDescending(), pool);
            Assert.All(pool, r => Assert.True(r >= 1500m));

            var enterprises = new EnterprisesApi(_storage.Get<EnterpriseQueries>());
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
            var gaps = list.RootElement.GetProperty("dataGaps").EnumerateArray().ToList();
            Assert.Equal(expected.DataGaps(new Cultivation.Domain.Periods.Period(2022, 3)), gaps.Select(g => g.GetProperty("creditCode").GetString()).Order(StringComparer.Ordinal));
            Assert.All(gaps, g => Assert.Contains("无法评价亩均税收", g.GetProperty("reason").GetString(), StringComparison.Ordinal));
        }

        // 2021 has no targets, yet its Q4 is 2022's baseline: its list answers with the 40 designed firms.
        using (var list2021 = await JsonAsync(await lowEfficiency.Run(Request(), "2021", "Q4", default)))
        {
            Assert.Equal(40, list2021.RootElement.GetProperty("firms").GetArrayLength());
        }

        await IngestAsync(root, "seeds/filings", "2022/Q4", 16);
        await expected.AssertAsOfAsync(api, 4);

        using var year = await JsonAsync(await api.Year(Request(), "2022", default));
        int?[] Trend(string trend, string id) => [.. year.RootElement.GetProperty(trend).EnumerateArray()
            .Select(h => h.GetProperty("targets").EnumerateArray().Single(t => t.GetProperty("id").GetString() == id))
            .Select(t => t.TryGetProperty("achieved", out var a) ? a.GetInt32() : (int?)null)];

        // The trend: the designed counts at every quarter (tests/Cultivation.SampleCity.Tests/TargetStatusTests.cs) and last year's (同比).
        Assert.Equal([31, 34, 43, 103], Trend("history", "above-scale-upgrades"));
        Assert.Equal([1, 4, 4, 5], Trend("history", "provincial-specialized"));
        Assert.Equal([0, 0, 1, 3], Trend("history", "revenue-over-1bn"));
        Assert.Equal([7, 17, 26, 33], Trend("history", "low-efficiency-cleared"));
        Assert.Equal([85, 85, 85, 85], Trend("lastYear", "above-scale-upgrades"));
        Assert.Equal([0, 0, 19, 19], Trend("lastYear", "provincial-specialized"));
        Assert.Equal([4, 9, 20, 30], Trend("lastYear", "scattered-firms-remediated"));

        // Town shares of 小升规 (seeds/targets/2022.json): 芝英镇 9 of 5 leads, 龙山镇 2 of 6 is last among the towns with a share.
        var byTown = Target(year.RootElement, "above-scale-upgrades").GetProperty("byTown").EnumerateArray().ToList();
        Assert.Equal(("芝英镇", 9, 5m, 1.8m), (byTown[0].GetProperty("town").GetString(), byTown[0].GetProperty("achieved").GetInt32(), byTown[0].GetProperty("share").GetDecimal(), byTown[0].GetProperty("rate").GetDecimal()));
        Assert.Equal(("龙山镇", 0.3333m), (byTown[^1].GetProperty("town").GetString(), byTown[^1].GetProperty("rate").GetDecimal()));
        Assert.Equal(9, expected.Evaluation.Latest(4).Count(r => r.Town == "芝英镇" && r.AboveScale && r.AboveScaleSince == 2022 && Evaluation.Industrial(r)));

        // A filing's life in Q4 (seeds/filings-life/): one firm moves to another file and two towns' files to another
        // format, no row changes, so progress stays as designed while the files' statuses follow what the clerks did.
        var life = Path.Combine(root, "seeds/filings-life/2022/Q4");
        Assert.Equal([IngestionResult.Rejected], await UploadAndSettleAsync(Path.Combine(life, "统计局.xlsx"), "2022/Q4/统计局.xlsx"));
        Assert.Equal([IngestionResult.Accepted], await UploadAndSettleAsync(Path.Combine(life, "西城街道.xls"), "2022/Q4/西城街道.xls"));
        Assert.Equal([IngestionResult.Accepted], await UploadAndSettleAsync(Path.Combine(life, "江南街道.csv"), "2022/Q4/江南街道.csv"));
        Assert.Equal(FilingStatus.Superseded, (await EntryAsync("2022/Q4/江南街道.xlsx")).Status);
        await (await _storage.Get<StorageProvider>().ContainerAsync(StorageNames.FilingsContainer, default)).DeleteBlobAsync("2022/Q4/江南街道.csv");
        Assert.Equal([IngestionResult.Withdrawn], await UploadAndSettleAsync(null, null));

        Assert.Equal((FilingStatus.Accepted, 61), await StatusAndRowsAsync("2022/Q4/统计局.xlsx"));
        Assert.Equal((FilingStatus.Superseded, 0), await StatusAndRowsAsync("2022/Q4/西城街道.xlsx"));
        Assert.Equal((FilingStatus.Accepted, 400), await StatusAndRowsAsync("2022/Q4/西城街道.xls"));
        Assert.Equal((FilingStatus.Withdrawn, 0), await StatusAndRowsAsync("2022/Q4/江南街道.csv"));
        Assert.Equal((FilingStatus.Accepted, 378), await StatusAndRowsAsync("2022/Q4/江南街道.xlsx"));
        await expected.AssertAsOfAsync(api, 4);
    }

    /// <summary>Uploads a file (if given), then reconciles until nothing is due; the results of the files that were read or withdrawn.</summary>
    private async Task<List<IngestionResult>> UploadAndSettleAsync(string? file, string? name)
    {
        if (file is not null)
        {
            await using var stream = File.OpenRead(file);
            await _storage.Get<IFilingBlobs>().UploadAsync(name!, stream, default);
        }

        var reconcile = _storage.Get<ReconcileService>();
        var results = new List<IngestionResult>();
        for (var run = 0; run < 5 && (run == 0 || (await reconcile.FindDueAsync(default)).Count > 0); run++)
        {
            results.AddRange((await reconcile.ReconcileAsync(null, default)).Select(o => o.Result).Where(r => r != IngestionResult.FollowedUp));
        }

        return results;
    }

    private async Task<LedgerEntry> EntryAsync(string blobName) => (await _storage.Get<IFilingLedger>().GetAsync(blobName, default))!;

    /// <summary>A file's status and how many of its rows count (none without a version in force).</summary>
    private async Task<(FilingStatus Status, int Rows)> StatusAndRowsAsync(string blobName)
    {
        var entry = await EntryAsync(blobName);
        return (entry.Status, entry.CurrentSha is null ? 0 : entry.CurrentRows);
    }

    /// <summary>
    /// What each target must show at a quarter, from the sample-city tests' own reading of SPEC §3 over the
    /// generator's model (Evaluation) and the targets file read here as plain JSON — never the product's rules.
    /// </summary>
    private sealed class Expectations
    {
        private readonly Dictionary<string, (decimal? Target, decimal[] Profile)> _targets = [];

        public Expectations(string targetsJson)
        {
            using var doc = JsonDocument.Parse(targetsJson);
            foreach (var t in doc.RootElement.GetProperty("targets").EnumerateArray())
            {
                var target = t.GetProperty("target");
                var profile = t.TryGetProperty("profile", out var p) ? p.EnumerateArray().Select(x => x.GetDecimal()).ToArray() : [0.25m, 0.5m, 0.75m, 1m];
                _targets[t.GetProperty("id").GetString()!] = (target.ValueKind == JsonValueKind.Number ? target.GetDecimal() : null, profile);
            }
        }

        public Evaluation Evaluation { get; } = new(TestCity.Default);

        /// <summary>规上 industrial rows without land, not closed, of the period.</summary>
        public IEnumerable<string> DataGaps(Cultivation.Domain.Periods.Period period) => Evaluation.RowsOf(period)
            .Where(r => r.AboveScale && Evaluation.Industrial(r) && r.Remediation != Cultivation.Domain.Firms.RemediationStatus.Closed && r.LandMu is null or 0)
            .Select(r => r.CreditCode)
            .Order(StringComparer.Ordinal);

        public async Task AssertAsOfAsync(ProgressApi api, int quarter)
        {
            using var doc = await JsonAsync(await api.Year(Request(), "2022", default));
            var body = doc.RootElement;
            Assert.Equal($"2022Q{quarter}", body.GetProperty("asOf").GetString());
            foreach (var (id, (target, profile)) in _targets)
            {
                var actual = Target(body, id);
                var (status, achieved, value) = Expected(id, quarter);
                if (value is { } v)
                {
                    Assert.Equal(Math.Round(v, 4), actual.GetProperty("value").GetDecimal());
                    Assert.Equal(23.5m, actual.GetProperty("baseline").GetDecimal(), 1);
                }
                else
                {
                    Assert.True(achieved == actual.GetProperty("achieved").GetInt32(), $"{id} at Q{quarter}: achieved {actual.GetProperty("achieved").GetInt32()}, expected {achieved}");
                    Assert.Equal(target ?? Evaluation.LowEfficiencyBaseline().Count, actual.GetProperty("target").GetDecimal());
                }

                Assert.True(status == actual.GetProperty("status").GetString(), $"{id} at Q{quarter}: status {actual.GetProperty("status").GetString()}, expected {status}");
            }
        }

        public IEnumerable<string> Lagging(int quarter) =>
            _targets.Keys.Where(id => Expected(id, quarter).Status is "behind" or "at-risk").Order();

        private (string Status, int Achieved, decimal? Value) Expected(string id, int quarter)
        {
            var (target, profile) = _targets[id];
            if (id == "tax-per-mu-average")
            {
                var value = Evaluation.TaxPerMu(new Cultivation.Domain.Periods.Period(2022, quarter));
                return (value >= target ? "achieved" : value >= 0.9m * target ? "at-risk" : "behind", 0, value);
            }

            var achieved = id == "low-efficiency-cleared" ? Evaluation.Cleared(quarter) : Evaluation.Count(id, quarter);
            return (Evaluation.Status(achieved, target ?? Evaluation.LowEfficiencyBaseline().Count, profile, quarter), achieved, null);
        }
    }

    [Fact]
    public async Task Bad_input_gets_a_problem_body_never_a_500()
    {
        await _storage.Get<TargetsService>().LoadAsync(await File.ReadAllTextAsync(Path.Combine(Repository.Root(), "seeds/targets/2022.json")), default);
        var api = new ProgressApi(_storage.Get<ProgressQueries>());
        var enterprises = new EnterprisesApi(_storage.Get<EnterpriseQueries>());
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

    private async Task IngestAsync(string root, string seedFolder, string period, int expectedAccepted)
    {
        await UploadFolderAsync(Path.Combine(root, seedFolder, period), period);
        var outcomes = await _storage.Get<ReconcileService>().ReconcileAsync(null, default);
        Assert.Equal(expectedAccepted, outcomes.Count(o => o.Result == IngestionResult.Accepted));
        Assert.Equal(seedFolder.EndsWith("-bad", StringComparison.Ordinal) ? outcomes.Count : 0, outcomes.Count(o => o.Result == IngestionResult.Rejected));
    }

    private async Task UploadFolderAsync(string folder, string period)
    {
        foreach (var file in Directory.EnumerateFiles(folder))
        {
            await using var stream = File.OpenRead(file);
            await _storage.Get<IFilingBlobs>().UploadAsync($"{period}/{Path.GetFileName(file)}", stream, default);
        }
    }
}
