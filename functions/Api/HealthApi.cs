using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Cultivation.Functions.Api;

/// <summary><c>GET /api/health</c>: anonymous liveness.</summary>
public sealed class HealthApi(TimeProvider clock)
{
    [Function("Health")]
    public IActionResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest request) =>
        Problems.Json(new { status = "ok", at = clock.GetUtcNow() });
}
