using System.CommandLine;
using Cultivation.Cli.Framework;
using Cultivation.Cli.Services;
using Cultivation.Domain.Periods;
using Spectre.Console;

namespace Cultivation.Cli.Commands;

/// <summary><c>upload &lt;file or folder&gt;… [--period 2022Q2]</c></summary>
public sealed class UploadCommand(FilingUploads uploads, CliOutput output) : ICliCommand, ICommandGrammar
{
    private static readonly Argument<string[]> s_paths = new("paths")
    {
        Description = Bilingual.Text("报送文件或文件夹（文件夹下的 {年}/Q{季度}/{单位}.xlsx 保留其报告期）", "filing files or folders (a {year}/Q{quarter}/{source}.xlsx below a folder keeps its period)"),
        HelpName = "file or folder",
        Arity = ArgumentArity.OneOrMore,
    };

    private static readonly Option<Period?> s_period = Grammar.PeriodOption("--period",
        Bilingual.Text("不在 {年}/Q{季度}/ 文件夹下的文件的报告期", "the period of files that are not under a {year}/Q{quarter}/ folder"));

    public static Command Define() => new("upload", Bilingual.Text("把报送文件按规范名称放入 filings 容器", "puts filings into the 'filings' container under their canonical names"))
    {
        s_paths,
        s_period,
    };

    public async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var period = parse.GetValue(s_period);
        var files = parse.GetRequiredValue(s_paths).SelectMany(path => FilingUploads.Expand(path, period)).ToList();
        var uploaded = await uploads.UploadAllAsync(files, cancellationToken);
        if (output.Json)
        {
            output.WriteJson(new { uploaded = uploaded.Select(u => new { file = u.File, name = u.Name }) });
        }
        else
        {
            AnsiConsole.MarkupLine($"已上传 {uploaded.Count} 个文件 / uploaded {uploaded.Count} files to 'filings'");
        }

        return ExitCodes.Ok;
    }
}
