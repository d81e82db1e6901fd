using Cultivation.Application.Ingestion;
using Cultivation.Application.Reading;
using Cultivation.Application.Storage;
using Cultivation.Application.Telemetry;
using Cultivation.Domain.Filings;
using Cultivation.Domain.Firms;
using Cultivation.Integration.Tests;
using Cultivation.Integration.Tests.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace Cultivation.Reliability.Tests;

/// <summary>
/// SPEC §4: an attempt whose worker died, timed out or ran out of memory counts as one; after 5 the version is
/// given up until a new one is uploaded (taking over an expired pending entry used to keep its count, so such a
/// file was retried without end).
/// </summary>
public sealed class AbandonedAttemptTests : IDisposable
{
    private const string East = "2022/Q1/东城街道.csv";
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2022, 4, 10, 2, 0, 0, TimeSpan.Zero));
    private readonly DyingReader _reader = new();
    private readonly EventCapture _events = new();
    private readonly Pipeline _pipeline;

    public AbandonedAttemptTests()
    {
        _pipeline = new Pipeline(
            services =>
            {
                services.AddSingleton<TimeProvider>(_clock);
                _events.Install(services);
                services.Replace(ServiceDescriptor.Singleton<IFilingReader>(sp =>
                {
                    _reader.Inner = ActivatorUtilities.CreateInstance<FilingReader>(sp);
                    return _reader;
                }));
            },
            new Dictionary<string, string?> { ["Ingestion:PendingLease"] = "00:10:00" });
    }

    public void Dispose() => _pipeline.Dispose();

    private ReconcileService Reconcile => _pipeline.Storage.Get<ReconcileService>();

    [Fact]
    public async Task A_version_that_kills_its_worker_is_tried_five_times_then_given_up_until_a_new_version_arrives()
    {
        await _pipeline.UploadAsync(East, Filings.CsvOf([1, 2]));

        for (var attempt = 0; attempt < 5; attempt++)
        {
            Assert.Equal([East], await Reconcile.FindDueAsync(default));
            await DieAsync();

            var entry = await _pipeline.Ledger.GetAsync(East, default);
            Assert.Equal(FilingStatus.Pending, entry!.Status);
            Assert.Equal(attempt, entry.Attempts);

            // The dead worker's lease holds until it runs out; then the next run takes the version over.
            _clock.Advance(TimeSpan.FromMinutes(9));
            Assert.Empty(await Reconcile.FindDueAsync(default));
            _clock.Advance(TimeSpan.FromMinutes(1));
        }

        var outcome = Assert.Single(await Reconcile.ReconcileAsync(null, default));

        Assert.Equal((IngestionResult.GaveUp, "AttemptAbandoned"), (outcome.Result, outcome.Message));
        Assert.Empty(outcome.FollowUpsDue);
        Assert.Equal(5, _reader.Calls);
        var gaveUp = await _pipeline.Ledger.GetAsync(East, default);
        Assert.Equal((FilingStatus.Failed, 5, "AttemptAbandoned", (DateTimeOffset?)null), (gaveUp!.Status, gaveUp.Attempts, gaveUp.LastFailure, gaveUp.NextAttemptAt));
        using (var report = await _pipeline.ReportAsync(East))
        {
            Assert.Equal("failed", report.RootElement.GetProperty("status").GetString());
            Assert.StartsWith("文件处理失败：已尝试 5 次仍未完成（AttemptAbandoned）",
                report.RootElement.GetProperty("errors")[0].GetProperty("reason").GetString(), StringComparison.Ordinal);
        }

        // The attempts that never came back told nobody; giving up is the one verdict, so the one operations event.
        Assert.Equal([TelemetryEvents.FilingGaveUp], _events.Events.Select(e => e.Name));
        Assert.Equal("AttemptAbandoned", _events.Events[0].Properties["failure"]);

        // Final: neither the timer nor the trigger tries it again.
        _clock.Advance(TimeSpan.FromDays(1));
        Assert.Empty(await Reconcile.FindDueAsync(default));
        Assert.Equal(IngestionResult.GaveUp, (await _pipeline.IngestAsync(East)).Result);
        Assert.Equal(5, _reader.Calls);
        Assert.Single(_events.Events);

        // A new version starts afresh.
        _reader.Dying = false;
        await _pipeline.UploadAsync(East, Filings.CsvOf([1, 2, 3]));
        Assert.Equal(IngestionResult.Accepted, Assert.Single(await Reconcile.ReconcileAsync(null, default)).Result);
        Assert.Equal([Filings.Code(1), Filings.Code(2), Filings.Code(3)], (await _pipeline.RowsInForceAsync(East)).Select(r => r.CreditCode.Value));
    }

    /// <summary>One attempt that never comes back: the host cancels the function at its timeout while the file is being read.</summary>
    private async Task DieAsync()
    {
        using var host = new CancellationTokenSource();
        _reader.Host = host;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _pipeline.Ingestion.IngestAsync(East, host.Token));
    }

    private sealed class DyingReader : IFilingReader
    {
        private int _calls;

        public IFilingReader Inner { get; set; } = null!;

        public CancellationTokenSource? Host { get; set; }

        public bool Dying { get; set; } = true;

        public int Calls => _calls;

        public FilingReadResult Read(Stream content, FilingName name, Action<FirmRow>? onRow = null, SheetRowObserver? onSheetRow = null)
        {
            Interlocked.Increment(ref _calls);
            if (Dying)
            {
                Host!.Cancel();
                throw new OperationCanceledException(Host.Token);
            }

            return Inner.Read(content, name, onRow, onSheetRow);
        }
    }
}
