using Cultivation.Application.Access;
using Cultivation.Application.Filings;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Cultivation.Functions.Api;

/// <summary>
/// <c>GET /api/filings/{year}/Q{quarter}/{source}/report</c>: the report of the source's latest file (JSON), and
/// <c>…/report.xlsx</c>: the filer's own rows back with each bad cell marked.
/// </summary>
public sealed class FilingReportsApi(FilingReportService reports, BrowserAccessPolicy access)
{
    [Function("GetFilingReport")]
    public async Task<IActionResult> Report(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "filings/{year}/{quarter}/{source}/report")] HttpRequest request,
        string year,
        string quarter,
        string source,
        CancellationToken cancellationToken)
    {
        if (!RouteValues.TryPeriod(year, quarter, out var period))
        {
            return Answers.InvalidPeriod(request, year, quarter);
        }

        return (await reports.ReportAsync(period.Value, source, cancellationToken)).ToResult(request, stored => new ContentResult
        {
            Content = stored.Json,
            ContentType = "application/json; charset=utf-8",
            StatusCode = StatusCodes.Status200OK,
        });
    }

    [Function("GetFilingReportWorkbook")]
    public async Task<IActionResult> Workbook(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "filings/{year}/{quarter}/{source}/report.xlsx")] HttpRequest request,
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
            ?? (await reports.WorkbookAsync(period.Value, source, cancellationToken)).ToResult(request, Answers.Workbook);
    }
}
