using System.Collections.Concurrent;
using Cultivation.Application.Ingestion;
using Cultivation.Application.Ingestion.FollowUps;
using Cultivation.Application.Storage;
using Cultivation.Infrastructure.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Cultivation.Integration.Tests;

/// <summary>
/// A follow-up step that later work adds (here a stand-in for telling the filer) joins by a class and a registration:
/// it runs once for each verdict, is retried alone when it fails, and a step a deployment does not know stays owed.
/// </summary>
public sealed class FollowUpStepTests
{
    private const string East = "2022/Q1/东城街道.csv";

    [Fact]
    public async Task A_step_registered_later_joins_every_verdict_and_only_it_is_retried_when_it_fails()
    {
        var tell = new TellTheFiler();
        using var storage = new TestStorage(services => services.AddSingleton<IFilingFollowUp>(tell));
        var ingestion = storage.Get<IngestionService>();
        var reconcile = storage.Get<ReconcileService>();
        Assert.Equal(["release", "report", "version", "progress", "enterprises", "reconsider", "notify", "tell"], storage.Get<FollowUpRunner>().Steps);

        await UploadAsync(storage, Filings.CsvOf([1, 2]));
        Assert.Equal(IngestionResult.Accepted, (await ingestion.IngestAsync(East, default)).Result);
        Assert.Equal(["2022/Q1/东城街道.csv accepted 2 rows 0 errors"], tell.Told);

        tell.FailuresLeft = 1;
        await UploadAsync(storage, Filings.Csv(Filings.Row(1), Filings.Row(2, town: "清溪镇")));
        var rejected = await ingestion.IngestAsync(East, default);

        Assert.Equal(IngestionResult.Rejected, rejected.Result);
        Assert.Equal(["tell"], rejected.FollowUpsDue);
        Assert.Contains("\"status\": \"rejected\"", await storage.Get<IFilingBlobs>().ReadReportAsync(East + ".json", default), StringComparison.Ordinal);
        var versions = await storage.EntitiesAsync(StorageNames.FilingVersionsTable);
        Assert.Equal(2, versions.Count);

        var outcome = Assert.Single(await reconcile.ReconcileAsync(null, default));

        Assert.Equal((East, IngestionResult.FollowedUp), (outcome.BlobName, outcome.Result));
        Assert.Empty(outcome.FollowUpsDue);
        Assert.Equal(["2022/Q1/东城街道.csv accepted 2 rows 0 errors", "2022/Q1/东城街道.csv rejected 0 rows 1 errors"], tell.Told);
        Assert.Equal(versions.Select(v => v.ETag), (await storage.EntitiesAsync(StorageNames.FilingVersionsTable)).Select(v => v.ETag));
        Assert.Empty(await reconcile.ReconcileAsync(null, default));
        Assert.Equal(2, tell.Told.Count);
    }

    [Fact]
    public async Task A_step_this_deployment_does_not_know_stays_owed_until_one_that_knows_it_runs_it()
    {
        using var older = new TestStorage();
        await UploadAsync(older, Filings.CsvOf([1, 2]));
        Assert.Equal(IngestionResult.Accepted, (await older.Get<IngestionService>().IngestAsync(East, default)).Result);

        // As if a newer deployment had made the verdict and died before its new step ran.
        var ledger = older.Get<IFilingLedger>();
        var entry = (await ledger.GetAsync(East, default))!;
        Assert.NotNull(await ledger.TryWriteAsync(entry with { FollowUps = [new DueFollowUp("tell", entry.VerdictId)] }, default));

        var outcome = Assert.Single(await older.Get<ReconcileService>().ReconcileAsync(null, default));
        Assert.Equal(IngestionResult.FollowedUp, outcome.Result);
        Assert.Equal(["tell"], outcome.FollowUpsDue);
        Assert.Equal([new DueFollowUp("tell", entry.VerdictId)], (await ledger.GetAsync(East, default))!.FollowUps);

        var tell = new TellTheFiler();
        using var newer = new TestStorage(services => services.AddSingleton<IFilingFollowUp>(tell),
            new Dictionary<string, string?> { ["Storage:Prefix"] = older.Prefix });
        Assert.Equal(IngestionResult.FollowedUp, Assert.Single(await newer.Get<ReconcileService>().ReconcileAsync(null, default)).Result);
        Assert.Equal(["2022/Q1/东城街道.csv accepted 2 rows 0 errors"], tell.Told);
        Assert.Empty((await ledger.GetAsync(East, default))!.FollowUps);
    }

    private static Task UploadAsync(TestStorage storage, byte[] bytes) => storage.Get<IFilingBlobs>().UploadAsync(East, new MemoryStream(bytes), default);

    /// <summary>A stand-in for the filer slice's step: records what it would tell, and fails on demand.</summary>
    private sealed class TellTheFiler : IFilingFollowUp
    {
        private readonly ConcurrentQueue<string> _told = new();

        public int FailuresLeft { get; set; }

        public IReadOnlyList<string> Told => [.. _told];

        public string Name => "tell";

        public FollowUpScope Scope => FollowUpScope.Verdict;

        public bool Batched => false;

        public bool AppliesTo(FilingVerdict verdict) => true;

        public Task RunAsync(IReadOnlyList<FilingVerdict> verdicts, CancellationToken cancellationToken)
        {
            if (FailuresLeft-- > 0)
            {
                throw new HttpRequestException("the webhook did not answer");
            }

            foreach (var v in verdicts)
            {
                _told.Enqueue($"{v.BlobName} {v.Status.ToString().ToLowerInvariant()} {v.Report.Rows} rows {v.Report.ErrorCount} errors");
            }

            return Task.CompletedTask;
        }
    }
}
