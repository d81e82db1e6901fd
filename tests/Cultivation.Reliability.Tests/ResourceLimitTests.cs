using System.Diagnostics;
using System.IO.Compression;
using Cultivation.Application.Ingestion;
using Cultivation.Application.Storage;
using Xunit.Abstractions;

namespace Cultivation.Reliability.Tests;

/// <summary>Tests that measure this process's memory run alone, so no other test's allocations count against them.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AloneCollection
{
    public const string Name = "alone";
}

/// <summary>Hostile sizes are refused without exhausting memory: the working set grows by less than 200 MB while they are ingested.</summary>
[Collection(AloneCollection.Name)]
public sealed class ResourceLimitTests(ITestOutputHelper output)
{
    private const long MaxGrowth = 200L * 1024 * 1024;

    [Fact]
    public void The_zip_bomb_is_what_it_claims_small_on_disk_and_inflating_to_zeros_with_an_honest_crc()
    {
        Assert.Equal(Hostile.Crc32(new byte[1000]), Hostile.Crc32OfZeros(1000));
        Assert.Equal(Hostile.Crc32(new byte[3 * 1024 * 1024]), Hostile.Crc32OfZeros(3 * 1024 * 1024));

        var big = Hostile.ZipBomb();
        Assert.True(big.Length < 4 * 1024 * 1024, $"{big.Length} bytes");
        using (var zip = new ZipArchive(new MemoryStream(big)))
        {
            var sheet = zip.GetEntry("xl/worksheets/sheet1.xml")!;
            Assert.Equal(Hostile.BombBytes, sheet.Length);
            Assert.Equal(Hostile.Crc32OfZeros(Hostile.BombBytes), sheet.Crc32);
        }

        // The same construction, small enough to inflate here: every byte comes out, all zeros.
        const int small = 8 * 1024 * 1024;
        using var smallZip = new ZipArchive(new MemoryStream(Hostile.ZipBomb(small)));
        using var inflated = smallZip.GetEntry("xl/worksheets/sheet1.xml")!.Open();
        var buffer = new byte[1024 * 1024];
        long total = 0;
        int read;
        while ((read = inflated.Read(buffer)) > 0)
        {
            Assert.True(buffer.AsSpan(0, read).IndexOfAnyExcept((byte)0) < 0);
            total += read;
        }

        Assert.Equal(small, total);
    }

    [Fact]
    public async Task A_zip_bomb_that_expands_to_gigabytes_is_refused_within_bounded_memory()
    {
        using var pipeline = new Pipeline();
        const string name = "2022/Q1/东城街道.xlsx";
        await pipeline.UploadAsync(name, Hostile.ZipBomb());

        var (outcome, growth) = await MeasureAsync(() => pipeline.IngestAsync(name));
        output.WriteLine($"working set grew by {growth / (1024 * 1024)} MB");

        Assert.Equal(IngestionResult.Rejected, outcome.Result);
        Assert.True(growth < MaxGrowth, $"the working set grew by {growth / (1024 * 1024)} MB");
        Assert.Contains("压缩炸弹", await pipeline.Blobs.ReadReportAsync(name + ".json", default));
    }

    [Fact]
    public async Task A_file_far_over_the_size_limit_is_refused_within_bounded_memory_and_its_version_still_known()
    {
        const long size = 256L * 1024 * 1024;
        using var pipeline = new Pipeline(settings: new Dictionary<string, string?> { ["Reading:MaxFileBytes"] = "1048576" });
        const string name = "2022/Q1/东城街道.csv";
        var clock = Stopwatch.StartNew();
        await pipeline.Blobs.UploadAsync(name, new GeneratedStream(size), default);
        output.WriteLine($"uploaded in {clock.ElapsedMilliseconds} ms");
        clock.Restart();

        var (outcome, growth) = await MeasureAsync(() => pipeline.IngestAsync(name));
        output.WriteLine($"ingested in {clock.ElapsedMilliseconds} ms; working set grew by {growth / (1024 * 1024)} MB");

        Assert.Equal(IngestionResult.Rejected, outcome.Result);
        Assert.True(growth < MaxGrowth, $"the working set grew by {growth / (1024 * 1024)} MB");
        var entry = await pipeline.Ledger.GetAsync(name, default);
        Assert.Equal(FilingStatus.Rejected, entry!.Status);
        Assert.Equal(0, entry.Attempts);
        Assert.Empty(await pipeline.FirmRowKeysAsync());
        Assert.Contains("大小上限", await pipeline.Blobs.ReadReportAsync(name + ".json", default));
    }

    /// <summary>Runs <paramref name="action"/> while sampling the working set; returns the peak growth over the level before.</summary>
    private static async Task<(T Result, long Growth)> MeasureAsync<T>(Func<Task<T>> action)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        var before = process.WorkingSet64;
        var peak = before;
        using var stop = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                process.Refresh();
                peak = Math.Max(peak, process.WorkingSet64);
                await Task.Delay(5, CancellationToken.None);
            }
        });

        var result = await action();
        await stop.CancelAsync();
        await sampler;
        process.Refresh();
        peak = Math.Max(peak, process.WorkingSet64);
        return (result, peak - before);
    }
}
