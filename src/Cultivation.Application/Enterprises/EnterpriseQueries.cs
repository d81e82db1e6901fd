using System.Collections.Concurrent;
using Cultivation.Application.Progress;
using Cultivation.Application.Storage;
using Cultivation.Domain;
using Cultivation.Domain.Filings;
using Cultivation.Domain.Firms;
using Cultivation.Domain.Progress;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cultivation.Application.Enterprises;

/// <summary>
/// <c>GET /api/enterprises/{creditCode}</c> and the CLI's <c>enterprise</c>: a firm's rows in every period in which an accepted
/// filing in force supplies it, read from the enterprise index with one point read (two for a firm with periods from 2060 on).
/// </summary>
/// <remarks>
/// Until the index is known to be built (a deployment that predates it, before its first rebuild) the answer is read the
/// old way, one point read per accepted version, so that it is never a partial history. Once built it stays built, so the
/// state is read (one more point read) only until a process has seen it so.
/// </remarks>
public sealed partial class EnterpriseQueries(IEnterpriseIndex index, IFilingLedger ledger, IFirmRowStore rows, IOptions<RuleOptions> rules,
    ILogger<EnterpriseQueries> logger)
{
    private volatile bool _built;

    public async Task<QueryResult<EnterpriseHistory>> EnterpriseAsync(string creditCode, CancellationToken cancellationToken)
    {
        if (!CreditCode.TryParse(creditCode, out var code, out var problem))
        {
            return QueryResult<EnterpriseHistory>.Invalid(problem);
        }

        if (!_built)
        {
            _built = await index.IsBuiltAsync(cancellationToken).ConfigureAwait(false);
        }

        IEnumerable<FiledRow> filed;
        if (_built)
        {
            var periods = await index.GetAsync(code.Value, cancellationToken).ConfigureAwait(false);
            filed = periods.Select(p => new FiledRow(p.Period, SourceOf(p.BlobName), p.Row));
        }
        else
        {
            LogIndexNotBuilt();
            filed = await ReadEveryVersionAsync(code, cancellationToken).ConfigureAwait(false);
        }

        var history = EnterpriseHistory.Build(filed.OrderBy(f => f.Period).ThenBy(f => f.Source, StringComparer.Ordinal), rules.Value);
        return history is null
            ? QueryResult<EnterpriseHistory>.NotFound(new Problem($"没有企业 {code} 的报送记录", $"no filing supplies the firm {code}"))
            : QueryResult<EnterpriseHistory>.Found(history);
    }

    private static string SourceOf(string blobName) => FilingName.TryParse(blobName, out var name, out _) ? name.Source : string.Empty;

    /// <summary>Without the index: a point read of the firm in each accepted version (one per file; at most one file per period has it).</summary>
    private async Task<IReadOnlyList<FiledRow>> ReadEveryVersionAsync(CreditCode code, CancellationToken cancellationToken)
    {
        var inForce = new List<(FilingName Name, LedgerEntry Entry)>();
        foreach (var entry in await ledger.ListAllAsync(cancellationToken).ConfigureAwait(false))
        {
            if (AcceptedRows.InForce(entry) && FilingName.TryParse(entry.BlobName, out var name, out _))
            {
                inForce.Add((name, entry));
            }
        }

        var filed = new ConcurrentBag<FiledRow>();
        await Parallel.ForEachAsync(inForce, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (version, ct) =>
        {
            var row = await rows.FindAsync(version.Name, version.Entry.CurrentSha!, version.Entry.CurrentShards, code.Value, ct).ConfigureAwait(false);
            if (row is not null)
            {
                filed.Add(new FiledRow(version.Name.Period, version.Name.Source, row));
            }
        }).ConfigureAwait(false);
        return [.. filed];
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "The enterprise index is not built yet: the firm is read from every accepted version")]
    private partial void LogIndexNotBuilt();
}
