using Cultivation.Application.Access;
using Cultivation.Application.Filings;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Cultivation.Functions.Api;

/// <summary><c>GET /api/templates/{year}/Q{quarter}/{source}</c>: the source's 填报模板, prefilled with its firms.</summary>
public sealed class FilingTemplatesApi(FilingTemplateService templates, BrowserAccessPolicy access)
{
    [Function("GetFilingTemplate")]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "templates/{year}/{quarter}/{source}")] HttpRequest request,
        string year,
        string quarter,
        string source,
        CancellationToken cancellationToken)
    {
        if (!RouteValues.TryPeriod(year, quarter, out var period))
        {
            return Answers.InvalidPeriod(request, year, quarter);
        }

        return BrowserAccess.Refuse(access, request, source)
            ?? (await templates.TemplateAsync(period.Value, source, cancellationToken)).ToResult(request, Answers.Workbook);
    }
}
