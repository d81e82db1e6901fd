using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Cultivation.Application;
using Cultivation.Application.Enterprises;
using Cultivation.Application.Ingestion;
using Cultivation.Application.Ingestion.FollowUps;
using Cultivation.Application.Progress;
using Cultivation.Application.Reading;
using Cultivation.Application.Storage;
using Cultivation.Domain.City;
using Cultivation.Domain.Filings;
using Cultivation.Domain.Firms;
using Cultivation.Functions.Api;
using Cultivation.Infrastructure.Tables;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;

using static Cultivation.Benchmarks.Report;

namespace Cultivation.Benchmarks;

/// <summary>
/// Measurements 2 to 5 against Azurite. Too slow for BenchmarkDotNet: a Stopwatch, one warm-up,
/// <see cref="Harness.Runs"/> runs, the median. Every run of the product gets a fresh Storage:Prefix.
/// </summary>
public sealed class StorageBenchmarks(string connection)
{
    private const string LargeBlob = "2022/Q2/统计局.xlsx";
    private static readonly CancellationToken s_none = CancellationToken.None;

    /// <summary>Measurement 2: one large file end to end (parse, validate, claim, store, recompute) against raw batched writes.</summary>
    public async Task<(double Product, double Baseline)> IngestionAsync(int rows)
    {
        Line($"## 2. End-to-end ingestion of {rows:N0} rows");
        var file = BenchFiles.Large(rows);
        var (product, recompute) = await ProductIngestionAsync(rows, file, warmUp: true);
        var productRate = rows / product.Median;

        var entities = BaselineBatches(file);
        var sequential = await Harness.MeasureAsync("baseline, sequential batches", _ => WriteRawAsync(entities, 1));
        var parallel = await Harness.MeasureAsync("baseline, 8 batches in flight", _ => WriteRawAsync(entities, 8));
        var interleaved = await Harness.MeasureAsync("baseline, 8 batches in flight, partitions interleaved", _ => WriteRawAsync(Interleave(entities), 8));
        var baseline = new[] { sequential.Median, parallel.Median, interleaved.Median }.Min();
        var baselineRate = rows / baseline;

        var (peakMb, coldSeconds) = await PeakWorkingSetAsync(rows);

        Line();
        Line($"- product IngestAsync (incl. recompute of 2022): median {product.Median:F2} s ({product.Runs}) = **{F(productRate)} rows/s**");
        Line($"  - of which a recompute of 2022 alone takes: median {Harness.Median(recompute):F2} s");
        Line($"- baseline raw SDK, sequential: median {sequential.Median:F2} s ({sequential.Runs}) = {F(rows / sequential.Median)} entities/s");
        Line($"- baseline raw SDK, 8 in flight: median {parallel.Median:F2} s ({parallel.Runs}) = {F(rows / parallel.Median)} entities/s");
        Line($"- baseline raw SDK, 8 in flight, partitions interleaved (the order the product's batches fill in): median {interleaved.Median:F2} s ({interleaved.Runs}) = {F(rows / interleaved.Median)} entities/s");
        Line($"- product / best baseline = **{productRate / baselineRate:P0}** (goal ≥ 80%)");
        Line($"- peak working set of one ingestion in a fresh process: **{peakMb:F0} MB** (goal < 300 MB; that process's cold ingestion took {coldSeconds:F2} s)");
        Line();
        return (product.Median, baseline);
    }

    /// <summary>
    /// Measurement 5: ingestion time against file size, each beside the raw SDK writing the same entities at
    /// that size (8 in flight), so that what the storage itself does with size is told apart from the product.
    /// </summary>
    public async Task ScalingAsync(IReadOnlyList<int> sizes, (double Product, double Baseline)? knownLargest, int largest)
    {
        Line("## 5. Scaling");
        var results = new List<(int Rows, double Seconds, double Baseline)>();
        foreach (var size in sizes)
        {
            var file = BenchFiles.Large(size);
            var (t, _) = await ProductIngestionAsync(size, file, warmUp: false);
            var entities = BaselineBatches(file);
            var raw = await Harness.MeasureAsync($"baseline {size:N0}, 8 batches in flight", _ => WriteRawAsync(entities, 8), warmUp: false);
            var rawInterleaved = await Harness.MeasureAsync($"baseline {size:N0}, 8 in flight, interleaved", _ => WriteRawAsync(Interleave(entities), 8), warmUp: false);
            results.Add((size, t.Median, Math.Min(raw.Median, rawInterleaved.Median)));
        }

        if (knownLargest is { } known)
        {
            results.Add((largest, known.Product, known.Baseline));
        }

        Line();
        Line("| rows | product median s | product rows/s | raw SDK median s (better order) | raw SDK entities/s | product / raw SDK |");
        Line("|---:|---:|---:|---:|---:|---:|");
        foreach (var (n, s, b) in results.OrderBy(r => r.Rows))
        {
            Line($"| {n:N0} | {s:F2} | {F(n / s)} | {b:F2} | {F(n / b)} | {b / s:P0} |");
        }

        // Whether the storage's cost per entity grows with the size of the table it writes into (Azurite keeps
        // each table in one in-memory collection with sorted indices): the largest file's entities written
        // once into one table, once split over tables holding as many as the smallest file.
        var largestFile = BenchFiles.Large(largest);
        var batches = Interleave(BaselineBatches(largestFile));
        var perTable = Math.Max(1, batches.Count * sizes.Min() / largest);
        var oneTable = await Harness.MeasureAsync($"raw SDK, {largest:N0} entities into one table", _ => WriteRawAsync(batches, 8), warmUp: false);
        var split = await Harness.MeasureAsync($"raw SDK, {largest:N0} entities over tables of {sizes.Min():N0}", async _ =>
        {
            var total = 0.0;
            foreach (var part in batches.Chunk(perTable))
            {
                total += await WriteRawAsync([.. part], 8);
            }

            return total;
        }, warmUp: false);
        Line($"- the storage alone, {largest:N0} entities (8 in flight): into one table {oneTable.Median:F2} s = {F(largest / oneTable.Median)}/s; " +
            $"into {(batches.Count + perTable - 1) / perTable} tables of {sizes.Min():N0} {split.Median:F2} s = {F(largest / split.Median)}/s");
        Line();
    }

    private async Task<(Timings Product, List<double> Recompute)> ProductIngestionAsync(int rows, string file, bool warmUp)
    {
        var recompute = new List<double>();
        var product = await Harness.MeasureAsync($"product ingestion {rows:N0}", async run =>
        {
            await using var env = new BenchStorage(connection);
            await env.LoadTargetsAsync();
            await env.UploadAsync(LargeBlob, file);
            var ingestion = env.Get<IngestionService>();
            IngestionOutcome outcome = null!;
            var seconds = await Harness.TimeAsync(async () => outcome = await ingestion.IngestAsync(LargeBlob, s_none));
            if (outcome.Result != IngestionResult.Accepted || outcome.Rows != rows)
            {
                throw new InvalidOperationException($"ingestion ended {outcome.Result} with {outcome.Rows} rows: {outcome.Message}");
            }

            if (run >= 0)
            {
                recompute.Add(await Harness.TimeAsync(() => env.Get<ProgressService>().RecomputeAsync(2022, s_none)));
            }

            return seconds;
        }, warmUp);
        return (product, recompute);
    }

    /// <summary>What keeping the enterprise index adds to ingesting one large file: the product with and without its follow-up step.</summary>
    public async Task EnterpriseIndexCostAsync(int rows)
    {
        Line($"## 6. The enterprise index's cost on the ingestion of {rows:N0} rows");
        var file = BenchFiles.Large(rows);

        // No warm-up: a run lasts seconds, long enough for the JIT not to matter.
        var without = await IngestEachAsync("without the index step", file, rows, WithoutIndex);
        var with = await IngestEachAsync("with the index step", file, rows, configure: null);
        Line($"- product IngestAsync with the index step: median {with.Median:F2} s ({with.Runs})");
        Line($"- the same without it: median {without.Median:F2} s ({without.Runs})");
        Line($"- the index adds **{with.Median - without.Median:F2} s = {(with.Median - without.Median) / without.Median:P0}** to the ingestion");
        Line();
    }

    private async Task<Timings> IngestEachAsync(string label, string file, int rows, Action<IServiceCollection>? configure) =>
        await Harness.MeasureAsync($"product ingestion {rows:N0}, {label}", async _ =>
        {
            await using var env = new BenchStorage(connection, configure: configure);
            await env.LoadTargetsAsync();
            await env.UploadAsync(LargeBlob, file);
            IngestionOutcome outcome = null!;
            var seconds = await Harness.TimeAsync(async () => outcome = await env.Get<IngestionService>().IngestAsync(LargeBlob, s_none));
            if (outcome.Result != IngestionResult.Accepted || outcome.Rows != rows || outcome.FollowUpsDue.Count > 0)
            {
                throw new InvalidOperationException($"ingestion ended {outcome.Result} with {outcome.Rows} rows, follow-ups due {outcome.FollowUpsDue.Count}: {outcome.Message}");
            }

            return seconds;
        }, warmUp: false);

    /// <summary>The same batches, taken one from each partition in turn rather than partition after partition.</summary>
    private static List<List<TableTransactionAction>> Interleave(List<List<TableTransactionAction>> batches) =>
        [.. batches
            .GroupBy(b => b[0].Entity.PartitionKey, StringComparer.Ordinal)
            .SelectMany(g => g.Select((batch, index) => (batch, index)))
            .OrderBy(x => x.index)
            .Select(x => x.batch)];

    /// <summary>The same rows as the product stores them (same entities, same partition keys and shards, chosen from the file size as the product does), grouped into batches of 100.</summary>
    private static List<List<TableTransactionAction>> BaselineBatches(string file)
    {
        FilingName.TryParse(LargeBlob, out var name, out _);
        IReadOnlyList<FirmRow> rows;
        using (var stream = File.OpenRead(file))
        {
            rows = new FilingReader(new CityOptions()).Read(stream, name!).Rows;
        }

        const string sha = "0123456789abcdef0123456789abcdef";
        var shards = TableFirmRowStore.ShardCount(FilingSize.EstimatedRows(new FileInfo(file).Length));
        return rows
            .GroupBy(r => TableFirmRowStore.ShardOf(r.CreditCode.Value, shards))
            .SelectMany(g => g.Chunk(100).Select(chunk => chunk
                .Select(r => new TableTransactionAction(TableTransactionActionType.UpsertReplace,
                    FirmRowEntity.ToEntity(TableFirmRowStore.PartitionKey(name!, sha, g.Key), r)))
                .ToList()))
            .ToList();
    }

    private async Task<double> WriteRawAsync(List<List<TableTransactionAction>> batches, int inFlight)
    {
        var service = new TableServiceClient(connection);
        var table = service.GetTableClient("raw" + Guid.NewGuid().ToString("N")[..10]);
        await table.CreateIfNotExistsAsync();
        try
        {
            return await Harness.TimeAsync(async () =>
            {
                if (inFlight <= 1)
                {
                    foreach (var batch in batches)
                    {
                        await table.SubmitTransactionAsync(batch);
                    }
                }
                else
                {
                    await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = inFlight },
                        async (batch, ct) => await table.SubmitTransactionAsync(batch, ct));
                }
            });
        }
        finally
        {
            await table.DeleteAsync();
        }
    }

    /// <summary>One ingestion in a child process, which reports its own peak working set.</summary>
    private static async Task<(double PeakMb, double Seconds)> PeakWorkingSetAsync(int rows)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath!) == "dotnet")
        {
            start.ArgumentList.Add(typeof(StorageBenchmarks).Assembly.Location);
        }

        foreach (var arg in new[] { "ingest-once", "--rows", rows.ToString(System.Globalization.CultureInfo.InvariantCulture), "--files", BenchFiles.Directory })
        {
            start.ArgumentList.Add(arg);
        }

        using var child = Process.Start(start)!;
        var output = await child.StandardOutput.ReadToEndAsync();
        await child.WaitForExitAsync();
        var last = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault(l => l.StartsWith("PEAK ", StringComparison.Ordinal));
        if (child.ExitCode != 0 || last is null)
        {
            throw new InvalidOperationException("the ingest-once child failed:\n" + output);
        }

        var parts = last.Split(' ');
        return (double.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture), double.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>The child's side: ingest once, print "PEAK {MB} {seconds}".</summary>
    /// <param name="withoutIndex">Leave the enterprise index's follow-up step out (to see what it costs).</param>
    public async Task IngestOnceAsync(int rows, bool withoutIndex = false)
    {
        var file = BenchFiles.Large(rows);
        await using var env = new BenchStorage(connection, configure: withoutIndex ? WithoutIndex : null);
        await env.LoadTargetsAsync();
        await env.UploadAsync(LargeBlob, file);
        var ingestion = env.Get<IngestionService>();
        IngestionOutcome outcome = null!;
        var seconds = await Harness.TimeAsync(async () => outcome = await ingestion.IngestAsync(LargeBlob, s_none));
        if (outcome.Result != IngestionResult.Accepted)
        {
            throw new InvalidOperationException($"ingestion ended {outcome.Result}: {outcome.Message}");
        }

        using var self = Process.GetCurrentProcess();
        self.Refresh();
        Console.WriteLine(FormattableString.Invariant($"PEAK {self.PeakWorkingSet64 / (1024.0 * 1024):F1} {seconds:F3}"));
    }

    /// <summary>Measurement 3: one quarter's 16 files, one after another and all at once.</summary>
    public async Task BurstAsync()
    {
        Line("## 3. Quarter-end burst: seeds/filings/2022/Q2 (15 towns + 统计局)");
        var totals = new Dictionary<string, HashSet<string>>();
        async Task<double> RunAsync(string mode, Func<BenchStorage, IReadOnlyList<string>, Task> ingest)
        {
            await using var env = new BenchStorage(connection);
            await env.LoadTargetsAsync();
            var blobs = await env.UploadTreeAsync(Paths.Filings, n => n.StartsWith("2022/Q2/", StringComparison.Ordinal));
            var seconds = await Harness.TimeAsync(() => ingest(env, blobs));
            var entries = await env.Get<IFilingLedger>().ListAllAsync(s_none);
            var rows = entries.Where(e => e.Status == FilingStatus.Accepted).Sum(e => e.CurrentRows);
            var accepted = entries.Count(e => e.Status == FilingStatus.Accepted);
            var progress = await env.Get<ProgressQueries>().YearAsync(2022, s_none);
            var json = JsonSerializer.SerializeToNode(progress.Value, CultivationJson.Options)!;
            StripComputedAt(json);
            if (!totals.TryGetValue(mode, out var set))
            {
                totals[mode] = set = [];
            }

            set.Add($"{accepted} files accepted, {rows} rows, progress {Sha(json.ToJsonString())}");
            return seconds;
        }

        var serial = await Harness.MeasureAsync("serial (IngestAsync one after another)", _ => RunAsync("serial", async (env, blobs) =>
        {
            var ingestion = env.Get<IngestionService>();
            foreach (var blob in blobs)
            {
                await ingestion.IngestAsync(blob, s_none);
            }
        }));
        var concurrent = await Harness.MeasureAsync("concurrent (Task.WhenAll of IngestAsync)", _ => RunAsync("concurrent", async (env, blobs) =>
        {
            var ingestion = env.Get<IngestionService>();
            await Task.WhenAll(blobs.Select(b => Task.Run(() => ingestion.IngestAsync(b, s_none))));
        }));
        var reconcile = await Harness.MeasureAsync("ReconcileService (4 in parallel, one recompute)", _ => RunAsync("reconcile", (env, _) =>
            env.Get<ReconcileService>().ReconcileAsync(null, s_none)));

        var distinct = totals.Values.SelectMany(v => v).Distinct().ToList();
        Line();
        Line($"- serial: median {serial.Median:F2} s ({serial.Runs})");
        Line($"- concurrent Task.WhenAll: median {concurrent.Median:F2} s ({concurrent.Runs}) = {serial.Median / concurrent.Median:F2}× serial");
        Line($"- ReconcileService: median {reconcile.Median:F2} s ({reconcile.Runs}) = {serial.Median / reconcile.Median:F2}× serial");
        Line($"- totals of every run ({distinct.Count} distinct): {string.Join(" | ", distinct)}");
        Line($"- identical totals: **{(distinct.Count == 1 ? "yes" : "NO")}**");
        Line();
    }

    /// <summary>Measurement 4: GET /api/progress/2022 through the function class for the sample city and a ten times larger one.</summary>
    public async Task QueriesAsync(int calls, bool largeCity)
    {
        Line("## 4. Queries: GET /api/progress/2022 (ProgressApi.Year, DefaultHttpContext)");
        var small = await CityLatencyAsync("sample city (4,500 firms)", Paths.Filings, calls);
        if (!largeCity)
        {
            Line();
            return;
        }

        if (await BenchFiles.LargeCityAsync() is not { } largeFilings)
        {
            return;
        }

        var large = await CityLatencyAsync("10× city (45,000 firms)", largeFilings, calls);
        Line();
        Line($"- p95 ratio large / sample = **{large.P95 / small.P95:F2}** (goal ≤ 1.5)");
        Line();
    }

    private async Task<(double Median, double P95)> CityLatencyAsync(string label, string filings, int calls)
    {
        await using var env = new BenchStorage(connection);
        await env.LoadTargetsAsync();
        var blobs = await env.UploadTreeAsync(filings);
        var load = await Harness.TimeAsync(() => env.Get<ReconcileService>().ReconcileAsync(null, s_none));
        var entries = await env.Get<IFilingLedger>().ListAllAsync(s_none);
        var rows = entries.Where(e => e.Status == FilingStatus.Accepted).Sum(e => e.CurrentRows);

        var api = new ProgressApi(env.Get<ProgressQueries>());
        var bytes = 0;
        async Task<double> CallAsync()
        {
            var context = new DefaultHttpContext();
            var sw = Stopwatch.StartNew();
            var result = await api.Year(context.Request, "2022", s_none);
            sw.Stop();
            if (result is not ContentResult { StatusCode: 200 } content)
            {
                throw new InvalidOperationException($"GET /api/progress/2022 answered {result}");
            }

            bytes = content.Content!.Length;
            return sw.Elapsed.TotalMilliseconds;
        }

        for (var i = 0; i < 20; i++)
        {
            await CallAsync();
        }

        var latencies = new List<double>();
        for (var i = 0; i < calls; i++)
        {
            latencies.Add(await CallAsync());
        }

        var median = Harness.Median(latencies);
        var p95 = Harness.Percentile(latencies, 95);
        Line($"- {label}: {blobs.Count} files, {rows:N0} rows loaded in {load:F1} s; {calls} calls: median **{median:F2} ms**, p95 **{p95:F2} ms** (body {bytes:N0} chars)");

        // Before the index is built, a lookup reads the firm in every accepted version (the code before the index, plus one point
        // read of the index's state); after, one point read of the index.
        var enterprises = new EnterprisesApi(env.Get<EnterpriseQueries>());
        var codes = new List<string>();
        var sample = entries.First(e => e.Status == FilingStatus.Accepted && e.CurrentSha is not null);
        FilingName.TryParse(sample.BlobName, out var sampleName, out _);
        await foreach (var row in env.Get<IFirmRowStore>().ReadAsync(sampleName!, sample.CurrentSha!, sample.CurrentShards, s_none))
        {
            codes.Add(row.CreditCode.Value);
            if (codes.Count == 50)
            {
                break;
            }
        }

        async Task<List<double>> LookupsAsync()
        {
            var lookups = new List<double>();
            foreach (var code in codes.Concat(codes))
            {
                var context = new DefaultHttpContext();
                var sw = Stopwatch.StartNew();
                var result = await enterprises.Run(context.Request, code, s_none);
                sw.Stop();
                if (result is not ContentResult { StatusCode: 200 })
                {
                    throw new InvalidOperationException($"GET /api/enterprises/{code} answered {result}");
                }

                lookups.Add(sw.Elapsed.TotalMilliseconds);
            }

            return lookups;
        }

        var versions = entries.Count(e => e.CurrentSha is not null);
        var before = await LookupsAsync();
        Line($"  - GET /api/enterprises/{{code}} without the index ({before.Count} calls, one point read in each of {versions} accepted versions): median {Harness.Median(before):F2} ms, p95 **{Harness.Percentile(before, 95):F2} ms**");

        // The follow-up steps of the load kept the index in step; the build checks every file and marks it built.
        EnterpriseIndexRebuildResult? built = null;
        var build = await Harness.TimeAsync(async () => built = await env.Get<EnterpriseIndexRebuild>().EnsureBuiltAsync(s_none));
        var after = await LookupsAsync();
        Line($"  - GET /api/enterprises/{{code}} through the index ({after.Count} calls, one point read): median {Harness.Median(after):F2} ms, p95 **{Harness.Percentile(after, 95):F2} ms**; " +
            $"p95 after / before = {Harness.Percentile(after, 95) / Harness.Percentile(before, 95):P1}. Building it over the loaded city took {build:F2} s ({built?.Written ?? 0} rows written)");
        return (median, p95);
    }

    private static void StripComputedAt(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                o.Remove("computedAt");
                foreach (var (_, child) in o.ToList())
                {
                    StripComputedAt(child);
                }

                break;
            case JsonArray a:
                foreach (var child in a)
                {
                    StripComputedAt(child);
                }

                break;
        }
    }

    private static string Sha(string text) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)))[..12];

    private static void WithoutIndex(IServiceCollection services) =>
        services.Remove(services.Single(d => d.ServiceType == typeof(IFilingFollowUp) && d.ImplementationType == typeof(UpdateEnterpriseIndex)));
}
