using System.Globalization;
using Cultivation.Application.Alerts;
using Cultivation.Application.Filings;
using Cultivation.Application.Ingestion;
using Cultivation.Application.Storage;
using Cultivation.Application.Workbooks;
using Cultivation.Domain.City;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cultivation.Application.Notices;

/// <summary>What became of one channel's message.</summary>
public enum NoticeResult
{
    /// <summary>This run sent it.</summary>
    Sent,

    /// <summary>Sent before: nothing sent.</summary>
    AlreadySent,

    /// <summary>Another worker holds its claim: nothing sent (its step stays due to learn how that ended).</summary>
    InProgress,

    /// <summary>The send failed before the message was handed over; the claim was released.</summary>
    Failed,

    /// <summary>The send broke after the message may have been handed over; the next run sends once more.</summary>
    Unknown,

    /// <summary>Its sends all ended unknown (<see cref="NoticeOptions.MaxUncertainSends"/>): no more tries.</summary>
    GaveUp,
}

public sealed record NoticeDelivery(NoticeChannel Channel, NoticeResult Result, string? Error = null)
{
    /// <summary>Whether the step is done with this channel (a result it must come back for is not).</summary>
    public bool Settled => Result is NoticeResult.Sent or NoticeResult.AlreadySent or NoticeResult.GaveUp;
}

/// <summary>Thrown when a verdict's notice is not yet delivered on every channel, so that its follow-up step stays due.</summary>
public sealed class NoticeNotDeliveredException(string blobName, IReadOnlyList<NoticeDelivery> deliveries)
    : Exception($"The result of {blobName} is not yet told: " + string.Join(", ", deliveries.Where(d => !d.Settled).Select(d => $"{d.Channel} {d.Result}")))
{
    public IReadOnlyList<NoticeDelivery> Deliveries { get; } = deliveries;
}

/// <summary>
/// Tells a verdict's filer (SPEC §4 "Every result reaches the filer"): the source's contact from <c>City:Contacts</c>, or
/// the bureau's for what no source can be told of. Each channel's message is sent at least once and never twice when the
/// outcome is known: it is claimed in storage (ETag-conditional, with a lease) before sending and recorded as sent after;
/// a send whose outcome is unknown is recorded as such and sent once more by the next run.
/// </summary>
public sealed partial class FilerNotifier(
    INoticeStore store,
    IMailSender mail,
    IChatWebhooks chat,
    FilingReportService reports,
    IOptions<CityOptions> city,
    IOptions<NoticeOptions> options,
    TimeProvider clock,
    ILogger<FilerNotifier> logger)
{
    private readonly NoticeOptions _options = options.Value;
    private readonly CityOptions _city = city.Value;

    /// <summary>Who hears of <paramref name="verdict"/>; null when nobody is to be told (or nobody can be).</summary>
    public NoticeAddressee? AddresseeOf(FilingVerdict verdict) => _options.Enabled ? NoticeAddressee.Of(verdict, _city) : null;

    /// <summary>Sends the verdict's messages not sent yet; throws <see cref="NoticeNotDeliveredException"/> while one is still owed.</summary>
    public async Task<IReadOnlyList<NoticeDelivery>> NotifyAsync(FilingVerdict verdict, CancellationToken cancellationToken)
    {
        if (AddresseeOf(verdict) is not { } addressee)
        {
            return [];
        }

        var contact = addressee.Contact;
        var deliveries = new List<NoticeDelivery>();
        if (contact.Emails() is { Count: > 0 } to)
        {
            deliveries.Add(await DeliverAsync(verdict, NoticeChannel.Email, string.Join(", ", to),
                ct => PrepareMailAsync(verdict, addressee, to, ct), cancellationToken).ConfigureAwait(false));
        }

        if (contact.HasWebhook)
        {
            deliveries.Add(await DeliverAsync(verdict, NoticeChannel.Chat, RobotName(contact.Webhook!),
                _ => PrepareChat(verdict, addressee), cancellationToken).ConfigureAwait(false));
        }

        foreach (var delivery in deliveries)
        {
            if (delivery.Result == NoticeResult.GaveUp)
            {
                LogGaveUp(verdict.BlobName, verdict.Id, delivery.Channel, _options.MaxUncertainSends);
            }
            else if (delivery.Settled)
            {
                LogTold(verdict.BlobName, verdict.Id, delivery.Channel, delivery.Result);
            }
            else
            {
                LogNotTold(verdict.BlobName, verdict.Id, delivery.Channel, delivery.Result, delivery.Error);
            }
        }

        return deliveries.All(d => d.Settled) ? deliveries : throw new NoticeNotDeliveredException(verdict.BlobName, deliveries);
    }

    /// <summary>The message-ID's local part: one per verdict, so a resend after an unknown outcome is the same message.</summary>
    public static string MessageIdLocalPart(FilingVerdict verdict) => $"cultivation-notice-{verdict.Id}";

    private async Task<NoticeDelivery> DeliverAsync(FilingVerdict verdict, NoticeChannel channel, string recipients,
        Func<CancellationToken, Task<Prepared>> prepare, CancellationToken cancellationToken)
    {
        var existing = await store.GetAsync(verdict.Id, channel, cancellationToken).ConfigureAwait(false);
        var now = clock.GetUtcNow();
        if (Settled(existing, now) is { } settled)
        {
            return new NoticeDelivery(channel, settled, existing!.LastError);
        }

        // Rendered (and the workbook built) before claiming, so that a storage hiccup here does not hold the claim.
        var prepared = await prepare(cancellationToken).ConfigureAwait(false);
        var claim = await store.TryWriteAsync(new NoticeClaim
        {
            VerdictId = verdict.Id,
            Channel = channel,
            BlobName = verdict.BlobName,
            Version = verdict.Version,
            Status = verdict.Status,
            State = SendClaimState.Claimed,
            Owner = Guid.NewGuid().ToString("N"),
            ClaimedAt = now,
            LeaseUntil = now + _options.ClaimLease,
            Attempts = (existing?.Attempts ?? 0) + 1,
            Recipients = recipients,
            Subject = prepared.Subject,
            MessageId = prepared.MessageId,
            Attachment = prepared.Attachment,
            LastError = existing?.LastError,
            ETag = existing?.ETag,
        }, cancellationToken).ConfigureAwait(false);
        if (claim is null)
        {
            var current = await store.GetAsync(verdict.Id, channel, cancellationToken).ConfigureAwait(false);
            return new NoticeDelivery(channel, current?.State == SendClaimState.Sent ? NoticeResult.AlreadySent : NoticeResult.InProgress);
        }

        Delivery delivery;
        try
        {
            delivery = await prepared.Send(cancellationToken).ConfigureAwait(false);
        }
        catch (MailSendException ex) when (ex.Delivery == MailDelivery.NotSent)
        {
            delivery = new Delivery(NoticeResult.Failed, ex.Message);
        }
        catch (Exception ex)
        {
            // The message may have been handed over (the connection broke, the worker is stopping): at least once.
            delivery = new Delivery(NoticeResult.Unknown, ex.GetType().Name + ": " + ex.Message);
        }

        // From here on nothing may cancel recording how the send ended.
        switch (delivery.Result)
        {
            case NoticeResult.Sent:
                if (await store.TryWriteAsync(claim with { State = SendClaimState.Sent, SentAt = clock.GetUtcNow(), LastError = null }, CancellationToken.None)
                    .ConfigureAwait(false) is null)
                {
                    LogSentNotRecorded(verdict.BlobName, channel);
                }

                break;
            case NoticeResult.Failed:
                await FreeAsync(claim, delivery.Error).ConfigureAwait(false);
                break;
            default:
                await store.TryWriteAsync(claim with { State = SendClaimState.Unknown, LastError = delivery.Error }, CancellationToken.None).ConfigureAwait(false);
                break;
        }

        return new NoticeDelivery(channel, delivery.Result, delivery.Error);
    }

    /// <summary>What a stored claim says without sending: null when this run may send.</summary>
    private NoticeResult? Settled(NoticeClaim? claim, DateTimeOffset now) => claim switch
    {
        null => null,
        { State: SendClaimState.Sent } => NoticeResult.AlreadySent,
        { State: SendClaimState.Claimed } c when c.LeaseUntil > now => NoticeResult.InProgress,
        { State: SendClaimState.Unknown } c when c.Attempts >= _options.MaxUncertainSends => NoticeResult.GaveUp,
        _ => null,
    };

    /// <summary>After a send known not to have happened the message is free for the next run; earlier unknown sends still count.</summary>
    private async Task FreeAsync(NoticeClaim claim, string? error)
    {
        if (claim.Attempts > 1)
        {
            await store.TryWriteAsync(claim with { State = SendClaimState.Unknown, Attempts = claim.Attempts - 1, LeaseUntil = claim.ClaimedAt, LastError = error },
                CancellationToken.None).ConfigureAwait(false);
        }
        else
        {
            await store.TryReleaseAsync(claim, CancellationToken.None).ConfigureAwait(false);
        }
    }

    private async Task<Prepared> PrepareMailAsync(FilingVerdict verdict, NoticeAddressee addressee, IReadOnlyList<string> to, CancellationToken cancellationToken)
    {
        var (note, attachment) = await WorkbookForMailAsync(verdict, cancellationToken).ConfigureAwait(false);
        var notice = NoticeRenderer.Render(verdict, addressee.Audience, _city.Name, _options.MaxErrorsListed, note);
        var message = new OutgoingMail(to, notice.Subject, notice.Html, notice.Text, MessageIdLocalPart(verdict))
        {
            Attachments = attachment is null ? [] : [attachment],
        };
        var described = attachment is null ? null : string.Create(CultureInfo.InvariantCulture, $"{attachment.FileName} ({attachment.Content.Length:N0} bytes)");
        return new Prepared(notice.Subject, mail.MessageIdFor(message), described, async ct =>
        {
            await mail.SendAsync(message, ct).ConfigureAwait(false);
            return new Delivery(NoticeResult.Sent, null);
        });
    }

    private Task<Prepared> PrepareChat(FilingVerdict verdict, NoticeAddressee addressee)
    {
        var link = verdict.Status == FilingStatus.Rejected && verdict.Name is { } name ? _options.WorkbookLink(name.Period, name.Source) : null;
        var notice = NoticeRenderer.Render(verdict, addressee.Audience, _city.Name, _options.MaxErrorsListed, new WorkbookNote(WorkbookState.None, Link: link));
        var robot = new ChatRobot(addressee.Contact.Webhook!.Trim(), string.IsNullOrWhiteSpace(addressee.Contact.WebhookSecret) ? null : addressee.Contact.WebhookSecret.Trim());
        return Task.FromResult(new Prepared(notice.Subject, null, null, async ct =>
        {
            var result = await chat.PostAsync(robot, notice.Subject, notice.Markdown, ct).ConfigureAwait(false);
            return result.Delivered ? new Delivery(NoticeResult.Sent, null)
                : new Delivery(result.MaybeDelivered ? NoticeResult.Unknown : NoticeResult.Failed, result.Error ?? "not delivered");
        }));
    }

    /// <summary>A rejection's annotated workbook, attached when it is small enough for mail, else linked.</summary>
    private async Task<(WorkbookNote Note, MailAttachment? Attachment)> WorkbookForMailAsync(FilingVerdict verdict, CancellationToken cancellationToken)
    {
        if (verdict.Status != FilingStatus.Rejected || verdict.Name is not { } name)
        {
            return (WorkbookNote.NoneAtAll, null);
        }

        var link = _options.WorkbookLink(name.Period, name.Source);
        var answer = await reports.WorkbookAsync(verdict.BlobName, verdict.Report, cancellationToken).ConfigureAwait(false);
        if (answer.Value is not { } file)
        {
            return (new WorkbookNote(answer.Refusal == Refusal.Gone ? WorkbookState.Replaced : WorkbookState.None), null);
        }

        await using (file.ConfigureAwait(false))
        {
            var length = file.Content.Length;
            if (length > _options.MaxAttachmentBytes)
            {
                return (new WorkbookNote(WorkbookState.TooLarge, file.FileName, length, link), null);
            }

            var bytes = new byte[length];
            await file.Content.ReadExactlyAsync(bytes, cancellationToken).ConfigureAwait(false);
            return (new WorkbookNote(WorkbookState.Attached, file.FileName, length), new MailAttachment(file.FileName, WorkbookFile.ContentType, bytes));
        }
    }

    /// <summary>A robot as the record may name it: its host, never its token.</summary>
    private static string RobotName(string url) => Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) ? $"webhook {uri.Host}" : "webhook";

    /// <param name="MessageId">The email's Message-ID (null for chat).</param>
    private sealed record Prepared(string Subject, string? MessageId, string? Attachment, Func<CancellationToken, Task<Delivery>> Send);

    private sealed record Delivery(NoticeResult Result, string? Error);

    [LoggerMessage(Level = LogLevel.Information, Message = "The result of {Blob} (verdict {Verdict}) by {Channel}: {Result}")]
    private partial void LogTold(string blob, string verdict, NoticeChannel channel, NoticeResult result);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The result of {Blob} (verdict {Verdict}) is not yet told by {Channel}: {Result} {Error}; reconciliation tries again")]
    private partial void LogNotTold(string blob, string verdict, NoticeChannel channel, NoticeResult result, string? error);

    [LoggerMessage(Level = LogLevel.Error, Message = "The result of {Blob} (verdict {Verdict}) by {Channel}: {Sends} sends ended with their outcome unknown; no more tries")]
    private partial void LogGaveUp(string blob, string verdict, NoticeChannel channel, int sends);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The result of {Blob} was sent by {Channel} but its claim changed meanwhile (lease expired?)")]
    private partial void LogSentNotRecorded(string blob, NoticeChannel channel);
}
