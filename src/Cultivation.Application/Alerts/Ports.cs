namespace Cultivation.Application.Alerts;

/// <summary>A mail to send: the Message-ID's local part is fixed per city and week (the sender adds the From domain).</summary>
public sealed record OutgoingMail(IReadOnlyList<string> To, string Subject, string Html, string Text, string MessageIdLocalPart)
{
    public IReadOnlyList<MailAttachment> Attachments { get; init; } = [];
}

/// <summary>A file attached to a mail.</summary>
public sealed record MailAttachment(string FileName, string ContentType, byte[] Content);

/// <summary>
/// What travels with the digest (SPEC §6: the full lists, as the leaders' workbook, so the HTML part stays small).
/// </summary>
public interface IDigestAttachments
{
    /// <summary>The attachment's file name for a year, without building it (for the preview).</summary>
    string NameFor(int year);

    /// <summary>The attachment of a year's digest; null when there is none to attach.</summary>
    Task<MailAttachment?> ForAsync(int year, CancellationToken cancellationToken);
}

/// <summary>Nothing attached (a host without the leaders' workbook).</summary>
public sealed class NoDigestAttachments : IDigestAttachments
{
    public string NameFor(int year) => string.Empty;

    public Task<MailAttachment?> ForAsync(int year, CancellationToken cancellationToken) => Task.FromResult<MailAttachment?>(null);
}

/// <summary>Where a failed send stopped: before the message was handed over (nothing sent) or after (it may have been).</summary>
public enum MailDelivery
{
    NotSent,
    Unknown,
}

/// <summary>Thrown by an <see cref="IMailSender"/> when a send did not complete.</summary>
public sealed class MailSendException(MailDelivery delivery, string message, Exception? inner = null) : Exception(message, inner)
{
    public MailDelivery Delivery { get; } = delivery;
}

public interface IMailSender
{
    /// <summary>The full Message-ID (without angle brackets) a mail will carry.</summary>
    string MessageIdFor(OutgoingMail mail);

    /// <summary>
    /// Sends the mail. A failure known to lie before the hand-over throws <see cref="MailSendException"/>
    /// with <see cref="MailDelivery.NotSent"/>; any other exception means the outcome is unknown.
    /// </summary>
    Task SendAsync(OutgoingMail mail, CancellationToken cancellationToken);
}

/// <summary>How a claimed message stands: a week's digest (<see cref="DigestClaim"/>) or a filer's notice (<c>NoticeClaim</c>).</summary>
public enum SendClaimState
{
    /// <summary>A worker is sending it, until the claim's lease ends.</summary>
    Claimed,

    Sent,

    /// <summary>The last send broke after the message may have been handed over.</summary>
    Unknown,
}

/// <summary>A week's claim: who holds it until when, and how it ended.</summary>
public sealed record DigestClaim
{
    public required string City { get; init; }

    public required string Week { get; init; }

    public required SendClaimState State { get; init; }

    public required string Owner { get; init; }

    public required DateTimeOffset ClaimedAt { get; init; }

    public required DateTimeOffset LeaseUntil { get; init; }

    /// <summary>Sends started for this week (a known failure before hand-over is not counted).</summary>
    public int Attempts { get; init; }

    public DateTimeOffset? SentAt { get; init; }

    public string? MessageId { get; init; }

    public string? LastError { get; init; }

    /// <summary>Opaque concurrency token of the stored entity (null before it is stored).</summary>
    public string? ETag { get; init; }
}

/// <summary>Claims of weeks and the snapshots of sent digests (Table Storage in production).</summary>
public interface IDigestStore
{
    Task<DigestClaim?> GetClaimAsync(string city, string week, CancellationToken cancellationToken);

    /// <summary>
    /// Stores the claim only if the stored one still has <see cref="DigestClaim.ETag"/> (or none exists when
    /// it is null). Returns it with its new ETag, or null when someone else changed it first.
    /// </summary>
    Task<DigestClaim?> TryWriteClaimAsync(DigestClaim claim, CancellationToken cancellationToken);

    /// <summary>Removes the claim if it still has its ETag (a send known not to have happened). False when it changed.</summary>
    Task<bool> TryReleaseClaimAsync(DigestClaim claim, CancellationToken cancellationToken);

    /// <summary>The snapshot of the latest sent digest before <paramref name="beforeWeek"/>.</summary>
    Task<DigestSnapshot?> GetLatestSnapshotAsync(string city, string beforeWeek, CancellationToken cancellationToken);

    Task SaveSnapshotAsync(string city, DigestSnapshot snapshot, CancellationToken cancellationToken);
}

/// <summary>The optional group-chat message (DingTalk/WeCom webhook).</summary>
public interface IGroupChatNotifier
{
    /// <summary>Posts a markdown message; never throws for a delivery problem (the result says it).</summary>
    Task<NotifyResult> NotifyAsync(string title, string markdown, CancellationToken cancellationToken);
}

public sealed record NotifyResult(bool Delivered, bool Configured, string? Error)
{
    public static readonly NotifyResult NotConfigured = new(false, false, null);

    /// <summary>
    /// Not known to be delivered, but it may have been: the request went out and no answer came back (a timeout, a broken
    /// connection). A failure the robot answered, or one before anything was sent, is not.
    /// </summary>
    public bool MaybeDelivered { get; init; }
}

/// <summary>No webhook configured.</summary>
public sealed class NoGroupChat : IGroupChatNotifier
{
    public Task<NotifyResult> NotifyAsync(string title, string markdown, CancellationToken cancellationToken) => Task.FromResult(NotifyResult.NotConfigured);
}
