using System.Text.Json;
using System.Text.Json.Nodes;
using Cultivation.Application;
using Cultivation.Application.Ingestion;
using Cultivation.Application.Progress;
using Cultivation.Application.Storage;
using Cultivation.Domain.City;
using Cultivation.Infrastructure.Blobs;
using Cultivation.Infrastructure.Storage;
using Cultivation.Infrastructure.Tables;
using Cultivation.Integration.Tests;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace Cultivation.Reliability.Tests;

/// <summary>
/// SPEC §4, reconciliation per file: a storage fault at each step of an ingestion's follow-up work (and in reading one
/// file of the batch) leaves the rest of the batch done and progress refreshed, and the next reconciliation finishes
/// what is left, with nothing counted twice. Every town has filed 2022Q1; then 东城街道 sends a correction (firm 4
/// added, accepted: its first version's rows go) and 西城街道 a broken one (rejected: its first version stays in force),
/// and reconciliation runs with the fault (run 1), then without it, once the follow-up lease has run out (run 2).
/// The state after that must be the state of the same story without any fault.
/// </summary>
public sealed class FollowUpFaultTests(FollowUpFaultTests.CleanStory clean, ITestOutputHelper output) : IClassFixture<FollowUpFaultTests.CleanStory>
{
    private const string East = "2022/Q1/东城街道.csv";
    private const string West = "2022/Q1/西城街道.csv";

    /// <summary>Fault, then the outcomes of run 1 and run 2 as "town result [follow-ups still due]", hand-written.</summary>
    public static TheoryData<string, string, string> Cases => new()
    {
        { "release", "东城街道 Accepted [release]; 西城街道 Rejected [release]", "东城街道 FollowedUp; 西城街道 FollowedUp" },
        { "report", "东城街道 Accepted [report]; 西城街道 Rejected [report]", "东城街道 FollowedUp; 西城街道 FollowedUp" },
        { "version", "东城街道 Accepted [version]; 西城街道 Rejected [version]", "东城街道 FollowedUp; 西城街道 FollowedUp" },
        { "progress", "东城街道 Accepted [progress]; 西城街道 Rejected", "东城街道 FollowedUp" },
        { "strike-off", "东城街道 Accepted [release,report,version,progress,enterprises,reconsider]; 西城街道 Rejected [release,report,version]", "东城街道 FollowedUp; 西城街道 FollowedUp" },
        { "verdict", "东城街道 Failed; 西城街道 Failed", "东城街道 Accepted; 西城街道 Rejected" },
        { "open", "东城街道 Accepted; 西城街道 Failed", "西城街道 Rejected" },
        { "hash", "东城街道 Accepted; 西城街道 Failed", "西城街道 Rejected" },
        { "ledger-read", "东城街道 Accepted; 西城街道 Failed", "西城街道 Rejected" },
        { "ledger-write", "东城街道 Accepted; 西城街道 Failed", "西城街道 Rejected" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task The_next_reconciliation_finishes_what_a_fault_left_and_nothing_is_counted_twice(string fault, string run1, string run2)
    {
        using var story = new Story();
        await story.FileEveryTownAsync();
        await story.UploadCorrectionsAsync();

        story.Faults.Fail = Fail(fault);
        story.Faults.Substitute = Substitute(fault);
        var first = await story.ReconcileAsync();
        story.Faults.Clear();
        var progressAfterFirst = await story.ProgressAsync();
        story.Clock.Advance(TimeSpan.FromMinutes(11));
        var second = await story.ReconcileAsync();
        output.WriteLine($"{fault}: run 1: {first}; run 2: {second}");

        Assert.Equal(run1, first);
        Assert.Equal(run2, second);
        Assert.Empty(await story.ReconcileAsync());
        Assert.Equal(clean.State, await story.StateAsync());
        if (run1.StartsWith("东城街道 Accepted", StringComparison.Ordinal) && fault != "progress")
        {
            // Progress was refreshed after the first batch whatever else failed.
            Assert.Equal(clean.State.Progress, progressAfterFirst);
        }
    }

    [Fact]
    public async Task Without_a_fault_one_run_does_everything()
    {
        Assert.Equal("东城街道 Accepted; 西城街道 Rejected", clean.Run1);
        Assert.Equal(string.Empty, clean.Run2);

        // What the clean story ends with, checked by hand: 东城街道's correction in force with firm 4, its first version's
        // rows gone; 西城街道's first version still in force; the four versions recorded once each.
        Assert.Contains($"{East}|{Filings.Code(4)}", clean.State.Claims);
        Assert.Equal(3, clean.State.Rows.Count(r => r.StartsWith(East, StringComparison.Ordinal)));
        Assert.Equal(1, clean.State.Rows.Count(r => r.StartsWith(West, StringComparison.Ordinal)));
        Assert.Equal(17, clean.State.Rows.Count);
        Assert.Equal(17, clean.State.RowKeys.Count);
        Assert.Equal(17, clean.State.Versions.Count);
        Assert.Single(clean.State.Versions, v => v.StartsWith(West, StringComparison.Ordinal) && v.Contains("|Rejected|", StringComparison.Ordinal));
        Assert.Contains("\"asOf\":\"2022Q1\"", clean.State.Progress, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_correction_decided_before_the_previous_verdicts_follow_ups_are_done_leaves_none_of_them_undone()
    {
        using var story = new Story();
        await story.FileEveryTownAsync();
        await story.UploadCorrectionsAsync();
        story.Faults.Fail = Fail("version");
        Assert.Equal("东城街道 Accepted [version]; 西城街道 Rejected [version]", await story.ReconcileAsync());
        story.Faults.Clear();

        // 东城街道 corrects again (firm 4 gone) before reconciliation ran again; the trigger ingests it at once.
        var third = Filings.Csv(Filings.Row(1, revenue: 2050m, tax: 41m, land: 11m), Filings.Row(2, revenue: 2100m, tax: 45m, land: 12m));
        await story.UploadAsync(East, third);
        var outcome = await story.IngestAsync(East);

        Assert.Equal((IngestionResult.Accepted, 2), (outcome.Result, outcome.Rows));
        Assert.Empty(outcome.FollowUpsDue);
        var state = await story.StateAsync(requireDone: false);
        Assert.Equal(3, state.Versions.Count(v => v.StartsWith(East + "|", StringComparison.Ordinal)));
        Assert.Contains($"{East}|{Pipeline.Sha(third)}|Accepted|2|0|", state.Versions);
        Assert.Equal(2, state.Rows.Count(r => r.StartsWith(East, StringComparison.Ordinal)));
        Assert.Equal(2, state.RowKeys.Count(k => k.Contains("东城街道", StringComparison.Ordinal)));
        Assert.All(state.RowKeys.Where(k => k.Contains("东城街道", StringComparison.Ordinal)), k => Assert.Contains(Pipeline.Sha(third)[..16], k, StringComparison.Ordinal));
        Assert.Contains("\"rows\":2", state.EastReport, StringComparison.Ordinal);

        // 西城街道's version record, still owed, is the next run's.
        Assert.Equal("西城街道 FollowedUp", await story.ReconcileAsync());
        Assert.Equal(clean.State.Versions.Count + 1, (await story.StateAsync()).Versions.Count);
    }

    private static Func<string, object?[], bool> Fail(string fault) => fault switch
    {
        "release" => (call, _) => call == "IFirmClaims.PruneAsync",
        "report" => (call, _) => call == "IFilingBlobs.WriteReportAsync",
        "version" => (call, _) => call == "IFilingLedger.RecordVersionAsync",
        "progress" => (call, _) => call == "IProgressStore.TrySwitchAsync",
        "verdict" => (call, _) => call == "IFilingBlobs.WriteVerdictAsync",

        // The write that strikes the done follow-ups off: all of them done, so none left in it.
        "strike-off" => (call, args) => call == "IFilingLedger.TryWriteAsync" && args[0] is LedgerEntry { FollowUps.Count: 0, VerdictId: not null, Status: not FilingStatus.Pending },
        "open" => (call, args) => call == "IFilingBlobs.OpenAsync" && (string?)args[0] == West,
        "ledger-read" => (call, args) => call == "IFilingLedger.GetAsync" && (string?)args[0] == West,
        "ledger-write" => (call, args) => call == "IFilingLedger.TryWriteAsync" && args[0] is LedgerEntry { BlobName: West },
        _ => (_, _) => false,
    };

    /// <summary>For "hash": 西城街道's download breaks off after a few bytes, while the file is being hashed.</summary>
    private static Func<string, object?[], object?> Substitute(string fault) => fault == "hash"
        ? (call, args) => call == "IFilingBlobs.OpenAsync" && (string?)args[0] == West
            ? Task.FromResult<FilingContent?>(new FilingContent(new BreakingStream(), null, 1000))
            : null
        : (_, _) => null;

    /// <summary>The story without a fault, and the state it ends in.</summary>
    public sealed class CleanStory : IAsyncLifetime
    {
        public string Run1 { get; private set; } = string.Empty;

        public string Run2 { get; private set; } = string.Empty;

        public StoryState State { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            using var story = new Story();
            await story.FileEveryTownAsync();
            await story.UploadCorrectionsAsync();
            Run1 = await story.ReconcileAsync();
            story.Clock.Advance(TimeSpan.FromMinutes(11));
            Run2 = await story.ReconcileAsync();
            State = await story.StateAsync();
        }

        public Task DisposeAsync() => Task.CompletedTask;
    }

    /// <summary>What must come out the same: progress (without the time it was computed), rows, claims, versions, the two towns' reports.</summary>
    public sealed record StoryState(string Progress, IReadOnlyList<string> Rows, IReadOnlyList<string> RowKeys, IReadOnlyList<string> Claims,
        IReadOnlyList<string> Versions, string EastReport, string WestReport)
    {
        public bool Equals(StoryState? other) => other is not null && Progress == other.Progress && Rows.SequenceEqual(other.Rows)
            && RowKeys.SequenceEqual(other.RowKeys) && Claims.SequenceEqual(other.Claims) && Versions.SequenceEqual(other.Versions)
            && EastReport == other.EastReport && WestReport == other.WestReport;

        public override int GetHashCode() => Progress.GetHashCode(StringComparison.Ordinal);

        public override string ToString() => string.Join("\n", [Progress, .. Rows, .. RowKeys, .. Claims, .. Versions, EastReport, WestReport]);
    }

    private sealed class Story : IDisposable
    {
        private readonly Pipeline _pipeline;

        public Story()
        {
            _pipeline = new Pipeline(services =>
            {
                services.AddSingleton<TimeProvider>(Clock);
                Faults.Install<IFilingBlobs, BlobFilingStore>(services);
                Faults.Install<IFilingLedger, TableFilingLedger>(services);
                Faults.Install<IFirmClaims, TableFirmClaims>(services);
                Faults.Install<IProgressStore, TableProgressStore>(services);
            });
        }

        public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2022, 4, 12, 1, 0, 0, TimeSpan.Zero));

        public Faults Faults { get; } = new();

        /// <summary>Every town files 2022Q1: 东城街道 firms 1 and 2, 西城街道 firm 3, each other town one firm of its own.</summary>
        public async Task FileEveryTownAsync()
        {
            var (targets, problems) = await _pipeline.Storage.Get<TargetsService>().LoadAsync(
                await File.ReadAllTextAsync(Path.Combine(Repository.Root(), "seeds/targets/2022.json")), default);
            Assert.Empty(problems);
            Assert.NotNull(targets);
            var towns = new CityOptions().Towns;
            for (var i = 0; i < towns.Count; i++)
            {
                int[] firms = towns[i] switch { "东城街道" => [1, 2], "西城街道" => [3], _ => [100 + i] };
                var rows = firms.Select(n => Filings.Row(n, towns[i], revenue: 2000m + (50 * n), tax: 40m + n, land: 10m + (n % 7))).ToArray();
                await _pipeline.UploadAsync($"2022/Q1/{towns[i]}.csv", Filings.Csv(rows));
            }

            var outcomes = await _pipeline.Storage.Get<ReconcileService>().ReconcileAsync(null, default);
            Assert.Equal(Enumerable.Repeat(IngestionResult.Accepted, towns.Count), outcomes.Select(o => o.Result));
            Clock.Advance(TimeSpan.FromHours(1));
        }

        public async Task UploadCorrectionsAsync()
        {
            await _pipeline.UploadAsync(East, Filings.Csv(Filings.Row(1, revenue: 2050m, tax: 41m, land: 11m), Filings.Row(2, revenue: 2100m, tax: 42m, land: 12m),
                Filings.Row(4, revenue: 3000m, tax: 10m, land: 30m)));
            await _pipeline.UploadAsync(West, Filings.Csv(Filings.Row(3, town: "清溪镇")));
        }

        public Task UploadAsync(string name, byte[] bytes) => _pipeline.UploadAsync(name, bytes);

        public Task<IngestionOutcome> IngestAsync(string name) => _pipeline.IngestAsync(name);

        public async Task<string> ReconcileAsync()
        {
            var outcomes = await _pipeline.Storage.Get<ReconcileService>().ReconcileAsync(null, default);
            return string.Join("; ", outcomes.Select(o =>
                o.BlobName.Split('/')[^1].Split('.')[0] + " " + o.Result + (o.FollowUpsDue.Count > 0 ? " [" + string.Join(',', o.FollowUpsDue) + "]" : string.Empty)));
        }

        public async Task<string> ProgressAsync()
        {
            var progress = (await _pipeline.Storage.Get<ProgressQueries>().YearAsync(2022, default)).Value;
            var node = JsonNode.Parse(JsonSerializer.Serialize(progress, CultivationJson.Options))!;
            node.AsObject().Remove("computedAt");
            return node.ToJsonString();
        }

        public async Task<StoryState> StateAsync(bool requireDone = true)
        {
            foreach (var entry in requireDone ? await _pipeline.Ledger.ListAllAsync(default) : [])
            {
                Assert.Empty(entry.FollowUps);
            }

            var versions = (await _pipeline.Storage.EntitiesAsync(StorageNames.FilingVersionsTable))
                .Select(e => $"{e.GetString("BlobName")}|{e.GetString("Sha")}|{e.GetString("Status")}|{e.GetInt32("Rows")}|{e.GetInt32("Errors")}|{e.GetString("FirstError")}")
                .Order(StringComparer.Ordinal).ToList();
            return new StoryState(
                await ProgressAsync(),
                await _pipeline.AllRowsInForceAsync(),
                [.. (await _pipeline.FirmRowKeysAsync()).Select(k => k.Item1 + "/" + k.Item2)],
                [.. (await _pipeline.ClaimKeysAsync()).Select(k => $"{k.Item3}|{k.Item2}")],
                versions,
                await ReportAsync(East),
                await ReportAsync(West));
        }

        public void Dispose() => _pipeline.Dispose();

        /// <summary>The report without the moment it was made (a retried verdict is made later).</summary>
        private async Task<string> ReportAsync(string name)
        {
            var node = JsonNode.Parse((await _pipeline.Blobs.ReadReportAsync(name + ".json", default))!)!;
            node.AsObject().Remove("ingestedAt");
            return node.ToJsonString();
        }
    }

    /// <summary>A download that breaks off after its first bytes.</summary>
    private sealed class BreakingStream : MemoryStream
    {
        public BreakingStream()
            : base(Filings.Csv(Filings.Row(3, town: "清溪镇"))[..20])
        {
        }

        public override int Read(Span<byte> buffer) => Position < Length ? base.Read(buffer) : throw new IOException("connection reset by peer");

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Position < Length ? base.ReadAsync(buffer, cancellationToken) : ValueTask.FromException<int>(new IOException("connection reset by peer"));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    }
}
