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

/// <summary><c>GET /api/templates/{year}/Q{q}/{source}</c> against Azurite, with the sample city's filings.</summary>
public sealed class FilingTemplatesApiTests : IDisposable
{
    private readonly TestStorage _storage = new();

    public void Dispose() => _storage.Dispose();

    [Fact]
    public async Task Next_quarter_s_template_filled_with_the_figures_is_accepted_with_the_same_firms()
    {
        await IngestSeedAsync("2022/Q1/东城街道.xlsx");
        await IngestSeedAsync("2022/Q2/东城街道.xlsx");

        var result = Assert.IsType<FileStreamResult>(await RunAsync("2022", "Q3", "东城街道"));
        Assert.Equal(WorkbookFile.ContentType, result.ContentType);
        Assert.Equal("东城街道-2022Q3-填报模板.xlsx", result.FileDownloadName);
        var template = await BytesAsync(result);

        using (var book = new XlsxInspector(template))
        {
            var sheet = book.Sheet(0);
            Assert.Equal("数据", book.Sheets[0].Name);

            // 428 firm rows in 东城街道's Q2 file, 6 of them 已关停: 422 prefilled under the header.
            Assert.Equal(423, sheet.RowCount);
            Assert.Equal(["91330784MAELME6J8G", "永康市豪顺汽配有限公司", "东城街道", "是", "2013"], sheet.Row(2, 5));
            Assert.Equal("64.5", sheet.Text("J2"));
            Assert.Equal("3670", sheet.Text("R2"));
            Assert.Null(sheet.Text("F2"));
            Assert.DoesNotContain("92330784MAWK5FA62L", Enumerable.Range(2, 422).Select(r => sheet.Text($"A{r}")));
        }

        var filled = XlsxEditor.FillFigures(template, revenue: 4321.5m, tax: 210m);
        await _storage.Get<IFilingBlobs>().UploadAsync("2022/Q3/东城街道.xlsx", new MemoryStream(filled), default);
        var outcome = await _storage.Get<IngestionService>().IngestAsync("2022/Q3/东城街道.xlsx", default);

        Assert.Equal(IngestionResult.Accepted, outcome.Result);
        Assert.Equal(422, outcome.Rows);
        using var filledBook = new XlsxInspector(filled);
        var codes = Enumerable.Range(2, 422).Select(r => filledBook.Sheet(0).Text($"A{r}")!).ToHashSet();
        var stored = await StoredCodesAsync("2022/Q3/东城街道.xlsx");
        Assert.True(codes.SetEquals(stored), "The accepted Q3 filing holds exactly the template's firms.");
    }

    [Fact]
    public async Task A_source_without_an_accepted_filing_gets_the_header_and_instructions_only()
    {
        var result = Assert.IsType<FileStreamResult>(await RunAsync("2022", "Q1", "统计局"));
        using var book = new XlsxInspector(await BytesAsync(result));

        Assert.Equal(1, book.Sheet(0).RowCount);
        Assert.Equal("'下拉列表'!$A$1:$A$15", book.DefinedNames["TownList"]);
    }

    [Fact]
    public async Task An_unknown_source_is_not_found_and_a_bad_period_is_a_bad_request()
    {
        var unknown = Assert.IsType<ContentResult>(await RunAsync("2022", "Q3", "北京"));
        Assert.Equal(StatusCodes.Status404NotFound, unknown.StatusCode);
        Assert.StartsWith(Problems.ProblemJson, unknown.ContentType);
        using (var body = JsonDocument.Parse(unknown.Content!))
        {
            Assert.Contains("北京", body.RootElement.GetProperty("title").GetString());
        }

        var bad = Assert.IsType<ContentResult>(await RunAsync("2022", "Q5", "东城街道"));
        Assert.Equal(StatusCodes.Status400BadRequest, bad.StatusCode);
    }

    private async Task IngestSeedAsync(string name)
    {
        var bytes = await File.ReadAllBytesAsync(Path.Combine(Repository.Root(), "seeds/filings", name));
        await _storage.Get<IFilingBlobs>().UploadAsync(name, new MemoryStream(bytes), default);
        Assert.Equal(IngestionResult.Accepted, (await _storage.Get<IngestionService>().IngestAsync(name, default)).Result);
    }

    private async Task<HashSet<string>> StoredCodesAsync(string blobName)
    {
        var entry = (await _storage.Get<IFilingLedger>().GetAsync(blobName, default))!;
        Assert.True(Domain.Filings.FilingName.TryParse(blobName, out var name, out _));
        var codes = new HashSet<string>();
        await foreach (var row in _storage.Get<IFirmRowStore>().ReadAsync(name, entry.CurrentSha!, entry.CurrentShards, default))
        {
            codes.Add(row.CreditCode.Value);
        }

        return codes;
    }

    private Task<IActionResult> RunAsync(string year, string quarter, string source) =>
        new FilingTemplatesApi(_storage.Get<FilingTemplateService>(), Functions.Browsers.SignInRequired()).Run(Functions.Browsers.Leader(), year, quarter, source, default);

    internal static async Task<byte[]> BytesAsync(FileStreamResult result)
    {
        await using var stream = result.FileStream;
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }
}
