using Cultivation.Application.Storage;

namespace Cultivation.Application.Ingestion;

public enum IngestionResult
{
    /// <summary>The version was accepted and is now in force.</summary>
    Accepted,

    /// <summary>The version was rejected (a problem in the file); the last accepted version stays in force.</summary>
    Rejected,

    /// <summary>An infrastructure problem; reconciliation retries it.</summary>
    Failed,

    /// <summary>This exact content was already ingested; nothing changed.</summary>
    Unchanged,

    /// <summary>Another worker holds the version right now.</summary>
    InProgress,

    /// <summary>The blob no longer exists.</summary>
    Missing,

    /// <summary>The version failed too often; final until a new version is uploaded.</summary>
    GaveUp,

    /// <summary>Nothing to ingest, but follow-up work an earlier verdict left undone (report, version record, progress …) was taken on.</summary>
    FollowedUp,

    /// <summary>A file of the same source and period uploaded later is in force: this one is kept and listed, not counted.</summary>
    Superseded,

    /// <summary>The blob was deleted: its rows stopped counting and its firms were released.</summary>
    Withdrawn,
}

public sealed record IngestionOutcome(string BlobName, IngestionResult Result, int Rows = 0, int Errors = 0, string? Sha = null, string? Message = null)
{
    /// <summary>Follow-up steps of the file's verdicts still due afterwards (reconciliation finishes them); empty when all are done.</summary>
    public IReadOnlyList<string> FollowUpsDue { get; init; } = [];

    public FilingStatus? Status => Result switch
    {
        IngestionResult.Accepted => FilingStatus.Accepted,
        IngestionResult.Rejected => FilingStatus.Rejected,
        IngestionResult.Failed or IngestionResult.GaveUp => FilingStatus.Failed,
        IngestionResult.Superseded => FilingStatus.Superseded,
        IngestionResult.Withdrawn => FilingStatus.Withdrawn,
        _ => null,
    };
}

/// <summary>Told when the accepted rows of a period change, so that derived data (progress) follows.</summary>
public interface IAcceptedFilingsObserver
{
    /// <param name="periods">Every period whose accepted rows changed (a reconciliation run reports its batch at once).</param>
    Task OnAcceptedRowsChangedAsync(IReadOnlyCollection<Domain.Periods.Period> periods, CancellationToken cancellationToken);
}
