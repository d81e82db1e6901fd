using Cultivation.Application.Filings;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Cultivation.Functions.Api;

/// <summary><c>GET /api/filings/{year}/Q{quarter}</c>: each filing of the period with its status and report.</summary>
public sealed class FilingsApi(FilingQueries filings)
{
    [Function("GetFilings")]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "filings/{year}/{quarter}")] HttpRequest request,
        string year,
        string quarter,
        CancellationToken cancellationToken)
    {
        if (!RouteValues.TryYear(year, out var y) || !RouteValues.TryPeriod(y, quarter, out var period))
        {
            return Problems.BadRequest(request, "报告期无效 / Invalid period", $"'{year}/{quarter}' is not a period such as 2022/Q1 (quarter 1–4).");
        }

        return Problems.Json(await filings.ListAsync(period.Value, cancellationToken));
    }
}
