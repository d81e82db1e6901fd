using System.Globalization;
using System.Text.Json;
using Cultivation.Application.Progress;
using Cultivation.Functions.Api;
using Cultivation.Integration.Tests;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Cultivation.Browser.Tests;

/// <summary>
/// The dashboard (SPEC §5) in a real headless Chromium, served from the sample city's storage: no console errors,
/// the figures of the progress JSON, the drill-down, a phone's width, Chinese glyphs, and no function key.
/// </summary>
public sealed class DashboardTests(SampleCitySite site, Browser browser, ITestOutputHelper output) : IClassFixture<SampleCitySite>, IClassFixture<Browser>
{
    private const string Year = "2022";

    private async Task<(IPage Page, List<string> Errors)> OpenAsync(int width, string query = "?year=2022")
    {
        var context = await browser.Chromium.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = 800 }, Locale = "zh-CN" });
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type is "error" or "warning")
            {
                errors.Add($"console {message.Type}: {message.Text}");
            }
        };
        page.PageError += (_, error) => errors.Add("page error: " + error);
        page.RequestFailed += (_, request) => errors.Add($"request failed: {request.Url} {request.Failure}");
        page.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                errors.Add($"HTTP {response.Status}: {response.Url}");
            }
        };
        var response = await page.GotoAsync(site.BaseUrl + "/api/dashboard" + query, new PageGotoOptions { WaitUntil = WaitUntilState.Load });
        Assert.Equal(200, response!.Status);
        return (page, errors);
    }

    [Fact]
    public async Task Loads_without_console_errors_and_without_fetching_anything_else()
    {
        var requests = new List<string>();
        var (page, errors) = await OpenAsync(375);
        page.Request += (_, request) => requests.Add(request.Url);
        await page.ReloadAsync(new PageReloadOptions { WaitUntil = WaitUntilState.NetworkIdle });

        Assert.Empty(errors);
        Assert.Equal([site.BaseUrl + "/api/dashboard?year=2022"], requests);
        using var http = new HttpClient();
        foreach (var list in new[] { string.Empty, "&list=above-scale-upgrades", "&list=tax-per-mu-average", "&list=tax-per-mu-average&page=4", "&list=low-efficiency" })
        {
            var bytes = await http.GetByteArrayAsync(site.BaseUrl + "/api/dashboard?year=2022" + list);
            output.WriteLine($"dashboard?year=2022{list} of the sample city: {bytes.Length:N0} bytes");
        }
        Assert.Equal("永康市企业梯度培育目标 2022年", await page.TitleAsync());
    }

    [Fact]
    public async Task Shows_the_figures_and_statuses_of_the_progress_json()
    {
        using var body = await JsonAsync(await new ProgressApi(site.Storage.Get<ProgressQueries>()).Year(Request(), Year, default));
        var (page, _) = await OpenAsync(1280);

        Assert.Equal("进度截至 " + body.RootElement.GetProperty("asOf").GetString(), await page.Locator("[data-field=asOf]").InnerTextAsync());
        var targets = body.RootElement.GetProperty("targets").EnumerateArray().ToList();
        Assert.Equal(8, targets.Count);
        Assert.Equal(targets.Count, await page.Locator("section.target").CountAsync());
        foreach (var target in targets)
        {
            var section = page.Locator($"section[data-target=\"{target.GetProperty("id").GetString()}\"]");
            Assert.Equal(target.GetProperty("status").GetString(), await section.GetAttributeAsync("data-status"));
            Assert.Equal(target.GetProperty("statusName").GetString(), await section.Locator("[data-field=status]").InnerTextAsync());
            foreach (var field in new[] { "achieved", "expected", "target", "value", "baseline" })
            {
                if (target.TryGetProperty(field, out var expected))
                {
                    var shown = await section.Locator($"[data-field={field}]").InnerTextAsync();
                    Assert.True(expected.GetDecimal() == decimal.Parse(shown, CultureInfo.InvariantCulture), $"{target.GetProperty("id")}.{field}: page {shown}, JSON {expected}");
                }
            }
        }
    }

    [Fact]
    public async Task Following_a_targets_drill_down_shows_exactly_the_firms_that_count()
    {
        var api = new ProgressApi(site.Storage.Get<ProgressQueries>());
        foreach (var id in new[] { "above-scale-upgrades", "revenue-over-1bn", "low-efficiency-cleared", "tax-per-mu-average" })
        {
            using var detail = await JsonAsync(await api.Target(Request(), Year, id, default));
            var codes = detail.RootElement.GetProperty("firms").EnumerateArray().Select(f => f.GetProperty("creditCode").GetString()!).ToArray();
            var (page, errors) = await OpenAsync(375);
            var link = page.Locator($"section[data-target=\"{id}\"] a.drill");
            Assert.NotEmpty(codes);
            Assert.Equal(codes.Length.ToString(CultureInfo.InvariantCulture), await link.GetAttributeAsync("data-count"));
            Assert.Equal(0, await page.Locator("tr[data-firm]").CountAsync());

            await link.ClickAsync();
            await page.WaitForURLAsync("**/api/dashboard?year=2022&list=" + id + "#firms");

            Assert.Equal(codes.Length.ToString(CultureInfo.InvariantCulture), await page.Locator("#firms").GetAttributeAsync("data-count"));
            Assert.True(await page.Locator("tr[data-firm]").First.IsVisibleAsync());

            // 500 firms a page: follow the pages to the end, every counted firm once, in order.
            var shown = new List<string>();
            while (true)
            {
                shown.AddRange(await page.Locator($"section[data-target=\"{id}\"] tr[data-firm]").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.firm)"));
                var next = page.Locator("a[rel=next]");
                if (await next.CountAsync() == 0)
                {
                    break;
                }

                await next.First.ClickAsync();
                await page.WaitForURLAsync($"**&page={(shown.Count / 500) + 1}#firms");
            }

            Assert.Equal(codes, shown);
            Assert.Empty(errors);
        }
    }

    [Fact]
    public async Task The_low_efficiency_drill_down_lists_the_flagged_firms_and_the_data_gaps_of_the_as_of_period()
    {
        using var list = await JsonAsync(await new LowEfficiencyApi(site.Storage.Get<ProgressQueries>()).Run(Request(), Year, "Q4", default));
        var (page, _) = await OpenAsync(375);

        await page.Locator("#low-efficiency a.drill").ClickAsync();
        await page.WaitForURLAsync("**/api/dashboard?year=2022&list=low-efficiency#firms");

        Assert.Equal(list.RootElement.GetProperty("firms").EnumerateArray().Select(f => f.GetProperty("creditCode").GetString()!).ToArray(),
            await page.Locator("tr[data-firm]").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.firm)"));
        Assert.Equal(list.RootElement.GetProperty("dataGaps").EnumerateArray().Select(f => f.GetProperty("creditCode").GetString()!).ToArray(),
            await page.Locator("tr[data-gap]").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.gap)"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("&list=tax-per-mu-average")]
    [InlineData("&list=tax-per-mu-average&page=2")]
    [InlineData("&list=low-efficiency")]
    public async Task Fits_a_375_pixel_phone_without_horizontal_scroll_even_with_every_list_open(string list)
    {
        var (page, _) = await OpenAsync(375, "?year=2022" + list);

        await page.EvaluateAsync("document.querySelectorAll('details').forEach(d => d.open = true)");
        Assert.True(await page.EvaluateAsync<int>("document.documentElement.scrollWidth") <= 375, "the page is wider than the phone");
        Assert.True(await page.EvaluateAsync<int>("document.body.scrollWidth") <= 375);
    }

    [Fact]
    public async Task Renders_chinese_with_an_installed_cjk_font()
    {
        var (page, _) = await OpenAsync(375);

        Assert.True(await page.EvaluateAsync<bool>("document.fonts.check('16px \"Noto Sans CJK SC\"', '永康市')"));

        // The font the browser really drew the heading with (not just one that could be loaded).
        var cdp = await page.Context.NewCDPSessionAsync(page);
        await cdp.SendAsync("DOM.enable");
        await cdp.SendAsync("CSS.enable");
        var document = await cdp.SendAsync("DOM.getDocument");
        var node = await cdp.SendAsync("DOM.querySelector", new Dictionary<string, object>
        {
            ["nodeId"] = document!.Value.GetProperty("root").GetProperty("nodeId").GetInt32(),
            ["selector"] = "header h1",
        });
        var fonts = await cdp.SendAsync("CSS.getPlatformFontsForNode", new Dictionary<string, object> { ["nodeId"] = node!.Value.GetProperty("nodeId").GetInt32() });
        var used = fonts!.Value.GetProperty("fonts").EnumerateArray().Select(f => (Family: f.GetProperty("familyName").GetString()!, Glyphs: f.GetProperty("glyphCount").GetInt32())).ToList();
        Assert.Contains(used, f => f.Family.Contains("CJK", StringComparison.Ordinal) && f.Glyphs >= "永康市企业梯度培育目标年".Length);
    }

    [Fact]
    public async Task Never_carries_a_function_key_even_when_the_request_had_one()
    {
        var (page, _) = await OpenAsync(1280, "?year=2022&code=FUNCTIONKEY0123456789");

        var html = await page.ContentAsync();
        Assert.DoesNotContain("FUNCTIONKEY0123456789", html, StringComparison.Ordinal);
        Assert.DoesNotContain("code=", html, StringComparison.OrdinalIgnoreCase);
        var links = await page.Locator("a[href]").EvaluateAllAsync<string[]>("links => links.map(a => a.href)");
        Assert.NotEmpty(links);
        Assert.All(links, l => Assert.DoesNotContain("code=", l, StringComparison.OrdinalIgnoreCase));
        Assert.Contains(site.BaseUrl + "/api/exports/2022", links);
    }

    [Fact]
    public async Task The_workbook_link_downloads_the_leaders_workbook()
    {
        var (page, errors) = await OpenAsync(375);

        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("header a[download]").ClickAsync());
        var file = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".xlsx");
        await download.SaveAsAsync(file);

        Assert.Equal("永康市企业梯度培育-2022.xlsx", download.SuggestedFilename);
        var bytes = await File.ReadAllBytesAsync(file);
        File.Delete(file);
        Assert.Equal((byte)'P', bytes[0]);
        Assert.Equal((byte)'K', bytes[1]);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Takes_screenshots_at_phone_and_desktop_widths()
    {
        // Kept in docs/ by hand after looking at them (scripts never write into the checkout's tracked files).
        var folder = Path.Combine(Repository.Root(), ".run", "screenshots");
        Directory.CreateDirectory(folder);
        var (phone, _) = await OpenAsync(375);
        await phone.SetViewportSizeAsync(375, 1400);
        await phone.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, "dashboard-375.png") });
        await phone.Locator("section[data-target=\"above-scale-upgrades\"] a.drill").ClickAsync();
        await phone.WaitForURLAsync("**#firms");
        await phone.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, "dashboard-375-firms.png") });
        var (desktop, _) = await OpenAsync(1280);
        await desktop.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, "dashboard-1280.png"), FullPage = true });

        Assert.All(new[] { "dashboard-375.png", "dashboard-375-firms.png", "dashboard-1280.png" }, f => Assert.True(new FileInfo(Path.Combine(folder, f)).Length > 10_000));
    }

    private static HttpRequest Request() => new DefaultHttpContext().Request;

    private static Task<JsonDocument> JsonAsync(IActionResult result)
    {
        var content = Assert.IsType<ContentResult>(result);
        Assert.Equal(200, content.StatusCode);
        return Task.FromResult(JsonDocument.Parse(content.Content!));
    }
}
