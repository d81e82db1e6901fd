using Cultivation.Application.Storage;

namespace Cultivation.Application.Ingestion;

/// <summary>The rows being stored while the file is read.</summary>
internal sealed class StoredRows(Task writing, CancellationTokenSource stop)
{
    public Task Writing { get; } = writing;

    /// <summary>Rows handed over to be stored.</summary>
    public int Sent { get; set; }

    /// <summary>Stops storing, if it is still going, and waits until nothing is written any more.</summary>
    public async Task StopAsync()
    {
        if (!Writing.IsCompleted)
        {
            await stop.CancelAsync().ConfigureAwait(false);
        }

        try
        {
            await Writing.ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Stopped, or failed: whoever needs the outcome awaited it already.
        }
    }
}

/// <summary>One worker's attempt at one version of a file: the entry it holds (pending, then as its verdict stored it).</summary>
internal sealed class Attempt(string blobName, string sha, LedgerEntry entry)
{
    public string BlobName { get; } = blobName;

    public string Sha { get; } = sha;

    public LedgerEntry Entry { get; set; } = entry;

    /// <summary>The period in which this attempt claimed (or tried to claim) its firms.</summary>
    public Domain.Periods.Period? Claimed { get; set; }

    /// <summary>When the version lost firms to other files' claims only: their versions.</summary>
    public IReadOnlyList<FiledVersion> ConflictsWith { get; set; } = [];
}
