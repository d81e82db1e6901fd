using Azure.Data.Tables;
using Cultivation.Application.Alerts;
using Cultivation.Application.Notices;
using Cultivation.Application.Storage;
using Cultivation.Infrastructure.Storage;
using Cultivation.Infrastructure.Tables;

namespace Cultivation.Infrastructure.Notices;

/// <summary>
/// Table <c>Notices</c>: one entity per verdict and channel (PartitionKey the verdict id, RowKey <c>email</c> or
/// <c>chat</c>), written with ETag conditions so that of two workers only one claims a message. Every read is a point read.
/// </summary>
public sealed class TableNoticeStore(StorageProvider storage) : INoticeStore
{
    private const int MaxText = 4000;

    private Task<TableClient> TableAsync(CancellationToken cancellationToken) => storage.TableAsync(StorageNames.NoticesTable, cancellationToken);

    private static string RowKey(NoticeChannel channel) => channel.ToString().ToLowerInvariant();

    public async Task<NoticeClaim?> GetAsync(string verdictId, NoticeChannel channel, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken).ConfigureAwait(false);
        var response = await table.GetEntityIfExistsAsync<TableEntity>(verdictId, RowKey(channel), cancellationToken: cancellationToken).ConfigureAwait(false);
        return response.HasValue ? ToClaim(response.Value!, channel) : null;
    }

    public async Task<NoticeClaim?> TryWriteAsync(NoticeClaim claim, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken).ConfigureAwait(false);
        var entity = new TableEntity(claim.VerdictId, RowKey(claim.Channel))
        {
            // Blob names may be 1,024 characters; every string here stays far below 64 KiB.
            ["Blob"] = Cut(claim.BlobName),
            ["Version"] = claim.Version,
            ["Status"] = claim.Status.ToString(),
            ["State"] = claim.State.ToString(),
            ["Owner"] = claim.Owner,
            ["ClaimedAt"] = claim.ClaimedAt,
            ["LeaseUntil"] = claim.LeaseUntil,
            ["Attempts"] = claim.Attempts,
            ["Recipients"] = Cut(claim.Recipients),
            ["Subject"] = Cut(claim.Subject),
            ["MessageId"] = claim.MessageId,
            ["Attachment"] = Cut(claim.Attachment),
            ["SentAt"] = claim.SentAt,
            ["LastError"] = Cut(claim.LastError),
        };
        var etag = await table.TryPutAsync(entity, claim.ETag, cancellationToken).ConfigureAwait(false);
        return etag is null ? null : claim with { ETag = etag };
    }

    public async Task<bool> TryReleaseAsync(NoticeClaim claim, CancellationToken cancellationToken)
    {
        if (claim.ETag is null)
        {
            return false;
        }

        var table = await TableAsync(cancellationToken).ConfigureAwait(false);
        return await table.TryDeleteAsync(claim.VerdictId, RowKey(claim.Channel), claim.ETag, cancellationToken).ConfigureAwait(false);
    }

    private static string? Cut(string? text) => text is { Length: > MaxText } ? text[..MaxText] : text;

    private static NoticeClaim ToClaim(TableEntity e, NoticeChannel channel) => new()
    {
        VerdictId = e.PartitionKey,
        Channel = channel,
        BlobName = e.GetString("Blob") ?? string.Empty,
        Version = e.GetString("Version") ?? string.Empty,
        Status = Enum.TryParse<FilingStatus>(e.GetString("Status"), out var status) ? status : FilingStatus.Pending,
        State = Enum.TryParse<SendClaimState>(e.GetString("State"), out var state) ? state : SendClaimState.Unknown,
        Owner = e.GetString("Owner") ?? string.Empty,
        ClaimedAt = e.GetDateTimeOffset("ClaimedAt") ?? DateTimeOffset.MinValue,
        LeaseUntil = e.GetDateTimeOffset("LeaseUntil") ?? DateTimeOffset.MinValue,
        Attempts = e.GetInt32("Attempts") ?? 0,
        Recipients = e.GetString("Recipients") ?? string.Empty,
        Subject = e.GetString("Subject"),
        MessageId = e.GetString("MessageId"),
        Attachment = e.GetString("Attachment"),
        SentAt = e.GetDateTimeOffset("SentAt"),
        LastError = e.GetString("LastError"),
        ETag = e.ETag.ToString(),
    };
}
