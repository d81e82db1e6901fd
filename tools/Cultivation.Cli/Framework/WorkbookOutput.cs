using System.Globalization;
using Cultivation.Application.Workbooks;

namespace Cultivation.Cli.Framework;

/// <summary>Where commands put the workbooks they make: a file (<c>--out</c>, else the workbook's own name in the current folder).</summary>
public static class WorkbookOutput
{
    /// <summary>
    /// Writes the answer's workbook and says where (with <c>--json</c>: <c>{ "file", "bytes" }</c>); an answer without one
    /// is said on standard error: exit 1 when there is none to give, 2 when the request was invalid.
    /// </summary>
    /// <param name="what">What was written, as <c>Bilingual.Text</c> (e.g. 错误标注版 / the annotated workbook).</param>
    public static async Task<int> SaveAsync(CliOutput output, Answer<WorkbookFile> answer, string? outPath, string what, CancellationToken cancellationToken)
    {
        if (answer.Value is not { } workbook)
        {
            CliOutput.Error(answer.Problem?.ToString() ?? "查无此项 / not found");
            return answer.Refusal == Refusal.Invalid ? ExitCodes.Usage : ExitCodes.Rejected;
        }

        await using (workbook)
        {
            var file = Path.GetFullPath(outPath ?? workbook.FileName);
            try
            {
                await using var target = File.Create(file);
                await workbook.Content.CopyToAsync(target, cancellationToken);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new UsageException($"无法写入 {file}：{ex.Message} / cannot write {file}: {ex.Message}");
            }

            var bytes = new FileInfo(file).Length;
            if (output.Json)
            {
                output.WriteJson(new { file, bytes });
            }
            else
            {
                // One line, never wrapped, so that the path can be copied.
                Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{Bilingual.Inline(what)}: {file} ({bytes:N0} bytes)"));
            }
        }

        return ExitCodes.Ok;
    }
}
