using Cultivation.Application.Progress;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Cultivation.Functions.Api;

internal static class QueryResults
{
    /// <summary>200 with the body, 404 or 400 with a problem body.</summary>
    public static IActionResult ToResult<T>(this QueryResult<T> result, HttpRequest request)
        where T : class
    {
        if (result.Value is not null)
        {
            return Problems.Json(result.Value);
        }

        var problem = result.Problem!;
        return result.IsInvalid
            ? Problems.BadRequest(request, problem.Chinese, problem.English)
            : Problems.NotFound(request, problem.Chinese, problem.English);
    }
}
