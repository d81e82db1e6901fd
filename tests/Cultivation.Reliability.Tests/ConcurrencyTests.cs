using System.Text.Json;
using System.Text.Json.Nodes;
using Cultivation.Application;
using Cultivation.Application.Ingestion;
using Cultivation.Application.Progress;
using Cultivation.Application.Storage;
using Cultivation.Application.Telemetry;
using Cultivation.Domain.Periods;
using Cultivation.Integration.Tests;
using Cultivation.Integration.Tests.Telemetry;
using Xunit.Abstractions;

namespace Cultivation.Reliability.Tests;

/// <summary>SPEC §4 concurrency: duplicate events, trigger and timer together, every town at once, two files racing for a firm.</summary>
public sealed class ConcurrencyTests(ITestOutputHelper output)
{
    [Fact]
    public async Task The_same_blob_event_delivered_three_times_at_once_is_ingested_once()
    {
        using var pipeline = new Pipeline();
        for (var run = 0; run < 3; run++)
        {
            var name = $"202{3 + run}/Q1/东城街道.csv";
            var bytes = Filings.CsvOf(Enumerable.Range(run * 1000, 300));
            await pipeline.UploadAsync(name, bytes);

            var outcomes = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ =>
                Task.Run(() => pipeline.Ingestion.IngestAsync(name, new MemoryStream(bytes), null, default))));

            Assert.Single(outcomes, o => o.Result == IngestionResult.Accepted);
            Assert.All(outcomes, o => Assert.Contains(o.Result, new[] { IngestionResult.Accepted, IngestionResult.InProgress, IngestionResult.Unchanged }));
            Assert.Equal(300, (await pipeline.RowsInForceAsync(name)).Count);
            Assert.Single(await pipeline.Ledger.ListVersionsAsync(new Period(2023 + run, 1), default));
        }

        Assert.Equal(900, (await pipeline.FirmRowKeysAsync()).Count);
    }

    [Fact]
    public async Task The_blob_trigger_and_the_reconcile_timer_taking_up_one_file_at_once_ingest_it_once()
    {
        using var pipeline = new Pipeline();
        var reconcile = pipeline.Storage.Get<ReconcileService>();
        for (var run = 0; run < 5; run++)
        {
            var name = $"20{23 + run}/Q2/西城街道.csv";
            var bytes = Filings.CsvOf(Enumerable.Range(run * 1000, 300), "西城街道");
            await pipeline.UploadAsync(name, bytes);

            var trigger = Task.Run(() => pipeline.Ingestion.IngestAsync(name, new MemoryStream(bytes), null, default));
            var timer = Task.Run(() => reconcile.ReconcileAsync(null, default));
            var outcomes = (await timer).Append(await trigger).ToList();

            Assert.Single(outcomes, o => o.Result == IngestionResult.Accepted);
            Assert.Equal(300, (await pipeline.RowsInForceAsync(name)).Count);
            Assert.Single(await pipeline.Ledger.ListVersionsAsync(new Period(2023 + run, 2), default));

            // The trigger does not know the blob's ETag; when it won, the next timer run reads the file once more,
            // finds the same version and records the ETag, changing nothing. Then the file is settled.
            Assert.All(await reconcile.ReconcileAsync(null, default), o => Assert.Equal(IngestionResult.Unchanged, o.Result));
            Assert.Empty(await reconcile.FindDueAsync(default));
            Assert.Single(await pipeline.Ledger.ListVersionsAsync(new Period(2023 + run, 2), default));
        }

        Assert.Equal(1500, (await pipeline.FirmRowKeysAsync()).Count);
    }

    [Fact]
    public async Task Two_files_of_a_period_claiming_the_same_firm_concurrently_end_with_exactly_one_accepted()
    {
        using var pipeline = new Pipeline();
        for (var run = 0; run < 10; run++)
        {
            var period = new Period(2023 + run, 1 + (run % 4));
            var east = $"{period.Year}/Q{period.Quarter}/东城街道.csv";
            var west = $"{period.Year}/Q{period.Quarter}/西城街道.csv";

            // One shared firm in the middle of each file, so each has claimed others before they meet.
            var shared = (run * 1000) + 500;
            await pipeline.UploadAsync(east, Filings.CsvOf([.. Enumerable.Range(run * 1000, 150), shared]));
            await pipeline.UploadAsync(west, Filings.CsvOf([.. Enumerable.Range((run * 1000) + 600, 150), shared], "西城街道"));

            var outcomes = await Task.WhenAll(Task.Run(() => pipeline.IngestAsync(east)), Task.Run(() => pipeline.IngestAsync(west)));

            var winner = Assert.Single(outcomes, o => o.Result == IngestionResult.Accepted);
            var loser = Assert.Single(outcomes, o => o.Result == IngestionResult.Rejected);
            var claims = await pipeline.Storage.Get<IFirmClaims>().ListAsync(period, default);
            Assert.Equal(151, claims.Count);
            Assert.All(claims.Values, owner => Assert.Equal(winner.BlobName, owner));
            Assert.Empty(await pipeline.RowsInForceAsync(loser.BlobName));
            using var report = await pipeline.ReportAsync(loser.BlobName);
            var error = Assert.Single(report.RootElement.GetProperty("errors").EnumerateArray());
            Assert.Contains(winner.BlobName, error.GetProperty("reason").GetString());
        }
    }

    [Fact]
    public async Task Every_town_at_once_under_three_reconcilers_gives_exactly_the_rows_and_progress_of_one_at_a_time()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var (expectedRows, expectedProgress) = await OneAtATimeAsync();
        output.WriteLine($"one at a time: {clock.ElapsedMilliseconds} ms, {expectedRows.Count} rows");

        for (var run = 0; run < 3; run++)
        {
            using var first = new Pipeline();
            var shared = new Dictionary<string, string?> { ["Storage:Prefix"] = first.Storage.Prefix };
            using var second = new Pipeline(settings: shared);
            using var third = new Pipeline(settings: shared);
            await LoadTargetsAsync(first);
            await UploadSampleCityAsync(first);

            // Three reconcilers, each with its own services (as three function instances), over the same storage.
            var outcomes = (await Task.WhenAll(new[] { first, second, third }.Select(p =>
                Task.Run(() => p.Storage.Get<ReconcileService>().ReconcileAsync(null, default))))).SelectMany(o => o).ToList();
            while ((await first.Storage.Get<ReconcileService>().FindDueAsync(default)).Count > 0)
            {
                await first.Storage.Get<ReconcileService>().ReconcileAsync(null, default);
            }

            Assert.Equal(32, outcomes.Count(o => o.Result == IngestionResult.Accepted));
            Assert.Equal(expectedRows, await first.AllRowsInForceAsync());
            Assert.Equal(expectedProgress, await ProgressJsonAsync(third));
            output.WriteLine($"run {run + 1}: {clock.ElapsedMilliseconds} ms");
        }
    }

    [Fact]
    public async Task Two_reconcilers_racing_over_a_withdrawal_withdraw_it_once_and_count_nothing_twice()
    {
        // The statistics bureau's 2022Q1 file is deleted: no town is missing, so 2022Q1 stays complete and its figures must drop.
        const string deleted = "2022/Q1/统计局.xlsx";
        var (expectedRows, expectedProgress) = await OneAtATimeAsync(except: deleted);
        for (var run = 0; run < 3; run++)
        {
            // Each reconciler reports to the same capture: one operations event per verdict reached.
            using var events = new EventCapture();
            using var first = new Pipeline(events.Install);
            using var second = new Pipeline(events.Install, new Dictionary<string, string?> { ["Storage:Prefix"] = first.Storage.Prefix });
            await LoadTargetsAsync(first);
            await UploadSampleCityAsync(first);
            Assert.Equal(32, (await first.Storage.Get<ReconcileService>().ReconcileAsync(null, default)).Count(o => o.Result == IngestionResult.Accepted));
            Assert.NotEqual(expectedProgress, await ProgressJsonAsync(first));
            await first.Blob(deleted).DeleteAsync();

            var outcomes = (await Task.WhenAll(new[] { first, second }.Select(p =>
                Task.Run(() => p.Storage.Get<ReconcileService>().ReconcileAsync(null, default))))).SelectMany(o => o).ToList();
            while ((await first.Storage.Get<ReconcileService>().FindDueAsync(default)).Count > 0)
            {
                await first.Storage.Get<ReconcileService>().ReconcileAsync(null, default);
            }

            Assert.Single(outcomes, o => o.Result == IngestionResult.Withdrawn);
            Assert.All(outcomes, o => Assert.Equal(deleted, o.BlobName));
            var withdrawal = Assert.Single(events.Named(TelemetryEvents.FilingWithdrawn));
            Assert.Equal(deleted, withdrawal.Properties["blob"]);
            var entry = (await first.Ledger.GetAsync(deleted, default))!;
            Assert.Equal(FilingStatus.Withdrawn, entry.Status);
            Assert.Empty(entry.FollowUps);
            Assert.Equal(FilingStatus.Withdrawn, (await VerdictAsync(first, entry.VerdictId!)).Status);
            Assert.Equal(expectedRows, await first.AllRowsInForceAsync());
            Assert.Equal(expectedProgress, await ProgressJsonAsync(second));
            output.WriteLine($"run {run + 1}: {string.Join(", ", outcomes.Select(o => o.Result))}");
        }
    }

    /// <summary>The verdict record the ledger names.</summary>
    private static async Task<FilingVerdict> VerdictAsync(Pipeline pipeline, string verdictId) =>
        FilingVerdict.FromJson((await pipeline.Storage.Get<IFilingBlobs>().ReadVerdictAsync(verdictId, default))!);

    private static async Task<(List<string> Rows, string Progress)> OneAtATimeAsync(string? except = null)
    {
        using var pipeline = new Pipeline();
        await LoadTargetsAsync(pipeline);
        foreach (var name in (await UploadSampleCityAsync(pipeline)).Where(n => n != except))
        {
            Assert.Equal(IngestionResult.Accepted, (await pipeline.Ingestion.IngestAsync(name, default)).Result);
        }

        return (await pipeline.AllRowsInForceAsync(), await ProgressJsonAsync(pipeline));
    }

    private static async Task LoadTargetsAsync(Pipeline pipeline)
    {
        var (targets, problems) = await pipeline.Storage.Get<TargetsService>().LoadAsync(
            await File.ReadAllTextAsync(Path.Combine(Repository.Root(), "seeds/targets/2022.json")), default);
        Assert.Empty(problems);
        Assert.NotNull(targets);
    }

    /// <summary>Uploads the sample city's 2021/Q4 and 2022/Q1 filings (every town and the statistics bureau); returns their names in order.</summary>
    private static async Task<List<string>> UploadSampleCityAsync(Pipeline pipeline)
    {
        var names = new List<string>();
        foreach (var period in new[] { "2021/Q4", "2022/Q1" })
        {
            foreach (var file in Directory.EnumerateFiles(Path.Combine(Repository.Root(), "seeds/filings", period)).Order(StringComparer.Ordinal))
            {
                var name = $"{period}/{Path.GetFileName(file)}";
                await pipeline.UploadAsync(name, await File.ReadAllBytesAsync(file));
                names.Add(name);
            }
        }

        return names;
    }

    /// <summary>The whole GET /api/progress/2022 body, without the moment it was computed.</summary>
    private static async Task<string> ProgressJsonAsync(Pipeline pipeline)
    {
        var progress = (await pipeline.Storage.Get<ProgressQueries>().YearAsync(2022, default)).Value;
        Assert.NotNull(progress);
        var node = JsonNode.Parse(JsonSerializer.Serialize(progress, CultivationJson.Options))!;
        Assert.NotNull(node["computedAt"]);
        node.AsObject().Remove("computedAt");
        return node.ToJsonString();
    }
}
