using Cultivation.Application.Progress;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Cultivation.Functions.Api;

/// <summary><c>GET /api/low-efficiency/{year}/Q{quarter}?town=</c>: flagged firms, lowest 亩均税收 first.</summary>
public sealed class LowEfficiencyApi(ProgressQueries queries)
{
    [Function("GetLowEfficiency")]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "low-efficiency/{year}/{quarter}")] HttpRequest request, string year, string quarter,
        CancellationToken cancellationToken)
    {
        if (!RouteValues.TryYear(year, out var y) || !RouteValues.TryPeriod(y, quarter, out var period))
        {
            return Problems.BadRequest(request, "报告期无效 / Invalid period", $"'{year}/{quarter}' is not a period such as 2022/Q2 (quarter 1–4).");
        }

        var town = request.Query["town"].ToString();
        return (await queries.LowEfficiencyAsync(period.Value, string.IsNullOrWhiteSpace(town) ? null : town.Trim(), cancellationToken)).ToResult(request);
    }
}
