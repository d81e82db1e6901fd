using System.Collections.Concurrent;
using System.IO.Compression;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Cultivation.Integration.Tests.Telemetry;

/// <summary>
/// A stand-in for the Application Insights ingestion endpoint on loopback (HTTPS with a certificate made
/// for the test, since the exporter sends Entra ID tokens over TLS only): it keeps every telemetry item
/// the Azure Monitor exporter posts and the Authorization header it came with.
/// </summary>
public sealed class AzureMonitorCapture : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly X509Certificate2 _certificate;
    private readonly ConcurrentQueue<JsonElement> _items = new();
    private readonly ConcurrentQueue<string> _authorizations = new();

    static AzureMonitorCapture()
    {
        // The exporter's own usage reports go to Microsoft's endpoints: never from a test.
        Environment.SetEnvironmentVariable("APPLICATIONINSIGHTS_STATSBEAT_DISABLED", "true");
        Environment.SetEnvironmentVariable("APPLICATIONINSIGHTS_SDKSTATS_DISABLED", "true");
    }

    private AzureMonitorCapture(WebApplication app, X509Certificate2 certificate)
    {
        _app = app;
        _certificate = certificate;
    }

    public IReadOnlyList<JsonElement> Items => [.. _items];

    public IReadOnlyList<string> Authorizations => [.. _authorizations];

    public Uri Endpoint { get; private set; } = null!;

    /// <summary>A connection string naming this endpoint; <paramref name="extra"/> is appended (e.g. <c>AADAudience=…</c>).</summary>
    public string ConnectionString(string extra = "") =>
        $"InstrumentationKey=00000000-0000-0000-0000-000000000001;IngestionEndpoint={Endpoint};{extra}";

    /// <summary>The custom events received: name and properties.</summary>
    public IReadOnlyList<CapturedEvent> Events =>
    [
        .. Items.Where(i => i.TryGetProperty("data", out var data) && data.GetProperty("baseType").GetString() == "EventData")
            .Select(i => i.GetProperty("data").GetProperty("baseData"))
            .Select(d => new CapturedEvent(
                d.GetProperty("name").GetString()!,
                d.TryGetProperty("properties", out var p)
                    ? p.EnumerateObject().ToDictionary(x => x.Name, x => x.Value.ToString(), StringComparer.Ordinal)
                    : new Dictionary<string, string>())),
    ];

    public static async Task<AzureMonitorCapture> StartAsync()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
        var certificate = X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(certificate)));
        var app = builder.Build();
        var capture = new AzureMonitorCapture(app, certificate);
        app.MapPost("/v2.1/track", (Delegate)capture.TrackAsync);
        await app.StartAsync();
        capture.Endpoint = new Uri(app.Urls.Single().Replace("[::]", "127.0.0.1", StringComparison.Ordinal) + "/");
        return capture;
    }

    /// <summary>Points the exporter here: trusts only this test's certificate, keeps nothing on disk, no live metrics.</summary>
    public void Configure(AzureMonitorExporterOptions options, string extra = "")
    {
        options.ConnectionString = ConnectionString(extra);
        options.DisableOfflineStorage = true;
        options.EnableLiveMetrics = false;
        options.Transport = new HttpClientTransport(new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, presented, _, _) => presented?.Thumbprint == _certificate.Thumbprint,
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _certificate.Dispose();
    }

    private async Task<IResult> TrackAsync(HttpContext context)
    {
        _authorizations.Enqueue(context.Request.Headers.Authorization.ToString());
        Stream body = context.Request.Body;
        if (context.Request.Headers.ContentEncoding.ToString().Contains("gzip", StringComparison.OrdinalIgnoreCase))
        {
            body = new GZipStream(body, CompressionMode.Decompress);
        }

        using var reader = new StreamReader(body);
        var count = 0;
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line.Length > 0)
            {
                _items.Enqueue(JsonDocument.Parse(line).RootElement.Clone());
                count++;
            }
        }

        return Results.Json(new { itemsReceived = count, itemsAccepted = count, errors = Array.Empty<object>() });
    }
}

/// <summary>A token credential that hands out a fixed token and remembers the scopes it was asked for.</summary>
public sealed class RecordingCredential : TokenCredential
{
    public const string Token = "test-token-from-the-managed-identity";

    public ConcurrentQueue<string> Scopes { get; } = new();

    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
    {
        foreach (var scope in requestContext.Scopes)
        {
            Scopes.Enqueue(scope);
        }

        return new AccessToken(Token, DateTimeOffset.UtcNow.AddHours(1));
    }

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        new(GetToken(requestContext, cancellationToken));
}
