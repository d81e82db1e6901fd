using System.Collections.Concurrent;
using Cultivation.Application.Alerts;
using Cultivation.Infrastructure;
using Cultivation.Infrastructure.Alerts;
using Cultivation.Infrastructure.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cultivation.Integration.Tests.Configuration;

/// <summary>
/// The secrets are app settings that App Service fills from Key Vault at start; one it could not fill
/// arrives as the reference text. It must be said at start-up and never used as the secret.
/// </summary>
public sealed class KeyVaultReferencesTests
{
    private const string Vault = "https://kv-test.vault.azure.net/";

    [Fact]
    public void Unresolved_references_read_as_not_configured_secrets()
    {
        using var app = new App(new()
        {
            ["Smtp:UserName"] = "cultivation@yongkang.example",
            ["Smtp:Password"] = Reference("smtp-password"),
            ["Webhook:Url"] = Reference("webhook-url"),
            ["Webhook:Secret"] = Reference("webhook-secret"),
        });

        var smtp = app.Get<IOptions<SmtpOptions>>().Value;
        Assert.Equal(string.Empty, smtp.Password);
        Assert.False(smtp.HasPassword);
        Assert.Equal("cultivation@yongkang.example", smtp.UserName);
        var webhook = app.Get<IOptions<WebhookOptions>>().Value;
        Assert.False(webhook.IsConfigured);
        Assert.Equal(string.Empty, webhook.Secret);
    }

    [Fact]
    public async Task An_unresolved_webhook_url_is_never_called()
    {
        using var app = new App(new() { ["Webhook:Url"] = Reference("webhook-url"), ["Webhook:Secret"] = Reference("webhook-secret") });

        var result = await app.Get<IGroupChatNotifier>().NotifyAsync("周报", "内容", default);

        Assert.Equal(NotifyResult.NotConfigured, result);
    }

    [Fact]
    public async Task Start_up_names_each_unresolved_setting_as_an_error_without_any_secret()
    {
        using var app = new App(new()
        {
            ["Smtp:Password"] = Reference("smtp-password"),
            ["City:Contacts:0:Source"] = "东城街道",
            ["City:Contacts:0:Webhook"] = "  " + Reference("contact-webhook-abc"),
            ["Webhook:Secret"] = "SECresolved0123",
        });

        await app.StartAsync();

        Assert.Equal(2, app.Logs.Count(l => l.Level == LogLevel.Error));
        var contact = Assert.Single(app.Logs, l => l.Text.Contains("City__Contacts__0__Webhook", StringComparison.Ordinal));
        Assert.Contains("treated as not configured", contact.Text, StringComparison.Ordinal);
        Assert.Contains(Vault + "secrets/contact-webhook-abc", contact.Text, StringComparison.Ordinal);
        Assert.Contains(app.Logs, l => l.Level == LogLevel.Error && l.Text.Contains("Smtp__Password", StringComparison.Ordinal));
        Assert.DoesNotContain(app.Logs, l => l.Text.Contains("SECresolved0123", StringComparison.Ordinal) || l.Text.Contains("Webhook__Secret", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Resolved_secrets_pass_unchanged_and_nothing_is_reported()
    {
        using var app = new App(new() { ["Smtp:Password"] = "s3cret", ["Webhook:Secret"] = "SEC0123" });

        await app.StartAsync();

        Assert.Equal("s3cret", app.Get<IOptions<SmtpOptions>>().Value.Password);
        Assert.Equal("SEC0123", app.Get<IOptions<WebhookOptions>>().Value.Secret);
        Assert.Empty(app.Logs);
    }

    [Fact]
    public void Finds_references_in_any_letter_case_and_nothing_else()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["A"] = "@microsoft.keyvault(VaultName=kv;SecretName=a)",
            ["B"] = "text mentioning @Microsoft.KeyVault( in the middle",
            ["C:D"] = Reference("d"),
            ["E"] = null,
        }).Build();

        var found = KeyVaultReferences.FindUnresolved(configuration);

        Assert.Equal(["A", "C:D"], found.Select(r => r.Key));
        Assert.Equal("C__D", found[1].AppSetting);
    }

    private static string Reference(string secret) => $"@Microsoft.KeyVault(SecretUri={Vault}secrets/{secret})";

    /// <summary>The composition root over the given settings, with its logs kept.</summary>
    private sealed class App : IDisposable
    {
        private readonly ServiceProvider _services;
        private readonly Capture _capture = new();

        public App(Dictionary<string, string?> settings)
        {
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
            var services = new ServiceCollection();
            services.AddLogging(b => b.AddProvider(_capture).SetMinimumLevel(LogLevel.Information));
            services.AddCultivation(configuration, new HostingEnvironment { EnvironmentName = Environments.Production });
            _services = services.BuildServiceProvider();
        }

        public IReadOnlyList<(LogLevel Level, string Text)> Logs => [.. _capture.Entries];

        public T Get<T>() where T : notnull => _services.GetRequiredService<T>();

        public async Task StartAsync()
        {
            foreach (var service in _services.GetServices<IHostedService>())
            {
                await service.StartAsync(default);
            }
        }

        public void Dispose() => _services.Dispose();

        private sealed class Capture : ILoggerProvider, ILogger
        {
            public ConcurrentQueue<(LogLevel, string)> Entries { get; } = new();

            public ILogger CreateLogger(string categoryName) => this;

            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                Entries.Enqueue((logLevel, formatter(state, exception)));

            public void Dispose()
            {
            }
        }
    }
}
