namespace Cultivation.Application.Telemetry;

/// <summary>
/// The names of the events operations watch, in one place. The alert rules and the workbook in
/// <c>infra/core/monitor/</c> query these names (a test reads them from here and fails on any name
/// a query uses that the code no longer emits), so a rename cannot silently disarm an alert.
/// </summary>
public static class TelemetryEvents
{
    /// <summary>A filing's version was accepted and is now in force.</summary>
    public const string FilingAccepted = "Cultivation.FilingAccepted";

    /// <summary>A filing's version was rejected (a problem in the file).</summary>
    public const string FilingRejected = "Cultivation.FilingRejected";

    /// <summary>An ingestion attempt failed on infrastructure; reconciliation retries it.</summary>
    public const string FilingFailed = "Cultivation.FilingFailed";

    /// <summary>The last allowed attempt failed: final until a new version is uploaded.</summary>
    public const string FilingGaveUp = "Cultivation.FilingGaveUp";

    /// <summary>A file of the same source and period uploaded later came into force: this one no longer counts.</summary>
    public const string FilingSuperseded = "Cultivation.FilingSuperseded";

    /// <summary>A filing's blob was deleted: its rows stopped counting.</summary>
    public const string FilingWithdrawn = "Cultivation.FilingWithdrawn";

    /// <summary>The week's digest was handed to the SMTP server.</summary>
    public const string DigestSent = "Cultivation.DigestSent";

    /// <summary>A send of the week's digest failed, or its outcome is unknown.</summary>
    public const string DigestFailed = "Cultivation.DigestFailed";

    /// <summary>Every event name above.</summary>
    public static IReadOnlyList<string> All { get; } =
        [FilingAccepted, FilingRejected, FilingFailed, FilingGaveUp, FilingSuperseded, FilingWithdrawn, DigestSent, DigestFailed];

    /// <summary>
    /// The properties the events carry (customDimensions in Application Insights). Deliberately no firm
    /// name, credit code or figure: the blob name, its period and source, counts and the outcome only.
    /// </summary>
    public static class Properties
    {
        public const string Blob = "blob";
        public const string Period = "period";
        public const string Source = "source";
        public const string Version = "version";
        public const string Rows = "rows";
        public const string Errors = "errors";
        public const string DurationMs = "durationMs";
        public const string Failure = "failure";
        public const string Week = "week";
        public const string Result = "result";
        public const string Recipients = "recipients";
    }
}
