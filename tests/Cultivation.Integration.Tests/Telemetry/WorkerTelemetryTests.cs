using System.Diagnostics;
using Azure.Identity;
using Cultivation.Application.Alerts;
using Cultivation.Application.Ingestion;
using Cultivation.Application.Telemetry;
using Cultivation.Functions.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Logs;

namespace Cultivation.Integration.Tests.Telemetry;

/// <summary>
/// The worker's telemetry as Application Insights would receive it: the real Azure Monitor exporter,
/// set up as functions/Program.cs does, posting to a stand-in ingestion endpoint on loopback.
/// </summary>
public sealed class WorkerTelemetryTests
{
    private const string Blob = "2022/Q2/东城街道.xlsx";

    [Fact]
    public async Task A_verdict_arrives_as_a_custom_event_with_its_period_source_and_duration()
    {
        await using var capture = await AzureMonitorCapture.StartAsync();
        var credential = new RecordingCredential();

        await EmitAsync(capture, credential, "", telemetry =>
            telemetry.FilingIngested(new IngestionOutcome(Blob, IngestionResult.Accepted, Rows: 12, Sha: "ab12"), TimeSpan.FromMilliseconds(1500)));

        var accepted = Assert.Single(capture.Events);
        Assert.Equal("Cultivation.FilingAccepted", accepted.Name);
        Assert.Equal("2022Q2", accepted.Properties["period"]);
        Assert.Equal("东城街道", accepted.Properties["source"]);
        Assert.Equal(Blob, accepted.Properties["blob"]);
        Assert.Equal("12", accepted.Properties["rows"]);
        Assert.Equal("1500", accepted.Properties["durationMs"]);
    }

    [Fact]
    public async Task Events_authenticate_with_an_entra_token_for_the_public_cloud_audience()
    {
        await using var capture = await AzureMonitorCapture.StartAsync();
        var credential = new RecordingCredential();

        await EmitAsync(capture, credential, "", Rejected);

        Assert.NotEmpty(capture.Authorizations);
        Assert.All(capture.Authorizations, header => Assert.Equal("Bearer " + RecordingCredential.Token, header));
        Assert.Equal(["https://monitor.azure.com//.default"], credential.Scopes.Distinct());
    }

    [Fact]
    public async Task In_the_china_cloud_the_token_is_asked_for_the_audience_the_connection_string_names()
    {
        await using var capture = await AzureMonitorCapture.StartAsync();
        var credential = new RecordingCredential();

        // Application Insights in Azure operated by 21Vianet hands out connection strings with this audience.
        await EmitAsync(capture, credential, "AADAudience=https://monitor.azure.cn/", Rejected);

        Assert.Single(capture.Events);
        Assert.All(credential.Scopes, scope => Assert.StartsWith("https://monitor.azure.cn/", scope, StringComparison.Ordinal));
        Assert.NotEmpty(credential.Scopes);
    }

    [Fact]
    public async Task Events_are_exported_even_inside_a_trace_that_sampling_dropped()
    {
        await using var capture = await AzureMonitorCapture.StartAsync();

        await EmitAsync(capture, new RecordingCredential(), "", telemetry =>
        {
            // A request the sampler did not keep: its logs would be dropped with it by a trace-based log sampler.
            using var unsampled = new Activity("sampled-out request")
                .SetParentId(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.None)
                .Start();
            Assert.False(unsampled.Recorded);
            telemetry.FilingIngested(new IngestionOutcome(Blob, IngestionResult.GaveUp, Sha: "ab12", Message: "TimeoutException"), TimeSpan.FromMinutes(10));
        });

        var gaveUp = Assert.Single(capture.Events);
        Assert.Equal("Cultivation.FilingGaveUp", gaveUp.Name);
        Assert.Equal("TimeoutException", gaveUp.Properties["failure"]);
        Assert.Equal("600000", gaveUp.Properties["durationMs"]);
    }

    [Fact]
    public async Task A_digest_send_and_a_failed_send_are_events_with_their_iso_week()
    {
        await using var capture = await AzureMonitorCapture.StartAsync();
        string[] to = ["leaders@yongkang.example", "office@yongkang.example"];

        await EmitAsync(capture, new RecordingCredential(), "", telemetry =>
        {
            telemetry.DigestSendEnded(new DigestSendOutcome("2022-W42", DigestSendResult.Failed, "<m@x>", to, "connection refused"));
            telemetry.DigestSendEnded(new DigestSendOutcome("2022-W42", DigestSendResult.Sent, "<m@x>", to, null));
            telemetry.DigestSendEnded(new DigestSendOutcome("2022-W42", DigestSendResult.AlreadySent, "<m@x>", to, null));
        });

        var events = capture.Events.OrderBy(e => e.Name, StringComparer.Ordinal).ToList();
        Assert.Equal(["Cultivation.DigestFailed", "Cultivation.DigestSent"], events.Select(e => e.Name));
        Assert.All(events, e => Assert.Equal("2022-W42", e.Properties["week"]));
        Assert.Equal("Failed", events[0].Properties["result"]);
        Assert.Equal("2", events[1].Properties["recipients"]);
        // Neither the addresses nor the SMTP server's words leave the worker.
        Assert.DoesNotContain(capture.Items, i => i.ToString().Contains("yongkang.example", StringComparison.Ordinal));
        Assert.DoesNotContain(capture.Items, i => i.ToString().Contains("connection refused", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Events_leave_through_the_exporter_only_never_through_another_logging_provider()
    {
        await using var capture = await AzureMonitorCapture.StartAsync();
        var other = new EventCapture();

        await EmitAsync(capture, new RecordingCredential(), "", Rejected, other);

        Assert.Single(capture.Events);
        Assert.Empty(other.Events);
    }

    [Fact]
    public void Without_a_connection_string_nothing_is_exported()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddWorkerTelemetry(new ConfigurationBuilder().Build());
        using var provider = services.BuildServiceProvider();

        Assert.Null(provider.GetService<LoggerProvider>());
    }

    [Theory]
    [InlineData("Authorization=AAD;ClientId=6f1a2b3c-0000-4000-8000-000000000001")]
    [InlineData("ClientId=6f1a2b3c-0000-4000-8000-000000000001;Authorization=AAD")]
    [InlineData("Authorization=AAD")]
    public void The_authentication_string_names_a_managed_identity(string authentication)
    {
        Assert.IsType<ManagedIdentityCredential>(WorkerTelemetry.CredentialFrom(authentication));
    }

    [Theory]
    [InlineData("Authorization=Key")]
    [InlineData("Authorization=AAD;ClientId=not-a-guid")]
    public void A_malformed_authentication_string_stops_start_up_with_the_accepted_forms(string authentication)
    {
        var error = Assert.Throws<InvalidOperationException>(() => WorkerTelemetry.CredentialFrom(authentication));

        Assert.Contains("APPLICATIONINSIGHTS_AUTHENTICATION_STRING", error.Message, StringComparison.Ordinal);
    }

    private static void Rejected(IOperationsTelemetry telemetry) =>
        telemetry.FilingIngested(new IngestionOutcome(Blob, IngestionResult.Rejected, Errors: 3, Sha: "ab12"), TimeSpan.FromSeconds(2));

    /// <summary>
    /// The worker's set-up (as Program.cs), the exporter pointed at the capture, started as the host starts it
    /// (its hosted services build the exporters); disposing the provider flushes what is left.
    /// </summary>
    /// <param name="other">A second logging provider, standing for the one that forwards the worker's logs to the host.</param>
    private static async Task EmitAsync(AzureMonitorCapture capture, RecordingCredential credential, string extra, Action<IOperationsTelemetry> emit,
        ILoggerProvider? other = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [WorkerTelemetry.ConnectionStringSetting] = capture.ConnectionString(extra),
            [WorkerTelemetry.AuthenticationStringSetting] = "Authorization=AAD;ClientId=6f1a2b3c-0000-4000-8000-000000000001",
            // Whatever the rest of the app logs at, the events go out.
            ["Logging:LogLevel:Default"] = "Warning",
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging(logging =>
        {
            logging.AddConfiguration(configuration.GetSection("Logging"));
            if (other is not null)
            {
                logging.AddProvider(other);
            }
        });
        services.AddSingleton<IOperationsTelemetry, OperationsTelemetry>();
        services.AddWorkerTelemetry(configuration, options =>
        {
            capture.Configure(options, extra);
            options.Credential = credential;
        });

        await using (var provider = services.BuildServiceProvider())
        {
            var hosted = provider.GetServices<IHostedService>().ToList();
            foreach (var service in hosted)
            {
                await service.StartAsync(CancellationToken.None);
            }

            emit(provider.GetRequiredService<IOperationsTelemetry>());
            foreach (var service in hosted)
            {
                await service.StopAsync(CancellationToken.None);
            }
        }
    }
}
