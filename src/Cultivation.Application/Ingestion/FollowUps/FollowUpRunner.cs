using Cultivation.Application.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cultivation.Application.Ingestion.FollowUps;

/// <summary>A file whose follow-ups this worker holds: its ledger entry as claimed, and the verdict just made, if any (not read back).</summary>
public sealed record FollowUpWork(LedgerEntry Entry, FilingVerdict? Verdict = null);

/// <summary>
/// Runs the follow-up steps (<see cref="IFilingFollowUp"/>) that verdicts leave due, in their order, and strikes off in the
/// ledger those done. The ledger entry is the list of what is owed: a verdict is stored together with its steps, and a
/// worker takes them on by stamping <see cref="LedgerEntry.FollowUpAt"/> (a lease), so that reconciliation finishes what a
/// failed or dead worker left, and retries failures with backoff.
/// </summary>
public sealed partial class FollowUpRunner
{
    private const int Parallelism = 4;

    /// <summary>Most follow-ups an entry owes (about 50 characters each in the ledger).</summary>
    private const int MaxDue = 100;
    private readonly IFilingLedger _ledger;
    private readonly IFilingBlobs _blobs;
    private readonly IReadOnlyList<IFilingFollowUp> _steps;
    private readonly IngestionOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger<FollowUpRunner> _logger;

    public FollowUpRunner(IFilingLedger ledger, IFilingBlobs blobs, IEnumerable<IFilingFollowUp> steps, IOptions<IngestionOptions> options,
        TimeProvider clock, ILogger<FollowUpRunner> logger)
    {
        _ledger = ledger;
        _blobs = blobs;
        _steps = [.. steps];
        _options = options.Value;
        _clock = clock;
        _logger = logger;
    }

    /// <summary>The steps' names in the order they run.</summary>
    public IReadOnlyList<string> Steps => [.. _steps.Select(s => s.Name)];

    /// <summary>
    /// What <paramref name="entry"/> owes once <paramref name="verdict"/> is stored on it: the steps earlier verdicts still owe
    /// (a step for the file's derived data once, whoever asked for it), then the verdict's own, in the order steps run.
    /// </summary>
    public IReadOnlyList<DueFollowUp> Plan(LedgerEntry entry, FilingVerdict verdict)
    {
        var carried = entry.FollowUps;
        var plan = new List<DueFollowUp>();
        foreach (var step in _steps)
        {
            if (step.Scope == FollowUpScope.File)
            {
                if (carried.Any(d => d.Step == step.Name) || step.AppliesTo(verdict))
                {
                    plan.Add(new DueFollowUp(step.Name));
                }

                continue;
            }

            plan.AddRange(carried.Where(d => d.Step == step.Name && d.Verdict is not null));
            if (step.AppliesTo(verdict))
            {
                plan.Add(new DueFollowUp(step.Name, verdict.Id));
            }
        }

        // Steps this code does not know (registered by a newer deployment) stay owed.
        plan.AddRange(carried.Where(d => IndexOf(d.Step) < 0));
        plan = [.. plan.Distinct()];
        if (plan.Count > MaxDue)
        {
            // Only a step failing for version after version gets here; the entry must stay far below 64 KiB.
            var dropped = plan.Where(d => d.Verdict is not null && d.Verdict != verdict.Id).Take(plan.Count - MaxDue).ToList();
            LogDropped(entry.BlobName, dropped.Count, DueFollowUp.Format(dropped));
            plan = [.. plan.Except(dropped)];
        }

        return plan;
    }

    /// <summary>The lease stamped on an entry by the worker that takes its follow-ups on.</summary>
    public DateTimeOffset LeaseUntil() => _clock.GetUtcNow() + _options.PendingLease;

    public bool IsDue(LedgerEntry entry, DateTimeOffset now) =>
        entry.FollowUps.Count > 0 && (entry.FollowUpAt is null || entry.FollowUpAt <= now);

    /// <summary>Takes an entry's due follow-ups on (ETag-conditional); null when none are due or another worker came first.</summary>
    public async Task<LedgerEntry?> ClaimAsync(LedgerEntry entry, CancellationToken cancellationToken) =>
        IsDue(entry, _clock.GetUtcNow())
            ? await _ledger.TryWriteAsync(entry with { FollowUpAt = LeaseUntil() }, cancellationToken).ConfigureAwait(false)
            : null;

    /// <summary>Runs the due follow-ups of entries this worker holds, one step at a time over all of them.</summary>
    /// <returns>The entries as stored afterwards: what is still due, and when it may be tried again.</returns>
    public async Task<IReadOnlyList<LedgerEntry>> RunAsync(IReadOnlyList<FollowUpWork> work, CancellationToken cancellationToken)
    {
        var files = work.Select(w => new FileWork(w)).ToList();
        var options = new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(files, options, LoadVerdictsAsync).ConfigureAwait(false);

        foreach (var step in _steps)
        {
            var items = files.SelectMany(f => f.Due(step)).ToList();
            if (items.Count == 0)
            {
                continue;
            }

            if (step.Batched)
            {
                await RunStepAsync(step, items, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await Parallel.ForEachAsync(items, options, (item, ct) => new ValueTask(RunStepAsync(step, [item], ct))).ConfigureAwait(false);
            }
        }

        foreach (var file in files.Where(f => f.Entry.FollowUps.Any(d => IndexOf(d.Step) < 0)))
        {
            // Not done here: a newer deployment's worker does it.
            LogUnknownStep(file.Entry.BlobName, string.Join(',', file.Entry.FollowUps.Where(d => IndexOf(d.Step) < 0).Select(d => d.Step)));
            file.Failed = true;
        }

        var results = new LedgerEntry[files.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, files.Count), options,
            async (i, ct) => results[i] = await FinishAsync(files[i], ct).ConfigureAwait(false)).ConfigureAwait(false);
        return results;
    }

    private async ValueTask LoadVerdictsAsync(FileWork file, CancellationToken cancellationToken)
    {
        var ids = file.Entry.FollowUps.Where(d => IndexOf(d.Step) >= 0).Select(d => d.Verdict ?? file.Entry.VerdictId).Distinct().ToList();
        foreach (var id in ids)
        {
            if (id is not null && file.Verdicts.ContainsKey(id))
            {
                continue;
            }

            try
            {
                var json = id is null ? null : await _blobs.ReadVerdictAsync(id, cancellationToken).ConfigureAwait(false);
                if (json is null)
                {
                    LogVerdictMissing(file.Entry.BlobName, id);
                    file.Fail();
                    return;
                }

                file.Verdicts[id!] = FilingVerdict.FromJson(json);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                LogVerdictUnreadable(ex, file.Entry.BlobName, id);
                file.Fail();
                return;
            }
        }
    }

    private async Task RunStepAsync(IFilingFollowUp step, IReadOnlyList<DueItem> items, CancellationToken cancellationToken)
    {
        try
        {
            await step.RunAsync([.. items.Select(i => i.Verdict)], cancellationToken).ConfigureAwait(false);
            foreach (var item in items)
            {
                item.File.Did(item.Due);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            foreach (var item in items)
            {
                LogStepFailed(ex, step.Name, item.File.Entry.BlobName);
                item.File.Fail();
            }
        }
    }

    /// <summary>Strikes off what was done, ETag-conditional, merging with whatever changed the entry meanwhile.</summary>
    private async Task<LedgerEntry> FinishAsync(FileWork file, CancellationToken cancellationToken)
    {
        var held = file.Entry;
        var current = held;
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var remaining = current.FollowUps.Where(d => !file.IsDone(d) || (d.Verdict is null && current.VerdictId != held.VerdictId)).ToList();
            if (current.VerdictId != held.VerdictId)
            {
                // A file step run for a verdict since replaced may have landed after the newer verdict's own run: owed again.
                remaining.AddRange(file.DoneForFile.Where(d => !remaining.Contains(d)));
            }

            remaining = [.. remaining.OrderBy(d => IndexOf(d.Step) < 0 ? int.MaxValue : IndexOf(d.Step))];
            var ours = current.FollowUpAt == held.FollowUpAt && current.VerdictId == held.VerdictId;
            var attempts = remaining.Count == 0 ? 0 : ours && file.Failed ? current.FollowUpAttempts + 1 : current.FollowUpAttempts;
            var next = current with
            {
                FollowUps = remaining,
                FollowUpAttempts = attempts,
                FollowUpAt = remaining.Count == 0 ? null
                    : !ours ? current.FollowUpAt
                    : file.Failed ? _clock.GetUtcNow() + _options.RetryDelay(attempts)
                    : null,
            };

            try
            {
                if (await _ledger.TryWriteAsync(next, cancellationToken).ConfigureAwait(false) is { } written)
                {
                    return written;
                }

                current = await _ledger.GetAsync(held.BlobName, cancellationToken).ConfigureAwait(false) ?? held;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // The steps done are done again once the lease runs out: they are idempotent.
                LogNotStruckOff(ex, held.BlobName);
                return current;
            }
        }

        return current;
    }

    private int IndexOf(string step)
    {
        for (var i = 0; i < _steps.Count; i++)
        {
            if (_steps[i].Name == step)
            {
                return i;
            }
        }

        return -1;
    }

    private sealed record DueItem(FileWork File, DueFollowUp Due, FilingVerdict Verdict);

    private sealed class FileWork
    {
        private readonly HashSet<DueFollowUp> _done = [];

        public FileWork(FollowUpWork work)
        {
            Entry = work.Entry;
            if (work.Verdict is { } verdict)
            {
                Verdicts[verdict.Id] = verdict;
            }
        }

        public LedgerEntry Entry { get; }

        public Dictionary<string, FilingVerdict> Verdicts { get; } = new(StringComparer.Ordinal);

        /// <summary>A step failed (or a verdict could not be read): what is left is retried after the backoff.</summary>
        public bool Failed { get; set; }

        public IEnumerable<DueFollowUp> DoneForFile
        {
            get
            {
                lock (_done)
                {
                    return [.. _done.Where(d => d.Verdict is null)];
                }
            }
        }

        public IEnumerable<DueItem> Due(IFilingFollowUp step) =>
            Entry.FollowUps
                .Where(d => d.Step == step.Name)
                .Select(d => Verdicts.GetValueOrDefault(d.Verdict ?? Entry.VerdictId ?? string.Empty) is { } verdict ? new DueItem(this, d, verdict) : null)
                .OfType<DueItem>();

        public void Fail() => Failed = true;

        public void Did(DueFollowUp due)
        {
            lock (_done)
            {
                _done.Add(due);
            }
        }

        public bool IsDone(DueFollowUp due)
        {
            lock (_done)
            {
                return _done.Contains(due);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Follow-up {Step} of {Blob} failed; reconciliation does it again")]
    private partial void LogStepFailed(Exception exception, string step, string blob);

    [LoggerMessage(Level = LogLevel.Error, Message = "The record of verdict {Verdict} of {Blob} is missing; its follow-ups cannot run")]
    private partial void LogVerdictMissing(string blob, string? verdict);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The record of verdict {Verdict} of {Blob} could not be read")]
    private partial void LogVerdictUnreadable(Exception exception, string blob, string? verdict);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Blob} owes follow-up steps this worker does not know: {Steps}")]
    private partial void LogUnknownStep(string blob, string steps);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Blob} owed too many follow-ups; the {Count} oldest are dropped: {Dropped}")]
    private partial void LogDropped(string blob, int count, string dropped);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not record the follow-ups done for {Blob}; they run again")]
    private partial void LogNotStruckOff(Exception exception, string blob);
}
