using Cultivation.Application.Enterprises;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Cultivation.Functions.Api;

/// <summary><c>GET /api/enterprises/{creditCode}</c>: a firm's filings by period, derived figures, events and flags (one point read of the enterprise index).</summary>
public sealed class EnterprisesApi(EnterpriseQueries queries)
{
    [Function("GetEnterprise")]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "enterprises/{creditCode}")] HttpRequest request, string creditCode,
        CancellationToken cancellationToken) =>
        (await queries.EnterpriseAsync(creditCode, cancellationToken)).ToResult(request);
}
