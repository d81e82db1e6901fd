using Cultivation.Application.Alerts;
using Cultivation.Application.Workbooks;
using Cultivation.Domain.City;
using Microsoft.Extensions.Options;

namespace Cultivation.Application.Leaders;

/// <summary>The digest's attachment: the city's leaders' workbook of the digest's year (SPEC §6).</summary>
public sealed class LeadersWorkbookAttachment(LeadersExportService exports, IOptions<CityOptions> city) : IDigestAttachments
{
    public string NameFor(int year) => LeadersReport.FileName(city.Value.Name, year, null);

    public async Task<MailAttachment?> ForAsync(int year, CancellationToken cancellationToken)
    {
        var answer = await exports.WorkbookAsync(year, null, cancellationToken).ConfigureAwait(false);
        if (answer.Value is not { } workbook)
        {
            return null;
        }

        await using (workbook)
        {
            using var bytes = new MemoryStream((int)workbook.Content.Length);
            await workbook.Content.CopyToAsync(bytes, cancellationToken).ConfigureAwait(false);
            return new MailAttachment(workbook.FileName, WorkbookFile.ContentType, bytes.ToArray());
        }
    }
}
