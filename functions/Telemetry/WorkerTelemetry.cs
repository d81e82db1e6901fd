using Azure.Core;
using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
using Cultivation.Application.Telemetry;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Logs;

namespace Cultivation.Functions.Telemetry;

/// <summary>
/// The worker's own telemetry: OpenTelemetry with the Azure Monitor exporter (docs/deploy.md says why
/// this and not the Application Insights SDK). Function invocations become requests, outgoing HTTP
/// (storage, the group-chat webhook) and SMTP become dependencies, logs become traces, and the
/// operations events (<see cref="TelemetryEvents"/>) become custom events. The exporter authenticates
/// with Entra ID as the identity named by <c>APPLICATIONINSIGHTS_AUTHENTICATION_STRING</c>; the resource
/// accepts nothing else (local authentication is off).
/// </summary>
public static class WorkerTelemetry
{
    public const string ConnectionStringSetting = "APPLICATIONINSIGHTS_CONNECTION_STRING";
    public const string AuthenticationStringSetting = "APPLICATIONINSIGHTS_AUTHENTICATION_STRING";

    /// <summary>Outgoing HTTP (.NET's own activity source: storage and the webhook) and MailKit's SMTP client.</summary>
    public static readonly IReadOnlyList<string> DependencySources = ["System.Net.Http", "MailKit.Net.SmtpClient"];

    /// <param name="configure">Changes to the exporter's options after the settings are applied (tests point it elsewhere).</param>
    public static IServiceCollection AddWorkerTelemetry(this IServiceCollection services, IConfiguration configuration,
        Action<AzureMonitorExporterOptions>? configure = null)
    {
        // Whatever level the other categories log at, the operations events always pass.
        services.AddLogging(logging => logging.AddFilter<OpenTelemetryLoggerProvider>(OperationsTelemetry.Category, LogLevel.Information));

        var connectionString = configuration[ConnectionStringSetting];
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            // Locally there is nowhere to send to; the events stay ordinary logs.
            return services;
        }

        // The events leave through the exporter only: the worker also forwards its logs to the Functions host,
        // which in OpenTelemetry mode could export them a second time and double every count an alert makes.
        services.Configure<LoggerFilterOptions>(options => options.Rules.Add(new LoggerFilterRule(
            null, OperationsTelemetry.Category, null, static (provider, _, _) => provider == typeof(OpenTelemetryLoggerProvider).FullName)));

        var credential = CredentialFrom(configuration[AuthenticationStringSetting]);
        MailKit.Telemetry.SmtpClient.Configure();
        services.AddOpenTelemetry()
            .UseFunctionsWorkerDefaults()
            .WithTracing(tracing => tracing.AddSource([.. DependencySources]))
            .UseAzureMonitorExporter(options =>
            {
                options.ConnectionString = connectionString;
                options.Credential = credential;
                // Requests and dependencies may be sampled; logs, and so the verdict events, never are.
                options.EnableTraceBasedLogsSampler = false;
                configure?.Invoke(options);
            });
        return services;
    }

    /// <summary>
    /// The credential the authentication string names, the format the Functions host reads too:
    /// <c>Authorization=AAD</c> (system-assigned identity) or <c>Authorization=AAD;ClientId=…</c>
    /// (a user-assigned one). Null without a string: the exporter then sends unauthenticated, which a
    /// resource with local authentication off refuses.
    /// </summary>
    public static TokenCredential? CredentialFrom(string? authenticationString)
    {
        if (string.IsNullOrWhiteSpace(authenticationString))
        {
            return null;
        }

        var parts = authenticationString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(part => part.Split('=', 2, StringSplitOptions.TrimEntries))
            .ToDictionary(kv => kv[0], kv => kv.Length == 2 ? kv[1] : string.Empty, StringComparer.OrdinalIgnoreCase);
        if (!string.Equals(parts.GetValueOrDefault("Authorization"), "AAD", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException(
                $"{AuthenticationStringSetting} must be 'Authorization=AAD' or 'Authorization=AAD;ClientId=<client id of a user-assigned identity>'.");
        }

        var clientId = parts.GetValueOrDefault("ClientId");
        if (string.IsNullOrEmpty(clientId))
        {
            return new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned);
        }

        return Guid.TryParse(clientId, out _)
            ? new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId))
            : throw new InvalidOperationException($"{AuthenticationStringSetting}: ClientId '{clientId}' is not a client id (a GUID).");
    }
}
