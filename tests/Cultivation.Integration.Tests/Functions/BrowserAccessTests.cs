using System.Net;
using Cultivation.Application.Access;
using Cultivation.Application.Leaders;
using Cultivation.Application.Progress;
using Cultivation.Functions.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using static Cultivation.Integration.Tests.Functions.Browsers;

namespace Cultivation.Integration.Tests.Functions;

/// <summary>
/// SPEC §5: the browser routes are anonymous to the host, so their protection is <see cref="BrowserAccess"/>. Each case
/// with a crafted <c>X-MS-CLIENT-PRINCIPAL</c>, through the real function classes.
/// </summary>
public sealed class BrowserAccessTests : IDisposable
{
    private const string DongchengGroup = "6f1c2d3e-0000-4000-8000-00000000d0c1";
    private readonly TestStorage _storage = new();

    public void Dispose() => _storage.Dispose();

    private async Task<IActionResult> ExportAsync(BrowserAccessPolicy policy, HttpRequest request)
    {
        await _storage.Get<TargetsService>().LoadAsync(await File.ReadAllTextAsync(Path.Combine(Repository.Root(), "seeds/targets/2022.json")), default);
        return await new ExportsApi(_storage.Get<LeadersExportService>(), policy).Run(request, "2022", default);
    }

    [Theory]
    [InlineData("Leader")]
    [InlineData("Analyst")]
    public async Task A_signed_in_leader_or_analyst_gets_the_workbook(string role)
    {
        var result = await ExportAsync(SignInRequired(), Get("/api/exports/2022", Principal([role])));

        var file = Assert.IsType<FileStreamResult>(result);
        Assert.Equal("永康市企业梯度培育-2022.xlsx", file.FileDownloadName);
        await file.FileStream.DisposeAsync();
    }

    [Fact]
    public async Task A_signed_in_user_without_a_city_role_is_forbidden()
    {
        var result = await ExportAsync(SignInRequired(DongchengGroup + "=x"), Get("/api/exports/2022", Principal(["Reader"], [DongchengGroup])));

        Assert.Equal(403, Assert.IsType<ContentResult>(result).StatusCode);
    }

    [Fact]
    public async Task A_browser_without_a_principal_is_sent_to_sign_in_and_back_without_the_function_key()
    {
        var result = await ExportAsync(SignInRequired(), Get("/api/exports/2022?town=东城街道&code=SECRET"));

        var redirect = Assert.IsType<RedirectResult>(result);
        Assert.False(redirect.Permanent);
        Assert.Equal("/.auth/login/aad?post_login_redirect_uri=%2Fapi%2Fexports%2F2022%3Ftown%3D%25E4%25B8%259C%25E5%259F%258E%25E8%25A1%2597%25E9%2581%2593", redirect.Url);
    }

    [Fact]
    public void The_way_back_after_signing_in_stays_on_this_host()
    {
        var refused = BrowserAccess.Refuse(SignInRequired(), Get("//evil.example/api/dashboard"), null);

        Assert.Equal("/.auth/login/aad?post_login_redirect_uri=%2Fevil.example%2Fapi%2Fdashboard", Assert.IsType<RedirectResult>(refused).Url);
    }

    [Fact]
    public async Task An_api_client_without_a_principal_gets_401()
    {
        var result = await ExportAsync(SignInRequired(), Get("/api/exports/2022", html: false));

        var problem = Assert.IsType<ContentResult>(result);
        Assert.Equal(401, problem.StatusCode);
        Assert.StartsWith(Problems.ProblemJson, problem.ContentType, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not base64!")]
    [InlineData("eyJjbGFpbXMiOiA1fQ==")] // {"claims": 5}
    public async Task A_malformed_principal_counts_as_none(string header)
    {
        var result = await ExportAsync(SignInRequired(), Get("/api/exports/2022", header, html: false));

        Assert.Equal(401, Assert.IsType<ContentResult>(result).StatusCode);
    }

    [Fact]
    public async Task A_forged_principal_is_not_trusted_while_the_platforms_authentication_is_off_outside_development()
    {
        var result = await ExportAsync(NoPlatformAuth(development: false), Get("/api/exports/2022", Principal(["Leader"])));

        Assert.Equal(401, Assert.IsType<ContentResult>(result).StatusCode);
    }

    [Fact]
    public async Task Development_on_loopback_is_open_and_only_there()
    {
        var local = await ExportAsync(NoPlatformAuth(development: true), Get("/api/exports/2022", from: IPAddress.Loopback, host: "localhost"));
        var remote = await ExportAsync(NoPlatformAuth(development: true), Get("/api/exports/2022", from: IPAddress.Parse("203.0.113.7"), host: "localhost"));
        var forwardedHost = await ExportAsync(NoPlatformAuth(development: true), Get("/api/exports/2022", from: IPAddress.Loopback, host: "func-demo.azurewebsites.net"));

        await Assert.IsType<FileStreamResult>(local).FileStream.DisposeAsync();
        Assert.Equal(401, Assert.IsType<ContentResult>(remote).StatusCode);
        Assert.Equal(401, Assert.IsType<ContentResult>(forwardedHost).StatusCode);
    }

    [Fact]
    public void A_sources_own_group_opens_its_files_and_no_other_sources()
    {
        var policy = SignInRequired($"东城街道={DongchengGroup};西城街道=7a7a7a7a-0000-4000-8000-0000000000a2");
        var filer = Get("/api/templates/2022/Q3/东城街道", Principal([], [DongchengGroup]));

        Assert.Null(BrowserAccess.Refuse(policy, filer, "东城街道"));
        Assert.Equal(403, Assert.IsType<ContentResult>(BrowserAccess.Refuse(policy, filer, "西城街道")).StatusCode);
        Assert.Equal(403, Assert.IsType<ContentResult>(BrowserAccess.Refuse(policy, filer, null)).StatusCode);
        Assert.Null(BrowserAccess.Refuse(policy, Get("/api/templates/2022/Q3/西城街道", Principal(["Analyst"])), "西城街道"));
    }

    [Fact]
    public async Task The_dashboard_answers_bad_input_with_a_problem_body()
    {
        await _storage.Get<TargetsService>().LoadAsync(await File.ReadAllTextAsync(Path.Combine(Repository.Root(), "seeds/targets/2022.json")), default);
        var api = new DashboardApi(_storage.Get<DashboardService>(), SignInRequired());

        Assert.Equal(400, Assert.IsType<ContentResult>(await api.Run(Leader("/api/dashboard?year=2022&list=above-scale-upgrades&page=two"), default)).StatusCode);
        Assert.Equal(400, Assert.IsType<ContentResult>(await api.Run(Leader("/api/dashboard?year=2022&list=../x"), default)).StatusCode);
        Assert.Equal(404, Assert.IsType<ContentResult>(await api.Run(Leader("/api/dashboard?year=2022&list=above-scale-upgrades&page=2"), default)).StatusCode);
        Assert.Equal(404, Assert.IsType<ContentResult>(await api.Run(Leader("/api/dashboard?year=2022&list=no-such-target"), default)).StatusCode);
        Assert.Equal(200, Assert.IsType<ContentResult>(await api.Run(Leader("/api/dashboard?year=2022&list=above-scale-upgrades&page=1"), default)).StatusCode);
    }

    [Fact]
    public async Task The_dashboard_checks_access_before_anything_else()
    {
        var api = new DashboardApi(_storage.Get<DashboardService>(), SignInRequired());

        var refused = await api.Run(Get("/api/dashboard?year=not-a-year", html: false), default);

        Assert.Equal(401, Assert.IsType<ContentResult>(refused).StatusCode);
        Assert.IsType<RedirectResult>(await api.Run(Get("/api/dashboard"), default));
    }
}
