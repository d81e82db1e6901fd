using System.Reflection;
using System.Text.Json;
using Cultivation.Application.Access;
using Cultivation.Application.Enterprises;
using Cultivation.Application.Filings;
using Cultivation.Application.Ingestion;
using Cultivation.Application.Leaders;
using Cultivation.Application.Progress;
using Cultivation.Application.Storage;
using Cultivation.Functions.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace Cultivation.Integration.Tests.Api;

/// <summary>
/// <c>GET /api/openapi.json</c> against the code: every HTTP function is in the document with its route, method and key, and
/// every body the functions really give on the sample city (answers and problems) matches the document's schema for it.
/// </summary>
public sealed class OpenApiDocumentTests : IDisposable
{
    private const string Year = "2022";
    private readonly TestStorage _storage = new();
    private readonly JsonDocument _document = JsonDocument.Parse(OpenApiApi.Document);

    public void Dispose()
    {
        _document.Dispose();
        _storage.Dispose();
    }

    [Fact]
    public void Every_http_function_is_described_with_its_route_method_and_key_and_nothing_else_is()
    {
        var functions = typeof(OpenApiApi).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods())
            .Select(m => (Function: m.GetCustomAttribute<FunctionAttribute>(), Trigger: m.GetParameters().Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).SingleOrDefault(a => a is not null)))
            .Where(f => f.Function is not null && f.Trigger is not null)
            .ToList();
        Assert.True(functions.Count >= 10, $"{functions.Count} HTTP functions found");

        var paths = _document.RootElement.GetProperty("paths");
        var described = new List<(string Path, string Method)>();
        foreach (var path in paths.EnumerateObject())
        {
            described.AddRange(path.Value.EnumerateObject().Where(o => o.Name is not "parameters").Select(o => (path.Name, o.Name)));
        }

        var expected = functions.SelectMany(f => f.Trigger!.Methods!.Select(m => ("/" + f.Trigger.Route, m.ToLowerInvariant()))).ToList();
        Assert.Equal(expected.Order(), described.Order());

        foreach (var (function, trigger) in functions)
        {
            var operation = paths.GetProperty("/" + trigger!.Route).GetProperty("get");
            Assert.Equal(function!.Name, operation.GetProperty("operationId").GetString());
            var security = operation.GetProperty("security").EnumerateArray().SelectMany(s => s.EnumerateObject().Select(o => o.Name)).ToList();
            Assert.Equal(trigger.AuthLevel == AuthorizationLevel.Anonymous ? [] : ["functionKey"], security);

            // Each route parameter is declared as a path parameter, required.
            var declared = operation.TryGetProperty("parameters", out var parameters)
                ? parameters.EnumerateArray().Where(p => p.GetProperty("in").GetString() == "path").Select(p => p.GetProperty("name").GetString()!).ToList()
                : [];
            var inRoute = trigger.Route!.Split('/').Where(s => s.StartsWith('{')).Select(s => s.Trim('{', '}')).ToList();
            Assert.Equal(inRoute, declared);
        }

        var scheme = _document.RootElement.GetProperty("components").GetProperty("securitySchemes").GetProperty("functionKey");
        Assert.Equal(("apiKey", "header", "x-functions-key"), (scheme.GetProperty("type").GetString(), scheme.GetProperty("in").GetString(), scheme.GetProperty("name").GetString()));
        Assert.StartsWith("3.", _document.RootElement.GetProperty("openapi").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_body_the_functions_give_on_the_sample_city_matches_its_schema_in_the_document()
    {
        await LoadSampleCityAsync();
        var progress = new ProgressApi(_storage.Get<ProgressQueries>());
        var enterprises = new EnterprisesApi(_storage.Get<EnterpriseQueries>());
        var lowEfficiency = new LowEfficiencyApi(_storage.Get<ProgressQueries>());
        var filings = new FilingsApi(_storage.Get<FilingQueries>());
        // The browser routes as on a workstation: Development, the caller and the host on loopback (no sign-in there).
        var access = new BrowserAccessPolicy(Options.Create(new BrowserAccessOptions { Development = true }));
        var reports = new FilingReportsApi(_storage.Get<FilingReportService>(), access);
        var templates = new FilingTemplatesApi(_storage.Get<FilingTemplateService>(), access);
        var exports = new ExportsApi(_storage.Get<LeadersExportService>(), access);
        var dashboard = new DashboardApi(_storage.Get<DashboardService>(), access);

        using var year = await CheckAsync("/progress/{year}", 200, progress.Year(Request(), Year, default));
        foreach (var target in year.RootElement.GetProperty("targets").EnumerateArray().Select(t => t.GetProperty("id").GetString()!))
        {
            (await CheckAsync("/progress/{year}/{targetId}", 200, progress.Target(Request(), Year, target, default))).Dispose();
        }

        using var cultivation = await CheckAsync("/progress/{year}/{targetId}", 200, progress.Target(Request(), Year, "above-scale-upgrades", default));
        var code = cultivation.RootElement.GetProperty("firms")[0].GetProperty("creditCode").GetString()!;
        (await CheckAsync("/enterprises/{creditCode}", 200, enterprises.Run(Request(), code, default))).Dispose();
        (await CheckAsync("/low-efficiency/{year}/{quarter}", 200, lowEfficiency.Run(Request(), Year, "Q2", default))).Dispose();
        (await CheckAsync("/low-efficiency/{year}/{quarter}", 200, lowEfficiency.Run(Request("?town=东城街道"), Year, "Q2", default))).Dispose();
        using var list = await CheckAsync("/filings/{year}/{quarter}", 200, filings.Run(Request(), Year, "Q2", default));
        Assert.Contains(list.RootElement.GetProperty("filings").EnumerateArray(), f => f.GetProperty("status").GetString() == "rejected");
        (await CheckAsync("/filings/{year}/{quarter}/{source}/report", 200, reports.Report(Request(), Year, "Q2", "东城街道", default))).Dispose();
        (await CheckAsync("/filings/{year}/{quarter}/{source}/report", 200, reports.Report(Request(), Year, "Q2", "象珠镇", default))).Dispose();
        (await CheckAsync("/health", 200, Task.FromResult(new HealthApi(TimeProvider.System).Run(Request())))).Dispose();
        (await CheckAsync("/openapi.json", 200, Task.FromResult(new OpenApiApi().Run(Request())))).Dispose();

        // Workbooks: the media type the document names, and a zip (xlsx) body.
        await CheckWorkbookAsync("/filings/{year}/{quarter}/{source}/report.xlsx", reports.Workbook(Request(), Year, "Q2", "象珠镇", default));
        await CheckWorkbookAsync("/templates/{year}/{quarter}/{source}", templates.Run(Request(), Year, "Q3", "东城街道", default));
        await CheckWorkbookAsync("/exports/{year}", exports.Run(Request(), Year, default));
        await CheckWorkbookAsync("/exports/{year}", exports.Run(Request("?town=东城街道"), Year, default));
        await CheckHtmlAsync("/dashboard", dashboard.Run(Request("?year=2022"), default));
        await CheckHtmlAsync("/dashboard", dashboard.Run(Request("?year=2022&list=above-scale-upgrades&page=1"), default));

        // Problems: each status the document lists for a route, given by the function for bad input.
        (await CheckAsync("/progress/{year}", 400, progress.Year(Request(), "20x2", default))).Dispose();
        (await CheckAsync("/progress/{year}", 404, progress.Year(Request(), "2030", default))).Dispose();
        (await CheckAsync("/progress/{year}/{targetId}", 404, progress.Target(Request(), Year, "no-such-target", default))).Dispose();
        (await CheckAsync("/enterprises/{creditCode}", 400, enterprises.Run(Request(), "not-a-code", default))).Dispose();
        (await CheckAsync("/enterprises/{creditCode}", 404, enterprises.Run(Request(), "91330784MA00000027", default))).Dispose();
        (await CheckAsync("/low-efficiency/{year}/{quarter}", 400, lowEfficiency.Run(Request(), Year, "Q5", default))).Dispose();
        (await CheckAsync("/low-efficiency/{year}/{quarter}", 400, lowEfficiency.Run(Request("?town=无此镇"), Year, "Q2", default))).Dispose();
        (await CheckAsync("/filings/{year}/{quarter}", 400, filings.Run(Request(), Year, "Q5", default))).Dispose();
        (await CheckAsync("/filings/{year}/{quarter}/{source}/report", 400, reports.Report(Request(), Year, "Q0", "东城街道", default))).Dispose();
        (await CheckAsync("/filings/{year}/{quarter}/{source}/report", 404, reports.Report(Request(), Year, "Q2", "无此镇", default))).Dispose();
        (await CheckAsync("/filings/{year}/{quarter}/{source}/report.xlsx", 404, reports.Workbook(Request(), Year, "Q2", "无此镇", default))).Dispose();
        (await CheckAsync("/templates/{year}/{quarter}/{source}", 400, templates.Run(Request(), Year, "Q9", "东城街道", default))).Dispose();
        (await CheckAsync("/templates/{year}/{quarter}/{source}", 404, templates.Run(Request(), Year, "Q2", "无此镇", default))).Dispose();
        (await CheckAsync("/exports/{year}", 400, exports.Run(Request(), "20x2", default))).Dispose();
        (await CheckAsync("/dashboard", 400, dashboard.Run(Request("?page=x"), default))).Dispose();

        // Outside Development a browser without a principal is sent to sign in; a caller that is not a browser gets 401.
        var guarded = new ExportsApi(_storage.Get<LeadersExportService>(), new BrowserAccessPolicy(Options.Create(new BrowserAccessOptions { AuthEnabled = true })));
        Response("/exports/{year}", 302);
        Assert.IsType<RedirectResult>(await guarded.Run(Request(html: true), Year, default));
        (await CheckAsync("/exports/{year}", 401, guarded.Run(Request(), Year, default))).Dispose();

        async Task<JsonDocument> CheckAsync(string path, int status, Task<IActionResult> call)
        {
            var content = Assert.IsType<ContentResult>(await call);
            Assert.Equal(status, content.StatusCode);
            Dump(path, status, content.Content!);
            var mediaType = content.ContentType!.Split(';')[0];
            var schema = Response(path, status).GetProperty("content").GetProperty(mediaType).GetProperty("schema");
            var body = JsonDocument.Parse(content.Content!);
            var problems = new SchemaCheck(_document.RootElement).Problems(body.RootElement, schema);
            Assert.True(problems.Count == 0, $"GET {path} ({status}) does not match the document:\n{string.Join("\n", problems.Take(20))}");
            return body;
        }

        async Task CheckHtmlAsync(string path, Task<IActionResult> call)
        {
            var content = Assert.IsType<ContentResult>(await call);
            Assert.Equal(200, content.StatusCode);
            var schema = Response(path, 200).GetProperty("content").GetProperty(content.ContentType!.Split(';')[0]).GetProperty("schema");
            Assert.Equal("string", schema.GetProperty("type").GetString());
            Assert.StartsWith("<!DOCTYPE html>", content.Content!, StringComparison.OrdinalIgnoreCase);
        }

        async Task CheckWorkbookAsync(string path, Task<IActionResult> call)
        {
            var file = Assert.IsType<FileStreamResult>(await call);
            var schema = Response(path, 200).GetProperty("content").GetProperty(file.ContentType).GetProperty("schema");
            Assert.Equal(("string", "binary"), (schema.GetProperty("type").GetString(), schema.GetProperty("format").GetString()));
            var head = new byte[2];
            await file.FileStream.ReadExactlyAsync(head);
            Assert.Equal("PK"u8.ToArray(), head);
        }
    }

    [Fact]
    public void The_checker_finds_a_missing_required_field_an_undeclared_field_and_a_wrong_type()
    {
        using var body = JsonDocument.Parse("""{ "creditCode": 7, "name": "x", "periods": [], "events": [], "unknownField": 1 }""");
        var schema = _document.RootElement.GetProperty("components").GetProperty("schemas").GetProperty("Enterprise");
        var problems = new SchemaCheck(_document.RootElement).Problems(body.RootElement, schema);

        Assert.Contains(problems, p => p.StartsWith("$.creditCode: Number where the schema says", StringComparison.Ordinal));
        Assert.Contains("$: the required field town is missing", problems);
        Assert.Contains("$.unknownField: a field the document does not declare", problems);
    }

    [Fact]
    public void The_function_serves_the_document_as_json()
    {
        var content = Assert.IsType<ContentResult>(new OpenApiApi().Run(Request()));
        Assert.Equal((200, "application/json; charset=utf-8"), (content.StatusCode, content.ContentType));
        using var served = JsonDocument.Parse(content.Content!);
        Assert.Equal("Cultivation", served.RootElement.GetProperty("info").GetProperty("title").GetString()!.Split(' ')[0]);
    }

    private JsonElement Response(string path, int status)
    {
        var operation = _document.RootElement.GetProperty("paths").GetProperty(path).GetProperty("get");
        Assert.True(operation.GetProperty("responses").TryGetProperty(status.ToString(System.Globalization.CultureInfo.InvariantCulture), out var response), $"GET {path} lists no {status}");
        return response;
    }

    /// <summary>With CULTIVATION_DUMP_BODIES set, the bodies are also written there (to read them when the document is edited).</summary>
    private static void Dump(string path, int status, string body)
    {
        if (Environment.GetEnvironmentVariable("CULTIVATION_DUMP_BODIES") is { Length: > 0 } dir)
        {
            Directory.CreateDirectory(dir);
            var name = path.Trim('/').Replace('/', '_').Replace("{", string.Empty, StringComparison.Ordinal).Replace("}", string.Empty, StringComparison.Ordinal);
            File.WriteAllText(Path.Combine(dir, $"{name}.{status}.{Guid.NewGuid():N}.json"), body);
        }
    }

    private async Task LoadSampleCityAsync()
    {
        var root = Repository.Root();
        var (loaded, problems) = await _storage.Get<TargetsService>().LoadAsync(await File.ReadAllTextAsync(Path.Combine(root, "seeds/targets/2022.json")), default);
        Assert.True(loaded is not null, string.Join("; ", problems.Select(p => p.English)));
        foreach (var (folder, period) in new[] { ("seeds/filings", "2021/Q4"), ("seeds/filings", "2022/Q1"), ("seeds/filings", "2022/Q2"), ("seeds/filings-bad", "2022/Q2") })
        {
            foreach (var file in Directory.EnumerateFiles(Path.Combine(root, folder, period)))
            {
                await using var stream = File.OpenRead(file);
                await _storage.Get<IFilingBlobs>().UploadAsync($"{period}/{Path.GetFileName(file)}", stream, default);
            }

            await _storage.Get<ReconcileService>().ReconcileAsync(null, default);
        }
    }

    /// <summary>A request from loopback to a loopback host; <paramref name="html"/> makes it a browser's.</summary>
    private static HttpRequest Request(string query = "", bool html = false)
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = System.Net.IPAddress.Loopback;
        context.Request.Host = new HostString("localhost", 7071);
        context.Request.Path = "/api/page";
        if (html)
        {
            context.Request.Headers.Accept = "text/html";
        }

        context.Request.Method = "GET";
        context.Request.QueryString = new QueryString(query.Length == 0 ? null : query);
        return context.Request;
    }
}
