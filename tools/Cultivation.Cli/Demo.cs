using Cultivation.Application.Ingestion;
using Spectre.Console;

namespace Cultivation.Cli;

public sealed partial class Commands
{
    /// <summary>
    /// The README's main job: upload the sample city's filings, ingest them, show what was accepted and
    /// the report of every rejected file, then bring in the late file.
    /// </summary>
    private async Task<int> DemoAsync(CancellationToken cancellationToken)
    {
        var seeds = Path.Combine(RepositoryRoot(), "seeds");
        AnsiConsole.Write(new Rule("[bold]1. 上传样例城市报送文件 / upload the sample filings[/]").LeftJustified());
        await UploadAllAsync([.. Expand(Path.Combine(seeds, "filings"), null)], cancellationToken);
        var bad = Path.Combine(seeds, "filings-bad");
        if (Directory.Exists(bad))
        {
            await UploadAllAsync([.. Expand(bad, null)], cancellationToken);
        }

        AnsiConsole.Write(new Rule("[bold]2. 入库 / ingest (what the reconciliation timer does)[/]").LeftJustified());
        var outcomes = await ReconcileWithProgressAsync(cancellationToken);
        PrintOutcomes(outcomes);
        foreach (var rejected in outcomes.Where(o => o.Result == IngestionResult.Rejected))
        {
            await PrintReportAsync(rejected.BlobName, cancellationToken);
        }

        var late = Path.Combine(seeds, "filings-late");
        if (Directory.Exists(late))
        {
            AnsiConsole.Write(new Rule("[bold]3. 迟报文件到达 / the late filing arrives[/]").LeftJustified());
            await UploadAllAsync([.. Expand(late, null)], cancellationToken);
            PrintOutcomes(await ReconcileWithProgressAsync(cancellationToken));
        }

        var accepted = outcomes.Count(o => o.Result == IngestionResult.Accepted);
        var rejectedCount = outcomes.Count(o => o.Result == IngestionResult.Rejected);
        AnsiConsole.MarkupLine($"[green]已接收 {accepted} 个文件[/]，[red]退回 {rejectedCount} 个[/] / {accepted} accepted, {rejectedCount} rejected");
        return ExitCodes.Ok;
    }

    internal static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Cultivation.sln")))
            {
                return dir.FullName;
            }
        }

        throw new UsageException("run the demo from inside the repository (Cultivation.sln not found above the current folder)");
    }
}
