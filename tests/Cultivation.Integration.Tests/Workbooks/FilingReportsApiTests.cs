using System.Text.Json;
using Cultivation.Application.Filings;
using Cultivation.Application.Ingestion;
using Cultivation.Application.Storage;
using Cultivation.Application.Workbooks;
using Cultivation.Domain.Tests.Builders;
using Cultivation.Functions.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Cultivation.Integration.Tests.Workbooks;

/// <summary><c>GET /api/filings/{year}/Q{q}/{source}/report</c> and <c>…/report.xlsx</c> against Azurite.</summary>
public sealed class FilingReportsApiTests : IDisposable
{
    private const string Xiangzhu = "2022/Q2/象珠镇.xlsx";
    private const string East = "2022/Q1/东城街道.csv";
    private const string Red = "FFFFC7CE";

    private readonly TestStorage _storage = new();

    public void Dispose() => _storage.Dispose();

    private IFilingBlobs Blobs => _storage.Get<IFilingBlobs>();

    [Fact]
    public async Task Rejected_file_comes_back_marked_and_the_corrected_workbook_itself_is_accepted()
    {
        // The sample city's broken correction of 象珠镇's Q2 file: a wrong check character, a town not of the city, a negative tax.
        await UploadAsync(Xiangzhu, await File.ReadAllBytesAsync(Path.Combine(Repository.Root(), "seeds/filings-bad", Xiangzhu)));
        Assert.Equal(IngestionResult.Rejected, (await IngestAsync(Xiangzhu)).Result);

        var json = Assert.IsType<ContentResult>(await ReportAsync("2022", "Q2", "象珠镇"));
        Assert.Equal(StatusCodes.Status200OK, json.StatusCode);
        using (var report = JsonDocument.Parse(json.Content!))
        {
            Assert.Equal(Xiangzhu, report.RootElement.GetProperty("name").GetString());
            Assert.Equal("rejected", report.RootElement.GetProperty("status").GetString());
            Assert.Equal(3, report.RootElement.GetProperty("errorCount").GetInt32());
        }

        var result = Assert.IsType<FileStreamResult>(await WorkbookAsync("2022", "Q2", "象珠镇"));
        Assert.Equal(WorkbookFile.ContentType, result.ContentType);
        Assert.Equal("象珠镇-2022Q2-核验结果.xlsx", result.FileDownloadName);
        var marked = await FilingTemplatesApiTests.BytesAsync(result);
        string code;
        using (var book = new XlsxInspector(marked))
        {
            var sheet = book.Sheet(0);
            Assert.Equal(["A6", "C10", "I15"], sheet.CommentedCells.Order());
            Assert.All(sheet.CommentedCells, c => Assert.Equal(Red, sheet.Fill(c)));
            Assert.Equal("清溪镇", sheet.Text("C10"));
            Assert.Equal("-12.5", sheet.Text("I15"));
            Assert.Equal("错误说明", sheet.Text("S1"));
            Assert.StartsWith("【统一社会信用代码】统一社会信用代码校验位错误（应为P）", sheet.Text("S6"));
            code = sheet.Text("A6")!;
        }

        var corrected = XlsxEditor.Edit(marked, new Dictionary<string, object?>
        {
            ["A6"] = code[..17] + "P",
            ["C10"] = "象珠镇",
            ["I15"] = 12.5m,
        });
        await UploadAsync(Xiangzhu, corrected);
        var outcome = await IngestAsync(Xiangzhu);

        Assert.Equal(IngestionResult.Accepted, outcome.Result);
        using (var report = JsonDocument.Parse(Assert.IsType<ContentResult>(await ReportAsync("2022", "Q2", "象珠镇")).Content!))
        {
            Assert.Equal("accepted", report.RootElement.GetProperty("status").GetString());
            Assert.Equal(outcome.Rows, report.RootElement.GetProperty("rows").GetInt32());
        }
    }

    [Fact]
    public async Task A_replaced_version_that_was_never_accepted_is_gone()
    {
        await UploadAsync(East, Filings.Csv(Filings.Row(1), Filings.Row(2, town: "北京")));
        Assert.Equal(IngestionResult.Rejected, (await IngestAsync(East)).Result);

        // A new upload, not ingested yet: the report still describes the old bytes, which nobody kept.
        await UploadAsync(East, Filings.CsvOf([1, 2]));
        var result = Assert.IsType<ContentResult>(await WorkbookAsync("2022", "Q1", "东城街道"));

        Assert.Equal(StatusCodes.Status410Gone, result.StatusCode);
        Assert.StartsWith(Problems.ProblemJson, result.ContentType);
        using var body = JsonDocument.Parse(result.Content!);
        Assert.StartsWith("版本已被替换", body.RootElement.GetProperty("title").GetString());
    }

    [Fact]
    public async Task An_accepted_version_overwritten_since_comes_from_the_archive()
    {
        await UploadAsync(East, Filings.Csv(Filings.Row(1, revenue: 1111m), Filings.Row(2)));
        Assert.Equal(IngestionResult.Accepted, (await IngestAsync(East)).Result);
        await UploadAsync(East, Filings.Csv(Filings.Row(1, revenue: 9999m)));

        var result = Assert.IsType<FileStreamResult>(await WorkbookAsync("2022", "Q1", "东城街道"));
        using var book = new XlsxInspector(await FilingTemplatesApiTests.BytesAsync(result));

        Assert.Equal("1111", book.Sheet(0).Text("E2"));
        Assert.Equal(Filings.Code(2), book.Sheet(0).Text("A3"));
        Assert.Empty(book.Sheet(0).CommentedCells);
    }

    [Fact]
    public async Task Nothing_ingested_yet_is_not_found()
    {
        var json = Assert.IsType<ContentResult>(await ReportAsync("2022", "Q1", "东城街道"));
        Assert.Equal(StatusCodes.Status404NotFound, json.StatusCode);

        var workbook = Assert.IsType<ContentResult>(await WorkbookAsync("2022", "Q1", "北京"));
        Assert.Equal(StatusCodes.Status404NotFound, workbook.StatusCode);

        var bad = Assert.IsType<ContentResult>(await WorkbookAsync("2022", "Q0", "东城街道"));
        Assert.Equal(StatusCodes.Status400BadRequest, bad.StatusCode);
    }

    private Task UploadAsync(string name, byte[] bytes) => Blobs.UploadAsync(name, new MemoryStream(bytes), default);

    private Task<IngestionOutcome> IngestAsync(string name) => _storage.Get<IngestionService>().IngestAsync(name, default);

    private FilingReportsApi Api => new(_storage.Get<FilingReportService>(), Functions.Browsers.SignInRequired());

    private Task<IActionResult> ReportAsync(string year, string quarter, string source) =>
        Api.Report(new DefaultHttpContext().Request, year, quarter, source, default);

    private Task<IActionResult> WorkbookAsync(string year, string quarter, string source) =>
        Api.Workbook(Functions.Browsers.Leader(), year, quarter, source, default);
}
