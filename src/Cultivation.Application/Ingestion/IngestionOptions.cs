namespace Cultivation.Application.Ingestion;

/// <summary>Retry and lease settings of ingestion. Section <c>Ingestion</c>.</summary>
public sealed class IngestionOptions
{
    public const string SectionName = "Ingestion";

    /// <summary>Attempts at a version that fails for infrastructure reasons before it is left as failed.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>Delay before the first retry; doubled for each further one.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromMinutes(1);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long a worker's pending claim on a version, or on a verdict's follow-up work, holds before another may take over.</summary>
    public TimeSpan PendingLease { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long before the next try after <paramref name="attempts"/> failed ones: doubled each time, up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryDelay(int attempts) =>
        TimeSpan.FromTicks(Math.Min(FirstRetryDelay.Ticks * (1L << Math.Clamp(attempts - 1, 0, 20)), MaxRetryDelay.Ticks));

    /// <summary>Row batches written at once.</summary>
    public int WriteParallelism { get; set; } = 8;
}
