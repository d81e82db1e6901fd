using Cultivation.Application.Alerts;
using Cultivation.Application.Notices;
using Cultivation.Application.Telemetry;
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
        services.TryAddSingleton<IOperationsTelemetry, OperationsTelemetry>();
        services.AddOptions<AlertOptions>().Bind(configuration.GetSection(AlertOptions.SectionName));
        services.AddOptions<FilingDeadlineOptions>().Bind(configuration.GetSection(FilingDeadlineOptions.SectionName));
        services.AddOptions<SmtpOptions>().Bind(configuration.GetSection(SmtpOptions.SectionName));
        services.AddOptions<WebhookOptions>().Bind(configuration.GetSection(WebhookOptions.SectionName));

        services.TryAddSingleton<IDigestStore, TableDigestStore>();
        services.TryAddSingleton<IMailSender, SmtpMailSender>();
        services.TryAddSingleton<IDigestAttachments, NoDigestAttachments>();
        services.TryAddSingleton<WebhookPolicies>();
        services.TryAddSingleton<IGroupChatNotifier, WebhookNotifier>();

        // The filers' own robots (City:Contacts) go through the same client and policies.
        services.TryAddSingleton<IChatWebhooks, WebhookNotifier>();
        services.AddHttpClient(WebhookPolicies.ClientName)
            .AddPolicyHandler((sp, _) => sp.GetRequiredService<WebhookPolicies>().Retry)
            .AddPolicyHandler((sp, request) => sp.GetRequiredService<WebhookPolicies>().BreakerFor(request.RequestUri))
            .AddPolicyHandler((sp, _) => sp.GetRequiredService<WebhookPolicies>().Timeout)
            .AddHttpMessageHandler(() => new WebhookErrcodeHandler());
        services.TryAddSingleton<WeeklyDigestService>();
        return services;
    }
}
