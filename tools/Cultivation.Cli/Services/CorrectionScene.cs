using System.Globalization;
using System.Text.Json;
using Cultivation.Application;
using Cultivation.Application.Alerts;
using Cultivation.Application.Filings;
using Cultivation.Application.Ingestion;
using Cultivation.Application.Notices;
using Cultivation.Application.Reading;
using Cultivation.Application.Storage;
using Cultivation.Domain.Filings;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Spectre.Console;
using CellValues = DocumentFormat.OpenXml.Spreadsheet.CellValues;
using FilingCells = Cultivation.Domain.Filings.CellValues;
using Text = DocumentFormat.OpenXml.Spreadsheet.Text;

namespace Cultivation.Cli.Services;

/// <summary>
/// The demo's scene of a town that is told of its rejected correction: the message it got (in smtp4dev, with the annotated
/// workbook attached), then its clerk typing the right values into the cells marked red of that very workbook and uploading
/// it again under the same name, and the acceptance that comes back.
/// </summary>
public sealed class CorrectionScene(
    IFilingLedger ledger,
    IFilingBlobs blobs,
    INoticeStore notices,
    FilingReportService reports,
    IFilingReader reader,
    Reconciliation reconciliation)
{
    /// <summary>What the current verdict of <paramref name="blob"/> was told, by each channel (nothing when no contact hears of it).</summary>
    public async Task ShowNoticesAsync(string blob, CancellationToken cancellationToken)
    {
        if (await ledger.GetAsync(blob, cancellationToken) is not { VerdictId: { } verdict })
        {
            return;
        }

        foreach (var channel in Enum.GetValues<NoticeChannel>())
        {
            if (await notices.GetAsync(verdict, channel, cancellationToken) is not { } notice)
            {
                continue;
            }

            var state = notice.State == SendClaimState.Sent ? "[green]已发送 sent[/]" : $"[red]{notice.State}[/]";
            AnsiConsole.MarkupLine($"通知 {(channel == NoticeChannel.Email ? "邮件 email" : "群消息 chat")} {state} → {Markup.Escape(notice.Recipients)}：{Markup.Escape(notice.Subject ?? string.Empty)}");
            if (notice.Attachment is not null)
            {
                AnsiConsole.MarkupLine($"  附件 attachment: {Markup.Escape(notice.Attachment)}");
            }
        }
    }

    /// <summary>
    /// The clerk corrects <paramref name="blob"/>'s rejected version in its annotated workbook, each cell marked red set to what
    /// the town's accepted file (<paramref name="accepted"/>, as it was uploaded) holds there, and uploads it again.
    /// </summary>
    public async Task<IReadOnlyList<IngestionOutcome>> CorrectAsync(string blob, string accepted, CancellationToken cancellationToken)
    {
        var json = await blobs.ReadReportAsync(blob + ".json", cancellationToken)
            ?? throw new InvalidOperationException($"{blob} has no report to correct from");
        var report = JsonSerializer.Deserialize<FilingReport>(json, CultivationJson.Options)!;
        var answer = await reports.WorkbookAsync(blob, report, cancellationToken);
        if (answer.Value is not { } workbook)
        {
            throw new InvalidOperationException($"{blob} has no annotated workbook: {answer.Problem}");
        }

        byte[] corrected;
        await using (workbook)
        {
            using var edited = new MemoryStream();
            await workbook.Content.CopyToAsync(edited, cancellationToken);
            var fixes = Correct(edited, await RightValuesAsync(blob, accepted, report, cancellationToken));
            AnsiConsole.MarkupLine($"{Markup.Escape(blob)}：在错误标注版里改正 {fixes.Count} 个标红的单元格（{string.Join("、", fixes)}）后上传 / " +
                $"the clerk corrects the {fixes.Count} cells marked red in the annotated workbook and uploads it");
            corrected = edited.ToArray();
        }

        await blobs.UploadAsync(blob, new MemoryStream(corrected), cancellationToken);
        return await reconciliation.RunAsync(cancellationToken);
    }

    /// <summary>The rows of the town's accepted file that the report's errors are on, as read (the same rows, the same columns).</summary>
    private async Task<Dictionary<int, object?[]>> RightValuesAsync(string blob, string accepted, FilingReport report, CancellationToken cancellationToken)
    {
        var wanted = report.Errors.Select(e => e.Row).ToHashSet();
        var rows = new Dictionary<int, object?[]>();
        FilingName.TryParse(blob, out var name, out _);
        await using var file = File.OpenRead(accepted);
        using var copy = new MemoryStream();
        await file.CopyToAsync(copy, cancellationToken);
        copy.Position = 0;
        reader.Read(copy, name!, onSheetRow: (row, cells) =>
        {
            if (wanted.Contains(row))
            {
                rows[row] = cells.ToArray();
            }
        });
        return rows;
    }

    /// <summary>Types the right value into each cell of the first sheet that carries a note (the marked ones); the cells it corrected.</summary>
    private static List<string> Correct(MemoryStream workbook, Dictionary<int, object?[]> right)
    {
        var done = new List<string>();
        using var document = SpreadsheetDocument.Open(workbook, isEditable: true);
        var part = (WorksheetPart)document.WorkbookPart!.GetPartById(document.WorkbookPart.Workbook.Sheets!.Elements<Sheet>().First().Id!);
        var marked = part.WorksheetCommentsPart?.Comments.Descendants<Comment>().Select(c => c.Reference!.Value!).ToHashSet() ?? [];
        foreach (var cell in part.Worksheet.Descendants<Cell>().Where(c => marked.Contains(c.CellReference!.Value!)).ToList())
        {
            var reference = cell.CellReference!.Value!;
            var row = int.Parse(new string([.. reference.SkipWhile(char.IsLetter)]), CultureInfo.InvariantCulture);
            var column = reference.TakeWhile(char.IsLetter).Aggregate(0, (n, c) => (n * 26) + (c - 'A' + 1)) - 1;
            if (!right.TryGetValue(row, out var cells) || column >= cells.Length)
            {
                continue;
            }

            cell.RemoveAllChildren();
            if (cells[column] is double or int or long or decimal)
            {
                cell.DataType = null;
                cell.AppendChild(new CellValue(Convert.ToDouble(cells[column], CultureInfo.InvariantCulture).ToString("R", CultureInfo.InvariantCulture)));
            }
            else
            {
                cell.DataType = CellValues.InlineString;
                cell.AppendChild(new InlineString(new Text(FilingCells.Display(cells[column])) { Space = SpaceProcessingModeValues.Preserve }));
            }

            done.Add(reference);
        }

        return done;
    }
}
