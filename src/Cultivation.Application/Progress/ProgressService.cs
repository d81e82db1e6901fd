using System.Collections.Concurrent;
using Cultivation.Application.Ingestion;
using Cultivation.Domain.City;
using Cultivation.Domain.Periods;
using Cultivation.Domain.Progress;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cultivation.Application.Progress;

/// <summary>
/// Keeps each year's progress precomputed from exactly the accepted filings. Optimistic: compute from
/// a ledger stamp, write the evidence under a new computation id, then switch the year's entity with
/// an ETag condition; if the ledger moved meanwhile or another writer won with an older stamp, compute
/// again. Concurrent ingestions therefore end with the progress of the final set of filings.
/// </summary>
public sealed partial class ProgressService : IAcceptedFilingsObserver
{
    private const int MaxRounds = 8;
    private readonly IProgressStore _store;
    private readonly ITargetStore _targets;
    private readonly AcceptedRows _rows;
    private readonly CityOptions _city;
    private readonly RuleOptions _rules;
    private readonly TimeProvider _clock;
    private readonly ILogger<ProgressService> _logger;
    private readonly ConcurrentDictionary<int, YearGate> _gates = new();

    public ProgressService(IProgressStore store, ITargetStore targets, AcceptedRows rows, IOptions<CityOptions> city, IOptions<RuleOptions> rules,
        TimeProvider clock, ILogger<ProgressService> logger)
    {
        _store = store;
        _targets = targets;
        _rows = rows;
        _city = city.Value;
        _rules = rules.Value;
        _clock = clock;
        _logger = logger;
    }

    /// <summary>
    /// Filings of these periods changed: their years and the two next ones follow, each once. Past periods stay
    /// open: a correction of last year's filing moves this year's baselines and 同比, and one of the year before
    /// moves this year's 同比 (last year's 小升规 and 10亿 look back a year).
    /// </summary>
    public async Task OnAcceptedRowsChangedAsync(IReadOnlyCollection<Period> periods, CancellationToken cancellationToken)
    {
        foreach (var year in periods.SelectMany(p => new[] { p.Year, p.Year + 1, p.Year + 2 }).Distinct().Order())
        {
            // A year without targets has no progress to keep: RecomputeAsync returns null for it.
            await RecomputeAsync(year, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Recomputes and stores the year's progress; null when the year has no targets.</summary>
    /// <remarks>
    /// Within one process, recomputations of a year run one at a time, and a request is answered by
    /// the first computation that began after it was made (that one sees every change made before the
    /// request). Sixteen files of a quarter accepted at once thus cost two or three computations, not
    /// sixteen racing ones that each read every row and retry. Other processes still meet at the
    /// ETag-conditional switch below.
    /// </remarks>
    public async Task<StoredProgress?> RecomputeAsync(int year, CancellationToken cancellationToken)
    {
        var gate = _gates.GetOrAdd(year, _ => new YearGate());
        var ticket = Interlocked.Increment(ref gate.Requested);
        await gate.Lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (gate.CoveredUpTo >= ticket)
            {
                return gate.Last;
            }

            var covers = Volatile.Read(ref gate.Requested);
            var stored = await RecomputeNowAsync(year, cancellationToken).ConfigureAwait(false);
            gate.Last = stored;
            gate.CoveredUpTo = covers;
            return stored;
        }
        finally
        {
            gate.Lock.Release();
        }
    }

    private async Task<StoredProgress?> RecomputeNowAsync(int year, CancellationToken cancellationToken)
    {
        var targets = await _targets.GetAsync(year, cancellationToken).ConfigureAwait(false);
        if (targets is null)
        {
            return null;
        }

        var periods = AcceptedRows.PeriodsFor(year).ToList();
        for (var round = 0; round < MaxRounds; round++)
        {
            var current = await _store.GetAsync(year, cancellationToken).ConfigureAwait(false);
            var (entries, stamp) = await _rows.AcceptedAsync(periods, cancellationToken).ConfigureAwait(false);
            var rows = await _rows.RowsAsync(entries, cancellationToken).ConfigureAwait(false);
            var result = ProgressCalculator.Compute(new ProgressInput
            {
                Year = year,
                Rows = rows,
                AcceptedSources = AcceptedRows.SourcesByPeriod(entries),
                Targets = targets,
                City = _city,
                Options = _rules,
                ComputedAt = _clock.GetUtcNow(),
            });
            var lowEfficiency = rows.Where(r => r.Period.Year == year)
                .GroupBy(r => r.Period)
                .Select(g => LowEfficiencyList.For(g.Key, g.Select(r => r.Row), _rules))
                .ToList();

            var computeId = _clock.GetUtcNow().ToString("yyyyMMddHHmmssfff", System.Globalization.CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..8];
            await _store.WriteEvidenceAsync(year, computeId, result, lowEfficiency, cancellationToken).ConfigureAwait(false);

            var (_, stampAfter) = await _rows.AcceptedAsync(periods, cancellationToken).ConfigureAwait(false);
            var stored = new StoredProgress(result.Progress, computeId, stamp, null);
            if (stampAfter == stamp && await _store.TrySwitchAsync(year, stored, current?.ETag, cancellationToken).ConfigureAwait(false))
            {
                if (current is not null)
                {
                    await _store.DeleteEvidenceAsync(year, current.ComputeId, cancellationToken).ConfigureAwait(false);
                }

                LogRecomputed(year, result.Progress.AsOf ?? "-", rows.Count, round + 1);
                return stored;
            }

            await _store.DeleteEvidenceAsync(year, computeId, cancellationToken).ConfigureAwait(false);
            var winner = await _store.GetAsync(year, cancellationToken).ConfigureAwait(false);
            if (winner is not null && winner.Stamp == stampAfter)
            {
                // Another writer stored the progress of the very filings we would have used.
                return winner;
            }
        }

        throw new InvalidOperationException($"progress of {year} kept changing during {MaxRounds} recomputations");
    }

    private sealed class YearGate
    {
        public readonly SemaphoreSlim Lock = new(1, 1);

        // Tickets handed out, and the last ticket a finished computation covers (both only grow).
        public long Requested;

        public long CoveredUpTo;

        public StoredProgress? Last;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Progress of {Year} recomputed as of {AsOf} from {Rows} rows (round {Round})")]
    private partial void LogRecomputed(int year, string asOf, int rows, int round);
}
