using System.CommandLine;
using System.Text.Json;
using Cultivation.Application;
using Cultivation.Application.Ingestion;
using Cultivation.Application.Storage;
using Cultivation.Cli.Framework;
using Cultivation.Cli.Views;

namespace Cultivation.Cli.Commands;

/// <summary><c>ingest &lt;blob name&gt;</c>: exit code 1 when the file's current version is rejected, even when it is unchanged.</summary>
public sealed class IngestCommand(IngestionService ingestion, IFilingLedger ledger, IFilingBlobs blobs, CliOutput output) : ICliCommand, ICommandGrammar
{
    private static readonly Argument<string> s_blob = new("blob")
    {
        Description = Bilingual.Text("filings 容器中的文件名，如 2022/Q1/东城街道.xlsx", "the blob's name in 'filings', e.g. 2022/Q1/东城街道.xlsx"),
        HelpName = "blob name",
    };

    public static Command Define() => new("ingest", Bilingual.Text("立即入库一份报送文件（文件被退回时退出码为 1）", "ingests one filing now (exit code 1 when it is rejected)"))
    {
        s_blob,
    };

    public async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var blob = parse.GetRequiredValue(s_blob);
        var outcome = await ingestion.IngestAsync(blob, cancellationToken);

        // Unchanged bytes keep the verdict their version got: a rejected file stays rejected.
        var rejected = outcome.Result == IngestionResult.Rejected
            || (outcome.Result == IngestionResult.Unchanged && (await ledger.GetAsync(blob, cancellationToken))?.Status == FilingStatus.Rejected);
        var report = await blobs.ReadReportAsync(ReportCommand.JsonReport(blob), cancellationToken);
        if (output.Json)
        {
            Console.Out.WriteLine(report ?? JsonSerializer.Serialize(outcome, CultivationJson.Options));
        }
        else
        {
            FilingViews.PrintOutcomes([outcome]);
            if (rejected && await blobs.ReadReportAsync(ReportCommand.TextReport(blob), cancellationToken) is { } text)
            {
                FilingViews.PrintReport(ReportCommand.TextReport(blob), text);
            }
        }

        return outcome.Result switch
        {
            _ when rejected => ExitCodes.Rejected,
            IngestionResult.Missing => ExitCodes.Rejected,
            IngestionResult.Failed or IngestionResult.GaveUp => ExitCodes.Failed,
            _ => ExitCodes.Ok,
        };
    }
}
