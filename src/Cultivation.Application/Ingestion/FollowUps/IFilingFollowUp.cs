namespace Cultivation.Application.Ingestion.FollowUps;

/// <summary>
/// One piece of the work that follows a verdict on a filing: publish its report, record the version, refresh
/// progress, and whatever joins later (tell the filer, update an index) by adding a class and registering it
/// (<c>services.AddSingleton&lt;IFilingFollowUp, …&gt;()</c>; steps run in the order of registration).
/// </summary>
/// <remarks>
/// The ledger entry lists the steps still due and each is struck off once done, so a step that failed (storage
/// down) or never ran (the worker died) is finished by the next reconciliation. A step may therefore run more than
/// once for a verdict, even by two workers at once: it must be idempotent. A step that throws stays due; the others
/// still run (progress is refreshed whatever else failed), so a step that needs another's result checks for it and
/// throws while it is missing.
/// </remarks>
public interface IFilingFollowUp
{
    /// <summary>Stable id kept in the ledger (ASCII letters, digits and '-'; never ';' or '@').</summary>
    string Name { get; }

    FollowUpScope Scope { get; }

    /// <summary>
    /// True when the step gains from a whole batch at once (progress: one recompute for a reconciliation's files);
    /// otherwise it is given one verdict at a time, so that one file's failure leaves the others' steps done.
    /// </summary>
    bool Batched { get; }

    /// <summary>Whether a verdict needs this step.</summary>
    bool AppliesTo(FilingVerdict verdict);

    /// <summary>Does the step for these verdicts (one unless <see cref="Batched"/>). Throwing leaves it due for all of them.</summary>
    Task RunAsync(IReadOnlyList<FilingVerdict> verdicts, CancellationToken cancellationToken);
}

public enum FollowUpScope
{
    /// <summary>Owed to each verdict, also once a newer one exists (the version's record; the message telling the filer of it).</summary>
    Verdict,

    /// <summary>
    /// Brings what is derived from the file up to its current verdict (its report, progress): due once per file, run with the
    /// verdict in force when it runs, so a newer verdict's run also does an older one's.
    /// </summary>
    File,
}
