using Azure.Data.Tables;
using Cultivation.Infrastructure;
using Cultivation.Infrastructure.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging;

namespace Cultivation.Integration.Tests;

/// <summary>
/// The real services against the Azurite that the test command started. Each instance gets its own
/// tables and containers (a random prefix), so tests run in parallel without seeing each other.
/// Without Azurite these tests fail: they are never skipped.
/// </summary>
public sealed class TestStorage : IDisposable
{
    public const string ConnectionVariable = "CULTIVATION_TEST_STORAGE";

    public TestStorage(Action<IServiceCollection>? configure = null, IDictionary<string, string?>? settings = null)
    {
        var connection = Environment.GetEnvironmentVariable(ConnectionVariable);
        if (string.IsNullOrWhiteSpace(connection))
        {
            throw new InvalidOperationException(
                $"{ConnectionVariable} is not set: integration tests need Azurite. Run them with 'bash scripts/test.sh', which starts it.");
        }

        // A child process (see the reliability tests' ingest-once) works in the tables of the test that started it.
        Prefix = settings?.TryGetValue("Storage:Prefix", out var given) == true && given is not null ? given : "t" + Guid.NewGuid().ToString("N")[..10];
        var values = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = connection,
            ["Storage:Prefix"] = Prefix,
            ["Ingestion:FirstRetryDelay"] = "00:00:00",
        };
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>())
        {
            values[k] = v;
        }

        Configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddCultivation(Configuration, new HostingEnvironment { EnvironmentName = Environments.Production });
        configure?.Invoke(services);
        Services = services.BuildServiceProvider();
    }

    public string Prefix { get; }

    public IConfiguration Configuration { get; }

    public ServiceProvider Services { get; }

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    public StorageClients Clients => Get<StorageClients>();

    public Task<TableClient> TableAsync(string name) => Get<StorageProvider>().TableAsync(name, CancellationToken.None);

    public async Task<List<TableEntity>> EntitiesAsync(string table)
    {
        var client = await TableAsync(table);
        var list = new List<TableEntity>();
        await foreach (var e in client.QueryAsync<TableEntity>())
        {
            list.Add(e);
        }

        return list;
    }

    public void Dispose()
    {
        // Best effort: the test run's Azurite is thrown away afterwards anyway.
        try
        {
            foreach (var table in Clients.Tables.Query(t => t.Name.CompareTo(Prefix) >= 0 && t.Name.CompareTo(Prefix + "{") < 0))
            {
                Clients.Tables.DeleteTable(table.Name);
            }

            foreach (var container in Clients.Blobs.GetBlobContainers(prefix: Prefix.ToLowerInvariant()))
            {
                Clients.Blobs.DeleteBlobContainer(container.Name);
            }
        }
        catch (Azure.RequestFailedException)
        {
        }

        Services.Dispose();
    }
}
