using System.Text.Json;
using Cultivation.Application;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Cultivation.Functions.Api;

/// <summary>Answers in JSON; bad input gets an RFC 9457 problem body, never a 500.</summary>
public static class Problems
{
    public const string ProblemJson = "application/problem+json";

    public static IActionResult Json(object body) => new ContentResult
    {
        Content = JsonSerializer.Serialize(body, body.GetType(), CultivationJson.Options),
        ContentType = "application/json; charset=utf-8",
        StatusCode = StatusCodes.Status200OK,
    };

    public static IActionResult BadRequest(HttpRequest request, string title, string detail) =>
        Problem(request, StatusCodes.Status400BadRequest, title, detail);

    public static IActionResult NotFound(HttpRequest request, string title, string detail) =>
        Problem(request, StatusCodes.Status404NotFound, title, detail);

    public static IActionResult Problem(HttpRequest request, int status, string title, string detail)
    {
        var problem = new Dictionary<string, object?>
        {
            ["type"] = $"https://httpstatuses.io/{status}",
            ["title"] = title,
            ["status"] = status,
            ["detail"] = detail,
            ["instance"] = request.Path.Value,
        };
        return new ContentResult
        {
            Content = JsonSerializer.Serialize(problem, CultivationJson.Options),
            ContentType = ProblemJson + "; charset=utf-8",
            StatusCode = status,
        };
    }
}
