using System.Net;
using Cultivation.Application.Access;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Cultivation.Functions.Api;

/// <summary>
/// The one place a browser route (dashboard, exports, templates, annotated workbooks) asks whether the request may have
/// what it asks for; the rule is <see cref="BrowserAccessPolicy"/>. These routes are anonymous to the host (a browser
/// has no function key): this check is their protection.
/// </summary>
public static class BrowserAccess
{
    public const string PrincipalHeader = "X-MS-CLIENT-PRINCIPAL";

    /// <summary>Null when the request may be served; otherwise the answer to give instead (a redirect to sign in, 401 or 403).</summary>
    /// <param name="source">The filing source whose file is asked for, null for a city-wide page.</param>
    public static IActionResult? Refuse(BrowserAccessPolicy policy, HttpRequest request, string? source)
    {
        var decision = policy.Decide(Read(request), source);
        return decision.Verdict switch
        {
            AccessVerdict.Allow => null,
            AccessVerdict.SignIn => new RedirectResult(decision.SignInUrl!, permanent: false),
            AccessVerdict.Forbidden => Problems.Problem(request, StatusCodes.Status403Forbidden, "无权访问 / Forbidden", decision.Reason!),
            _ => Problems.Problem(request, StatusCodes.Status401Unauthorized, "需要登录 / Sign-in required", decision.Reason!),
        };
    }

    public static BrowserRequest Read(HttpRequest request)
    {
        var accept = request.Headers.Accept.ToString();
        var host = request.Host.Host;
        var loopback = request.HttpContext.Connection.RemoteIpAddress is { } ip && IPAddress.IsLoopback(ip)
            && (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase) || (IPAddress.TryParse(host, out var hostIp) && IPAddress.IsLoopback(hostIp)));

        // Back to the same page after signing in; a function key in the query never travels into the sign-in URL.
        var query = QueryString.Create(request.Query.Where(q => !string.Equals(q.Key, "code", StringComparison.OrdinalIgnoreCase)));

        // A path that starts "//" would read as another host once it is a redirect target: keep it on this one.
        var path = "/" + (request.PathBase.Add(request.Path).Value ?? string.Empty).TrimStart('/', '\\');
        return new BrowserRequest(
            request.Headers.TryGetValue(PrincipalHeader, out var principal) ? principal.ToString() : null,
            accept.Contains("text/html", StringComparison.OrdinalIgnoreCase),
            path + query.Value,
            loopback);
    }
}
