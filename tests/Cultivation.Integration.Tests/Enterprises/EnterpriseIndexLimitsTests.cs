using Azure.Data.Tables;
using Cultivation.Application.Enterprises;
using Cultivation.Application.Ingestion;
using Cultivation.Application.Storage;
using Cultivation.Domain.Firms;
using Cultivation.Domain.Periods;
using Cultivation.Infrastructure.Storage;

namespace Cultivation.Integration.Tests.Enterprises;

/// <summary>
/// Azure's limits, which Azurite does not enforce: at most 255 properties and 1 MiB per entity, 64 KiB per string property,
/// and transactions of at most 100 entities of one partition.
/// </summary>
public sealed class EnterpriseIndexLimitsTests : IDisposable
{
    private const int MaxProperties = 255;
    private const int MaxEntityBytes = 1024 * 1024;
    private const int MaxStringChars = 32 * 1024;
    private readonly StorageRequests _requests = new();
    private readonly TestStorage _storage;

    public EnterpriseIndexLimitsTests() => _storage = _requests.Storage();

    public void Dispose() => _storage.Dispose();

    [Fact]
    public async Task A_firm_filed_every_quarter_from_2000_to_2060_with_the_longest_fields_fits_two_entities_read_in_two_point_reads()
    {
        var index = _storage.Get<IEnterpriseIndex>();
        var code = Filings.Code(7);
        var longest = Longest(code);
        var periods = Enumerable.Range(0, 241).Select(i => new Period(2000 + (i / 4), (i % 4) + 1)).ToList();
        foreach (var period in periods)
        {
            await index.SetAsync(period, FilingName(period), new string('f', 64), [longest], default);
        }

        var entities = (await _storage.EntitiesAsync(StorageNames.EnterpriseIndexTable)).Where(e => e.RowKey.StartsWith(code, StringComparison.Ordinal)).ToList();
        Assert.Equal([code, code + "|1"], entities.Select(e => e.RowKey).Order(StringComparer.Ordinal));
        var first = entities.Single(e => e.RowKey == code);
        Assert.Equal(240 + 1, OwnProperties(first).Count());
        Assert.True(first.GetBoolean("Later"));
        foreach (var entity in entities)
        {
            Assert.InRange(OwnProperties(entity).Count() + 3, 1, MaxProperties);
            Assert.InRange(Size(entity), 1, MaxEntityBytes);
            Assert.All(OwnProperties(entity), p => Assert.True(p.Value is not string s || s.Length <= MaxStringChars, p.Key));
        }

        // Hand-checked: 240 values of about 1,200 characters (the 40 资质 and the long name as JSON) come to about 2,450 bytes each,
        // so some 590 KB: big enough that the limit is really tried, under 1 MiB with room to spare.
        Assert.InRange(Size(first), 550_000, 950_000);

        _requests.Clear();
        var read = await index.GetAsync(code, default);
        Assert.Equal(periods, read.Select(p => p.Period).Order());
        Assert.Equal(2, _requests.Seen.Count(r => r.IsPointRead));
        Assert.Equal(2, _requests.Seen.Count);
        var first2000 = read.Single(p => p.Period == new Period(2000, 1));
        Assert.Equal(("2000/Q1/东城街道.xlsx", longest), (first2000.BlobName, first2000.Row with { Recognitions = longest.Recognitions }));
        Assert.Equal(longest.Recognitions, first2000.Row.Recognitions);
    }

    [Fact]
    public async Task Writing_and_clearing_a_thousand_firm_file_goes_in_transactions_of_at_most_100_entities_of_one_bucket()
    {
        const string blob = "2022/Q1/东城街道.csv";
        await IngestAsync(blob, Filings.CsvOf(Enumerable.Range(1, 1_000)));
        var written = Transactions();

        _requests.Clear();
        await IngestAsync(blob, Filings.CsvOf(Enumerable.Range(1, 400)));
        var cleared = Transactions();

        Assert.Equal(1_000, written.Sum(t => t.Count));

        // The correction's 400 firms written under its version, and the 600 it dropped cleared.
        Assert.Equal(400 + 600, cleared.Sum(t => t.Count));
        Assert.All(written.Concat(cleared), t =>
        {
            Assert.InRange(t.Count, 1, 100);
            Assert.Single(t.Select(k => k.PartitionKey).Distinct());
        });
        Assert.Equal(16, written.SelectMany(t => t).Select(k => k.PartitionKey).Distinct().Count());
    }

    private async Task IngestAsync(string blobName, byte[] bytes)
    {
        await _storage.Get<IFilingBlobs>().UploadAsync(blobName, new MemoryStream(bytes), default);
        var outcome = await _storage.Get<IngestionService>().IngestAsync(blobName, default);
        Assert.Equal((IngestionResult.Accepted, 0), (outcome.Result, outcome.FollowUpsDue.Count));
    }

    private List<IReadOnlyList<(string PartitionKey, string RowKey)>> Transactions() =>
        [.. _requests.To(StorageNames.EnterpriseIndexTable).Where(r => r.Operations.Count > 0).Select(r => r.Operations)];

    private static string FilingName(Period period) => $"{period.Year}/Q{period.Quarter}/东城街道.xlsx";

    private static IEnumerable<KeyValuePair<string, object>> OwnProperties(TableEntity entity) =>
        entity.Where(p => p.Key is not ("PartitionKey" or "RowKey" or "Timestamp" or "odata.etag"));

    /// <summary>
    /// An entity's size as Azure counts it: 4 bytes, the keys at 2 bytes a character, and for each property 8 bytes, its name
    /// at 2 bytes a character and its value (a string 4 bytes and 2 a character, a bool 1, an int 4, a date 8).
    /// </summary>
    private static long Size(TableEntity entity) =>
        4 + ((entity.PartitionKey.Length + entity.RowKey.Length) * 2) + OwnProperties(entity).Sum(p => 8 + (p.Key.Length * 2) + p.Value switch
        {
            string s => 4 + (s.Length * 2L),
            bool => 1,
            int => 4,
            _ => 8,
        });

    /// <summary>A row with every field filled and the longest text SPEC §2 lets through (a name of 200 characters, 资质 of 500).</summary>
    private static FirmRow Longest(string code) => new()
    {
        CreditCode = CreditCode.Parse(code),
        Name = "永康市" + new string('长', 194) + "有限公司",
        Town = "东城街道",
        AboveScale = true,
        AboveScaleSince = 2021,
        Revenue = 99_999_999.9999m,
        RevenueSamePeriodLastYear = 99_999_999.9999m,
        RevenueLastYear = 99_999_999.9999m,
        Tax = 99_999_999.9999m,
        LandMu = 99_999_999.9999m,
        ResearchSpending = 99_999_999.9999m,
        Employees = 2_000_000_000,
        Recognitions = [.. Enumerable.Range(0, 40).Select(i => new Recognition(Recognition.KnownNames[i % 5], 2000 + i))],
        FormerCreditCode = CreditCode.Parse(Filings.Code(8, "92330784")),
        ConversionDate = new DateOnly(2022, 3, 15),
        Remediation = RemediationStatus.Closed,
        RemediationStated = true,
        RemediationDate = new DateOnly(2022, 6, 30),
        IndustryCode = "3311",
        SourceRow = 200_001,
    };
}
