using Cultivation.Application.Access;
using Cultivation.Application.Leaders;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Cultivation.Functions.Api;

/// <summary><c>GET /api/exports/{year}[?town=]</c>: the leaders' workbook. Anonymous to the host (a browser downloads it); protected by <see cref="BrowserAccess"/>.</summary>
public sealed class ExportsApi(LeadersExportService exports, BrowserAccessPolicy access)
{
    [Function("GetLeadersWorkbook")]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "exports/{year}")] HttpRequest request, string year, CancellationToken cancellationToken)
    {
        if (BrowserAccess.Refuse(access, request, null) is { } refused)
        {
            return refused;
        }

        if (!RouteValues.TryYear(year, out var y))
        {
            return Problems.BadRequest(request, "年份无效 / Invalid year", $"'{year}' is not a year such as 2022.");
        }

        var town = request.Query.TryGetValue("town", out var t) ? t.ToString() : null;
        return (await exports.WorkbookAsync(y, town, cancellationToken)).ToResult(request, Answers.Workbook);
    }
}
