using System.Net;
using System.Text;
using System.Text.Json;
using Cultivation.Application.Access;
using Cultivation.Functions.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Cultivation.Integration.Tests.Functions;

/// <summary>Requests as a browser sends them to the browser routes, and the access rule as the platform's settings make it.</summary>
public static class Browsers
{
    /// <summary>The rule with App Service Authentication on (the deployed app's case).</summary>
    public static BrowserAccessPolicy SignInRequired(string sourceGroups = "") =>
        new(Options.Create(new BrowserAccessOptions { AuthEnabled = true, SourceGroups = sourceGroups }));

    /// <summary>The rule with the platform's authentication off, in Development or not.</summary>
    public static BrowserAccessPolicy NoPlatformAuth(bool development) =>
        new(Options.Create(new BrowserAccessOptions { AuthEnabled = false, Development = development }));

    /// <summary><c>X-MS-CLIENT-PRINCIPAL</c> as App Service writes it: base64 of the claims, roles under <c>role_typ</c>.</summary>
    public static string Principal(IEnumerable<string> roles, IEnumerable<string>? groups = null)
    {
        var claims = new List<object> { new { typ = "name", val = "测试用户" } };
        claims.AddRange(roles.Select(r => new { typ = "roles", val = r }));
        claims.AddRange((groups ?? []).Select(g => new { typ = "groups", val = g }));
        var json = JsonSerializer.Serialize(new { auth_typ = "aad", claims, name_typ = "name", role_typ = "roles" });
        return Convert.ToBase64String(Encoding.UTF8.GetBytes(json));
    }

    /// <summary>A GET from a browser (Accept: text/html) on a remote address, signed in with these roles (none: not signed in).</summary>
    public static HttpRequest Get(string pathAndQuery, string? principal = null, bool html = true, IPAddress? from = null, string host = "func-demo.azurewebsites.net")
    {
        var context = new DefaultHttpContext();
        var parts = pathAndQuery.Split('?', 2);
        context.Request.Method = "GET";
        context.Request.Host = new HostString(host);
        context.Request.Path = parts[0];
        context.Request.QueryString = parts.Length > 1 ? new QueryString("?" + parts[1]) : QueryString.Empty;
        context.Request.Headers.Accept = html ? "text/html,application/xhtml+xml" : "application/json";
        context.Connection.RemoteIpAddress = from ?? IPAddress.Parse("203.0.113.7");
        if (principal is not null)
        {
            context.Request.Headers[BrowserAccess.PrincipalHeader] = principal;
        }

        return context.Request;
    }

    /// <summary>A Leader's browser request (the deployed app's usual case).</summary>
    public static HttpRequest Leader(string pathAndQuery = "/api/page") => Get(pathAndQuery, Principal(["Leader"]));
}
