using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Cultivation.Application.Enterprises;
using Cultivation.Application.Ingestion;
using Cultivation.Application.Progress;
using Cultivation.Domain.Tests.Builders;
using Cultivation.Functions.Api;
using Cultivation.Application.Telemetry;
using Cultivation.Functions.Telemetry;
using Cultivation.Integration.Tests;
using Cultivation.Integration.Tests.Telemetry;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Logs;
using OpenTelemetry.Trace;

namespace Cultivation.Reliability.Tests;

/// <summary>Route and query values are validated before any table query; firm names and figures never reach the logs or Application Insights; filing text is escaped.</summary>
public sealed class SecurityTests
{
    private const string Injection = "' or PartitionKey ne '";

    [Fact]
    public async Task An_odata_injection_in_any_route_or_query_value_gets_a_400()
    {
        using var pipeline = new Pipeline();
        var queries = pipeline.Storage.Get<ProgressQueries>();
        var progress = new ProgressApi(queries);
        var enterprises = new EnterprisesApi(pipeline.Storage.Get<EnterpriseQueries>());
        var lowEfficiency = new LowEfficiencyApi(queries);
        var filings = new FilingsApi(pipeline.Storage.Get<Cultivation.Application.Filings.FilingQueries>());
        var town = "?town=" + Uri.EscapeDataString(Injection);

        var results = new Dictionary<string, IActionResult>
        {
            ["progress/{year}"] = await progress.Year(Request(), Injection, default),
            ["progress/{year}/{targetId} year"] = await progress.Target(Request(), Injection, "above-scale-upgrades", default),
            ["progress/{year}/{targetId} target"] = await progress.Target(Request(), "2022", Injection, default),
            ["enterprises/{creditCode}"] = await enterprises.Run(Request(), Injection, default),
            ["low-efficiency year"] = await lowEfficiency.Run(Request(), Injection, "Q1", default),
            ["low-efficiency quarter"] = await lowEfficiency.Run(Request(), "2022", Injection, default),
            ["low-efficiency ?town="] = await lowEfficiency.Run(Request(town), "2022", "Q1", default),
            ["filings year"] = await filings.Run(Request(), Injection, "Q1", default),
            ["filings quarter"] = await filings.Run(Request(), "2022", Injection, default),
        };

        foreach (var (what, result) in results)
        {
            var content = Assert.IsType<ContentResult>(result);
            Assert.True(content.StatusCode == 400, $"{what}: {content.StatusCode} {content.Content}");
            Assert.StartsWith("application/problem+json", content.ContentType);
        }
    }

    [Fact]
    public void Every_table_query_filter_is_built_by_the_parameterising_CreateQueryFilter()
    {
        var sources = Directory.EnumerateFiles(Path.Combine(Repository.Root(), "src"), "*.cs", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(Path.Combine(Repository.Root(), "functions"), "*.cs", SearchOption.AllDirectories))
            .Where(f => !f.Contains("/obj/", StringComparison.Ordinal) && !f.Contains("/bin/", StringComparison.Ordinal));
        foreach (var file in sources)
        {
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                var line = lines[i];

                // A filter written by hand: an OData comparison inside a string literal, outside CreateQueryFilter.
                var handWritten = (line.Contains(" eq ", StringComparison.Ordinal) || line.Contains(" ge ", StringComparison.Ordinal) || line.Contains(" lt ", StringComparison.Ordinal))
                    && line.Contains("PartitionKey", StringComparison.Ordinal)
                    && !line.Contains("CreateQueryFilter", StringComparison.Ordinal)
                    && !line.TrimStart().StartsWith("//", StringComparison.Ordinal);
                Assert.False(handWritten, $"{file}:{i + 1} builds a table filter by hand: {line.Trim()}");
            }
        }
    }

    [Fact]
    public async Task No_firm_name_or_figure_from_a_filing_is_written_to_the_logs_or_sent_to_application_insights()
    {
        var capture = new CapturingLoggerProvider();
        // Everything the worker would send to Application Insights (logs, requests, dependencies and the
        // operations events) through the real exporter, caught at a stand-in ingestion endpoint.
        await using var monitor = await AzureMonitorCapture.StartAsync();
        var telemetrySettings = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [WorkerTelemetry.ConnectionStringSetting] = monitor.ConnectionString(),
        }).Build();
        using var pipeline = new Pipeline(s =>
        {
            s.AddLogging(b => b.AddProvider(capture).SetMinimumLevel(LogLevel.Trace));
            s.AddWorkerTelemetry(telemetrySettings, o =>
            {
                monitor.Configure(o);
                o.Credential = new RecordingCredential();
                o.SamplingRatio = 1.0F;
                o.TracesPerSecond = null;
            });
        });
        var exporting = pipeline.Storage.Services.GetServices<IHostedService>().ToList();
        foreach (var service in exporting)
        {
            await service.StartAsync(default);
        }

        await pipeline.Storage.Get<TargetsService>().LoadAsync(await File.ReadAllTextAsync(Path.Combine(Repository.Root(), "seeds/targets/2022.json")), default);

        // A sample-city filing with one firm of distinctive figures added.
        var sample = Path.Combine(Repository.Root(), "seeds/filings/2022/Q1/芝英镇.xlsx");
        const string name = "2022/Q1/芝英镇.xlsx";
        await pipeline.Blobs.UploadAsync(name, File.OpenRead(sample), default);
        Assert.Equal(IngestionResult.Accepted, (await pipeline.Ingestion.IngestAsync(name, default)).Result);
        var rows = await pipeline.RowsInForceAsync(name);

        const string marked = "2022/Q1/象珠镇.xlsx";
        var secret = new object?[] { SampleFiling.EnterpriseCode(987654), "永康市秘密测试机密有限公司", "象珠镇", "是", 98765.4321, 4321.9876, 12.3457 };
        await pipeline.UploadAsync(marked, new XlsxBuilder().Rows([SampleFiling.Header, secret]).Build());
        Assert.Equal(IngestionResult.Accepted, (await pipeline.Storage.Get<ReconcileService>().ReconcileAsync(null, default)).Single().Result);

        // A rejected file whose errors quote values.
        const string bad = "2022/Q1/唐先镇.xlsx";
        await pipeline.UploadAsync(bad, new XlsxBuilder().Rows([SampleFiling.Header, [SampleFiling.EnterpriseCode(987655), "永康市秘密退回有限公司", "唐先镇", "是", -55555.4444, 4321.9876, 12.0]]).Build());
        Assert.Equal(IngestionResult.Rejected, (await pipeline.IngestAsync(bad)).Result);
        await pipeline.Storage.Get<ProgressService>().RecomputeAsync(2022, default);

        var forbidden = new List<string> { "永康市秘密测试机密有限公司", "永康市秘密退回有限公司", "98765.4321", "4321.9876", "12.3457", "55555.4444", SampleFiling.EnterpriseCode(987654) };
        foreach (var row in rows.Where(r => r.Revenue >= 100m && r.Name.Length >= 6).Take(50))
        {
            forbidden.Add(row.Name);
            forbidden.Add(row.Revenue.ToString(CultureInfo.InvariantCulture));
        }

        foreach (var service in exporting)
        {
            await service.StopAsync(default);
        }

        pipeline.Storage.Get<LoggerProvider>().ForceFlush();
        pipeline.Storage.Get<TracerProvider>().ForceFlush();
        Assert.Equal(2, monitor.Events.Count(e => e.Name == TelemetryEvents.FilingAccepted));
        Assert.Single(monitor.Events, e => e.Name == TelemetryEvents.FilingRejected);
        Assert.Contains(monitor.Items, i => i.GetProperty("data").GetProperty("baseType").GetString() == "RemoteDependencyData");

        Assert.NotEmpty(capture.Entries);
        foreach (var entry in capture.Entries.Concat(monitor.Items.Select(Content)))
        {
            // Versions are logged by their SHA-256: a figure such as 589 can turn up among its hex digits by chance.
            var text = Regex.Replace(entry, "\\b(?=[0-9a-f]*[a-f])[0-9a-f]{16,}\\b", "<hash>");
            foreach (var value in forbidden)
            {
                Assert.False(text.Contains(value, StringComparison.Ordinal), $"a log entry holds '{value}': {entry}");
            }
        }
    }

    [Fact]
    public async Task Text_and_json_reports_carry_hostile_names_literally_and_no_line_of_them_starts_with_a_formula()
    {
        using var pipeline = new Pipeline();
        const string name = "2022/Q1/东城街道.xlsx";
        var html = "<img src=x onerror=alert(1)>";
        var formula = "=cmd|' /C calc'!A0";
        await pipeline.UploadAsync(name, new XlsxBuilder().Rows(
        [
            SampleFiling.Header,
            [SampleFiling.EnterpriseCode(1), html, "东城街道", "是", 2500.0, 120.0, 20.0],
            [SampleFiling.EnterpriseCode(2), formula, "东城街道", "是", 2500.0, 120.0, 20.0],
            [SampleFiling.EnterpriseCode(3), "永康市样例3有限公司", formula, "是", 2500.0, 120.0, 20.0],
        ]).Build());

        Assert.Equal(IngestionResult.Rejected, (await pipeline.IngestAsync(name)).Result);

        var text = (await pipeline.Blobs.ReadReportAsync(name + ".txt", default))!;
        Assert.Contains(formula, text, StringComparison.Ordinal);
        Assert.All(text.Split('\n'), line => Assert.False(line.TrimStart().Length > 0 && "=+-@".Contains(line.TrimStart()[0], StringComparison.Ordinal), line));
        using var report = await pipeline.ReportAsync(name);
        var values = report.RootElement.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("value").GetString()).ToList();
        Assert.Contains(formula, values);

        // The names are kept as data, exactly as filed; where they are shown as HTML (the weekly digest) they are
        // escaped: DigestRendererTests.Html_escapes_every_value_from_a_filing covers <script>, <img> and =HYPERLINK names.
    }

    /// <summary>
    /// What a telemetry item says (names, messages, URLs, properties, exceptions), without the machine values
    /// around it (times, durations, ids) whose digits would match a figure by chance.
    /// </summary>
    private static string Content(JsonElement item)
    {
        var data = item.GetProperty("data").GetProperty("baseData");
        var text = string.Join(" | ", data.EnumerateObject()
            .Where(p => p.Name is "name" or "message" or "data" or "target" or "url" or "properties" or "exceptions")
            .Select(p => p.Value.ToString()));

        // Storage URLs escape their keys twice (%252F, %7C): decoded, a version's hash stands apart and is masked below.
        return Uri.UnescapeDataString(Uri.UnescapeDataString(text));
    }

    private static HttpRequest Request(string query = "")
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "GET";
        context.Request.QueryString = new QueryString(query.Length == 0 ? null : query);
        return context.Request;
    }

    /// <summary>Keeps every message and every structured value of every log entry, at every level.</summary>
    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        public ConcurrentQueue<string> Entries { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(this);

        public void Dispose()
        {
        }

        private sealed class Logger(CapturingLoggerProvider owner) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull
            {
                owner.Entries.Enqueue("scope: " + state);
                return null;
            }

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join("; ", pairs.Select(p => $"{p.Key}={p.Value}")) : string.Empty;
                owner.Entries.Enqueue($"{logLevel} {formatter(state, exception)} | {values} | {exception}");
            }
        }
    }
}
