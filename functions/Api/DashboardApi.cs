using System.Text.RegularExpressions;
using Cultivation.Application.Access;
using Cultivation.Application.Leaders;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Cultivation.Functions.Api;

/// <summary>
/// <c>GET /api/dashboard[?year=][&amp;list=][&amp;page=]</c>: the leaders' page (HTML), or one of its drill-downs (a target's
/// firms, 500 a page, or <c>low-efficiency</c>). Anonymous to the host: a browser has no function key.
/// </summary>
public sealed partial class DashboardApi(DashboardService dashboards, BrowserAccessPolicy access)
{
    [Function("GetDashboard")]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "dashboard")] HttpRequest request, CancellationToken cancellationToken)
    {
        if (BrowserAccess.Refuse(access, request, null) is { } refused)
        {
            return refused;
        }

        int? year = null;
        if (request.Query.TryGetValue("year", out var yearText))
        {
            if (!RouteValues.TryYear(yearText.ToString(), out var y))
            {
                return Problems.BadRequest(request, "年份无效 / Invalid year", $"'{yearText}' is not a year such as 2022.");
            }

            year = y;
        }

        string? list = null;
        if (request.Query.TryGetValue("list", out var listText))
        {
            if (!ListId().IsMatch(listText.ToString()))
            {
                return Problems.BadRequest(request, "名单无效 / Invalid list", $"'{listText}' is not a target id such as above-scale-upgrades, or low-efficiency.");
            }

            list = listText.ToString();
        }

        var number = 1;
        if (request.Query.TryGetValue("page", out var pageText)
            && !int.TryParse(pageText.ToString(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out number))
        {
            return Problems.BadRequest(request, "页码无效 / Invalid page", $"'{pageText}' is not a page number such as 2.");
        }

        var page = await dashboards.PageAsync(year, list, number, cancellationToken);
        return page.Value is { } html ? Pages.Html(request, html, DashboardPage.ContentSecurityPolicy) : page.ToResult(request);
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,63}$")]
    private static partial Regex ListId();
}
