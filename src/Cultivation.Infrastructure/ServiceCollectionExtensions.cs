using Cultivation.Application.Access;
using Cultivation.Application.Enterprises;
using Cultivation.Application.Filings;
using Cultivation.Application.Ingestion;
using Cultivation.Application.Ingestion.FollowUps;
using Cultivation.Application.Ingestion.Lifecycle;
using Cultivation.Application.Leaders;
using Cultivation.Application.Notices;
using Cultivation.Application.Progress;
using Cultivation.Application.Reading;
using Cultivation.Application.Storage;
using Cultivation.Application.Telemetry;
using Cultivation.Domain.City;
using Cultivation.Domain.Progress;
using Cultivation.Infrastructure.Alerts;
using Cultivation.Infrastructure.Blobs;
using Cultivation.Infrastructure.Configuration;
using Cultivation.Infrastructure.Notices;
using Cultivation.Infrastructure.Storage;
using Cultivation.Infrastructure.Tables;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Cultivation.Infrastructure;

public static class ServiceCollectionExtensions
{
    /// <summary>
    /// The one composition root, shared by the function app and the command-line tool: options from
    /// configuration, the storage clients from <c>AzureWebJobsStorage</c>, the stores and the services.
    /// </summary>
    public static IServiceCollection AddCultivation(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        // A secret App Service could not fetch from Key Vault is read as not configured, never as its reference.
        var unresolved = KeyVaultReferences.FindUnresolved(configuration);
        configuration = KeyVaultReferences.WithoutUnresolved(configuration, unresolved);
        services.AddHostedService(sp => ActivatorUtilities.CreateInstance<UnresolvedReferencesReport>(sp, unresolved));

        services.AddOptions<CityOptions>().Bind(configuration.GetSection(CityOptions.SectionName));
        services.AddOptions<ReadingOptions>().Bind(configuration.GetSection(ReadingOptions.SectionName));
        services.AddOptions<IngestionOptions>().Bind(configuration.GetSection(IngestionOptions.SectionName));
        services.AddOptions<RuleOptions>().Bind(configuration.GetSection(RuleOptions.SectionName));
        services.AddOptions<StorageOptions>().Bind(configuration.GetSection(StorageOptions.SectionName));

        // The annotated workbook's link in a chat message: App Service names the app's host when no address is set.
        services.AddOptions<NoticeOptions>().Bind(configuration.GetSection(NoticeOptions.SectionName)).PostConfigure(o =>
        {
            if (string.IsNullOrWhiteSpace(o.ReportBaseUrl) && configuration["WEBSITE_HOSTNAME"] is { Length: > 0 } host)
            {
                o.ReportBaseUrl = "https://" + host;
            }
        });

        services.TryAddSingleton(TimeProvider.System);
        // Events as structured logs; the function app exports them to Application Insights (functions/Telemetry).
        services.TryAddSingleton<IOperationsTelemetry, OperationsTelemetry>();
        var isDevelopment = environment.IsDevelopment()
            || string.Equals(configuration["AZURE_FUNCTIONS_ENVIRONMENT"], Environments.Development, StringComparison.OrdinalIgnoreCase);
        services.TryAddSingleton(_ => StorageClients.FromConfiguration(configuration, isDevelopment));
        services.TryAddSingleton<StorageProvider>();

        services.TryAddSingleton<IFilingBlobs, BlobFilingStore>();
        services.TryAddSingleton<IFilingLedger, TableFilingLedger>();
        services.TryAddSingleton<IFirmClaims, TableFirmClaims>();
        services.TryAddSingleton<IFirmRowStore, TableFirmRowStore>();
        services.TryAddSingleton<IProgressStore, TableProgressStore>();
        services.TryAddSingleton<ITargetStore, TableTargetStore>();
        services.TryAddSingleton<IEnterpriseIndex, TableEnterpriseIndex>();

        services.TryAddSingleton<IFilingReader, FilingReader>();
        services.TryAddSingleton<IngestionService>();
        services.TryAddSingleton<FilingTakeover>();
        services.TryAddSingleton<VerdictRecorder>();
        services.TryAddSingleton<FilingSwitch>();
        services.TryAddSingleton<Withdrawals>();
        services.TryAddSingleton<BlobDeletedEvents>();
        services.TryAddSingleton<FollowUpRunner>();
        services.TryAddSingleton<INoticeStore, TableNoticeStore>();
        services.TryAddSingleton<FilerNotifier>();

        // A verdict's follow-up steps, in the order they run; later work joins with a class and a line here.
        services.AddSingleton<IFilingFollowUp, ReleaseReplacedVersion>();
        services.AddSingleton<IFilingFollowUp, PublishReport>();
        services.AddSingleton<IFilingFollowUp, RecordVersion>();
        services.AddSingleton<IFilingFollowUp, RefreshProgress>();
        services.AddSingleton<IFilingFollowUp, UpdateEnterpriseIndex>();
        services.AddSingleton<IFilingFollowUp, ReconsiderPeriod>();
        services.AddSingleton<IFilingFollowUp, TellFiler>();
        services.TryAddSingleton<ReconcileService>();
        services.TryAddSingleton<FilingQueries>();
        services.TryAddSingleton<FilingReportService>();
        services.TryAddSingleton<FilingTemplateService>();
        services.TryAddSingleton<AcceptedRows>();
        services.TryAddSingleton<ProgressService>();
        services.AddSingleton<IAcceptedFilingsObserver>(sp => sp.GetRequiredService<ProgressService>());
        services.TryAddSingleton<ProgressQueries>();
        services.TryAddSingleton<EnterpriseIndexSync>();
        services.TryAddSingleton<EnterpriseIndexRebuild>();
        services.TryAddSingleton<EnterpriseQueries>();
        services.TryAddSingleton<TargetsService>();
        services.TryAddSingleton<LeadersReportService>();
        services.TryAddSingleton<LeadersExportService>();
        services.TryAddSingleton<Application.Alerts.IDigestAttachments, LeadersWorkbookAttachment>();
        services.TryAddSingleton<DashboardService>();

        // The browser routes' protection: the platform's sign-in when WEBSITE_AUTH_ENABLED is true, else open only in Development on loopback.
        services.AddOptions<BrowserAccessOptions>().Bind(configuration.GetSection(BrowserAccessOptions.SectionName)).Configure(o =>
        {
            o.AuthEnabled = string.Equals(configuration["WEBSITE_AUTH_ENABLED"], "true", StringComparison.OrdinalIgnoreCase);
            o.Development = isDevelopment;
        });
        services.TryAddSingleton<BrowserAccessPolicy>();
        services.AddCultivationAlerts(configuration);
        return services;
    }
}
