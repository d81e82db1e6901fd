using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using Cultivation.Application;
using Cultivation.Application.Ingestion;
using Cultivation.Application.Progress;
using Cultivation.Application.Storage;
using Cultivation.Domain.Filings;
using Cultivation.Domain.Firms;
using Cultivation.Infrastructure.Tables;
using Cultivation.Integration.Tests;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Cultivation.Reliability.Tests;

/// <summary>A private Azurite this test may stop and start again on the same data folder.</summary>
public sealed class PrivateAzurite : IDisposable
{
    private readonly string _location = Path.Combine(Path.GetTempPath(), "cultivation-azurite-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly int[] _ports = [FreePort(), FreePort(), FreePort()];
    private Process? _process;

    public PrivateAzurite()
    {
        Directory.CreateDirectory(_location);
        Start();
    }

    public string ConnectionString =>
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;" +
        $"BlobEndpoint=http://127.0.0.1:{_ports[0]}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{_ports[1]}/devstoreaccount1;TableEndpoint=http://127.0.0.1:{_ports[2]}/devstoreaccount1;";

    public void Start()
    {
        var info = new ProcessStartInfo(Binary())
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[]
        {
            "--silent", "--skipApiVersionCheck", "--disableTelemetry", "--loose",
            "--blobHost", "127.0.0.1", "--blobPort", $"{_ports[0]}",
            "--queueHost", "127.0.0.1", "--queuePort", $"{_ports[1]}",
            "--tableHost", "127.0.0.1", "--tablePort", $"{_ports[2]}",
            "--location", _location,
        })
        {
            info.ArgumentList.Add(arg);
        }

        _process = Process.Start(info)!;
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var until = DateTime.UtcNow.AddSeconds(30);
        while (!_ports.All(Listening))
        {
            Assert.False(_process.HasExited, "Azurite exited at start");
            Assert.True(DateTime.UtcNow < until, "Azurite did not start within 30 s");
            Thread.Sleep(100);
        }
    }

    public void Stop()
    {
        if (_process is { HasExited: false })
        {
            // SIGTERM, as a host shutting down: requests in flight fail. (SIGKILL would also lose table writes
            // Azurite has acknowledged but not yet saved to its data folder, which Azure itself never does.)
            using (var term = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                term.WaitForExit();
            }

            if (!_process.WaitForExit(15_000))
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }

        _process?.Dispose();
        _process = null;
    }

    public void Dispose()
    {
        Stop();
        try
        {
            Directory.Delete(_location, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>node_modules/.bin/azurite of this checkout, or of the main checkout when this is a git worktree.</summary>
    private static string Binary()
    {
        var root = Repository.Root();
        var candidates = new List<string> { Path.Combine(root, "node_modules/.bin/azurite") };
        var git = Path.Combine(root, ".git");
        if (File.Exists(git) && File.ReadAllText(git).Trim() is var link && link.StartsWith("gitdir:", StringComparison.Ordinal))
        {
            // gitdir: <main>/.git/worktrees/<name>
            var main = Path.GetFullPath(Path.Combine(link["gitdir:".Length..].Trim(), "../../.."));
            candidates.Add(Path.Combine(main, "node_modules/.bin/azurite"));
        }

        return candidates.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException($"Azurite not found (npm ci installs it): {string.Join(", ", candidates)}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static bool Listening(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}

/// <summary>Azurite stopped in the middle of an ingestion and started again: reconciliation finishes the job exactly.</summary>
public sealed class AzuriteRestartTests
{
    private const string Name = "2022/Q1/东城街道.csv";

    [Fact]
    public async Task Storage_stopped_mid_ingestion_and_restarted_ends_as_a_clean_run_would()
    {
        var bytes = Filings.CsvOf(Enumerable.Range(1, 4000));
        using var azurite = new PrivateAzurite();
        var settings = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["Ingestion:PendingLease"] = "00:00:01",
        };

        // The clean run, in a prefix of its own.
        using var clean = new Pipeline(settings: settings);
        await LoadTargetsAsync(clean);
        await clean.UploadAsync(Name, bytes);
        Assert.Equal(IngestionResult.Accepted, (await clean.IngestAsync(Name)).Result);
        var expectedRows = await clean.AllRowsInForceAsync();
        var expectedProgress = await ProgressJsonAsync(clean);

        var killed = 0;
        using var crashed = new Pipeline(
            s =>
            {
                s.AddSingleton(sp => new KillingRowStore(ActivatorUtilities.CreateInstance<TableFirmRowStore>(sp), () =>
                {
                    if (Interlocked.Exchange(ref killed, 1) == 0)
                    {
                        azurite.Stop();
                    }
                }));
                s.Replace(ServiceDescriptor.Singleton<IFirmRowStore>(sp => sp.GetRequiredService<KillingRowStore>()));
            },
            settings);
        await LoadTargetsAsync(crashed);
        await crashed.UploadAsync(Name, bytes);

        var outcome = await crashed.IngestAsync(Name);
        Assert.Equal(1, killed);
        Assert.NotEqual(IngestionResult.Accepted, outcome.Result);

        azurite.Start();
        var reconcile = crashed.Storage.Get<ReconcileService>();
        for (var round = 0; round < 30; round++)
        {
            await Task.Delay(1100);
            await reconcile.ReconcileAsync(null, default);
            var entry = await crashed.Ledger.GetAsync(Name, default);
            if (entry?.Status == FilingStatus.Accepted && (await reconcile.FindDueAsync(default)).Count == 0)
            {
                break;
            }
        }

        var settled = await crashed.Ledger.GetAsync(Name, default);
        Assert.Equal(FilingStatus.Accepted, settled!.Status);
        Assert.Equal(expectedRows, await crashed.AllRowsInForceAsync());
        Assert.Equal(4000, (await crashed.FirmRowKeysAsync()).Count);
        Assert.Equal(4000, (await crashed.ClaimKeysAsync()).Count);
        await crashed.Storage.Get<ProgressService>().RecomputeAsync(2022, default);
        Assert.Equal(expectedProgress, await ProgressJsonAsync(crashed));
    }

    private static async Task LoadTargetsAsync(Pipeline pipeline)
    {
        var (targets, problems) = await pipeline.Storage.Get<TargetsService>().LoadAsync(
            await File.ReadAllTextAsync(Path.Combine(Repository.Root(), "seeds/targets/2022.json")), default);
        Assert.Empty(problems);
        Assert.NotNull(targets);
    }

    private static async Task<string> ProgressJsonAsync(Pipeline pipeline)
    {
        var stored = await pipeline.Storage.Get<IProgressStore>().GetAsync(2022, default);
        Assert.NotNull(stored);
        var node = JsonNode.Parse(JsonSerializer.Serialize(stored.Progress, CultivationJson.Options))!;
        node.AsObject().Remove("computedAt");
        return node.ToJsonString();
    }

    /// <summary>Stops storage once the rows of a version are being written, half of them sent.</summary>
    private sealed class KillingRowStore(IFirmRowStore inner, Action kill) : IFirmRowStore
    {
        public int ShardsFor(int rowCount) => inner.ShardsFor(rowCount);

        public async Task WriteAsync(FilingName name, string sha, int shards, IAsyncEnumerable<FirmRow> rows, CancellationToken cancellationToken)
        {
            var all = await rows.ToListAsync(cancellationToken);
            await inner.WriteAsync(name, sha, shards, all.Take(all.Count / 2).ToAsyncEnumerable(), cancellationToken);
            kill();
            await inner.WriteAsync(name, sha, shards, all.ToAsyncEnumerable(), cancellationToken);
        }

        public IAsyncEnumerable<FirmRow> ReadAsync(FilingName name, string sha, int shards, CancellationToken cancellationToken) => inner.ReadAsync(name, sha, shards, cancellationToken);

        public Task<FirmRow?> FindAsync(FilingName name, string sha, int shards, string creditCode, CancellationToken cancellationToken) =>
            inner.FindAsync(name, sha, shards, creditCode, cancellationToken);

        public Task DeleteAsync(FilingName name, string sha, int shards, CancellationToken cancellationToken) => inner.DeleteAsync(name, sha, shards, cancellationToken);
    }
}
