using Cultivation.Application.Workbooks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Cultivation.Functions.Api;

internal static class Answers
{
    /// <summary>The answer's value through <paramref name="found"/>, or a problem body: 400, 404 or 410.</summary>
    public static IActionResult ToResult<T>(this Answer<T> answer, HttpRequest request, Func<T, IActionResult> found)
        where T : class
    {
        if (answer.Value is { } value)
        {
            return found(value);
        }

        var problem = answer.Problem!;
        var status = answer.Refusal switch
        {
            Refusal.Invalid => StatusCodes.Status400BadRequest,
            Refusal.Gone => StatusCodes.Status410Gone,
            _ => StatusCodes.Status404NotFound,
        };
        return Problems.Problem(request, status, problem.Chinese, problem.English);
    }

    public static IActionResult InvalidPeriod(HttpRequest request, string year, string quarter) =>
        Problems.BadRequest(request, "报告期无效 / Invalid period", $"'{year}/{quarter}' is not a period such as 2022/Q3 (quarter 1–4).");

    public static IActionResult Workbook(WorkbookFile file) =>
        new FileStreamResult(file.Content, WorkbookFile.ContentType) { FileDownloadName = file.FileName };
}
