using Cultivation.Application.Access;
using Cultivation.Application.Ingestion;
using Cultivation.Application.Leaders;
using Cultivation.Application.Progress;
using Cultivation.Application.Storage;
using Cultivation.Functions.Api;
using Cultivation.Integration.Tests;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Cultivation.Browser.Tests;

/// <summary>
/// The sample city (2021 and 2022, the late town included) ingested through the real pipeline into Azurite, and a
/// small Kestrel host on 127.0.0.1 that answers the browser routes by calling the function classes, as the
/// Functions host would. The clock stands in January 2023, so the dashboard's default year is 2022.
/// </summary>
public sealed class SampleCitySite : IAsyncLifetime
{
    public static readonly DateTimeOffset Now = new(2023, 1, 16, 1, 0, 0, TimeSpan.Zero);

    private WebApplication? _app;

    public TestStorage Storage { get; } = new(services => services.AddSingleton<TimeProvider>(new FakeTimeProvider(Now)));

    /// <summary>e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public string BaseUrl { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        var root = Repository.Root();
        var (_, problems) = await Storage.Get<TargetsService>().LoadAsync(await File.ReadAllTextAsync(Path.Combine(root, "seeds/targets/2022.json")), default);
        Assert.Empty(problems);
        foreach (var folder in new[] { "seeds/filings", "seeds/filings-late" })
        {
            foreach (var file in Directory.EnumerateFiles(Path.Combine(root, folder), "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                await using var stream = File.OpenRead(file);
                await Storage.Get<IFilingBlobs>().UploadAsync(Path.GetRelativePath(Path.Combine(root, folder), file).Replace('\\', '/'), stream, default);
            }

            var outcomes = await Storage.Get<ReconcileService>().ReconcileAsync(null, default);
            Assert.All(outcomes, o => Assert.Equal(IngestionResult.Accepted, o.Result));
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddMvcCore();
        _app = builder.Build();
        // As under Core Tools on a workstation: Development, the caller and the host on loopback (no sign-in there).
        var access = new BrowserAccessPolicy(Options.Create(new BrowserAccessOptions { Development = true }));
        var dashboard = new DashboardApi(Storage.Get<DashboardService>(), access);
        var exports = new ExportsApi(Storage.Get<LeadersExportService>(), access);
        _app.MapGet("/api/dashboard", context => RunAsync(context, dashboard.Run(context.Request, context.RequestAborted)));
        _app.MapGet("/api/exports/{year}", context => RunAsync(context, exports.Run(context.Request, (string)context.GetRouteValue("year")!, context.RequestAborted)));
        await _app.StartAsync();
        BaseUrl = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        Storage.Dispose();
    }

    /// <summary>Writes a function's answer as the Functions host's ASP.NET Core integration does.</summary>
    private static async Task RunAsync(HttpContext context, Task<IActionResult> answer) =>
        await (await answer).ExecuteResultAsync(new ActionContext(context, context.GetRouteData(), new ActionDescriptor()));
}
