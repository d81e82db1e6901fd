using Cultivation.Application.Alerts;
using Cultivation.Application.Ingestion;
using Cultivation.Application.Storage;

namespace Cultivation.Integration.Tests.Alerts;

/// <summary>SPEC §6: the rejected files of a digest are every file rejected since the last one, of any quarter, badly named blobs included.</summary>
public sealed class RejectedFilesInDigestTests
{
    [Fact]
    public async Task Lists_every_file_rejected_since_the_last_digest_of_any_quarter_and_badly_named()
    {
        using var h = new AlertsHarness();
        const string before = "2022/Q3/东城街道.csv";
        const string oldQuarter = "2019/Q4/西城街道.csv";
        const string badlyNamed = "x/%2E%2E/2022/Q3/江南街道.csv";
        const string nextYear = "2023/Q1/石柱镇.csv";
        await RejectAsync(h, before);
        Assert.Equal(DigestSendResult.Sent, (await h.Service.SendAsync(default)).Result);

        h.Clock.Advance(TimeSpan.FromDays(2));
        foreach (var name in new[] { oldQuarter, badlyNamed, nextYear })
        {
            await RejectAsync(h, name);
        }

        h.Clock.Advance(TimeSpan.FromDays(5));
        var digest = (await h.Service.PreviewAsync(default)).Digest;

        Assert.Equal([oldQuarter, nextYear, badlyNamed], digest.Rejected.Select(r => r.BlobName).Order(StringComparer.Ordinal));
        var bad = Assert.Single(digest.Rejected, r => r.BlobName == badlyNamed);
        Assert.Null(bad.Period);
        Assert.StartsWith("“x/%2E%2E/2022/Q3/江南街道.csv”不是规范的报送文件名", bad.FirstError, StringComparison.Ordinal);
        Assert.Equal("2019Q4", Assert.Single(digest.Rejected, r => r.BlobName == oldQuarter).Period);
    }

    /// <summary>A file whose only row names a town the city does not have, ingested now.</summary>
    private static async Task RejectAsync(AlertsHarness h, string name)
    {
        await h.Storage.Get<IFilingBlobs>().UploadAsync(name, new MemoryStream(Filings.Csv(Filings.Row(1, town: "清溪镇"))), default);
        Assert.Equal(IngestionResult.Rejected, (await h.Storage.Get<IngestionService>().IngestAsync(name, default)).Result);
    }
}
