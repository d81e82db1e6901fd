using Cultivation.Application.Workbooks;

namespace Cultivation.Application.Leaders;

/// <summary>The leaders' workbook of a year (<c>GET /api/exports/{year}[?town=]</c>, CLI <c>export</c>, the digest's attachment).</summary>
public sealed class LeadersExportService(LeadersReportService reports)
{
    public async Task<Answer<WorkbookFile>> WorkbookAsync(int year, string? town, CancellationToken cancellationToken)
    {
        var report = await reports.BuildAsync(year, town, cancellationToken).ConfigureAwait(false);
        if (report.Value is not { } value)
        {
            return report.IsInvalid ? Answer<WorkbookFile>.Invalid(report.Problem!) : Answer<WorkbookFile>.NotFound(report.Problem!);
        }

        return Answer<WorkbookFile>.Found(WorkbookFile.Create(value.WorkbookName, stream => LeadersWorkbookWriter.Write(stream, value)));
    }
}
