using Cultivation.Application.Enterprises;
using Cultivation.Application.Ingestion;
using Cultivation.Application.Storage;
using Cultivation.Domain.Firms;
using Cultivation.Domain.Periods;
using Cultivation.Infrastructure.Tables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Cultivation.Integration.Tests.Enterprises;

/// <summary>
/// The index's writes interleaved on purpose, at the moments that matter: a correction's clear racing with the write of the file
/// that took the firm, and a writer whose file moved on while it wrote.
/// </summary>
public sealed class EnterpriseIndexRaceTests : IDisposable
{
    private const string A = "2022/Q1/东城街道.csv";
    private const string B = "2022/Q1/西城街道.csv";
    private readonly HookedIndex _index = new();
    private readonly TestStorage _storage;

    public EnterpriseIndexRaceTests()
    {
        _storage = new TestStorage(services => services.Replace(ServiceDescriptor.Singleton<IEnterpriseIndex>(sp =>
            _index.Around(ActivatorUtilities.CreateInstance<TableEnterpriseIndex>(sp)))));
    }

    public void Dispose() => _storage.Dispose();

    [Fact]
    public async Task A_correction_clearing_a_firm_while_the_file_that_took_it_writes_its_row_leaves_that_row()
    {
        await IngestAsync(A, Filings.CsvOf([1, 2]));
        await IngestAsync(B, Filings.CsvOf([3], "西城街道"));

        // A's correction drops firm 2; between reading what A supplies and clearing it, B's correction takes firm 2 and writes its row.
        _index.BeforeClear = async (blob, _) =>
        {
            if (blob == A)
            {
                _index.BeforeClear = null;
                await IngestAsync(B, Filings.Csv(Filings.Row(2, "西城街道", revenue: 3100m), Filings.Row(3, "西城街道")));
            }
        };
        await IngestAsync(A, Filings.CsvOf([1]));

        var row = Assert.Single(await _storage.Get<IEnterpriseIndex>().GetAsync(Filings.Code(2), default));
        Assert.Equal((B, "西城街道", 3100m), (row.BlobName, row.Row.Town, row.Row.Revenue));
        Assert.Null(_index.BeforeClear);
    }

    [Fact]
    public async Task A_writer_whose_file_moved_on_while_it_wrote_puts_back_the_row_of_the_file_that_now_has_the_firm()
    {
        await IngestAsync(A, Filings.CsvOf([1]));
        string? stale = null;

        // A's second version adds firm 2. Before its step writes, A is corrected again (firm 2 dropped), B takes firm 2 and
        // writes its row: then the stale write of A's second version lands over B's.
        _index.BeforeSet = async (blob, version) =>
        {
            if (blob == A && stale is null)
            {
                stale = version;
                await IngestAsync(A, Filings.Csv(Filings.Row(1, revenue: 2700m)));
                await IngestAsync(B, Filings.Csv(Filings.Row(2, "西城街道", revenue: 3100m)));
            }
        };
        // Its follow-ups are owed again (a newer verdict came meanwhile); what matters is what the index holds.
        await IngestAsync(A, Filings.CsvOf([1, 2]), stepsDone: false);

        Assert.NotNull(stale);
        var index = _storage.Get<IEnterpriseIndex>();
        var two = Assert.Single(await index.GetAsync(Filings.Code(2), default));
        Assert.Equal((B, 3100m), (two.BlobName, two.Row.Revenue));
        var one = Assert.Single(await index.GetAsync(Filings.Code(1), default));
        Assert.Equal((A, 2700m), (one.BlobName, one.Row.Revenue));
        Assert.NotEqual(stale, one.Version);
    }

    private async Task IngestAsync(string blobName, byte[] bytes, bool stepsDone = true)
    {
        await _storage.Get<IFilingBlobs>().UploadAsync(blobName, new MemoryStream(bytes), default);
        var outcome = await _storage.Get<IngestionService>().IngestAsync(blobName, default);
        Assert.Equal(IngestionResult.Accepted, outcome.Result);
        Assert.True(!stepsDone || outcome.FollowUpsDue.Count == 0, string.Join(", ", outcome.FollowUpsDue));
    }

    /// <summary>The real index with a pause before its writes, where a test makes something else happen.</summary>
    private sealed class HookedIndex : IEnterpriseIndex
    {
        private IEnterpriseIndex _inner = null!;

        /// <summary>Called with the file and version about to be written.</summary>
        public Func<string, string, Task>? BeforeSet { get; set; }

        /// <summary>Called with the file whose firms are about to be cleared, and their codes.</summary>
        public Func<string, IReadOnlyList<string>, Task>? BeforeClear { get; set; }

        private string? Clearing { get; set; }

        public IEnterpriseIndex Around(IEnterpriseIndex inner)
        {
            _inner = inner;
            return this;
        }

        public Task<IReadOnlyList<IndexedPeriod>> GetAsync(string creditCode, CancellationToken cancellationToken) => _inner.GetAsync(creditCode, cancellationToken);

        public async Task<IReadOnlyList<IndexedSupply>> SuppliedByAsync(Period period, string blobName, CancellationToken cancellationToken)
        {
            Clearing = blobName;
            return await _inner.SuppliedByAsync(period, blobName, cancellationToken);
        }

        public async Task SetAsync(Period period, string blobName, string version, IReadOnlyList<FirmRow> rows, CancellationToken cancellationToken)
        {
            if (BeforeSet is { } hook)
            {
                await hook(blobName, version);
            }

            await _inner.SetAsync(period, blobName, version, rows, cancellationToken);
        }

        public async Task<IReadOnlyList<string>> ClearAsync(Period period, IReadOnlyList<IndexedSupply> supplies, CancellationToken cancellationToken)
        {
            if (BeforeClear is { } hook && Clearing is { } blob)
            {
                await hook(blob, [.. supplies.Select(s => s.CreditCode)]);
            }

            return await _inner.ClearAsync(period, supplies, cancellationToken);
        }

        public Task<bool> IsBuiltAsync(CancellationToken cancellationToken) => _inner.IsBuiltAsync(cancellationToken);

        public Task MarkBuiltAsync(DateTimeOffset at, CancellationToken cancellationToken) => _inner.MarkBuiltAsync(at, cancellationToken);
    }
}
