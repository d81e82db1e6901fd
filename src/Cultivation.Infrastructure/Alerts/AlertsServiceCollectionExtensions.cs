using Cultivation.Application.Alerts;
using Cultivation.Application.Progress;
using Cultivation.Domain.Periods;
using Cultivation.Domain.Progress;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Cultivation.Infrastructure.Alerts;

public static class AlertsServiceCollectionExtensions
{
    /// <summary>The weekly digest: options, the claim store, SMTP, the optional group-chat webhook and the service.</summary>
    public static IServiceCollection AddCultivationAlerts(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<AlertOptions>().Bind(configuration.GetSection(AlertOptions.SectionName));
        services.AddOptions<FilingDeadlineOptions>().Bind(configuration.GetSection(FilingDeadlineOptions.SectionName));
        services.AddOptions<SmtpOptions>().Bind(configuration.GetSection(SmtpOptions.SectionName));
        services.AddOptions<WebhookOptions>().Bind(configuration.GetSection(WebhookOptions.SectionName));

        services.TryAddSingleton<IDigestStore, TableDigestStore>();
        services.TryAddSingleton<IMailSender, SmtpMailSender>();
        services.TryAddSingleton<WebhookPolicies>();
        services.TryAddSingleton<IGroupChatNotifier, WebhookNotifier>();
        services.AddHttpClient(WebhookPolicies.ClientName)
            .AddPolicyHandler((sp, _) => sp.GetRequiredService<WebhookPolicies>().Retry)
            .AddPolicyHandler((sp, _) => sp.GetRequiredService<WebhookPolicies>().Breaker)
            .AddPolicyHandler((sp, _) => sp.GetRequiredService<WebhookPolicies>().Timeout)
            .AddHttpMessageHandler(() => new WebhookErrcodeHandler());
        // The progress store is registered by the progress service's composition; resolving it when the
        // digest is used (not when the CLI or function app starts) keeps every other command working
        // in a composition without one, and the digest failing with a clear message.
        services.TryAddSingleton(sp => ActivatorUtilities.CreateInstance<WeeklyDigestService>(
            sp, sp.GetService<IProgressStore>() ?? new MissingProgressStore()));
        return services;
    }
}

/// <summary>Stands in when no <see cref="IProgressStore"/> is registered: every use fails with a clear message.</summary>
internal sealed class MissingProgressStore : IProgressStore
{
    private static InvalidOperationException Missing() => new("No IProgressStore is registered: the weekly digest needs the stored progress.");

    public Task<StoredProgress?> GetAsync(int year, CancellationToken cancellationToken) => throw Missing();

    public Task<TargetDetail?> GetDetailAsync(int year, string targetId, CancellationToken cancellationToken) => throw Missing();

    public Task<LowEfficiencyList?> GetLowEfficiencyAsync(int year, Period period, CancellationToken cancellationToken) => throw Missing();

    public Task WriteEvidenceAsync(int year, string computeId, ProgressResult result, IReadOnlyList<LowEfficiencyList> lowEfficiency, CancellationToken cancellationToken) => throw Missing();

    public Task<bool> TrySwitchAsync(int year, StoredProgress progress, string? expectedETag, CancellationToken cancellationToken) => throw Missing();

    public Task DeleteEvidenceAsync(int year, string computeId, CancellationToken cancellationToken) => throw Missing();
}
