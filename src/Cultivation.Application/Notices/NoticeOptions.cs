using Cultivation.Domain.Periods;

namespace Cultivation.Application.Notices;

/// <summary>
/// Telling the filer of each file's result (SPEC §4). Section <c>Notices</c>; who is told is <c>City:Contacts</c>, and mail
/// goes through the digest's SMTP settings (<c>Smtp</c>).
/// </summary>
public sealed class NoticeOptions
{
    public const string SectionName = "Notices";

    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Where people open the function app (<c>https://func-….azurewebsites.net</c>), for the link to the annotated workbook
    /// in a chat message. Unset, the app's own host name (<c>WEBSITE_HOSTNAME</c>) is used where the platform gives one;
    /// without either a message carries no link.
    /// </summary>
    public string? ReportBaseUrl { get; set; }

    /// <summary>Errors a rejection's message lists; the rest are in the annotated workbook.</summary>
    public int MaxErrorsListed { get; set; } = 10;

    /// <summary>
    /// Largest annotated workbook attached to an email (default 10 MiB, under what most mail servers take once base64
    /// adds a third); a larger one is linked instead.
    /// </summary>
    public long MaxAttachmentBytes { get; set; } = 10L * 1024 * 1024;

    /// <summary>How long a send's claim stays with the worker that made it; a crashed sender's claim expires after it.</summary>
    public TimeSpan ClaimLease { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Sends of one message whose outcome stayed unknown after which it is not tried again: the first, and once more
    /// (at least once, never twice when the outcome is known).
    /// </summary>
    public int MaxUncertainSends { get; set; } = 2;

    /// <summary>The route of a source's annotated workbook of a period; null when no base URL is known.</summary>
    public string? WorkbookLink(Period period, string source) =>
        string.IsNullOrWhiteSpace(ReportBaseUrl)
            ? null
            : $"{ReportBaseUrl.TrimEnd('/')}/api/filings/{period.Year}/Q{period.Quarter}/{Uri.EscapeDataString(source)}/report.xlsx";
}
