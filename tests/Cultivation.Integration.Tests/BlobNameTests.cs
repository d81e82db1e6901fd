using System.Text.Json;
using Azure.Storage.Blobs;
using Azure.Storage.Sas;
using Cultivation.Application.Filings;
using Cultivation.Application.Ingestion;
using Cultivation.Application.Progress;
using Cultivation.Application.Storage;
using Cultivation.Domain.Periods;
using Cultivation.Infrastructure.Storage;

namespace Cultivation.Integration.Tests;

/// <summary>SPEC §2 names and §4 reconciliation per file: a blob that is not a filing name is rejected on its own, under a report of its own.</summary>
public sealed class BlobNameTests : IDisposable
{
    private const string East = "2022/Q1/东城街道.csv";
    private const string West = "2022/Q1/西城街道.csv";
    private readonly TestStorage _storage = new();

    public void Dispose() => _storage.Dispose();

    private ReconcileService Reconcile => _storage.Get<ReconcileService>();

    private IFilingBlobs Blobs => _storage.Get<IFilingBlobs>();

    private BlobContainerClient Filings_ => _storage.Clients.Blobs.GetBlobContainerClient(_storage.Prefix + "-filings");

    [Fact]
    public async Task An_arabic_indic_digit_in_the_quarter_is_rejected_and_the_rest_of_the_batch_goes_on_and_refreshes_progress()
    {
        const string arabic = "2022/Q٢/东城街道.csv";
        await LoadTargetsAsync();
        await UploadAsync(arabic, Filings.CsvOf([3]));
        await UploadAsync(East, Filings.CsvOf([1, 2]));

        var outcomes = await Reconcile.ReconcileAsync(null, default);

        Assert.Equal([(East, IngestionResult.Accepted), (arabic, IngestionResult.Rejected)], outcomes.Select(o => (o.BlobName, o.Result)));
        Assert.All(outcomes, o => Assert.Empty(o.FollowUpsDue));
        Assert.Empty(await Reconcile.FindDueAsync(default));
        var entry = await _storage.Get<IFilingLedger>().GetAsync(arabic, default);
        Assert.Equal(FilingStatus.Rejected, entry!.Status);
        Assert.Null(entry.Period);

        using var report = JsonDocument.Parse((await Blobs.ReadReportAsync(arabic + ".json", default))!);
        Assert.Equal(arabic, report.RootElement.GetProperty("name").GetString());
        var error = Assert.Single(report.RootElement.GetProperty("errors").EnumerateArray());
        Assert.StartsWith("“2022/Q٢/东城街道.csv”不是规范的报送文件名", error.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Contains("is not a filing name", error.GetProperty("reasonEn").GetString(), StringComparison.Ordinal);

        // Progress was recomputed after the batch: it knows that 东城街道 filed 2022Q1, and nothing of the other file counts.
        var progress = (await _storage.Get<ProgressQueries>().YearAsync(2022, default)).Value!;
        Assert.Equal("2022Q1", progress.NextPeriod!.Period);
        Assert.Equal(1, progress.NextPeriod.Filed);
        var rows = await _storage.EntitiesAsync(StorageNames.FirmRowsTable);
        Assert.Equal([Filings.Code(1), Filings.Code(2)], rows.Select(r => r.RowKey).Order());
    }

    [Fact]
    public async Task A_name_the_storage_service_resolves_onto_another_towns_file_leaves_that_towns_report_and_entry_alone()
    {
        await UploadAsync(West, Filings.CsvOf([1, 2], "西城街道"));
        Assert.Equal(IngestionResult.Accepted, Assert.Single(await Reconcile.ReconcileAsync(null, default)).Result);
        var westReport = await Blobs.ReadReportAsync(West + ".json", default);
        var westEntry = await _storage.Get<IFilingLedger>().GetAsync(West, default);

        // Sent with its dots escaped, the name is stored as x/../2022/Q1/西城街道.csv, which an SDK client resolves to 西城街道's blob.
        await PutWithoutNormalisingAsync("x/%2E%2E/2022/Q1/" + Uri.EscapeDataString("西城街道") + ".csv", Filings.CsvOf([3], "西城街道"));
        const string dotted = "x/../2022/Q1/西城街道.csv";
        const string escaped = "x/%2E%2E/2022/Q1/西城街道.csv";
        await UploadAsync(escaped, Filings.CsvOf([4], "西城街道"));
        Assert.Contains(dotted, await ListAsync(Filings_));

        var outcomes = await Reconcile.ReconcileAsync(null, default);

        Assert.Equal([(escaped, IngestionResult.Rejected), (dotted, IngestionResult.Rejected)], outcomes.Select(o => (o.BlobName, o.Result)));
        Assert.Equal(westReport, await Blobs.ReadReportAsync(West + ".json", default));
        Assert.Equal(westEntry, await _storage.Get<IFilingLedger>().GetAsync(West, default));
        var listed = Assert.Single((await _storage.Get<FilingQueries>().ListAsync(new Period(2022, 1), default)).Filings);
        Assert.Equal((West, "accepted", 2), (listed.Name, listed.Status, listed.Rows));

        // Each badly named blob has a report of its own, under the hash of its name.
        foreach (var name in new[] { dotted, escaped })
        {
            using var report = JsonDocument.Parse((await Blobs.ReadReportAsync(name + ".json", default))!);
            Assert.Equal(name, report.RootElement.GetProperty("name").GetString());
            Assert.Equal("rejected", report.RootElement.GetProperty("status").GetString());
            Assert.Equal("filings-reports/" + FilingReport.KeyOf(name) + ".json", FilingQueries.ReportName(name));
            Assert.Matches("^invalid/[0-9a-f]{64}$", FilingReport.KeyOf(name));
        }

        var reports = (await ListAsync(_storage.Clients.Blobs.GetBlobContainerClient(_storage.Prefix + "-filings-reports")))
            .Where(n => !n.StartsWith("verdicts/", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(
            new[] { West + ".json", West + ".txt", FilingReport.KeyOf(dotted) + ".json", FilingReport.KeyOf(dotted) + ".txt", FilingReport.KeyOf(escaped) + ".json", FilingReport.KeyOf(escaped) + ".txt" }
                .Order(StringComparer.Ordinal),
            reports);
        Assert.Empty(await Reconcile.FindDueAsync(default));
    }

    [Fact]
    public async Task A_name_too_long_for_a_table_key_is_rejected_under_keys_within_azure_limits()
    {
        // 1,006 characters (a blob name may have 1,024); encoded as a key it would be 2,012 bytes, and Azure allows 1 KiB.
        var name = "x/" + new string('长', 1000) + ".csv";
        await UploadAsync(name, Filings.CsvOf([1]));

        Assert.Equal(IngestionResult.Rejected, Assert.Single(await Reconcile.ReconcileAsync(null, default)).Result);

        var entry = Assert.Single(await _storage.EntitiesAsync(StorageNames.FilingsTable));
        Assert.Equal(("invalid", 64), (entry.PartitionKey, entry.RowKey.Length));
        Assert.Equal(name, entry.GetString("BlobName"));
        var version = Assert.Single(await _storage.EntitiesAsync(StorageNames.FilingVersionsTable));
        Assert.Equal(64 + 1 + 64, version.RowKey.Length);
        using var report = JsonDocument.Parse((await Blobs.ReadReportAsync(name + ".json", default))!);
        var reason = report.RootElement.GetProperty("errors")[0].GetProperty("reason").GetString()!;
        Assert.Contains(new string('长', 98) + "…", reason, StringComparison.Ordinal);
        Assert.DoesNotContain(new string('长', 101), reason, StringComparison.Ordinal);
        Assert.Empty(await Reconcile.FindDueAsync(default));
    }

    private async Task LoadTargetsAsync() =>
        Assert.Empty((await _storage.Get<TargetsService>().LoadAsync(await File.ReadAllTextAsync(Path.Combine(Repository.Root(), "seeds/targets/2022.json")), default)).Problems);

    private Task UploadAsync(string name, byte[] bytes) => Blobs.UploadAsync(name, new MemoryStream(bytes), default);

    /// <summary>A PUT whose path reaches the service exactly as written (an SDK client would resolve or escape it).</summary>
    private async Task PutWithoutNormalisingAsync(string rawPath, byte[] bytes)
    {
        await Filings_.CreateIfNotExistsAsync();
        var sas = Filings_.GenerateSasUri(BlobContainerSasPermissions.Create | BlobContainerSasPermissions.Write, DateTimeOffset.UtcNow.AddMinutes(10));
        var uri = new Uri(Filings_.Uri.AbsoluteUri + "/" + rawPath + sas.Query, new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Put, uri) { Content = new ByteArrayContent(bytes) };
        request.Headers.Add("x-ms-blob-type", "BlockBlob");
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
    }

    private static async Task<List<string>> ListAsync(BlobContainerClient container)
    {
        var names = new List<string>();
        await foreach (var blob in container.GetBlobsAsync())
        {
            names.Add(blob.Name);
        }

        return names;
    }
}
