using System.Text;
using System.Text.Json;
using Cultivation.Domain.Filings;
using Microsoft.Extensions.Logging;

namespace Cultivation.Application.Ingestion.Lifecycle;

/// <summary>A blob deletion as an Event Grid event tells it.</summary>
public sealed record DeletedBlob(string Container, string Name);

/// <summary>A filing named by a deletion event is being ingested right now; the event is to be looked at again later.</summary>
public sealed class FilingBusyException(string blobName)
    : Exception($"{blobName} is being ingested; its deletion is looked at again when the message comes back");

/// <summary>
/// In Azure a deleted filing is seen at once: Event Grid delivers <c>Microsoft.Storage.BlobDeleted</c> to a storage queue and a
/// queue-triggered function hands the message here. The message is the event as JSON (Event Grid or CloudEvents schema, one
/// event or an array), as Event Grid writes it, or Base64-encoded as queue clients often write it; either is accepted.
/// </summary>
public sealed partial class BlobDeletedEvents(Withdrawals withdrawals, ILogger<BlobDeletedEvents> logger)
{
    public const string BlobDeleted = "Microsoft.Storage.BlobDeleted";

    private const string SubjectPrefix = "/blobServices/default/containers/";

    /// <summary>Withdraws the filings of <paramref name="filingsContainer"/> the message says were deleted (and are not there again).</summary>
    /// <exception cref="FilingBusyException">A filing is being ingested: the message is to come back (the queue retries it).</exception>
    /// <exception cref="JsonException">The message is no event: it goes to the poison queue, and reconciliation still finds the deletion.</exception>
    public async Task<IReadOnlyList<IngestionOutcome>> HandleAsync(string message, string filingsContainer, CancellationToken cancellationToken)
    {
        var outcomes = new List<IngestionOutcome>();
        foreach (var deleted in Parse(message))
        {
            if (deleted.Container != filingsContainer)
            {
                LogOtherContainer(deleted.Container);
                continue;
            }

            var outcome = await withdrawals.WithdrawAsync(deleted.Name, cancellationToken).ConfigureAwait(false);
            if (outcome.Result == IngestionResult.InProgress)
            {
                throw new FilingBusyException(deleted.Name);
            }

            outcomes.Add(outcome);
        }

        return outcomes;
    }

    /// <summary>The deleted blobs a queue message tells of; other event types are left out.</summary>
    public static IReadOnlyList<DeletedBlob> Parse(string message)
    {
        var json = Json(message);
        using var document = JsonDocument.Parse(json);
        var events = document.RootElement.ValueKind == JsonValueKind.Array ? [.. document.RootElement.EnumerateArray()] : new[] { document.RootElement };
        var deleted = new List<DeletedBlob>();
        foreach (var e in events)
        {
            var type = Text(e, "eventType") ?? Text(e, "type");
            if (type == BlobDeleted && Blob(e) is { } blob)
            {
                deleted.Add(blob);
            }
        }

        return deleted;
    }

    /// <summary>The event's JSON: the message itself, or the message Base64-decoded.</summary>
    private static string Json(string message)
    {
        var trimmed = message.Trim();
        if (trimmed.StartsWith('{') || trimmed.StartsWith('['))
        {
            return trimmed;
        }

        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(trimmed));
        }
        catch (FormatException ex)
        {
            throw new JsonException("the queue message is neither an event as JSON nor Base64-encoded JSON", ex);
        }
    }

    /// <summary>The container and blob name from the subject (<c>/blobServices/default/containers/{c}/blobs/{name}</c>), else from the URL.</summary>
    private static DeletedBlob? Blob(JsonElement e)
    {
        if (Text(e, "subject") is { } subject && subject.StartsWith(SubjectPrefix, StringComparison.Ordinal))
        {
            var rest = subject[SubjectPrefix.Length..];
            var blobs = rest.IndexOf("/blobs/", StringComparison.Ordinal);
            if (blobs > 0)
            {
                return new DeletedBlob(rest[..blobs], Unescaped(rest[(blobs + "/blobs/".Length)..]));
            }
        }

        if (e.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object && Text(data, "url") is { } url
            && Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            var path = uri.AbsolutePath.TrimStart('/');
            var slash = path.IndexOf('/', StringComparison.Ordinal);
            if (slash > 0)
            {
                return new DeletedBlob(Uri.UnescapeDataString(path[..slash]), Uri.UnescapeDataString(path[(slash + 1)..]));
            }
        }

        return null;
    }

    /// <summary>A subject names the blob as it is; should a sender have escaped it, the escaped form is no filing name and the plain one is.</summary>
    private static string Unescaped(string name) =>
        !FilingName.TryParse(name, out _, out _) && FilingName.TryParse(Uri.UnescapeDataString(name), out _, out _) ? Uri.UnescapeDataString(name) : name;

    private static string? Text(JsonElement e, string property) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    [LoggerMessage(Level = LogLevel.Warning, Message = "A deletion in container {Container} reached the filings' queue; it is left alone")]
    private partial void LogOtherContainer(string container);
}
