using Cultivation.Application.Filings;
using Cultivation.Application.Ingestion;
using Cultivation.Application.Storage;
using Cultivation.Domain.Filings;
using Cultivation.Domain.Periods;
using Cultivation.Integration.Tests;

namespace Cultivation.Reliability.Tests;

/// <summary>Every file of the <see cref="Corpus"/> through the real pipeline: upload, ingest, then what is stored.</summary>
public sealed class CorpusTests
{
    [Theory]
    [MemberData(nameof(Corpus.AcceptNames), MemberType = typeof(Corpus))]
    public async Task Accepts_the_file_and_stores_exactly_the_values_it_holds(string caseName)
    {
        var c = Corpus.Find(caseName);
        using var pipeline = new Pipeline(settings: c.Settings);
        var bytes = c.Bytes();
        await pipeline.UploadAsync(c.BlobName, bytes);

        var outcome = await pipeline.IngestAsync(c.BlobName);

        var report = await pipeline.Blobs.ReadReportAsync(c.BlobName + ".txt", default);
        Assert.True(outcome.Result == IngestionResult.Accepted, $"{c.Name}: {outcome.Result}\n{report}");
        var entry = await pipeline.Ledger.GetAsync(c.BlobName, default);
        Assert.Equal(FilingStatus.Accepted, entry!.Status);
        Assert.Equal(Pipeline.Sha(bytes), entry.CurrentSha);

        var rows = await pipeline.RowsInForceAsync(c.BlobName);
        var expected = c.Firms!.OrderBy(f => f.Code, StringComparer.Ordinal).ToList();
        Assert.Equal(expected.Count, rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            var (want, got) = (expected[i], rows[i]);
            Assert.Equal(want.Code, got.CreditCode.Value);
            Assert.Equal(want.Name, got.Name);
            Assert.Equal(want.Town, got.Town);
            Assert.Equal(want.AboveScale, got.AboveScale);
            Assert.Equal(want.Revenue, got.Revenue);
            Assert.Equal(want.Tax, got.Tax);
            Assert.Equal(want.Land, got.LandMu);
            Assert.Equal(want.RemediationDate, got.RemediationDate);
            Assert.Equal(want.ResearchSpending, got.ResearchSpending);
            Assert.Equal(want.Employees, got.Employees);
        }

        Assert.Equal(expected.Count, (await pipeline.FirmRowKeysAsync()).Count);
        Assert.Equal(expected.Select(f => f.Code).Order(StringComparer.Ordinal), (await pipeline.ClaimKeysAsync()).Select(k => k.Item2));
    }

    [Theory]
    [MemberData(nameof(Corpus.RejectNames), MemberType = typeof(Corpus))]
    public async Task Rejects_the_file_whole_without_touching_anything(string caseName)
    {
        var c = Corpus.Find(caseName);
        using var pipeline = new Pipeline(settings: c.Settings);
        var bytes = c.Bytes();
        await pipeline.UploadAsync(c.BlobName, bytes);
        var blobBefore = await pipeline.BlobStateAsync(c.BlobName);

        var outcome = await pipeline.IngestAsync(c.BlobName);

        Assert.Equal(IngestionResult.Rejected, outcome.Result);
        Assert.Empty(await pipeline.FirmRowKeysAsync());
        Assert.Empty(await pipeline.ClaimKeysAsync());
        await AssertRejectedAsync(pipeline, c, bytes, blobBefore, inForce: null);
    }

    [Theory]
    [MemberData(nameof(Corpus.CorrectionNames), MemberType = typeof(Corpus))]
    public async Task Rejects_the_file_as_a_correction_and_the_accepted_version_stays_in_force(string caseName)
    {
        var c = Corpus.Find(caseName);
        using var pipeline = new Pipeline(settings: c.Settings);
        var good = Filings.CsvOf([1, 2, 3]);
        await pipeline.UploadAsync(c.BlobName, good);
        Assert.Equal(IngestionResult.Accepted, (await pipeline.IngestAsync(c.BlobName)).Result);
        var rowsBefore = await pipeline.FirmRowKeysAsync();
        var claimsBefore = await pipeline.ClaimKeysAsync();
        var inForceBefore = await pipeline.RowsInForceAsync(c.BlobName);

        var bytes = c.Bytes();
        await pipeline.UploadAsync(c.BlobName, bytes);
        var blobBefore = await pipeline.BlobStateAsync(c.BlobName);
        var outcome = await pipeline.IngestAsync(c.BlobName);

        Assert.Equal(IngestionResult.Rejected, outcome.Result);
        Assert.Equal(rowsBefore, await pipeline.FirmRowKeysAsync());
        Assert.Equal(claimsBefore, await pipeline.ClaimKeysAsync());
        Assert.Equal(inForceBefore, await pipeline.RowsInForceAsync(c.BlobName));
        await AssertRejectedAsync(pipeline, c, bytes, blobBefore, inForce: Pipeline.Sha(good));

        var list = await pipeline.Storage.Get<FilingQueries>().ListAsync(new Period(2022, 1), default);
        Assert.Contains(list.Filings, f => f.Status == "accepted" && f.Version == Pipeline.Sha(good) && f.Rows == 3);
        Assert.Contains(list.Filings, f => f.Status == "rejected");
    }

    private static async Task AssertRejectedAsync(Pipeline pipeline, CorpusCase c, byte[] bytes, (string ETag, byte[] Bytes) blobBefore, string? inForce)
    {
        var blobAfter = await pipeline.BlobStateAsync(c.BlobName);
        Assert.Equal(blobBefore.ETag, blobAfter.ETag);
        Assert.True(bytes.AsSpan().SequenceEqual(blobAfter.Bytes), "the blob's bytes changed");

        var entry = await pipeline.Ledger.GetAsync(c.BlobName, default);
        Assert.NotNull(entry);
        Assert.Equal(FilingStatus.Rejected, entry.Status);
        Assert.Equal(0, entry.Attempts);
        Assert.Null(entry.NextAttemptAt);
        // A name that is not a filing name is rejected without reading the blob: its version is the name's hash.
        Assert.Equal(FilingName.TryParse(c.BlobName, out _, out _) ? Pipeline.Sha(bytes) : FilingReport.NameVersion(c.BlobName), entry.LatestSha);
        Assert.Equal(inForce, entry.CurrentSha);

        // Rejected is final: reconciliation does not take it up again.
        Assert.DoesNotContain(c.BlobName, await pipeline.Storage.Get<ReconcileService>().FindDueAsync(default));

        using var report = await pipeline.ReportAsync(c.BlobName);
        Assert.Equal("rejected", report.RootElement.GetProperty("status").GetString());
        var errors = report.RootElement.GetProperty("errors").EnumerateArray()
            .Select(e => (Zh: e.GetProperty("reason").GetString() ?? string.Empty, En: e.GetProperty("reasonEn").GetString() ?? string.Empty))
            .ToList();
        Assert.True(errors.Any(e => e.Zh.Contains(c.ReasonZh!, StringComparison.Ordinal) && e.En.Contains(c.ReasonEn!, StringComparison.Ordinal)),
            $"{c.Name}: no error says '{c.ReasonZh}' / '{c.ReasonEn}':\n{string.Join("\n", errors)}");
    }
}
