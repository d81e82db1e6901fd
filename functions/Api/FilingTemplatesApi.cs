using Cultivation.Application.Filings;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Cultivation.Functions.Api;

/// <summary><c>GET /api/templates/{year}/Q{quarter}/{source}</c>: the source's 填报模板, prefilled with its firms.</summary>
public sealed class FilingTemplatesApi(FilingTemplateService templates)
{
    [Function("GetFilingTemplate")]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "templates/{year}/{quarter}/{source}")] HttpRequest request,
        string year,
        string quarter,
        string source,
        CancellationToken cancellationToken)
    {
        if (!RouteValues.TryYear(year, out var y) || !RouteValues.TryPeriod(y, quarter, out var period))
        {
            return Problems.BadRequest(request, "报告期无效 / Invalid period", $"'{year}/{quarter}' is not a period such as 2022/Q3 (quarter 1–4).");
        }

        return BrowserAccess.Refuse(request, source)
            ?? (await templates.TemplateAsync(period.Value, source, cancellationToken)).ToResult(request, Answers.Workbook);
    }
}
