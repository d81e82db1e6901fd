using System.Text;
using System.Text.Json;
using Cultivation.Application.Ingestion.Lifecycle;

namespace Cultivation.Domain.Tests.Lifecycle;

/// <summary>What a queue message says was deleted: the event as Event Grid writes it, Base64-encoded, or in the CloudEvents schema.</summary>
public sealed class BlobDeletedEventTests
{
    private const string Deleted = """
        {"subject":"/blobServices/default/containers/filings/blobs/2022/Q1/东城街道.xlsx","eventType":"Microsoft.Storage.BlobDeleted",
         "data":{"api":"DeleteBlob","url":"https://st1.blob.core.windows.net/filings/2022/Q1/%E4%B8%9C%E5%9F%8E%E8%A1%97%E9%81%93.xlsx"}}
        """;

    [Fact]
    public void The_blob_comes_from_the_subject_of_an_event_grid_event_plain_or_base64()
    {
        Assert.Equal([new DeletedBlob("filings", "2022/Q1/东城街道.xlsx")], BlobDeletedEvents.Parse(Deleted));
        Assert.Equal([new DeletedBlob("filings", "2022/Q1/东城街道.xlsx")], BlobDeletedEvents.Parse(Convert.ToBase64String(Encoding.UTF8.GetBytes(Deleted))));
    }

    [Fact]
    public void Without_a_subject_the_blob_comes_from_the_escaped_url()
    {
        var message = """{"eventType":"Microsoft.Storage.BlobDeleted","data":{"url":"https://st1.blob.core.windows.net/filings/2022/Q1/%E4%B8%9C%E5%9F%8E%E8%A1%97%E9%81%93.csv"}}""";

        Assert.Equal([new DeletedBlob("filings", "2022/Q1/东城街道.csv")], BlobDeletedEvents.Parse(message));
    }

    [Fact]
    public void A_cloud_events_array_is_read_and_other_event_types_are_left_out()
    {
        var message = """
            [{"type":"Microsoft.Storage.BlobCreated","subject":"/blobServices/default/containers/filings/blobs/2022/Q1/西城街道.csv"},
             {"type":"Microsoft.Storage.BlobDeleted","subject":"/blobServices/default/containers/filings/blobs/2022/Q1/%E8%A5%BF%E5%9F%8E%E8%A1%97%E9%81%93.csv"}]
            """;

        Assert.Equal([new DeletedBlob("filings", "2022/Q1/西城街道.csv")], BlobDeletedEvents.Parse(message));
    }

    [Fact]
    public void A_message_that_is_no_event_is_refused()
    {
        Assert.ThrowsAny<JsonException>(() => BlobDeletedEvents.Parse("not an event!"));
    }
}
