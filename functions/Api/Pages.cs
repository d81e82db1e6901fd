using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Cultivation.Functions.Api;

/// <summary>HTML answers for browsers: never cached (the figures change with every filing), never framed, no type sniffing.</summary>
public static class Pages
{
    public static IActionResult Html(HttpRequest request, string html, string contentSecurityPolicy)
    {
        var headers = request.HttpContext.Response.Headers;
        headers.ContentSecurityPolicy = contentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.CacheControl = "no-store";
        headers["Referrer-Policy"] = "no-referrer";
        return new ContentResult { Content = html, ContentType = "text/html; charset=utf-8", StatusCode = StatusCodes.Status200OK };
    }
}
