using Microsoft.Playwright;

namespace Cultivation.Browser.Tests;

/// <summary>
/// Debian's Chromium driven by Playwright (the driver and its Node.js come inside the NuGet package; Playwright's own
/// browser download is never used). Without Chromium the tests fail: scripts/test.sh installs it.
/// </summary>
public sealed class Browser : IAsyncLifetime
{
    /// <summary>Where the browser is; <c>CULTIVATION_CHROMIUM</c> overrides it.</summary>
    public static string ExecutablePath => Environment.GetEnvironmentVariable("CULTIVATION_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public IBrowser Chromium { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException($"Chromium not found at {ExecutablePath}: browser tests need it. Run them with 'bash scripts/test.sh', which installs Debian's chromium and fonts-noto-cjk.");
        }

        _playwright = await Playwright.CreateAsync();
        Chromium = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
        });
    }

    public async Task DisposeAsync()
    {
        if (Chromium is not null)
        {
            await Chromium.CloseAsync();
        }

        _playwright?.Dispose();
    }
}
