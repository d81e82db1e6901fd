using Cultivation.Application.Progress;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Cultivation.Functions.Api;

/// <summary><c>GET /api/enterprises/{creditCode}</c>: a firm's filings by period, derived figures, events and flags.</summary>
public sealed class EnterprisesApi(ProgressQueries queries)
{
    [Function("GetEnterprise")]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "enterprises/{creditCode}")] HttpRequest request, string creditCode,
        CancellationToken cancellationToken) =>
        (await queries.EnterpriseAsync(creditCode, cancellationToken)).ToResult(request);
}
