using Cultivation.Application.Progress;
using Cultivation.Application.Storage;
using Cultivation.Infrastructure;
using Cultivation.Infrastructure.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging;

namespace Cultivation.Benchmarks;

/// <summary>
/// The product's services (the same composition root as the function app) on a fresh Storage:Prefix,
/// so each run starts from empty tables and containers. Disposing deletes them.
/// </summary>
public sealed class BenchStorage : IAsyncDisposable
{
    /// <param name="prefix">The prefix of storage another process set up (a child measuring in its own process); fresh when null.</param>
    /// <param name="configure">Changes to the product's services after the composition root (a measurement without one of its steps).</param>
    public BenchStorage(string connection, string? prefix = null, Action<IServiceCollection>? configure = null)
    {
        Prefix = prefix ?? "b" + Guid.NewGuid().ToString("N")[..10];
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = connection,
            ["Storage:Prefix"] = Prefix,
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning).AddConsole());
        services.AddCultivation(configuration, new HostingEnvironment { EnvironmentName = Environments.Production });
        configure?.Invoke(services);
        Services = services.BuildServiceProvider();
    }

    public string Prefix { get; }

    public ServiceProvider Services { get; }

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    public async Task LoadTargetsAsync()
    {
        var (targets, problems) = await Get<TargetsService>().LoadAsync(await File.ReadAllTextAsync(Paths.Targets), CancellationToken.None);
        if (targets is null)
        {
            throw new InvalidOperationException("targets rejected: " + string.Join("; ", problems.Select(p => p.English)));
        }
    }

    public async Task UploadAsync(string blobName, string file)
    {
        await using var stream = File.OpenRead(file);
        await Get<IFilingBlobs>().UploadAsync(blobName, stream, CancellationToken.None);
    }

    /// <summary>Uploads every filing under a seeds folder (e.g. seeds/filings) with its relative path as the blob name.</summary>
    public async Task<IReadOnlyList<string>> UploadTreeAsync(string root, Func<string, bool>? where = null)
    {
        var names = new List<string>();
        foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var name = Path.GetRelativePath(root, file).Replace('\\', '/');
            if (where is null || where(name))
            {
                await UploadAsync(name, file);
                names.Add(name);
            }
        }

        return names;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            var clients = Get<StorageClients>();
            foreach (var table in clients.Tables.Query(t => t.Name.CompareTo(Prefix) >= 0 && t.Name.CompareTo(Prefix + "{") < 0))
            {
                await clients.Tables.DeleteTableAsync(table.Name);
            }

            foreach (var container in clients.Blobs.GetBlobContainers(prefix: Prefix.ToLowerInvariant()))
            {
                await clients.Blobs.DeleteBlobContainerAsync(container.Name);
            }
        }
        catch (Azure.RequestFailedException)
        {
            // Best effort: the benchmark's Azurite is thrown away afterwards.
        }

        await Services.DisposeAsync();
    }
}

/// <summary>Where the repository's inputs are, found from the working directory upwards.</summary>
public static class Paths
{
    public static string Root { get; } = FindRoot();

    public static string Targets => Path.Combine(Root, "seeds", "targets", "2022.json");

    public static string Filings => Path.Combine(Root, "seeds", "filings");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Cultivation.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("run from inside the repository (Cultivation.sln not found above the working directory)");
    }
}
