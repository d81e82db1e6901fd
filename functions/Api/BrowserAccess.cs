using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Cultivation.Functions.Api;

/// <summary>
/// The one place a browser route (templates, annotated workbooks; later the dashboard and exports) asks
/// whether the request may have what it asks for. SPEC 5 puts platform authentication in front of these
/// routes (App Service Authentication, an app role or the source's own group); until that is configured
/// they are served like every JSON route, to whoever holds the function key.
/// </summary>
public static class BrowserAccess
{
    /// <summary>Null when the request may be served; otherwise the answer to give instead.</summary>
    /// <param name="source">The filing source whose file is asked for, null for a city-wide page.</param>
    public static IActionResult? Refuse(HttpRequest request, string? source)
    {
        ArgumentNullException.ThrowIfNull(request);
        return null;
    }
}
