using Cultivation.Application.Ingestion;
using Cultivation.Application.Telemetry;
using Cultivation.Integration.Tests;
using Cultivation.Integration.Tests.Telemetry;

namespace Cultivation.Reliability.Tests;

/// <summary>
/// One operations event per verdict, at the moment the verdict is reached: never for a file seen again
/// unchanged, and never twice for a file that gave up (the alerts count these events).
/// </summary>
public sealed class OperationsEventsTests : IDisposable
{
    private const string East = "2022/Q1/东城街道.csv";
    private const string West = "2022/Q1/西城街道.csv";
    private readonly EventCapture _events = new();
    private readonly Pipeline _pipeline;

    public OperationsEventsTests()
    {
        _pipeline = new Pipeline(services =>
        {
            FaultyRowStore.Install(services);
            _events.Install(services);
        });
    }

    public void Dispose() => _pipeline.Dispose();

    private FaultyRowStore Store => _pipeline.Storage.Get<FaultyRowStore>();

    private ReconcileService Reconcile => _pipeline.Storage.Get<ReconcileService>();

    [Fact]
    public async Task An_accepted_and_a_rejected_file_are_one_event_each_and_an_unchanged_file_none()
    {
        Store.Broken = false;
        await _pipeline.UploadAsync(East, Filings.CsvOf([1, 2, 3]));
        await _pipeline.UploadAsync(West, Filings.Csv(Filings.Row(4, "西城街道"), Filings.Row(5, "西城街道", revenue: -1m), Filings.Row(6, "不存在镇")));

        Assert.Equal(IngestionResult.Accepted, (await _pipeline.IngestAsync(East)).Result);
        Assert.Equal(IngestionResult.Rejected, (await _pipeline.IngestAsync(West)).Result);
        Assert.Equal(IngestionResult.Unchanged, (await _pipeline.IngestAsync(East)).Result);
        Assert.Equal(IngestionResult.Unchanged, (await _pipeline.IngestAsync(West)).Result);
        Assert.Empty(await Reconcile.ReconcileAsync(null, default));

        Assert.Equal([TelemetryEvents.FilingAccepted, TelemetryEvents.FilingRejected], _events.Events.Select(e => e.Name));
        var accepted = _events.Events[0].Properties;
        Assert.Equal(East, accepted["blob"]);
        Assert.Equal("2022Q1", accepted["period"]);
        Assert.Equal("东城街道", accepted["source"]);
        Assert.Equal("3", accepted["rows"]);
        Assert.Equal("0", accepted["errors"]);
        Assert.Equal(64, accepted["version"].Length);
        Assert.True(long.Parse(accepted["durationMs"], System.Globalization.CultureInfo.InvariantCulture) >= 0);
        var rejected = _events.Events[1].Properties;
        Assert.Equal("西城街道", rejected["source"]);
        Assert.Equal("2", rejected["errors"]);
        Assert.Equal("0", rejected["rows"]);
    }

    [Fact]
    public async Task A_file_failing_five_times_gives_four_failed_events_then_one_gave_up_and_then_silence()
    {
        await _pipeline.UploadAsync(East, Filings.CsvOf([1, 2, 3]));

        for (var run = 0; run < 8; run++)
        {
            await Reconcile.ReconcileAsync(null, default);
        }

        // The blob trigger firing again for the same bytes is told "gave up" but is no new verdict.
        Assert.Equal(IngestionResult.GaveUp, (await _pipeline.Ingestion.IngestAsync(East, default)).Result);

        Assert.Equal(
            [TelemetryEvents.FilingFailed, TelemetryEvents.FilingFailed, TelemetryEvents.FilingFailed, TelemetryEvents.FilingFailed, TelemetryEvents.FilingGaveUp],
            _events.Events.Select(e => e.Name));
        Assert.All(_events.Events, e => Assert.Equal("RequestFailedException", e.Properties["failure"]));
    }
}
