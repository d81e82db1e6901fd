using System.CommandLine;
using Cultivation.Cli.Framework;
using Cultivation.Cli.Services;
using Cultivation.Cli.Views;

namespace Cultivation.Cli.Commands;

/// <summary><c>reconcile</c>: what the reconciliation timer does, now.</summary>
public sealed class ReconcileCommand(Reconciliation reconciliation, CliOutput output) : ICliCommand, ICommandGrammar
{
    public static Command Define() => new("reconcile", Bilingual.Text("入库所有当前版本尚未入库的报送文件（即定时对账所做的）", "ingests every filing not yet ingested in its current version (what the timer does)"));

    public async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var outcomes = await reconciliation.RunAsync(cancellationToken);
        if (output.Json)
        {
            output.WriteJson(new { ingested = outcomes });
        }
        else
        {
            FilingViews.PrintOutcomes(outcomes);
        }

        return ExitCodes.Ok;
    }
}
