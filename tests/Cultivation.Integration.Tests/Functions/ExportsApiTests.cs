using Cultivation.Application.Ingestion;
using Cultivation.Application.Leaders;
using Cultivation.Application.Progress;
using Cultivation.Application.Storage;
using Cultivation.Domain.Tests.Builders;
using Cultivation.Functions.Api;
using Microsoft.AspNetCore.Mvc;
using static Cultivation.Integration.Tests.Functions.Browsers;

namespace Cultivation.Integration.Tests.Functions;

/// <summary><c>GET /api/exports/{year}[?town=]</c> over stored progress: the city's workbook, one town's, and bad input.</summary>
public sealed class ExportsApiTests : IDisposable
{
    private readonly TestStorage _storage = new();

    public void Dispose() => _storage.Dispose();

    private ExportsApi Api => new(_storage.Get<LeadersExportService>(), SignInRequired());

    [Fact]
    public async Task A_towns_workbook_holds_only_that_towns_firms_and_a_hostile_name_as_text()
    {
        await _storage.Get<TargetsService>().LoadAsync(await File.ReadAllTextAsync(Path.Combine(Repository.Root(), "seeds/targets/2022.json")), default);
        const string hostile = "=cmd|' /C calc'!A0";
        var towns = new Cultivation.Domain.City.CityOptions().Towns;
        for (var t = 0; t < towns.Count; t++)
        {
            // Every town files Q1 (so it is complete): two 规上 firms with land each, 东城街道's second one named like a formula.
            var rows = new[] { Filings.Row((t * 2) + 1, towns[t]), Filings.Row((t * 2) + 2, towns[t]) };
            if (t == 0)
            {
                rows[1] = rows[1].Replace("永康市测试2号五金有限公司", hostile, StringComparison.Ordinal);
            }

            await UploadAsync($"2022/Q1/{towns[t]}.csv", Filings.Csv(rows));
        }

        Assert.All(await _storage.Get<ReconcileService>().ReconcileAsync(null, default), o => Assert.Equal(IngestionResult.Accepted, o.Result));

        using var city = new XlsxInspector(await BytesAsync(await Api.Run(Leader("/api/exports/2022"), "2022", default)));
        using var east = new XlsxInspector(await BytesAsync(await Api.Run(Leader("/api/exports/2022?town=东城街道"), "2022", default)));

        var cityFirms = city.Sheet("规上工业亩均税收");
        var eastFirms = east.Sheet("规上工业亩均税收");
        Assert.Equal(31, cityFirms.RowCount); // the header and 30 firms
        Assert.Equal(3, eastFirms.RowCount);
        Assert.Equal([Filings.Code(1), "永康市测试1号五金有限公司", "东城街道"], eastFirms.Row(2, 3));
        Assert.Equal([Filings.Code(2), hostile, "东城街道"], eastFirms.Row(3, 3));
        Assert.False(eastFirms.HasFormulas);
        Assert.Equal("东城街道", Fact(east, "范围"));
        Assert.Equal("永康市全市", Fact(city, "范围"));
        Assert.Equal("2022Q1", Fact(city, "进度截至"));
    }

    /// <summary>The value beside a label in the overview's facts.</summary>
    private static string? Fact(XlsxInspector book, string label) =>
        Enumerable.Range(1, 40).Select(r => book.Sheet("总览").Row(r, 2)).FirstOrDefault(row => row[0] == label)?[1];

    [Fact]
    public async Task Bad_input_gets_a_problem_body()
    {
        await _storage.Get<TargetsService>().LoadAsync(await File.ReadAllTextAsync(Path.Combine(Repository.Root(), "seeds/targets/2022.json")), default);

        Assert.Equal(400, Assert.IsType<ContentResult>(await Api.Run(Leader("/api/exports/20x2"), "20x2", default)).StatusCode);
        Assert.Equal(400, Assert.IsType<ContentResult>(await Api.Run(Leader("/api/exports/2022?town=清溪镇"), "2022", default)).StatusCode);
        Assert.Equal(404, Assert.IsType<ContentResult>(await Api.Run(Leader("/api/exports/2031"), "2031", default)).StatusCode);
    }

    private Task UploadAsync(string name, byte[] bytes) => _storage.Get<IFilingBlobs>().UploadAsync(name, new MemoryStream(bytes), default);

    private static async Task<byte[]> BytesAsync(IActionResult result)
    {
        var file = Assert.IsType<FileStreamResult>(result);
        await using var stream = file.FileStream;
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }
}
