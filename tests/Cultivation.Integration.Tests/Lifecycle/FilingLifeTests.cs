using System.Security.Cryptography;
using System.Text.Json;
using Cultivation.Application.Filings;
using Cultivation.Application.Ingestion;
using Cultivation.Application.Storage;
using Cultivation.Domain.Periods;
using Cultivation.Infrastructure.Storage;

namespace Cultivation.Integration.Tests.Lifecycle;

/// <summary>
/// A filing's life as clerks live it (SPEC §2, §4), on Azurite through the real services: re-saving a file as xls supersedes the
/// xlsx, deleting the newer puts the older back, deleting a filing withdraws it, the same bytes again reinstate it, and a file
/// rejected only because another file held its firms is accepted once that file is corrected or withdrawn.
/// </summary>
public sealed class FilingLifeTests : IDisposable
{
    private const string EastXlsx = "2022/Q1/东城街道.xlsx";
    private const string EastXls = "2022/Q1/东城街道.xls";
    private const string East = "2022/Q1/东城街道.csv";
    private const string West = "2022/Q1/西城街道.csv";
    private static readonly Period Q1 = new(2022, 1);
    private readonly TestStorage _storage = new();

    public void Dispose() => _storage.Dispose();

    private IngestionService Ingestion => _storage.Get<IngestionService>();

    private ReconcileService Reconcile => _storage.Get<ReconcileService>();

    private IFilingLedger Ledger => _storage.Get<IFilingLedger>();

    [Fact]
    public async Task Re_saving_the_file_as_xls_supersedes_the_xlsx_and_conflicts_on_no_firm()
    {
        var xlsx = Filings.CsvOf([1, 2, 3]);
        var xls = Filings.CsvOf([1, 2, 4]);
        await UploadAsync(EastXlsx, xlsx);
        Assert.Equal(IngestionResult.Accepted, (await Ingestion.IngestAsync(EastXlsx, default)).Result);
        await UploadAfterAsync(EastXls, xls, EastXlsx);

        var outcome = Assert.Single(await Reconcile.ReconcileAsync(null, default));

        Assert.Equal((EastXls, IngestionResult.Accepted, 3, 0), (outcome.BlobName, outcome.Result, outcome.Rows, outcome.Errors));
        Assert.Empty(outcome.FollowUpsDue);
        var older = (await Ledger.GetAsync(EastXlsx, default))!;
        Assert.Equal((FilingStatus.Superseded, null, Sha(xlsx)), (older.Status, older.CurrentSha, older.LatestSha));
        Assert.Empty(older.FollowUps);
        Assert.Equal(Sha(xls), (await Ledger.GetAsync(EastXls, default))!.CurrentSha);
        Assert.Equal([(Filings.Code(1), EastXls), (Filings.Code(2), EastXls), (Filings.Code(4), EastXls)], await ClaimsAsync());
        Assert.Equal([Filings.Code(1), Filings.Code(2), Filings.Code(4)], await RowKeysAsync());
        Assert.Equal([(EastXls, "accepted", 3, true), (EastXlsx, "superseded", 0, (bool?)null)], await ListAsync());
        using var report = await ReportAsync(EastXlsx);
        Assert.Equal("superseded", report.RootElement.GetProperty("status").GetString());
        Assert.Equal(EastXls, report.RootElement.GetProperty("supersededBy").GetString());

        // The firm the correction dropped is free for another town's file.
        await UploadAsync(West, Filings.CsvOf([3], "西城街道"));
        Assert.Equal(IngestionResult.Accepted, (await Ingestion.IngestAsync(West, default)).Result);
    }

    [Fact]
    public async Task Deleting_the_newer_file_puts_the_older_back_in_force()
    {
        var xlsx = Filings.CsvOf([1, 2, 3]);
        await UploadAsync(EastXlsx, xlsx);
        await Ingestion.IngestAsync(EastXlsx, default);
        await UploadAfterAsync(EastXls, Filings.CsvOf([1, 2, 4]), EastXlsx);
        await Reconcile.ReconcileAsync(null, default);

        await DeleteAsync(EastXls);
        var outcome = Assert.Single(await Reconcile.ReconcileAsync(null, default));

        Assert.Equal((EastXls, IngestionResult.Withdrawn), (outcome.BlobName, outcome.Result));
        Assert.Empty(outcome.FollowUpsDue);
        var back = (await Ledger.GetAsync(EastXlsx, default))!;
        Assert.Equal((FilingStatus.Accepted, Sha(xlsx), 3), (back.Status, back.CurrentSha, back.CurrentRows));
        Assert.Equal([(Filings.Code(1), EastXlsx), (Filings.Code(2), EastXlsx), (Filings.Code(3), EastXlsx)], await ClaimsAsync());
        Assert.Equal([Filings.Code(1), Filings.Code(2), Filings.Code(3)], await RowKeysAsync());
        Assert.Equal([(EastXls, "withdrawn", 0, (bool?)null), (EastXlsx, "accepted", 3, true)], await ListAsync());
        Assert.Empty(await Reconcile.FindDueAsync(default));
    }

    [Fact]
    public async Task Deleting_a_filing_withdraws_it_releases_its_firms_and_keeps_its_bytes_in_the_archive()
    {
        var bytes = Filings.CsvOf([1, 2]);
        await UploadAsync(East, bytes);
        await Ingestion.IngestAsync(East, default);

        await DeleteAsync(East);
        var outcome = Assert.Single(await Reconcile.ReconcileAsync(null, default));

        Assert.Equal((East, IngestionResult.Withdrawn, Sha(bytes)), (outcome.BlobName, outcome.Result, outcome.Sha));
        var entry = (await Ledger.GetAsync(East, default))!;
        Assert.Equal((FilingStatus.Withdrawn, null, 0), (entry.Status, entry.CurrentSha, entry.CurrentRows));
        Assert.Empty(await ClaimsAsync());
        Assert.Empty(await RowKeysAsync());
        Assert.Equal([(East, "withdrawn", 0, (bool?)null)], await ListAsync());
        Assert.Contains("已撤回", await _storage.Get<IFilingBlobs>().ReadReportAsync(East + ".txt", default), StringComparison.Ordinal);
        Assert.True(await _storage.Get<IFilingBlobs>().ArchiveExistsAsync(Sha(bytes), default));
        Assert.Empty(await Reconcile.FindDueAsync(default));

        await UploadAsync(West, Filings.CsvOf([1, 2], "西城街道"));
        Assert.Equal(IngestionResult.Accepted, (await Ingestion.IngestAsync(West, default)).Result);
    }

    [Fact]
    public async Task Uploading_the_same_bytes_again_reinstates_a_withdrawn_filing()
    {
        var bytes = Filings.CsvOf([1, 2]);
        await UploadAsync(East, bytes);
        await Ingestion.IngestAsync(East, default);
        await DeleteAsync(East);
        await Reconcile.ReconcileAsync(null, default);

        await UploadAsync(East, bytes);
        var outcome = Assert.Single(await Reconcile.ReconcileAsync(null, default));

        Assert.Equal((East, IngestionResult.Accepted, 2, Sha(bytes)), (outcome.BlobName, outcome.Result, outcome.Rows, outcome.Sha));
        Assert.Equal([(Filings.Code(1), East), (Filings.Code(2), East)], await ClaimsAsync());
        Assert.Equal([Filings.Code(1), Filings.Code(2)], await RowKeysAsync());
        Assert.Equal([(East, "accepted", 2, true)], await ListAsync());
    }

    [Fact]
    public async Task A_file_rejected_for_conflicts_is_accepted_at_once_when_the_winner_is_corrected()
    {
        await UploadAsync(East, Filings.CsvOf([1, 2]));
        await Ingestion.IngestAsync(East, default);
        var west = Filings.CsvOf([2, 3], "西城街道");
        await UploadAsync(West, west);
        Assert.Equal(IngestionResult.Rejected, (await Ingestion.IngestAsync(West, default)).Result);
        Assert.Equal([new FiledVersion(East, Sha(Filings.CsvOf([1, 2])))], (await Ledger.GetAsync(West, default))!.ConflictsWith);

        // 东城街道 corrects its file: firm 2 moved to 西城街道.
        await UploadAsync(East, Filings.CsvOf([1]));
        Assert.Equal(IngestionResult.Accepted, (await Ingestion.IngestAsync(East, default)).Result);

        var loser = (await Ledger.GetAsync(West, default))!;
        Assert.Equal((FilingStatus.Accepted, Sha(west), 2), (loser.Status, loser.CurrentSha, loser.CurrentRows));
        Assert.Empty(loser.ConflictsWith);
        Assert.Equal([(Filings.Code(1), East), (Filings.Code(2), West), (Filings.Code(3), West)], await ClaimsAsync());
        Assert.Equal([Filings.Code(1), Filings.Code(2), Filings.Code(3)], await RowKeysAsync());
        Assert.Empty(await Reconcile.FindDueAsync(default));
    }

    [Fact]
    public async Task A_file_rejected_for_conflicts_is_accepted_once_the_winner_is_withdrawn()
    {
        await UploadAsync(East, Filings.CsvOf([1, 2]));
        await Ingestion.IngestAsync(East, default);
        await UploadAsync(West, Filings.CsvOf([2, 3], "西城街道"));
        await Ingestion.IngestAsync(West, default);

        await DeleteAsync(East);
        var outcome = Assert.Single(await Reconcile.ReconcileAsync(null, default));

        Assert.Equal(IngestionResult.Withdrawn, outcome.Result);
        Assert.Equal(FilingStatus.Accepted, (await Ledger.GetAsync(West, default))!.Status);
        Assert.Equal([(Filings.Code(2), West), (Filings.Code(3), West)], await ClaimsAsync());
        Assert.Equal([(East, "withdrawn", 0, (bool?)null), (West, "accepted", 2, true)], await ListAsync());
    }

    [Fact]
    public async Task Reconciliation_evaluates_again_a_conflict_rejection_whose_winner_is_gone_when_no_follow_up_did()
    {
        var east = Filings.CsvOf([1, 2]);
        await UploadAsync(East, east);
        await Ingestion.IngestAsync(East, default);
        await UploadAsync(West, Filings.CsvOf([2, 3], "西城街道"));
        await Ingestion.IngestAsync(West, default);

        // As if 东城街道's correction (without firm 2) had come into force by a worker that died before its follow-ups ran.
        var entry = (await Ledger.GetAsync(East, default))!;
        Assert.NotNull(await Ledger.TryWriteAsync(entry with { CurrentSha = new string('0', 64) }, default));

        Assert.Equal([West], await Reconcile.FindDueAsync(default));
        var outcome = Assert.Single(await Reconcile.ReconcileAsync(null, default));
        Assert.Equal((West, IngestionResult.Accepted, 2), (outcome.BlobName, outcome.Result, outcome.Rows));
    }

    [Fact]
    public async Task A_file_that_yields_to_one_uploaded_later_is_superseded_unread()
    {
        var later = Filings.CsvOf([1, 2]);
        await UploadAsync(EastXls, Filings.Csv(Filings.Row(1, town: "不存在镇")));
        await UploadAfterAsync(EastXlsx, later, EastXls);
        Assert.Equal(IngestionResult.Accepted, (await Ingestion.IngestAsync(EastXlsx, default)).Result);

        var outcome = await Ingestion.IngestAsync(EastXls, default);

        // Its bad town is never reported: a file that is not the source's filing is not read.
        Assert.Equal((IngestionResult.Superseded, 0), (outcome.Result, outcome.Errors));
        Assert.Equal([(EastXls, "superseded", 0, (bool?)null), (EastXlsx, "accepted", 2, true)], await ListAsync());
        Assert.Equal(2, (await RowKeysAsync()).Count);
    }

    [Fact]
    public async Task A_blob_uploaded_but_not_yet_ingested_is_listed_as_pending()
    {
        await UploadAsync(East, Filings.CsvOf([1, 2]));
        await Ingestion.IngestAsync(East, default);
        await UploadAsync(East, Filings.CsvOf([1, 2, 3]));
        await UploadAsync(West, Filings.CsvOf([5], "西城街道"));
        await UploadAsync("2022/Q2/西城街道.csv", Filings.CsvOf([6], "西城街道"));

        var list = await ListAsync();

        // 东城街道's correction is pending while its first version stays in force.
        Assert.Equal([(East, "pending", 0, (bool?)null), (East, "accepted", 2, true), (West, "pending", 0, null)], list);
    }

    private static string Sha(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private Task UploadAsync(string name, byte[] bytes) => ClerkActions.UploadAsync(_storage, name, bytes);

    private Task UploadAfterAsync(string name, byte[] bytes, string earlier) => ClerkActions.UploadAfterAsync(_storage, name, bytes, earlier);

    private Task DeleteAsync(string name) => ClerkActions.DeleteAsync(_storage, name);

    private async Task<List<(string Code, string Owner)>> ClaimsAsync() =>
        [.. (await _storage.Get<IFirmClaims>().ListAsync(Q1, default)).Select(kv => (kv.Key, kv.Value)).Order()];

    /// <summary>The credit codes of the rows stored under any version (a version out of force leaves none behind).</summary>
    private async Task<List<string>> RowKeysAsync() =>
        [.. (await _storage.EntitiesAsync(StorageNames.FirmRowsTable)).Select(r => r.RowKey).Order(StringComparer.Ordinal)];

    private async Task<List<(string Name, string Status, int Rows, bool? InForce)>> ListAsync() =>
        [.. (await _storage.Get<FilingQueries>().ListAsync(Q1, default)).Filings.Select(f => (f.Name, f.Status, f.Rows, f.InForce))];

    private async Task<JsonDocument> ReportAsync(string blobName) =>
        JsonDocument.Parse((await _storage.Get<IFilingBlobs>().ReadReportAsync(blobName + ".json", default))!);
}
