using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using Cultivation.Application.Filings;
using Cultivation.Application.Ingestion;
using Cultivation.Application.Leaders;
using Cultivation.Domain.City;
using Cultivation.Domain.Periods;
using Cultivation.SampleCity.City;
using Cultivation.SampleCity.Writers;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

using static Cultivation.Benchmarks.Report;

namespace Cultivation.Benchmarks;

/// <summary>
/// Measurement 7: the filers' workbooks, built as the HTTP routes build them (storage read, file read, workbook
/// written to a temporary file), each in a fresh child process that reports its time and peak working set:
/// the 填报模板 of the quarter after an accepted filing, and the annotated workbook of a rejected one.
/// </summary>
public sealed class WorkbookBenchmarks(string connection)
{
    private static readonly CancellationToken s_none = CancellationToken.None;

    /// <param name="rowCounts">Sizes of the generated 统计局 filing to measure besides the sample city's largest file.</param>
    public async Task RunAsync(IReadOnlyList<int> rowCounts)
    {
        Line("## 7. Filers' workbooks (template and annotated workbook, each in a fresh process)");
        Line();
        Line("| file | rows | workbook | errors | time s | peak working set MB | xlsx MB | uncompressed MB |");
        Line("|---|---:|---|---:|---:|---:|---:|---:|");

        // The sample city's largest file: 经济开发区, 588 firms.
        const string largest = "2022/Q3/经济开发区.xlsx";
        var seed = Path.Combine(Paths.Filings, largest);
        await MeasureAsync($"sample city {largest}", 588, seed, largest, every: 50);
        foreach (var rows in rowCounts)
        {
            await MeasureAsync($"generated 统计局 ({rows:N0} rows)", rows, BenchFiles.Large(rows), "2022/Q2/统计局.xlsx", every: 100);
        }

        Line();
    }

    private async Task MeasureAsync(string label, int rows, string validFile, string blobName, int every)
    {
        Assert(FilingNameOf(blobName, out var period, out var source));

        // The template: the source's filing accepted, then the next quarter's template.
        await using (var env = new BenchStorage(connection))
        {
            await env.UploadAsync(blobName, validFile);
            Accepted(await env.Get<IngestionService>().IngestAsync(blobName, s_none));
            var next = period.Next;
            var (mb, seconds, bytes, uncompressed) = await ChildAsync("template", env.Prefix, next.ToString(), source);
            Line(FormattableString.Invariant($"| {label} | {rows:N0} | template {next} | 0 | {seconds:F2} | {mb:F0} | {bytes / 1048576.0:F1} | {uncompressed / 1048576.0:F1} |"));

            // The workbook of an accepted file: every row read back, none marked.
            (mb, seconds, bytes, uncompressed) = await ChildAsync("annotated", env.Prefix, period.ToString(), source);
            Line(FormattableString.Invariant($"| {label} | {rows:N0} | annotated (accepted) | 0 | {seconds:F2} | {mb:F0} | {bytes / 1048576.0:F1} | {uncompressed / 1048576.0:F1} |"));
        }

        // The annotated workbook: the same file with a bad town in every n-th firm row, rejected.
        var bad = Path.Combine(BenchFiles.Directory, $"bad-{Path.GetFileNameWithoutExtension(validFile)}-{rows}.xlsx");
        var errors = rows / every;
        if (!File.Exists(bad))
        {
            if (validFile.StartsWith(Paths.Root, StringComparison.Ordinal))
            {
                BreakTowns(validFile, bad, every);
            }
            else
            {
                WriteLargeWithBadTowns(bad, rows, every);
            }
        }

        await using (var env = new BenchStorage(connection))
        {
            await env.UploadAsync(blobName, bad);
            var outcome = await env.Get<IngestionService>().IngestAsync(blobName, s_none);
            if (outcome.Result != IngestionResult.Rejected)
            {
                throw new InvalidOperationException($"{blobName}: expected a rejection for {errors} bad towns, got {outcome.Result}");
            }

            var (mb, seconds, bytes, uncompressed) = await ChildAsync("annotated", env.Prefix, period.ToString(), source);
            Line(FormattableString.Invariant($"| {label} | {rows:N0} | annotated | {errors:N0} | {seconds:F2} | {mb:F0} | {bytes / 1048576.0:F1} | {uncompressed / 1048576.0:F1} |"));
        }
    }

    /// <summary>The child's side: builds one workbook through the product's service, prints "WORKBOOK {peak MB} {seconds} {bytes} {uncompressed bytes}".</summary>
    public async Task OnceAsync(string kind, string prefix, string period, string source)
    {
        var env = new BenchStorage(connection, prefix);
        try
        {
            var sw = Stopwatch.StartNew();
            var answer = kind switch
            {
                "template" => await env.Get<FilingTemplateService>().TemplateAsync(Period.Parse(period), source, s_none),
                "leaders" => await env.Get<LeadersExportService>().WorkbookAsync(int.Parse(period, CultureInfo.InvariantCulture), source == "-" ? null : source, s_none),
                _ => await env.Get<FilingReportService>().WorkbookAsync(Period.Parse(period), source, s_none),
            };
            var file = answer.Value ?? throw new InvalidOperationException($"{kind}: {answer.Problem}");
            await using (file)
            {
                var seconds = sw.Elapsed.TotalSeconds;
                long uncompressed;
                using (var zip = new ZipArchive(file.Content, ZipArchiveMode.Read, leaveOpen: true))
                {
                    uncompressed = zip.Entries.Sum(e => e.Length);
                }

                using var self = Process.GetCurrentProcess();
                self.Refresh();
                Console.WriteLine(FormattableString.Invariant(
                    $"WORKBOOK {self.PeakWorkingSet64 / (1024.0 * 1024):F1} {seconds:F3} {file.Content.Length} {uncompressed}"));
            }
        }
        finally
        {
            // The parent owns the storage and deletes it.
            await env.Services.DisposeAsync();
        }
    }

    /// <summary>Builds a workbook in a fresh child process over the storage of <paramref name="prefix"/>: its time, peak working set and sizes.</summary>
    internal static async Task<(double Mb, double Seconds, long Bytes, long Uncompressed)> ChildAsync(string kind, string prefix, string period, string source)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath!) == "dotnet")
        {
            start.ArgumentList.Add(typeof(WorkbookBenchmarks).Assembly.Location);
        }

        foreach (var arg in new[] { "workbook-once", kind, prefix, period, source })
        {
            start.ArgumentList.Add(arg);
        }

        using var child = Process.Start(start)!;
        var output = await child.StandardOutput.ReadToEndAsync();
        await child.WaitForExitAsync();
        var last = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault(l => l.StartsWith("WORKBOOK ", StringComparison.Ordinal));
        if (child.ExitCode != 0 || last is null)
        {
            throw new InvalidOperationException($"the workbook-once child ({kind}) failed:\n" + output);
        }

        var parts = last.Split(' ');
        return (double.Parse(parts[1], CultureInfo.InvariantCulture), double.Parse(parts[2], CultureInfo.InvariantCulture),
            long.Parse(parts[3], CultureInfo.InvariantCulture), long.Parse(parts[4], CultureInfo.InvariantCulture));
    }

    /// <summary>A copy of a small filing with the town of every n-th firm row (below the header in row 1) made 北京.</summary>
    private static void BreakTowns(string source, string target, int every)
    {
        File.Copy(source, target, overwrite: true);
        using var document = SpreadsheetDocument.Open(target, true);
        var workbook = document.WorkbookPart!;
        var sheet = workbook.Workbook.Sheets!.Elements<Sheet>().First();
        var data = ((WorksheetPart)workbook.GetPartById(sheet.Id!)).Worksheet.GetFirstChild<SheetData>()!;
        foreach (var row in data.Elements<Row>().Where(r => r.RowIndex!.Value > 1 && (r.RowIndex.Value - 1) % every == 0))
        {
            var town = row.Elements<Cell>().First(c => c.CellReference!.Value!.StartsWith('C'));
            town.DataType = CellValues.InlineString;
            town.CellValue = null;
            town.RemoveAllChildren();
            town.AppendChild(new InlineString(new Text("北京")));
        }
    }

    private static void WriteLargeWithBadTowns(string path, int rows, int every)
    {
        var city = new CityOptions();
        var firms = LargeFilingWriter.GenerateRows(rows, SampleCityOptions.DefaultSeed, city)
            .Select((r, i) => (i + 1) % every == 0 ? r with { Town = "北京" } : r);
        using var stream = File.Create(path);
        XlsxSheetWriter.Write(stream, FilingLayout.Rows(firms, FilingStyle.Clean, LargeFilingWriter.LargePeriod, city.StatisticsBureau), sharedStrings: false);
    }

    private static bool FilingNameOf(string blobName, out Period period, out string source)
    {
        var ok = Domain.Filings.FilingName.TryParse(blobName, out var name, out _);
        period = name?.Period ?? default;
        source = name?.Source ?? string.Empty;
        return ok;
    }

    private static void Accepted(IngestionOutcome outcome)
    {
        if (outcome.Result != IngestionResult.Accepted)
        {
            throw new InvalidOperationException($"{outcome.BlobName} was not accepted: {outcome.Result} {outcome.Message}");
        }
    }

    private static void Assert(bool condition)
    {
        if (!condition)
        {
            throw new InvalidOperationException("not a filing name");
        }
    }
}
