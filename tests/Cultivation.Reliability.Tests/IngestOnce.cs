using System.Diagnostics;
using System.Globalization;
using Cultivation.Application.Ingestion;
using Cultivation.Application.Storage;
using Cultivation.Domain.Tests.Builders;
using Cultivation.Integration.Tests;

namespace Cultivation.Reliability.Tests;

/// <summary>
/// Peak memory of one ingestion, measured as the benchmark suite does (bench's <c>ingest-once</c>): this test
/// assembly, run as a program, ingests one file through the real pipeline into the tables of the test that started
/// it and prints its own <see cref="Process.PeakWorkingSet64"/>. A fresh process counts one ingestion and nothing
/// else: not the test runner, not the test that built the file, not another test running beside it.
/// </summary>
public static class IngestOnce
{
    public const string Verb = "ingest-once";

    /// <summary>The child: <c>ingest-once {storage prefix} {blob name} {file} [Section:Key=value …]</c>.</summary>
    public static async Task<int> Main(string[] args)
    {
        if (args is not [Verb, var prefix, var blobName, var file, .. var settings])
        {
            await Console.Error.WriteLineAsync($"usage: {Verb} <storage prefix> <blob name> <file> [Section:Key=value …]");
            return 2;
        }

        var values = new Dictionary<string, string?> { ["Storage:Prefix"] = prefix };
        foreach (var setting in settings)
        {
            var equals = setting.IndexOf('=', StringComparison.Ordinal);
            values[setting[..equals]] = setting[(equals + 1)..];
        }

        // Not disposed: the tables belong to the test that started this process, which looks at them afterwards.
        var storage = new TestStorage(settings: values);
        await using (var stream = File.OpenRead(file))
        {
            await storage.Get<IFilingBlobs>().UploadAsync(blobName, stream, default);
        }

        var clock = Stopwatch.StartNew();
        var outcome = await storage.Get<IngestionService>().IngestAsync(blobName, default);
        clock.Stop();
        using var self = Process.GetCurrentProcess();
        self.Refresh();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"PEAK {self.PeakWorkingSet64} {clock.Elapsed.TotalSeconds:F3} {outcome.Result} {outcome.Errors}"));
        return 0;
    }

    /// <summary>The parent: writes <paramref name="bytes"/> to a temporary file and has a child process ingest it.</summary>
    public static async Task<ChildIngestion> RunAsync(TestStorage storage, string blobName, byte[] bytes,
        IReadOnlyDictionary<string, string>? environment = null, params string[] settings)
    {
        var file = Path.Combine(Path.GetTempPath(), "cultivation-hostile-" + Guid.NewGuid().ToString("N"));
        await File.WriteAllBytesAsync(file, bytes);
        try
        {
            var start = new ProcessStartInfo(DotnetHost()) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var arg in (string[])[typeof(IngestOnce).Assembly.Location, Verb, storage.Prefix, blobName, file, .. settings])
            {
                start.ArgumentList.Add(arg);
            }

            foreach (var (key, value) in environment ?? new Dictionary<string, string>())
            {
                start.Environment[key] = value;
            }

            using var child = Process.Start(start)!;
            var output = child.StandardOutput.ReadToEndAsync();
            var errors = child.StandardError.ReadToEndAsync();
            using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(5));
            try
            {
                await child.WaitForExitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                child.Kill(entireProcessTree: true);
                throw new TimeoutException($"the ingest-once child of {blobName} ran for more than 5 minutes");
            }

            var text = await output + await errors;
            var peak = text.Split('\n').LastOrDefault(l => l.StartsWith("PEAK ", StringComparison.Ordinal));
            if (child.ExitCode != 0 || peak is null)
            {
                throw new InvalidOperationException($"the ingest-once child failed (exit code {child.ExitCode}):\n{text}");
            }

            var parts = peak.Trim().Split(' ');
            return new ChildIngestion(
                long.Parse(parts[1], CultureInfo.InvariantCulture),
                double.Parse(parts[2], CultureInfo.InvariantCulture),
                Enum.Parse<IngestionResult>(parts[3]),
                int.Parse(parts[4], CultureInfo.InvariantCulture),
                bytes.Length);
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>The dotnet host that runs this test (the child runs the same runtime).</summary>
    private static string DotnetHost() =>
        Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet"
            ? path
            : Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
}

/// <summary>What one child ingestion measured.</summary>
public sealed record ChildIngestion(long PeakWorkingSet, double Seconds, IngestionResult Result, int Errors, long FileBytes)
{
    public double PeakMb => PeakWorkingSet / (1024.0 * 1024);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{HostileWorkbooks.Size(FileBytes)}: {Result.ToString().ToLowerInvariant()} ({Errors} errors) in {Seconds:F2} s, peak working set {PeakMb:F0} MB");
}
