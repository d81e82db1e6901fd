using System.Text.Json;
using Cultivation.Application.Filings;
using Cultivation.Application.Ingestion;
using Cultivation.Application.Storage;
using Cultivation.Domain.Periods;

namespace Cultivation.Integration.Tests;

/// <summary>SPEC §4/§5: a report lists the first 1,000 errors and says the exact count; the ledger and the filings list carry that count.</summary>
public sealed class ErrorCountTests : IDisposable
{
    private const string East = "2022/Q1/东城街道.csv";
    private readonly TestStorage _storage = new();

    public void Dispose() => _storage.Dispose();

    [Fact]
    public async Task A_file_with_1500_bad_rows_counts_1500_errors_everywhere_and_lists_the_first_1000()
    {
        // Rows 2…1501 of the sheet each name a town the city does not have.
        var bytes = Filings.Csv([.. Enumerable.Range(1, 1_500).Select(n => Filings.Row(n, town: "清溪镇"))]);
        await _storage.Get<IFilingBlobs>().UploadAsync(East, new MemoryStream(bytes), default);

        var outcome = await _storage.Get<IngestionService>().IngestAsync(East, default);

        Assert.Equal(IngestionResult.Rejected, outcome.Result);
        Assert.Equal(1_500, outcome.Errors);
        var entry = await _storage.Get<IFilingLedger>().GetAsync(East, default);
        Assert.Equal(1_500, entry!.Errors);
        var version = Assert.Single(await _storage.Get<IFilingLedger>().ListVersionsAsync(new Period(2022, 1), default));
        Assert.Equal(1_500, version.Errors);
        var listed = Assert.Single((await _storage.Get<FilingQueries>().ListAsync(new Period(2022, 1), default)).Filings);
        Assert.Equal(1_500, listed.Errors);

        using var report = JsonDocument.Parse((await _storage.Get<IFilingBlobs>().ReadReportAsync(East + ".json", default))!);
        Assert.Equal(1_500, report.RootElement.GetProperty("errorCount").GetInt32());
        var errors = report.RootElement.GetProperty("errors").EnumerateArray().ToList();
        Assert.Equal(1_000, errors.Count);
        Assert.Equal(2, errors[0].GetProperty("row").GetInt32());
        Assert.Equal(1_001, errors[^1].GetProperty("row").GetInt32());
        Assert.All(errors, e => Assert.Equal("清溪镇", e.GetProperty("value").GetString()));
        var text = await _storage.Get<IFilingBlobs>().ReadReportAsync(East + ".txt", default);
        Assert.Contains("错误数 Errors: 1500", text);
        Assert.Contains("另有 500 个错误未列出", text);
    }
}
