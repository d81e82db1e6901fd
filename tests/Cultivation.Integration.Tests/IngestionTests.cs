using System.Security.Cryptography;
using System.Text.Json;
using Cultivation.Application.Filings;
using Cultivation.Application.Ingestion;
using Cultivation.Application.Storage;
using Cultivation.Domain.Periods;
using Cultivation.Infrastructure.Storage;

namespace Cultivation.Integration.Tests;

public sealed class IngestionTests : IDisposable
{
    private const string East = "2022/Q1/东城街道.csv";
    private const string West = "2022/Q1/西城街道.csv";
    private readonly TestStorage _storage = new();

    private IngestionService Ingestion => _storage.Get<IngestionService>();

    private IFilingBlobs Blobs => _storage.Get<IFilingBlobs>();

    public void Dispose() => _storage.Dispose();

    [Fact]
    public async Task Accepted_file_lands_every_row_under_its_version_and_archives_the_bytes()
    {
        var bytes = Filings.CsvOf([1, 2, 3]);
        await UploadAsync(East, bytes);

        var outcome = await Ingestion.IngestAsync(East, default);

        Assert.Equal(IngestionResult.Accepted, outcome.Result);
        Assert.Equal(3, outcome.Rows);
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        Assert.Equal(sha, outcome.Sha);

        var rows = await _storage.EntitiesAsync(StorageNames.FirmRowsTable);
        Assert.Equal([Filings.Code(1), Filings.Code(2), Filings.Code(3)], rows.Select(r => r.RowKey).Order());
        Assert.All(rows, r => Assert.Contains(sha[..16], r.PartitionKey));
        Assert.Equal("2500", rows[0].GetString("Revenue"));

        var ledger = await _storage.Get<IFilingLedger>().GetAsync(East, default);
        Assert.Equal(FilingStatus.Accepted, ledger!.Status);
        Assert.Equal(sha, ledger.CurrentSha);

        var archived = await _storage.Clients.Blobs.GetBlobContainerClient(_storage.Prefix + "-filings-archive").GetBlobClient(sha).DownloadContentAsync();
        Assert.Equal(bytes, archived.Value.Content.ToArray());

        using var report = JsonDocument.Parse((await Blobs.ReadReportAsync(East + ".json", default))!);
        Assert.Equal("accepted", report.RootElement.GetProperty("status").GetString());
        Assert.Equal(3, report.RootElement.GetProperty("rows").GetInt32());
    }

    [Fact]
    public async Task Rejected_file_lands_nothing_leaves_the_blob_untouched_and_reports_every_error()
    {
        var badCode = Filings.Code(2)[..17] + (Filings.Code(2)[17] == '0' ? "1" : "0");
        var bytes = Filings.Csv(
            Filings.Row(1),
            Filings.Row(2).Replace(Filings.Code(2), badCode, StringComparison.Ordinal),
            Filings.Row(3, town: "清溪镇"),
            Filings.Row(4, tax: -5m));
        await UploadAsync(East, bytes);
        var before = await BlobPropertiesAsync(East);

        var outcome = await Ingestion.IngestAsync(East, default);

        Assert.Equal(IngestionResult.Rejected, outcome.Result);
        Assert.Equal(3, outcome.Errors);
        Assert.Empty(await _storage.EntitiesAsync(StorageNames.FirmRowsTable));
        Assert.Empty(await _storage.EntitiesAsync(StorageNames.FirmClaimsTable));

        using var report = JsonDocument.Parse((await Blobs.ReadReportAsync(East + ".json", default))!);
        var errors = report.RootElement.GetProperty("errors").EnumerateArray().ToList();
        Assert.Equal([3, 4, 5], errors.Select(e => e.GetProperty("row").GetInt32()));
        Assert.Equal(badCode, errors[0].GetProperty("value").GetString());
        Assert.Contains("校验", errors[0].GetProperty("reason").GetString());
        Assert.Equal("清溪镇", errors[1].GetProperty("value").GetString());
        Assert.All(errors, e => Assert.False(string.IsNullOrEmpty(e.GetProperty("reasonEn").GetString())));
        var text = await Blobs.ReadReportAsync(East + ".txt", default);
        Assert.Contains("已退回", text);

        var after = await BlobPropertiesAsync(East);
        Assert.Equal(before.ETag, after.ETag);
        Assert.Equal(bytes, (await DownloadAsync(East)));
        var ledger = await _storage.Get<IFilingLedger>().GetAsync(East, default);
        Assert.Equal(FilingStatus.Rejected, ledger!.Status);
        Assert.Null(ledger.CurrentSha);
    }

    [Fact]
    public async Task Ingesting_the_same_content_twice_changes_nothing()
    {
        var bytes = Filings.CsvOf([1, 2]);
        await UploadAsync(East, bytes);
        Assert.Equal(IngestionResult.Accepted, (await Ingestion.IngestAsync(East, default)).Result);
        var rowsBefore = await _storage.EntitiesAsync(StorageNames.FirmRowsTable);

        Assert.Equal(IngestionResult.Unchanged, (await Ingestion.IngestAsync(East, default)).Result);
        await UploadAsync(East, bytes); // same bytes, new ETag
        var outcomes = await _storage.Get<ReconcileService>().ReconcileAsync(null, default);

        Assert.Equal(IngestionResult.Unchanged, Assert.Single(outcomes).Result);
        Assert.Empty(await _storage.Get<ReconcileService>().FindDueAsync(default));
        var rowsAfter = await _storage.EntitiesAsync(StorageNames.FirmRowsTable);
        Assert.Equal(rowsBefore.Select(r => (r.PartitionKey, r.RowKey, r.ETag)), rowsAfter.Select(r => (r.PartitionKey, r.RowKey, r.ETag)));
        Assert.Single(await _storage.Get<IFilingLedger>().ListVersionsAsync(new Period(2022, 1), default));
    }

    [Fact]
    public async Task A_corrected_file_replaces_the_previous_contribution_entirely()
    {
        await UploadAsync(East, Filings.CsvOf([1, 2, 3]));
        await Ingestion.IngestAsync(East, default);
        await UploadAsync(East, Filings.Csv(Filings.Row(1, revenue: 3000m), Filings.Row(2)));

        var outcome = await Ingestion.IngestAsync(East, default);

        Assert.Equal(IngestionResult.Accepted, outcome.Result);
        var rows = await _storage.EntitiesAsync(StorageNames.FirmRowsTable);
        Assert.Equal([Filings.Code(1), Filings.Code(2)], rows.Select(r => r.RowKey).Order());
        Assert.Equal("3000", rows.Single(r => r.RowKey == Filings.Code(1)).GetString("Revenue"));
        var claims = await _storage.Get<IFirmClaims>().ListAsync(new Period(2022, 1), default);
        Assert.Equal([Filings.Code(1), Filings.Code(2)], claims.Keys.Order());

        // The firm dropped from 东城街道's file is free for another file of the period.
        await UploadAsync(West, Filings.CsvOf([3], "西城街道"));
        Assert.Equal(IngestionResult.Accepted, (await Ingestion.IngestAsync(West, default)).Result);
    }

    [Fact]
    public async Task A_rejected_correction_leaves_the_last_accepted_version_in_force_and_both_are_listed()
    {
        var good = Filings.CsvOf([1, 2]);
        await UploadAsync(East, good);
        await Ingestion.IngestAsync(East, default);
        await UploadAsync(East, Filings.Csv(Filings.Row(1), Filings.Row(5, town: "不存在镇")));

        var outcome = await Ingestion.IngestAsync(East, default);

        Assert.Equal(IngestionResult.Rejected, outcome.Result);
        var rows = await _storage.EntitiesAsync(StorageNames.FirmRowsTable);
        Assert.Equal([Filings.Code(1), Filings.Code(2)], rows.Select(r => r.RowKey).Order());
        var claims = await _storage.Get<IFirmClaims>().ListAsync(new Period(2022, 1), default);
        Assert.Equal([Filings.Code(1), Filings.Code(2)], claims.Keys.Order());

        var list = await _storage.Get<FilingQueries>().ListAsync(new Period(2022, 1), default);
        Assert.Equal(2, list.Filings.Count);
        var rejected = Assert.Single(list.Filings, f => f.Status == "rejected");
        var inForce = Assert.Single(list.Filings, f => f.Status == "accepted");
        Assert.Equal(1, rejected.Errors);
        Assert.Equal(2, inForce.Rows);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(good)), inForce.Version);
    }

    [Fact]
    public async Task A_large_file_rejected_by_its_last_row_leaves_none_of_the_rows_stored_while_it_was_read()
    {
        // Rows are stored while the file is read; the bad last row comes after thousands were sent.
        var rows = Enumerable.Range(1, 5_000).Select(n => Filings.Row(n)).Append(Filings.Row(5_001, town: "不存在镇")).ToArray();
        await UploadAsync(East, Filings.Csv(rows));

        var outcome = await Ingestion.IngestAsync(East, default);

        Assert.Equal(IngestionResult.Rejected, outcome.Result);
        Assert.Equal(1, outcome.Errors);
        Assert.Empty(await _storage.EntitiesAsync(StorageNames.FirmRowsTable));
        Assert.Empty(await _storage.Get<IFirmClaims>().ListAsync(new Period(2022, 1), default));
    }

    [Fact]
    public async Task A_second_file_claiming_a_firm_of_the_period_is_rejected_naming_the_first()
    {
        await UploadAsync(East, Filings.CsvOf([1, 2]));
        await Ingestion.IngestAsync(East, default);
        await UploadAsync(West, Filings.Csv(Filings.Row(2, town: "西城街道"), Filings.Row(3, town: "西城街道")));

        var outcome = await Ingestion.IngestAsync(West, default);

        Assert.Equal(IngestionResult.Rejected, outcome.Result);
        using var report = JsonDocument.Parse((await Blobs.ReadReportAsync(West + ".json", default))!);
        var error = Assert.Single(report.RootElement.GetProperty("errors").EnumerateArray());
        Assert.Equal(Filings.Code(2), error.GetProperty("value").GetString());
        Assert.Contains(East, error.GetProperty("reason").GetString());
        Assert.Equal(2, error.GetProperty("row").GetInt32());
        var rows = await _storage.EntitiesAsync(StorageNames.FirmRowsTable);
        Assert.DoesNotContain(rows, r => r.RowKey == Filings.Code(3));
        var claims = await _storage.Get<IFirmClaims>().ListAsync(new Period(2022, 1), default);
        Assert.Equal(East, claims[Filings.Code(2)]);
        Assert.False(claims.ContainsKey(Filings.Code(3)));
    }

    [Fact]
    public async Task Two_files_claiming_the_same_firms_concurrently_end_with_exactly_one_accepted()
    {
        for (var run = 0; run < 5; run++)
        {
            var east = $"2022/Q{(run % 4) + 1}/东城街道-{run}.csv".Replace("东城街道-" + run, run % 2 == 0 ? "东城街道" : "江南街道", StringComparison.Ordinal);
            var west = east.Replace(run % 2 == 0 ? "东城街道" : "江南街道", "西城街道", StringComparison.Ordinal);
            if (run >= 4)
            {
                east = "2023/Q1/东城街道.csv";
                west = "2023/Q1/西城街道.csv";
            }

            var firms = Enumerable.Range(run * 1000, 250).ToArray();
            await UploadAsync(east, Filings.CsvOf(firms));
            await UploadAsync(west, Filings.CsvOf(firms.Skip(100), "西城街道"));

            var outcomes = await Task.WhenAll(Task.Run(() => Ingestion.IngestAsync(east, default)), Task.Run(() => Ingestion.IngestAsync(west, default)));

            Assert.Single(outcomes, o => o.Result == IngestionResult.Accepted);
            Assert.Single(outcomes, o => o.Result == IngestionResult.Rejected);
        }
    }

    [Fact]
    public async Task A_name_outside_year_quarter_source_is_rejected_with_a_report()
    {
        const string name = "2022/第一季度/东城街道.csv";
        await UploadAsync(name, Filings.CsvOf([1]));

        var outcome = await Ingestion.IngestAsync(name, default);

        Assert.Equal(IngestionResult.Rejected, outcome.Result);
        var text = await Blobs.ReadReportAsync(name + ".txt", default);
        Assert.Contains("2022/Q2/东城街道.xlsx", text);
    }

    [Fact]
    public async Task A_source_that_is_not_a_configured_town_is_rejected()
    {
        const string name = "2022/Q1/清溪镇.csv";
        await UploadAsync(name, Filings.CsvOf([1]));

        var outcome = await Ingestion.IngestAsync(name, default);

        Assert.Equal(IngestionResult.Rejected, outcome.Result);
        Assert.Contains("清溪镇", await Blobs.ReadReportAsync(name + ".json", default));
    }

    private Task UploadAsync(string name, byte[] bytes) => Blobs.UploadAsync(name, new MemoryStream(bytes), default);

    private async Task<Azure.Storage.Blobs.Models.BlobProperties> BlobPropertiesAsync(string name) =>
        (await _storage.Clients.Blobs.GetBlobContainerClient(_storage.Prefix + "-filings").GetBlobClient(name).GetPropertiesAsync()).Value;

    private async Task<byte[]> DownloadAsync(string name) =>
        (await _storage.Clients.Blobs.GetBlobContainerClient(_storage.Prefix + "-filings").GetBlobClient(name).DownloadContentAsync()).Value.Content.ToArray();
}
