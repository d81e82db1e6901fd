using Cultivation.Application.Storage;
using Cultivation.Domain.Periods;
using Cultivation.Infrastructure.Storage;

namespace Cultivation.Integration.Tests;

/// <summary>The claims store on its own: "one firm, one file per period", whatever the order or timing of claims.</summary>
public sealed class FirmClaimsTests : IDisposable
{
    private const string East = "2022/Q1/东城街道.csv";
    private const string West = "2022/Q1/西城街道.csv";
    private static readonly Period Q1 = new(2022, 1);
    private static readonly ClaimInForce Always = (_, _, _) => Task.FromResult(true);
    private readonly TestStorage _storage = new();

    private IFirmClaims Claims => _storage.Get<IFirmClaims>();

    public void Dispose() => _storage.Dispose();

    [Fact]
    public async Task A_claim_is_all_or_nothing_and_names_every_conflicting_firm_and_its_file()
    {
        Assert.Empty(await Claims.ClaimAsync(Q1, East, "v1", Codes(1, 2, 3, 4, 5), Always, default));

        var conflicts = await Claims.ClaimAsync(Q1, West, "w1", Codes(6, 5, 4), Always, default);

        Assert.Equal([(Code(4), East), (Code(5), East)], conflicts.Select(c => (c.CreditCode, c.Owner)).OrderBy(c => c.CreditCode));
        var owners = await Claims.ListAsync(Q1, default);
        Assert.Equal(Codes(1, 2, 3, 4, 5).Order(), owners.Keys.Order());
        Assert.All(owners.Values, o => Assert.Equal(East, o));

        // The loser's code set is gone: the registry and East's one chunk are all that is stored.
        Assert.Equal(2, (await _storage.EntitiesAsync(StorageNames.FirmClaimsTable)).Count);
    }

    [Fact]
    public async Task A_file_with_more_firms_than_one_chunk_holds_every_one_of_them()
    {
        var codes = Enumerable.Range(1, 8_000).Select(Code).ToHashSet(StringComparer.Ordinal);

        Assert.Empty(await Claims.ClaimAsync(Q1, East, "v1", codes, Always, default));

        var owners = await Claims.ListAsync(Q1, default);
        Assert.Equal(8_000, owners.Count);
        Assert.True(codes.SetEquals(owners.Keys));
        Assert.Equal(1 + 3, (await _storage.EntitiesAsync(StorageNames.FirmClaimsTable)).Count); // registry + 3,600 + 3,600 + 800
        var conflicts = await Claims.ClaimAsync(Q1, West, "w1", Codes(7_999, 9_000), Always, default);
        Assert.Equal(Code(7_999), Assert.Single(conflicts).CreditCode);
    }

    [Fact]
    public async Task A_claim_left_by_a_version_no_longer_in_force_blocks_no_one_and_is_dropped()
    {
        Assert.Empty(await Claims.ClaimAsync(Q1, East, "crashed", Codes(1, 2), Always, default));
        ClaimInForce eastIsDead = (owner, _, _) => Task.FromResult(owner != East);

        var conflicts = await Claims.ClaimAsync(Q1, West, "w1", Codes(2, 3), eastIsDead, default);

        Assert.Empty(conflicts);
        var owners = await Claims.ListAsync(Q1, default);
        Assert.Equal([(Code(2), West), (Code(3), West)], owners.Select(kv => (kv.Key, kv.Value)).Order());
        Assert.Equal(2, (await _storage.EntitiesAsync(StorageNames.FirmClaimsTable)).Count);
    }

    [Fact]
    public async Task Pruning_keeps_the_owners_versions_in_force_and_drops_the_others()
    {
        Assert.Empty(await Claims.ClaimAsync(Q1, East, "v1", Codes(1, 2), Always, default));
        Assert.Empty(await Claims.ClaimAsync(Q1, East, "v2", Codes(2, 3), Always, default));
        Assert.Empty(await Claims.ClaimAsync(Q1, West, "w1", Codes(7), Always, default));
        Assert.Equal(4, (await Claims.ListAsync(Q1, default)).Count);

        await Claims.PruneAsync(Q1, East, (owner, version, _) => Task.FromResult(owner != East || version == "v2"), default);

        var owners = await Claims.ListAsync(Q1, default);
        Assert.Equal([(Code(2), East), (Code(3), East), (Code(7), West)], owners.Select(kv => (kv.Key, kv.Value)).Order());

        // The firm v1 had and v2 dropped is free for another file.
        Assert.Empty(await Claims.ClaimAsync(Q1, West, "w2", Codes(1, 7), Always, default));
    }

    [Fact]
    public async Task Claiming_the_same_version_again_replaces_its_earlier_claim()
    {
        Assert.Empty(await Claims.ClaimAsync(Q1, East, "v1", Codes(1, 2), Always, default));
        Assert.Empty(await Claims.ClaimAsync(Q1, East, "v1", Codes(1, 2), Always, default));

        Assert.Equal(2, (await Claims.ListAsync(Q1, default)).Count);
        Assert.Equal(2, (await _storage.EntitiesAsync(StorageNames.FirmClaimsTable)).Count);
    }

    [Fact]
    public async Task Twelve_files_racing_for_one_firm_leave_it_to_exactly_one_of_them()
    {
        for (var run = 0; run < 5; run++)
        {
            var period = new Period(2030 + run, 1);
            var shared = Code(5_000 + run);
            var owners = Enumerable.Range(0, 12).Select(i => $"{period.Year}/Q1/file{i}.csv").ToList();

            // A registry already exists, as it does once any file of the period is in: racers replace it, not create it.
            Assert.Empty(await Claims.ClaimAsync(period, "early.csv", "v", Codes(9_000 + run), Always, default));

            var results = await Task.WhenAll(owners.Select((owner, i) => Task.Run(() =>
                Claims.ClaimAsync(period, owner, "v", Codes((run * 100) + (i * 2), (run * 100) + (i * 2) + 1).Append(shared).ToHashSet(), Always, default))));

            var winner = Assert.Single(owners.Where((_, i) => results[i].Count == 0));
            Assert.All(results.Where(r => r.Count > 0), r => Assert.Equal((shared, winner), (Assert.Single(r).CreditCode, Assert.Single(r).Owner)));
            var held = await Claims.ListAsync(period, default);
            Assert.Equal(4, held.Count);
            Assert.All(held.Where(kv => kv.Key != Code(9_000 + run)).Select(kv => kv.Value), o => Assert.Equal(winner, o));
        }
    }

    private static string Code(int i) => Filings.Code(i);

    private static HashSet<string> Codes(params int[] numbers) => numbers.Select(Code).ToHashSet(StringComparer.Ordinal);
}
