using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Cultivation.Infrastructure.Configuration;

/// <summary>
/// App Service replaces a <c>@Microsoft.KeyVault(…)</c> setting with the secret before the app starts. When
/// it cannot (the secret does not exist yet, the identity lacks Key Vault Secrets User, the vault is
/// unreachable) the reference itself arrives as the value: used as a password, a signing secret or a
/// webhook URL it would be sent to the SMTP server, sign messages, or be called. Such a setting is read
/// as empty (not configured), and said so at start-up.
/// </summary>
public static class KeyVaultReferences
{
    public const string Marker = "@Microsoft.KeyVault(";

    /// <summary>Every setting (configuration key, <c>:</c>-separated) whose value is still an unresolved reference.</summary>
    public static IReadOnlyList<UnresolvedReference> FindUnresolved(IConfiguration configuration) =>
    [
        .. configuration.AsEnumerable()
            .Where(kv => kv.Value is { } value && value.TrimStart().StartsWith(Marker, StringComparison.OrdinalIgnoreCase))
            .Select(kv => new UnresolvedReference(kv.Key, kv.Value!.Trim()))
            .OrderBy(r => r.Key, StringComparer.Ordinal),
    ];

    /// <summary>The configuration with every unresolved reference read as empty; the same object when there is none.</summary>
    public static IConfiguration WithoutUnresolved(IConfiguration configuration, IReadOnlyList<UnresolvedReference> unresolved) =>
        unresolved.Count == 0
            ? configuration
            : new ConfigurationBuilder()
                .AddConfiguration(configuration, shouldDisposeConfiguration: false)
                .AddInMemoryCollection(unresolved.Select(r => new KeyValuePair<string, string?>(r.Key, string.Empty)))
                .Build();
}

/// <param name="Key">The configuration key, e.g. <c>Smtp:Password</c> (the app setting <c>Smtp__Password</c>).</param>
/// <param name="Reference">The reference as it arrived: it names the vault and the secret, never holds the secret.</param>
public sealed record UnresolvedReference(string Key, string Reference)
{
    public string AppSetting => Key.Replace(":", "__", StringComparison.Ordinal);
}

/// <summary>Says at start-up which settings were unresolved Key Vault references (the worker's host starts it).</summary>
public sealed partial class UnresolvedReferencesReport(IReadOnlyList<UnresolvedReference> unresolved, ILogger<UnresolvedReferencesReport> logger) : IHostedService
{
    public IReadOnlyList<UnresolvedReference> Unresolved => unresolved;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var reference in unresolved)
        {
            LogUnresolved(reference.AppSetting, reference.Reference);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Error, Message =
        "App setting {Setting} is an unresolved Key Vault reference ({Reference}); it is treated as not configured. " +
        "Check that the secret exists and that the app's identity holds Key Vault Secrets User on the vault (docs/deploy.md, Secrets).")]
    private partial void LogUnresolved(string setting, string reference);
}
