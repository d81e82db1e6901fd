using Cultivation.Application.Progress;
using Cultivation.Application.Storage;
using Cultivation.Application.Telemetry;
using Cultivation.Domain.City;
using Cultivation.Domain.Periods;
using Cultivation.Domain.Progress;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cultivation.Application.Alerts;

public enum DigestSendResult
{
    /// <summary>This run sent the week's digest.</summary>
    Sent,

    /// <summary>The week's digest was sent before: nothing sent.</summary>
    AlreadySent,

    /// <summary>Another sender holds the week's claim: nothing sent.</summary>
    InProgress,

    /// <summary>The send failed before the message was handed over; the claim was released, the next run sends.</summary>
    Failed,

    /// <summary>The connection broke after the message was handed over; the next run sends once more.</summary>
    Unknown,

    /// <summary>The week's sends all ended unknown; no more tries.</summary>
    GaveUp,

    Disabled,

    /// <summary>No recipients configured.</summary>
    NotConfigured,

    /// <summary>A timer run before the week's send time: nothing read, claimed or sent.</summary>
    NotDue,
}

public sealed record DigestSendOutcome(string Week, DigestSendResult Result, string? MessageId, IReadOnlyList<string> To, string? Error)
{
    public NotifyResult? GroupChat { get; init; }
}

/// <summary>
/// Sends one digest per ISO week (China time), exactly once when outcomes are known: the week is claimed
/// in storage (ETag-conditional, with a lease) before sending, and recorded as sent afterwards; a send
/// whose outcome is unknown is recorded as such and tried again by the next run, at most
/// <see cref="AlertOptions.MaxAttempts"/> times. The timer runs hourly and sends from the week's send time on
/// (<see cref="SendIfDueAsync(CancellationToken)"/>), so a failed send is retried within the week.
/// </summary>
public sealed partial class WeeklyDigestService
{
    private readonly IProgressStore _progress;
    private readonly IFilingLedger _ledger;
    private readonly IDigestStore _store;
    private readonly IMailSender _mail;
    private readonly IGroupChatNotifier _chat;
    private readonly CityOptions _city;
    private readonly AlertOptions _options;
    private readonly FilingDeadlineOptions _deadline;
    private readonly TimeProvider _clock;
    private readonly ILogger<WeeklyDigestService> _logger;
    private readonly IOperationsTelemetry _telemetry;
    private readonly IDigestAttachments _attachments;

    public WeeklyDigestService(
        IProgressStore progress,
        IFilingLedger ledger,
        IDigestStore store,
        IMailSender mail,
        IGroupChatNotifier chat,
        IOptions<CityOptions> city,
        IOptions<AlertOptions> options,
        IOptions<FilingDeadlineOptions> deadline,
        TimeProvider clock,
        ILogger<WeeklyDigestService> logger,
        IOperationsTelemetry telemetry,
        IDigestAttachments attachments)
    {
        _progress = progress;
        _ledger = ledger;
        _store = store;
        _mail = mail;
        _chat = chat;
        _city = city.Value;
        _options = options.Value;
        _deadline = deadline.Value;
        _clock = clock;
        _logger = logger;
        _telemetry = telemetry;
        _attachments = attachments;
    }

    private TimeZoneInfo Zone => TimeZoneInfo.FindSystemTimeZoneById(_options.TimeZone);

    /// <summary>The digest this week's run would send, rendered (nothing is claimed or sent).</summary>
    public Task<RenderedDigest> PreviewAsync(CancellationToken cancellationToken) => PreviewAsync(_clock.GetUtcNow(), cancellationToken);

    public async Task<RenderedDigest> PreviewAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var week = DigestBuilder.WeekOf(now, Zone).Key;
        var inputs = await ReadInputsAsync(now, week, cancellationToken).ConfigureAwait(false);
        var digest = DigestBuilder.Build(inputs);
        return DigestRenderer.Render(inputs.Progress is { } progress && _attachments.NameFor(progress.Year) is { Length: > 0 } name ? digest with { AttachmentName = name } : digest);
    }

    /// <summary>
    /// The timer's run: before the week's send time (<see cref="AlertOptions.SendDay"/> <see cref="AlertOptions.SendTime"/>)
    /// it does nothing; from then on it sends the week's digest unless that went out already.
    /// </summary>
    public Task<DigestSendOutcome> SendIfDueAsync(CancellationToken cancellationToken) => SendIfDueAsync(_clock.GetUtcNow(), cancellationToken);

    public async Task<DigestSendOutcome> SendIfDueAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (!DigestSchedule.IsDue(now, Zone, _options.SendDay, _options.SendTime))
        {
            return new DigestSendOutcome(DigestBuilder.WeekOf(now, Zone).Key, DigestSendResult.NotDue, null, _options.Recipients(), null);
        }

        return await SendAsync(now, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends the week's digest now unless it went out already, whatever the send time (an explicit request).</summary>
    public Task<DigestSendOutcome> SendAsync(CancellationToken cancellationToken) => SendAsync(_clock.GetUtcNow(), cancellationToken);

    public async Task<DigestSendOutcome> SendAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var outcome = await TrySendAsync(now, cancellationToken).ConfigureAwait(false);

        // Every send's result passes here and only here, so whatever watches the digests looks in one place.
        LogOutcome(outcome.Week, outcome.Result, outcome.To.Count, outcome.MessageId);
        return _telemetry.Reported(outcome);
    }

    private async Task<DigestSendOutcome> TrySendAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var week = DigestBuilder.WeekOf(now, Zone).Key;
        var to = _options.Recipients();
        if (!_options.Enabled)
        {
            return new DigestSendOutcome(week, DigestSendResult.Disabled, null, to, null);
        }

        if (to.Count == 0)
        {
            return new DigestSendOutcome(week, DigestSendResult.NotConfigured, null, to, "Alerts:To 未配置收件人 (no recipients configured)");
        }

        var city = _city.RegionCode;
        var existing = await _store.GetClaimAsync(city, week, cancellationToken).ConfigureAwait(false);
        if (Settled(existing, now) is { } settled)
        {
            return new DigestSendOutcome(week, settled, existing!.MessageId, to, existing.LastError);
        }

        // Read and render before claiming, so that a storage hiccup here does not hold the week.
        var inputs = await ReadInputsAsync(now, week, cancellationToken).ConfigureAwait(false);
        var attachment = inputs.Progress is { } progress ? await AttachmentAsync(progress.Year, week, cancellationToken).ConfigureAwait(false) : null;
        var rendered = DigestRenderer.Render(DigestBuilder.Build(inputs) with { AttachmentName = attachment?.FileName });
        var mail = new OutgoingMail(to, rendered.Subject, rendered.Html, rendered.Text, $"cultivation-{city}-{week}")
        {
            Attachments = attachment is null ? [] : [attachment],
        };
        var messageId = _mail.MessageIdFor(mail);

        var claim = await TryClaimAsync(existing, city, week, messageId, now, cancellationToken).ConfigureAwait(false);
        if (claim is null)
        {
            var current = await _store.GetClaimAsync(city, week, cancellationToken).ConfigureAwait(false);
            var result = current?.State == SendClaimState.Sent ? DigestSendResult.AlreadySent : DigestSendResult.InProgress;
            return new DigestSendOutcome(week, result, current?.MessageId, to, null);
        }

        try
        {
            await _mail.SendAsync(mail, cancellationToken).ConfigureAwait(false);
        }
        catch (MailSendException ex) when (ex.Delivery == MailDelivery.NotSent)
        {
            LogNotSent(ex, week);
            await FreeAsync(claim, ex.Message).ConfigureAwait(false);
            return new DigestSendOutcome(week, DigestSendResult.Failed, messageId, to, ex.Message);
        }
        catch (Exception ex)
        {
            // The message may have been handed over: the next run sends once more (at least once).
            LogUnknown(ex, week);
            await _store.TryWriteClaimAsync(claim with { State = SendClaimState.Unknown, LastError = ex.Message }, CancellationToken.None).ConfigureAwait(false);
            return new DigestSendOutcome(week, DigestSendResult.Unknown, messageId, to, ex.Message);
        }

        // Sent: from here on nothing may cancel recording it.
        try
        {
            await _store.SaveSnapshotAsync(city, rendered.Digest.Snapshot, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            LogSnapshotFailed(ex, week);
        }

        var sent = claim with { State = SendClaimState.Sent, SentAt = _clock.GetUtcNow(), LastError = null };
        if (await _store.TryWriteClaimAsync(sent, CancellationToken.None).ConfigureAwait(false) is null)
        {
            LogSentNotRecorded(week);
        }

        var outcome = new DigestSendOutcome(week, DigestSendResult.Sent, messageId, to, null);
        return outcome with { GroupChat = await NotifyGroupChatAsync(rendered, cancellationToken).ConfigureAwait(false) };
    }

    /// <summary>The leaders' workbook to attach; a failure to build it costs the attachment, never the digest.</summary>
    private async Task<MailAttachment?> AttachmentAsync(int year, string week, CancellationToken cancellationToken)
    {
        try
        {
            return await _attachments.ForAsync(year, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogAttachmentFailed(ex, week);
            return null;
        }
    }

    /// <summary>What an existing claim says without sending: null when this run may try to send.</summary>
    private DigestSendResult? Settled(DigestClaim? claim, DateTimeOffset now) => claim switch
    {
        null => null,
        { State: SendClaimState.Sent } => DigestSendResult.AlreadySent,
        { State: SendClaimState.Claimed } c when c.LeaseUntil > now => DigestSendResult.InProgress,
        { State: SendClaimState.Unknown } c when c.Attempts >= _options.MaxAttempts => DigestSendResult.GaveUp,
        _ => null,
    };

    private async Task<DigestClaim?> TryClaimAsync(DigestClaim? existing, string city, string week, string messageId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var claim = new DigestClaim
        {
            City = city,
            Week = week,
            State = SendClaimState.Claimed,
            Owner = Guid.NewGuid().ToString("N"),
            ClaimedAt = now,
            LeaseUntil = now + _options.ClaimLease,
            Attempts = (existing?.Attempts ?? 0) + 1,
            MessageId = messageId,
            LastError = existing?.LastError,
            ETag = existing?.ETag,
        };
        return await _store.TryWriteClaimAsync(claim, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// After a send known not to have happened, the week is free for the next run. Earlier sends of this week
    /// whose outcome is unknown still count towards <see cref="AlertOptions.MaxAttempts"/>, so their record stays.
    /// </summary>
    private async Task FreeAsync(DigestClaim claim, string error)
    {
        if (claim.Attempts > 1)
        {
            var unknown = claim with { State = SendClaimState.Unknown, Attempts = claim.Attempts - 1, LeaseUntil = claim.ClaimedAt, LastError = error };
            await _store.TryWriteClaimAsync(unknown, CancellationToken.None).ConfigureAwait(false);
        }
        else
        {
            await _store.TryReleaseClaimAsync(claim, CancellationToken.None).ConfigureAwait(false);
        }
    }

    private async Task<NotifyResult?> NotifyGroupChatAsync(RenderedDigest rendered, CancellationToken cancellationToken)
    {
        // The email is out; the group chat is a courtesy that must never turn this run into a failure.
        try
        {
            var result = await _chat.NotifyAsync(rendered.Subject, DigestRenderer.Markdown(rendered.Digest), cancellationToken).ConfigureAwait(false);
            if (result.Configured && !result.Delivered)
            {
                LogChatFailed(null, rendered.Week, result.Error);
            }

            return result;
        }
        catch (Exception ex)
        {
            LogChatFailed(ex, rendered.Week, ex.Message);
            return new NotifyResult(false, true, ex.Message);
        }
    }

    private async Task<DigestInputs> ReadInputsAsync(DateTimeOffset now, string week, CancellationToken cancellationToken)
    {
        var (_, _, _, localDate) = DigestBuilder.WeekOf(now, Zone);

        // In January last year's progress stays the news until the new year's first quarter is complete.
        var stored = await _progress.GetAsync(localDate.Year, cancellationToken).ConfigureAwait(false);
        if (stored?.Progress.AsOf is null)
        {
            stored = await _progress.GetAsync(localDate.Year - 1, cancellationToken).ConfigureAwait(false) ?? stored;
        }

        var progress = stored?.Progress;
        var details = new List<TargetDetail>();
        LowEfficiencyList? lowEfficiency = null;
        if (progress is not null)
        {
            foreach (var target in progress.Targets)
            {
                if (await _progress.GetDetailAsync(progress.Year, target.Id, cancellationToken).ConfigureAwait(false) is { } detail)
                {
                    details.Add(detail);
                }
            }

            if (Period.TryParse(progress.AsOf, out var asOf))
            {
                lowEfficiency = await _progress.GetLowEfficiencyAsync(progress.Year, asOf, cancellationToken).ConfigureAwait(false);
            }
        }

        var due = DigestBuilder.DuePeriod(localDate, _deadline.DeadlineDay);
        var dueFilings = await _ledger.ListAsync(due, cancellationToken).ConfigureAwait(false);
        var filings = await _ledger.ListAllAsync(cancellationToken).ConfigureAwait(false);
        var previous = await _store.GetLatestSnapshotAsync(_city.RegionCode, week, cancellationToken).ConfigureAwait(false);

        // Every file rejected since the last digest, of any quarter, badly named blobs included.
        var versions = await _ledger.ListVersionsSinceAsync(DigestBuilder.ChangesSince(previous, now), cancellationToken).ConfigureAwait(false);
        return new DigestInputs
        {
            Now = now,
            TimeZone = Zone,
            CityName = _city.Name,
            RegionCode = _city.RegionCode,
            Towns = _city.Towns,
            PoolTop = _options.PoolTop,
            ListTop = _options.ListTop,
            DeadlineDay = _deadline.DeadlineDay,
            Progress = progress,
            Details = details,
            LowEfficiency = lowEfficiency,
            DueFilings = dueFilings,
            Versions = versions,
            Filings = filings,
            Previous = previous,
        };
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Weekly digest {Week}: the leaders' workbook could not be built; the digest goes without it")]
    private partial void LogAttachmentFailed(Exception ex, string week);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Weekly digest {Week} not sent (failed before hand-over); the claim is released")]
    private partial void LogNotSent(Exception ex, string week);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Weekly digest {Week}: send outcome unknown; the next run sends once more")]
    private partial void LogUnknown(Exception ex, string week);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Weekly digest {Week} sent but its snapshot was not stored")]
    private partial void LogSnapshotFailed(Exception ex, string week);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Weekly digest {Week} sent but the claim changed meanwhile (lease expired?)")]
    private partial void LogSentNotRecorded(string week);

    [LoggerMessage(Level = LogLevel.Information, Message = "Weekly digest {Week}: {Result} ({Count} recipients, {MessageId})")]
    private partial void LogOutcome(string week, DigestSendResult result, int count, string? messageId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Weekly digest {Week}: group-chat message not delivered: {Error}")]
    private partial void LogChatFailed(Exception? ex, string week, string? error);
}
