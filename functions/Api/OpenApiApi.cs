using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Cultivation.Functions.Api;

/// <summary>
/// <c>GET /api/openapi.json</c>: the OpenAPI 3 description of every route, kept beside the functions (<c>Api/openapi.json</c>,
/// embedded) and checked by the integration tests against the functions' real answers on the sample city.
/// </summary>
public sealed class OpenApiApi
{
    public const string ResourceName = "Cultivation.Functions.Api.openapi.json";

    private static readonly Lazy<string> s_document = new(() =>
    {
        using var stream = typeof(OpenApiApi).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"{ResourceName} is not embedded in {typeof(OpenApiApi).Assembly.GetName().Name}");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    /// <summary>The document as served.</summary>
    public static string Document => s_document.Value;

    [Function("GetOpenApi")]
    public IActionResult Run([HttpTrigger(AuthorizationLevel.Function, "get", Route = "openapi.json")] HttpRequest request) => new ContentResult
    {
        Content = Document,
        ContentType = "application/json; charset=utf-8",
        StatusCode = StatusCodes.Status200OK,
    };
}
