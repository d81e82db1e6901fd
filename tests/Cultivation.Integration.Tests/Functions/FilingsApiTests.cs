using System.Text.Json;
using Cultivation.Application.Filings;
using Cultivation.Application.Ingestion;
using Cultivation.Application.Storage;
using Cultivation.Functions.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Cultivation.Integration.Tests.Functions;

/// <summary><c>GET /api/filings/{year}/{quarter}</c>, called as the host calls it: route values as strings.</summary>
public sealed class FilingsApiTests : IDisposable
{
    private const string East = "2022/Q1/东城街道.csv";
    private readonly TestStorage _storage = new();

    public void Dispose() => _storage.Dispose();

    [Fact]
    public async Task Lists_the_ingested_filings_of_the_period_in_camel_case_json()
    {
        await _storage.Get<IFilingBlobs>().UploadAsync(East, new MemoryStream(Filings.CsvOf([1, 2, 3])), default);
        Assert.Equal(IngestionResult.Accepted, (await _storage.Get<IngestionService>().IngestAsync(East, default)).Result);

        var result = await RunAsync("2022", "Q1");

        Assert.Equal(StatusCodes.Status200OK, result.StatusCode);
        Assert.StartsWith("application/json", result.ContentType);
        using var body = JsonDocument.Parse(result.Content!);
        Assert.Equal("2022Q1", body.RootElement.GetProperty("period").GetString());
        var filing = Assert.Single(body.RootElement.GetProperty("filings").EnumerateArray());
        Assert.Equal(East, filing.GetProperty("name").GetString());
        Assert.Equal("东城街道", filing.GetProperty("source").GetString());
        Assert.Equal("accepted", filing.GetProperty("status").GetString());
        Assert.Equal(3, filing.GetProperty("rows").GetInt32());
        Assert.Equal(0, filing.GetProperty("errors").GetInt32());
        Assert.Equal("filings-reports/" + East + ".json", filing.GetProperty("report").GetString());
        Assert.True(filing.GetProperty("inForce").GetBoolean());
        Assert.False(filing.TryGetProperty("Status", out _), "Property names must be camelCase.");
    }

    [Fact]
    public async Task An_empty_period_answers_an_empty_list()
    {
        var result = await RunAsync("2023", "q4");

        Assert.Equal(StatusCodes.Status200OK, result.StatusCode);
        using var body = JsonDocument.Parse(result.Content!);
        Assert.Equal("2023Q4", body.RootElement.GetProperty("period").GetString());
        Assert.Empty(body.RootElement.GetProperty("filings").EnumerateArray());
    }

    [Theory]
    [InlineData("2022", "Q5")]
    [InlineData("2022", "Q0")]
    [InlineData("abcd", "Q1")]
    [InlineData("-2022", "Q1")]
    [InlineData("2022", "' or PartitionKey ne '")]
    [InlineData("2022' or PartitionKey ne '", "Q1")]
    [InlineData("2022", "Q12")]
    public async Task Rejects_an_invalid_period_with_a_problem_body(string year, string quarter)
    {
        var result = await RunAsync(year, quarter);

        Assert.Equal(StatusCodes.Status400BadRequest, result.StatusCode);
        Assert.StartsWith(Problems.ProblemJson, result.ContentType);
        using var body = JsonDocument.Parse(result.Content!);
        Assert.Equal(400, body.RootElement.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(body.RootElement.GetProperty("title").GetString()));
        Assert.Contains(quarter, body.RootElement.GetProperty("detail").GetString());
    }

    private async Task<ContentResult> RunAsync(string year, string quarter)
    {
        var api = new FilingsApi(_storage.Get<FilingQueries>());
        var result = await api.Run(new DefaultHttpContext().Request, year, quarter, default);
        return Assert.IsType<ContentResult>(result);
    }
}
