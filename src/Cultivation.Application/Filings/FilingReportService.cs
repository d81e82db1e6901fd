using System.Text.Json;
using Cultivation.Application.Ingestion;
using Cultivation.Application.Reading;
using Cultivation.Application.Storage;
using Cultivation.Application.Workbooks;
using Cultivation.Domain;
using Cultivation.Domain.City;
using Cultivation.Domain.Filings;
using Cultivation.Domain.Periods;
using Microsoft.Extensions.Options;

namespace Cultivation.Application.Filings;

/// <summary>A filing's stored report: the blob it describes, the JSON as stored, and the same read.</summary>
public sealed record StoredReport(string BlobName, string Json, FilingReport Report);

/// <summary>
/// The report of a source's filing (<c>GET /api/filings/{year}/Q{q}/{source}/report</c>) and the filer's own
/// rows back with its errors marked (<c>…/report.xlsx</c>). The rows are read again from the very bytes the
/// report describes: the <c>filings</c> blob while it still holds that version, else the archive.
/// </summary>
public sealed class FilingReportService(
    IFilingLedger ledger,
    IFilingBlobs blobs,
    IFilingReader reader,
    IOptions<CityOptions> city,
    IOptions<ReadingOptions> reading)
{
    /// <summary>
    /// The report of the source's filing of the period (a town's latest word): of its files still in the container, the one
    /// uploaded last (SPEC §2); when all were withdrawn, the one decided last.
    /// </summary>
    public async Task<Answer<StoredReport>> ReportAsync(Period period, string source, CancellationToken cancellationToken)
    {
        if (!city.Value.IsSource(source))
        {
            return Answer<StoredReport>.NotFound(new Problem(
                $"“{CellText.Quote(source)}”不是本市的镇街或{city.Value.StatisticsBureau}",
                $"'{CellText.Quote(source)}' is not one of the city's towns or {city.Value.StatisticsBureau}"));
        }

        var entries = await ledger.ListAsync(period, cancellationToken).ConfigureAwait(false);
        var decided = entries.Where(e => e.Source == source && e.IngestedAt is not null).ToList();
        var entry = decided
            .Where(e => e.Status is not (FilingStatus.Superseded or FilingStatus.Withdrawn))
            .OrderByDescending(e => e.UploadedAt)
            .ThenByDescending(e => e.IngestedAt)
            .FirstOrDefault() ?? decided.OrderByDescending(e => e.IngestedAt).FirstOrDefault();
        var json = entry is null ? null : await blobs.ReadReportAsync(entry.BlobName + ".json", cancellationToken).ConfigureAwait(false);
        if (entry is null || json is null)
        {
            return Answer<StoredReport>.NotFound(new Problem(
                $"{source} {period} 还没有处理过的报送文件（文件可能尚未上传或正在处理）",
                $"{source} has no processed filing for {period} (not uploaded yet, or still being processed)"));
        }

        var report = JsonSerializer.Deserialize<FilingReport>(json, CultivationJson.Options)
            ?? throw new InvalidDataException($"The report of {entry.BlobName} is empty.");
        return Answer<StoredReport>.Found(new StoredReport(entry.BlobName, json, report));
    }

    /// <summary>The annotated workbook: the filing's first sheet as read, bad cells marked, then a summary sheet.</summary>
    public async Task<Answer<WorkbookFile>> WorkbookAsync(Period period, string source, CancellationToken cancellationToken)
    {
        var found = await ReportAsync(period, source, cancellationToken).ConfigureAwait(false);
        if (found.Value is not { } stored)
        {
            return new Answer<WorkbookFile>(null, found.Problem, found.Refusal);
        }

        return await WorkbookAsync(stored.BlobName, stored.Report, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The annotated workbook of one report of a file (the one a message about that verdict attaches).</summary>
    public async Task<Answer<WorkbookFile>> WorkbookAsync(string blobName, FilingReport report, CancellationToken cancellationToken)
    {
        if (!FilingName.TryParse(blobName, out var name, out _))
        {
            // Never opened: such a name may address another file's blob.
            return Answer<WorkbookFile>.NotFound(new Problem(
                "文件名不符合规则，文件没有被读取，所以没有错误标注版", "the blob's name is not a filing name: it was never read, so it has no annotated workbook"));
        }

        await using var original = await OriginalAsync(blobName, report.Version, cancellationToken).ConfigureAwait(false);
        if (original is null)
        {
            return Answer<WorkbookFile>.Gone(new Problem(
                "版本已被替换：这份处理结果所对应的文件已被新上传的文件替换（未被接收的版本不存档），请查看新文件的处理结果",
                "the version this report describes has been replaced by a newer upload and was not archived (only accepted versions are); see the newer file's report"));
        }

        var fileName = report.Source is null ? "核验结果.xlsx" : $"{report.Source}-{report.Period}-核验结果.xlsx";
        return Answer<WorkbookFile>.Found(WorkbookFile.Create(fileName, output =>
        {
            using var workbook = new AnnotatedWorkbook(output, report);
            if (!original.TooLarge)
            {
                reader.Read(original.File, name, onSheetRow: workbook.AddRow);
            }

            workbook.Complete();
        }));
    }

    /// <summary>The bytes of the version the report describes, or null when they are no longer kept.</summary>
    private async Task<LocalCopy?> OriginalAsync(string blobName, string version, CancellationToken cancellationToken)
    {
        foreach (var archived in new[] { false, true })
        {
            var content = archived
                ? await blobs.OpenArchiveAsync(version, cancellationToken).ConfigureAwait(false)
                : await blobs.OpenAsync(blobName, cancellationToken).ConfigureAwait(false);
            if (content is null)
            {
                continue;
            }

            await using (content.ConfigureAwait(false))
            {
                var copy = await LocalCopy.CreateAsync(content.Stream, reading.Value.MaxFileBytes, cancellationToken).ConfigureAwait(false);
                if (copy.Sha == version)
                {
                    return copy;
                }

                await copy.DisposeAsync().ConfigureAwait(false);
            }
        }

        return null;
    }
}
