using Cultivation.Application.Alerts;
using Cultivation.Application.Storage;
using Cultivation.Application.Workbooks;
using Cultivation.Domain;
using Cultivation.Domain.City;
using Cultivation.Domain.Filings;
using Cultivation.Domain.Firms;
using Cultivation.Domain.Periods;
using Microsoft.Extensions.Options;

namespace Cultivation.Application.Filings;

/// <summary>
/// The 填报模板 of a source for a period (<c>GET /api/templates/{year}/Q{q}/{source}</c>): its firms from its last
/// accepted filing, closed firms left out, figures empty for the quarter to fill.
/// </summary>
public sealed class FilingTemplateService(
    IFilingLedger ledger,
    IFirmRowStore rows,
    IOptions<CityOptions> city,
    IOptions<FilingDeadlineOptions> deadline)
{
    /// <summary>How far back (in quarters, the period itself included) the source's last accepted filing is looked for.</summary>
    public const int QuartersBack = 8;

    public async Task<Answer<WorkbookFile>> TemplateAsync(Period period, string source, CancellationToken cancellationToken)
    {
        var options = city.Value;
        if (!options.IsSource(source))
        {
            return Answer<WorkbookFile>.NotFound(new Problem(
                $"“{CellText.Quote(source)}”不是本市的镇街或{options.StatisticsBureau}，没有它的填报模板",
                $"'{CellText.Quote(source)}' is not one of the city's towns or {options.StatisticsBureau}: no template"));
        }

        var last = await LastAcceptedAsync(period, source, cancellationToken).ConfigureAwait(false);
        // Only what the template shows is kept of each row (a 200,000-firm filing is held until sorted).
        var firms = new List<(int SourceRow, TemplateFirm Firm)>();
        if (last is not null && FilingName.TryParse(last.BlobName, out var name, out _))
        {
            await foreach (var row in rows.ReadAsync(name, last.CurrentSha!, last.CurrentShards, cancellationToken).ConfigureAwait(false))
            {
                // A closed firm is no longer filed.
                if (row.Remediation != RemediationStatus.Closed)
                {
                    firms.Add((row.SourceRow, TemplateFirm.Of(row)));
                }
            }
        }

        // The order of the clerk's own file, not of storage.
        firms.Sort((a, b) => a.SourceRow.CompareTo(b.SourceRow));
        var template = new FilingTemplate(
            period,
            source,
            options.IsTown(source) ? [source] : options.Towns,
            options.Towns,
            DigestBuilder.DeadlineOf(period, deadline.Value.DeadlineDay),
            last?.BlobName,
            firms.Select(f => f.Firm));
        return Answer<WorkbookFile>.Found(WorkbookFile.Create($"{source}-{period}-填报模板.xlsx", s => FilingTemplateWriter.Write(s, template)));
    }

    /// <summary>
    /// The source's accepted filing in force of the latest period, up to <paramref name="period"/>, that has one: of a source's
    /// files of a period one at most is in force (a superseded or withdrawn one is not).
    /// </summary>
    private async Task<LedgerEntry?> LastAcceptedAsync(Period period, string source, CancellationToken cancellationToken)
    {
        var p = period;
        for (var i = 0; i < QuartersBack; i++, p = p.Previous)
        {
            var entries = await ledger.ListAsync(p, cancellationToken).ConfigureAwait(false);
            var inForce = entries
                .Where(e => e.Source == source && e.CurrentSha is not null)
                .OrderByDescending(e => e.CurrentAcceptedAt)
                .FirstOrDefault();
            if (inForce is not null || p == new Period(Period.MinYear, 1))
            {
                return inForce;
            }
        }

        return null;
    }
}
