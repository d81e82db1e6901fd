using Azure;
using Cultivation.Application.Filings;
using Cultivation.Application.Ingestion;
using Cultivation.Application.Storage;
using Cultivation.Domain.Filings;
using Cultivation.Domain.Firms;
using Cultivation.Domain.Periods;
using Cultivation.Infrastructure.Tables;
using Cultivation.Integration.Tests;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Cultivation.Reliability.Tests;

/// <summary>The real row store, made to fail on demand as a storage outage would.</summary>
public sealed class FaultyRowStore(IFirmRowStore inner) : IFirmRowStore
{
    private int _writes;

    public volatile bool Broken = true;

    public int Writes => _writes;

    /// <summary>Puts a faulty store in front of the table store; tests get it back with <c>Get&lt;FaultyRowStore&gt;()</c>.</summary>
    public static void Install(IServiceCollection services)
    {
        services.AddSingleton(sp => new FaultyRowStore(ActivatorUtilities.CreateInstance<TableFirmRowStore>(sp)));
        services.Replace(ServiceDescriptor.Singleton<IFirmRowStore>(sp => sp.GetRequiredService<FaultyRowStore>()));
    }

    public int ShardsFor(int rowCount) => inner.ShardsFor(rowCount);

    public Task WriteAsync(FilingName name, string sha, int shards, IAsyncEnumerable<FirmRow> rows, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _writes);
        return Broken ? Task.FromException(new RequestFailedException(503, "The server is busy.")) : inner.WriteAsync(name, sha, shards, rows, cancellationToken);
    }

    public IAsyncEnumerable<FirmRow> ReadAsync(FilingName name, string sha, int shards, CancellationToken cancellationToken) => inner.ReadAsync(name, sha, shards, cancellationToken);

    public Task<FirmRow?> FindAsync(FilingName name, string sha, int shards, string creditCode, CancellationToken cancellationToken) =>
        inner.FindAsync(name, sha, shards, creditCode, cancellationToken);

    public Task DeleteAsync(FilingName name, string sha, int shards, CancellationToken cancellationToken) => inner.DeleteAsync(name, sha, shards, cancellationToken);
}

/// <summary>SPEC §4: a file failing for infrastructure reasons is retried with backoff, at most 5 attempts, then final until a new version.</summary>
public sealed class InfrastructureFailureTests : IDisposable
{
    private const string East = "2022/Q1/东城街道.csv";
    private const string West = "2022/Q1/西城街道.csv";
    private readonly Pipeline _pipeline = new(FaultyRowStore.Install);

    public void Dispose() => _pipeline.Dispose();

    private FaultyRowStore Store => _pipeline.Storage.Get<FaultyRowStore>();

    private ReconcileService Reconcile => _pipeline.Storage.Get<ReconcileService>();

    [Fact]
    public async Task Failing_file_is_retried_five_times_then_left_failed_until_a_new_version_arrives()
    {
        await _pipeline.UploadAsync(East, Filings.CsvOf([1, 2, 3]));

        for (var run = 0; run < 8; run++)
        {
            await Reconcile.ReconcileAsync(null, default);
        }

        Assert.Equal(5, Store.Writes);
        Assert.Empty(await Reconcile.FindDueAsync(default));
        var item = Assert.Single((await _pipeline.Storage.Get<FilingQueries>().ListAsync(new Period(2022, 1), default)).Filings);
        Assert.Equal("failed", item.Status);
        Assert.Equal(5, item.Attempts);
        var entry = await _pipeline.Ledger.GetAsync(East, default);
        Assert.Equal(FilingStatus.Failed, entry!.Status);
        Assert.Null(entry.NextAttemptAt);
        Assert.Empty(await _pipeline.FirmRowKeysAsync());

        // The blob trigger firing again for the same bytes does not try a sixth time either.
        Assert.Equal(IngestionResult.GaveUp, (await _pipeline.Ingestion.IngestAsync(East, default)).Result);
        Assert.Equal(5, Store.Writes);

        // A new version starts afresh; with storage back it is accepted.
        Store.Broken = false;
        await _pipeline.UploadAsync(East, Filings.CsvOf([1, 2]));
        Assert.Equal([East], await Reconcile.FindDueAsync(default));
        var outcome = Assert.Single(await Reconcile.ReconcileAsync(null, default));
        Assert.Equal(IngestionResult.Accepted, outcome.Result);
        Assert.Equal(6, Store.Writes);
        Assert.Equal([Filings.Code(1), Filings.Code(2)], (await _pipeline.RowsInForceAsync(East)).Select(r => r.CreditCode.Value));
    }

    [Fact]
    public async Task Failed_attempts_leave_no_claim_behind_that_blocks_another_towns_file()
    {
        await _pipeline.UploadAsync(East, Filings.CsvOf([1, 2, 3]));
        for (var run = 0; run < 6; run++)
        {
            await Reconcile.ReconcileAsync(null, default);
        }

        Assert.Equal(FilingStatus.Failed, (await _pipeline.Ledger.GetAsync(East, default))!.Status);

        // 东城街道's corrected file no longer has firm 3; 西城街道 files it.
        Store.Broken = false;
        await _pipeline.UploadAsync(East, Filings.CsvOf([1, 2]));
        Assert.Equal(IngestionResult.Accepted, (await _pipeline.IngestAsync(East)).Result);
        await _pipeline.UploadAsync(West, Filings.CsvOf([3], "西城街道"));

        var outcome = await _pipeline.IngestAsync(West);

        Assert.True(outcome.Result == IngestionResult.Accepted, await _pipeline.Blobs.ReadReportAsync(West + ".txt", default));
        var claims = await _pipeline.Storage.Get<IFirmClaims>().ListAsync(new Period(2022, 1), default);
        Assert.Equal(West, claims[Filings.Code(3)]);
    }
}
