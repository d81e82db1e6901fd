using System.Text.RegularExpressions;
using Cultivation.Application.Progress;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Cultivation.Functions.Api;

/// <summary><c>GET /api/progress/{year}</c> and <c>GET /api/progress/{year}/{targetId}</c>: a cheap read of the precomputed progress.</summary>
public sealed partial class ProgressApi(ProgressQueries queries)
{
    [Function("GetProgress")]
    public async Task<IActionResult> Year(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "progress/{year}")] HttpRequest request, string year, CancellationToken cancellationToken)
    {
        if (!RouteValues.TryYear(year, out var y))
        {
            return Problems.BadRequest(request, "年份无效 / Invalid year", $"'{year}' is not a year such as 2022.");
        }

        return (await queries.YearAsync(y, cancellationToken)).ToResult(request);
    }

    [Function("GetTargetProgress")]
    public async Task<IActionResult> Target(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "progress/{year}/{targetId}")] HttpRequest request, string year, string targetId,
        CancellationToken cancellationToken)
    {
        if (!RouteValues.TryYear(year, out var y) || !TargetId().IsMatch(targetId))
        {
            return Problems.BadRequest(request, "年份或指标无效 / Invalid year or target", $"'{year}/{targetId}' is not a year and a target id such as 2022/above-scale-upgrades.");
        }

        return (await queries.TargetAsync(y, targetId, cancellationToken)).ToResult(request);
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,63}$")]
    private static partial Regex TargetId();
}
