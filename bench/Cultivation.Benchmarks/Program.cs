using System.Globalization;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Cultivation.Benchmarks;

using static Cultivation.Benchmarks.Report;

// Usage: Cultivation.Benchmarks [all|parse|storage|ingestion|burst|queries|index|workbooks|leaders|ingest-once] [--rows 100000] [--runs 3] [--calls 250]
//        [--scaling 10000,30000] [--no-large-city] [--workbook-rows 100000,200000] [--files DIR] [--out results.md]
// Storage measurements read the Azurite connection string from CULTIVATION_BENCH_STORAGE (bench/run.sh sets it).
var mode = args.Length > 0 && !args[0].StartsWith("--", StringComparison.Ordinal) ? args[0] : "all";
string? Option(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
int IntOption(string name, int fallback) => Option(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

var rows = IntOption("--rows", 100_000);
Harness.Runs = IntOption("--runs", 3);
var calls = IntOption("--calls", 250);
var scaling = (Option("--scaling") ?? "10000,30000").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList();
if (Option("--files") is { } files)
{
    BenchFiles.Directory = files;
}

var connection = Environment.GetEnvironmentVariable("CULTIVATION_BENCH_STORAGE");
if (mode is not "parse" && string.IsNullOrWhiteSpace(connection))
{
    Console.Error.WriteLine("CULTIVATION_BENCH_STORAGE is not set: the storage measurements need Azurite. Run bash bench/run.sh, which starts one.");
    return 2;
}

if (mode == "ingest-once")
{
    await new StorageBenchmarks(connection!).IngestOnceAsync(rows, withoutIndex: args.Contains("--without-index"));
    return 0;
}

if (mode == "index")
{
    await new StorageBenchmarks(connection!).EnterpriseIndexCostAsync(rows);
    await new StorageBenchmarks(connection!).QueriesAsync(calls, largeCity: !args.Contains("--no-large-city"));
    if (Option("--out") is { } indexOutput)
    {
        Save(indexOutput);
    }

    return 0;
}

if (mode == "workbook-once")
{
    await new WorkbookBenchmarks(connection!).OnceAsync(args[1], args[2], args[3], args[4]);
    return 0;
}

Line($"# Cultivation benchmarks, {DateTimeOffset.Now:yyyy-MM-dd HH:mm zzz}");
Line($"machine: {Environment.ProcessorCount} logical CPUs, {MachineInfo.Describe()}; .NET {Environment.Version}; {rows:N0}-row file, {Harness.Runs} runs after a warm-up");
Line();

// The file is written before any measurement, so its generation is timed by nobody.
Line($"benchmark file: {BenchFiles.Large(rows)} ({new FileInfo(BenchFiles.Large(rows)).Length / 1024.0 / 1024:F1} MB)");
Line();

if (mode is "parse" or "all")
{
    Line($"## 1. Parse and validate {rows:N0} rows (BenchmarkDotNet, in process)");
    ParseBenchmarks.Rows = rows;
    var job = Job.Default.WithLaunchCount(1).WithWarmupCount(1).WithIterationCount(3).WithToolchain(InProcessEmitToolchain.Instance);
    var config = DefaultConfig.Instance.AddJob(job.AsDefault()).AddDiagnoser(MemoryDiagnoser.Default).WithArtifactsPath(Path.Combine(BenchFiles.Directory, "bdn"));
    var summary = BenchmarkRunner.Run<ParseBenchmarks>(config);
    double? bare = null;
    foreach (var report in summary.Reports.OrderBy(r => r.BenchmarkCase.Descriptor.Baseline ? 0 : 1))
    {
        var seconds = report.ResultStatistics!.Median / 1e9;
        var rate = rows / seconds;
        var allocated = report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase) ?? 0;
        bare ??= rate;
        Line($"- {report.BenchmarkCase.Descriptor.WorkloadMethodDisplayInfo}: median {seconds:F3} s = **{F(rate)} rows/s** ({rate / bare.Value:P0} of bare), allocated {allocated / 1024.0 / 1024:F0} MB = {F(allocated / (double)rows)} B/row");
    }

    Line();
}

if (mode is "storage" or "all" or "ingestion" or "burst" or "queries")
{
    var bench = new StorageBenchmarks(connection!);
    if (mode is not ("burst" or "queries"))
    {
        var large = await bench.IngestionAsync(rows);
        await bench.ScalingAsync(scaling, large, rows);
    }

    if (mode is not ("ingestion" or "queries"))
    {
        await bench.BurstAsync();
    }

    if (mode is not ("ingestion" or "burst"))
    {
        await bench.QueriesAsync(calls, largeCity: !args.Contains("--no-large-city"));
    }
}

if (mode is "workbooks" or "all")
{
    var sizes = (Option("--workbook-rows") ?? $"{rows},200000").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList();
    await new WorkbookBenchmarks(connection!).RunAsync(sizes);
}

if (mode is "leaders" or "all")
{
    await new LeadersBenchmarks(connection!).RunAsync(largeCity: !args.Contains("--no-large-city"));
}

if (Option("--out") is { } output)
{
    Save(output);
    Console.WriteLine($"results written to {output}");
}

return 0;
