using Cultivation.Application.Alerts;
using Cultivation.Application.Storage;

namespace Cultivation.Application.Notices;

/// <summary>The ways a result reaches its filer; each is sent, and claimed, on its own.</summary>
public enum NoticeChannel
{
    Email,
    Chat,
}

/// <summary>
/// The idempotency record of one message: the verdict (and so the file's version and its outcome) and the channel it went
/// through. Claimed before sending, ETag-conditional, so that two workers never both send it; kept once sent.
/// </summary>
public sealed record NoticeClaim
{
    public required string VerdictId { get; init; }

    public required NoticeChannel Channel { get; init; }

    public required string BlobName { get; init; }

    public required string Version { get; init; }

    public required FilingStatus Status { get; init; }

    public required SendClaimState State { get; init; }

    public required string Owner { get; init; }

    public required DateTimeOffset ClaimedAt { get; init; }

    public required DateTimeOffset LeaseUntil { get; init; }

    /// <summary>Sends started (a failure known to lie before the hand-over is not counted).</summary>
    public int Attempts { get; init; }

    /// <summary>Addresses, or the robot, as told (no secrets: a webhook is named by its host).</summary>
    public string Recipients { get; init; } = string.Empty;

    /// <summary>The message's subject (an email's, a chat message's title).</summary>
    public string? Subject { get; init; }

    public string? MessageId { get; init; }

    /// <summary>The attachment sent with it, e.g. <c>象珠镇-2022Q2-核验结果.xlsx (14,210 bytes)</c>.</summary>
    public string? Attachment { get; init; }

    public DateTimeOffset? SentAt { get; init; }

    public string? LastError { get; init; }

    /// <summary>Opaque concurrency token of the stored entity (null before it is stored).</summary>
    public string? ETag { get; init; }
}

/// <summary>The notices' idempotency records (Table Storage in production).</summary>
public interface INoticeStore
{
    Task<NoticeClaim?> GetAsync(string verdictId, NoticeChannel channel, CancellationToken cancellationToken);

    /// <summary>
    /// Stores the claim only if the stored one still has <see cref="NoticeClaim.ETag"/> (or none exists when it is null).
    /// Returns it with its new ETag, or null when someone else changed it first.
    /// </summary>
    Task<NoticeClaim?> TryWriteAsync(NoticeClaim claim, CancellationToken cancellationToken);

    /// <summary>Removes the claim if it still has its ETag (a send known not to have happened). False when it changed.</summary>
    Task<bool> TryReleaseAsync(NoticeClaim claim, CancellationToken cancellationToken);
}

/// <summary>A group-chat robot (DingTalk or WeCom): its URL, which carries its token, and DingTalk's 加签 secret when it signs.</summary>
public sealed record ChatRobot(string Url, string? Secret);

/// <summary>Posts to any robot through the group-chat webhook's resilience (retry, breaker, errcode checks, signing).</summary>
public interface IChatWebhooks
{
    /// <summary>Posts a markdown message; never throws for a delivery problem (the result says it).</summary>
    Task<NotifyResult> PostAsync(ChatRobot robot, string title, string markdown, CancellationToken cancellationToken);
}
