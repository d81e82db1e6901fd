using System.Globalization;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Cultivation.Application.Storage;
using Cultivation.Domain.Filings;
using Cultivation.Domain.Periods;
using Cultivation.Infrastructure.Storage;

namespace Cultivation.Infrastructure.Tables;

/// <summary>
/// Table <c>FirmClaims</c>: which file supplies each firm of a period, kept as one <em>registry</em> per
/// period (PartitionKey = period, RowKey = <c>registry</c>: the list of claims, each a file, one of its
/// versions and the id of its code set) and the code sets themselves (PartitionKey =
/// <c>{period}|{set id}</c>, RowKey = chunk number, 3,600 credit codes packed as ASCII in one binary
/// property per chunk).
/// </summary>
/// <remarks>
/// <para>
/// A claim is taken by writing the file's code set under a fresh id, checking it against the sets of the
/// other files' claims in the registry, and replacing the registry with an ETag condition. Every change
/// of a period's claims is that one conditional write, so claims are serialised per period: of two files
/// racing for a firm, the one whose registry write lands first holds it, and the other, whose condition
/// fails, reads the registry again and finds the conflict. Exactly one wins, whatever the order of codes.
/// </para>
/// <para>
/// A file's claim costs a few entities however many firms it has (28 chunks for 100,000 firms), written
/// to a partition of its own, instead of one entity per firm in the period's partition: a quarter-end
/// burst is no longer bound by the ~2,000 entities/s of one partition, and a large file's claim is not a
/// second copy of its rows. The registry is small (one entry per file version claimed, at most a few
/// per town) and is written a few times per file.
/// </para>
/// </remarks>
public sealed class TableFirmClaims(StorageProvider storage) : IFirmClaims
{
    private const string RegistryKey = "registry";
    private const int CodeLength = 18;
    private const int CodesPerChunk = 3_600; // 64,800 bytes, under Azure's 64 KiB for a binary property
    private const int ChunksPerTransaction = 16; // ~1.4 MB of base64, well under a transaction's 4 MiB
    private const int MaxRegistryAttempts = 64;

    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web);

    public async Task<IReadOnlyDictionary<string, string>> ListAsync(Period period, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(StorageNames.FirmClaimsTable, cancellationToken).ConfigureAwait(false);
        var (claims, _) = await ReadRegistryAsync(table, period, cancellationToken).ConfigureAwait(false);
        var owners = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var claim in claims)
        {
            await foreach (var chunk in ChunksAsync(table, period, claim.Set, cancellationToken).ConfigureAwait(false))
            {
                for (var offset = 0; offset + CodeLength <= chunk.Length; offset += CodeLength)
                {
                    owners[Encoding.ASCII.GetString(chunk, offset, CodeLength)] = claim.Owner;
                }
            }
        }

        return owners;
    }

    public async Task<IReadOnlyList<ClaimConflict>> ClaimAsync(Period period, string owner, string version, IReadOnlyCollection<string> creditCodes,
        ClaimInForce inForce, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(StorageNames.FirmClaimsTable, cancellationToken).ConfigureAwait(false);
        var mine = creditCodes as HashSet<string> ?? new HashSet<string>(creditCodes, StringComparer.Ordinal);
        var set = Guid.NewGuid().ToString("N");
        await WriteSetAsync(table, period, set, mine, cancellationToken).ConfigureAwait(false);

        // Code sets never change once written, so what another claim's set shares with ours is read once.
        var shared = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        for (var attempt = 0; attempt < MaxRegistryAttempts; attempt++)
        {
            var (claims, etag) = await ReadRegistryAsync(table, period, cancellationToken).ConfigureAwait(false);
            var conflicts = new List<ClaimConflict>();
            var dead = new List<RegisteredClaim>();
            // A file's own claims, and those of the source's other files of the period (its xlsx, xls, csv: one filing, of which
            // one is in force), never conflict with it.
            foreach (var claim in claims.Where(c => c.Owner != owner && !FilingPrecedence.SameFiling(c.Owner, owner)))
            {
                if (!shared.TryGetValue(claim.Set, out var common))
                {
                    common = await SharedCodesAsync(table, period, claim.Set, mine, cancellationToken).ConfigureAwait(false);
                    shared[claim.Set] = common;
                }

                if (common.Count == 0)
                {
                    continue;
                }

                if (await inForce(claim.Owner, claim.Version, cancellationToken).ConfigureAwait(false))
                {
                    conflicts.AddRange(common.Select(code => new ClaimConflict(code, claim.Owner, claim.Version)));
                }
                else
                {
                    // Left behind by an attempt that failed or crashed before releasing it.
                    dead.Add(claim);
                }
            }

            if (conflicts.Count > 0)
            {
                await DeleteSetAsync(table, period, set, cancellationToken).ConfigureAwait(false);
                // A firm held by two claims (a file's version in force and its correction being read) is one conflict.
                return [.. conflicts.GroupBy(c => c.CreditCode, StringComparer.Ordinal).Select(g => g.First()).OrderBy(c => c.CreditCode, StringComparer.Ordinal)];
            }

            var replaced = claims.Where(c => c.Owner == owner && c.Version == version).ToList();
            var next = claims.Except(dead).Except(replaced).Append(new RegisteredClaim(owner, version, set, mine.Count)).ToList();
            if (await TryWriteRegistryAsync(table, period, next, etag, cancellationToken).ConfigureAwait(false))
            {
                await DeleteSetsAsync(table, period, dead.Concat(replaced), cancellationToken).ConfigureAwait(false);
                return [];
            }

            await Task.Delay(Backoff(attempt), cancellationToken).ConfigureAwait(false);
        }

        throw new InvalidOperationException($"the firm claims of {period} kept changing; gave up after {MaxRegistryAttempts} attempts");
    }

    public async Task PruneAsync(Period period, string owner, ClaimInForce inForce, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(StorageNames.FirmClaimsTable, cancellationToken).ConfigureAwait(false);
        for (var attempt = 0; attempt < MaxRegistryAttempts; attempt++)
        {
            var (claims, etag) = await ReadRegistryAsync(table, period, cancellationToken).ConfigureAwait(false);
            var dead = new List<RegisteredClaim>();
            foreach (var claim in claims.Where(c => c.Owner == owner))
            {
                if (!await inForce(claim.Owner, claim.Version, cancellationToken).ConfigureAwait(false))
                {
                    dead.Add(claim);
                }
            }

            if (dead.Count == 0)
            {
                return;
            }

            if (await TryWriteRegistryAsync(table, period, [.. claims.Except(dead)], etag, cancellationToken).ConfigureAwait(false))
            {
                await DeleteSetsAsync(table, period, dead, cancellationToken).ConfigureAwait(false);
                return;
            }

            await Task.Delay(Backoff(attempt), cancellationToken).ConfigureAwait(false);
        }

        throw new InvalidOperationException($"the firm claims of {period} kept changing; gave up after {MaxRegistryAttempts} attempts");
    }

    private static TimeSpan Backoff(int attempt) =>
        TimeSpan.FromMilliseconds(Random.Shared.Next(5, 20) * Math.Min(attempt + 1, 10));

    private static async Task<(List<RegisteredClaim> Claims, ETag? ETag)> ReadRegistryAsync(TableClient table, Period period, CancellationToken cancellationToken)
    {
        var response = await table.GetEntityIfExistsAsync<TableEntity>(period.ToString(), RegistryKey, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!response.HasValue)
        {
            return ([], null);
        }

        var entity = response.Value!;
        var claims = JsonSerializer.Deserialize<List<RegisteredClaim>>(LongText.Join(entity, "Claims"), s_json) ?? [];
        return (claims, entity.ETag);
    }

    /// <summary>Replaces the registry if it is still as read (<paramref name="etag"/> null: if it does not exist yet).</summary>
    private static async Task<bool> TryWriteRegistryAsync(TableClient table, Period period, List<RegisteredClaim> claims, ETag? etag, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(period.ToString(), RegistryKey) { ["Count"] = claims.Count };
        LongText.Split(entity, "Claims", JsonSerializer.Serialize(claims, s_json));
        try
        {
            if (etag is { } match)
            {
                await table.UpdateEntityAsync(entity, match, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await table.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
            }

            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412 or 404)
        {
            return false;
        }
    }

    private static string SetPartition(Period period, string set) => $"{period}|{set}";

    private static string SetFilter(Period period, string set) => TableClient.CreateQueryFilter($"PartitionKey eq {SetPartition(period, set)}");

    private static async Task WriteSetAsync(TableClient table, Period period, string set, HashSet<string> codes, CancellationToken cancellationToken)
    {
        var partition = SetPartition(period, set);
        var chunks = codes.Order(StringComparer.Ordinal).Chunk(CodesPerChunk).Select((chunk, index) =>
        {
            var bytes = new byte[chunk.Length * CodeLength];
            for (var i = 0; i < chunk.Length; i++)
            {
                if (chunk[i].Length != CodeLength || Encoding.ASCII.GetBytes(chunk[i], bytes.AsSpan(i * CodeLength, CodeLength)) != CodeLength)
                {
                    throw new ArgumentException($"'{chunk[i]}' is not an 18-character credit code", nameof(codes));
                }
            }

            return new TableEntity(partition, index.ToString("D5", CultureInfo.InvariantCulture)) { ["Codes"] = bytes, ["Count"] = chunk.Length };
        });

        // The set is referenced only once the registry names it, so its chunks need not land together.
        foreach (var batch in chunks.Chunk(ChunksPerTransaction))
        {
            await table.SubmitTransactionAsync(batch.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, e)), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>A stored code set's chunks: <see cref="CodeLength"/> ASCII bytes per credit code.</summary>
    private static async IAsyncEnumerable<byte[]> ChunksAsync(TableClient table, Period period, string set,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var e in table.QueryAsync<TableEntity>(SetFilter(period, set), select: ["Codes"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            yield return e.GetBinary("Codes") ?? [];
        }
    }

    /// <summary>The codes of a stored set that are also in <paramref name="mine"/>, without a string per code read.</summary>
    private static async Task<List<string>> SharedCodesAsync(TableClient table, Period period, string set, HashSet<string> mine, CancellationToken cancellationToken)
    {
        var shared = new List<string>();
        var lookup = mine.GetAlternateLookup<ReadOnlySpan<char>>();
        await foreach (var chunk in ChunksAsync(table, period, set, cancellationToken).ConfigureAwait(false))
        {
            Collect(chunk, lookup, shared);
        }

        return shared;
    }

    private static void Collect(byte[] bytes, HashSet<string>.AlternateLookup<ReadOnlySpan<char>> lookup, List<string> shared)
    {
        Span<char> code = stackalloc char[CodeLength];
        for (var offset = 0; offset + CodeLength <= bytes.Length; offset += CodeLength)
        {
            Encoding.ASCII.GetChars(bytes.AsSpan(offset, CodeLength), code);
            if (lookup.TryGetValue(code, out var match))
            {
                shared.Add(match);
            }
        }
    }

    private static async Task DeleteSetsAsync(TableClient table, Period period, IEnumerable<RegisteredClaim> claims, CancellationToken cancellationToken)
    {
        foreach (var claim in claims)
        {
            await DeleteSetAsync(table, period, claim.Set, cancellationToken).ConfigureAwait(false);
        }
    }

    private static Task DeleteSetAsync(TableClient table, Period period, string set, CancellationToken cancellationToken) =>
        TableBatches.DeleteWhereAsync(table, SetFilter(period, set), cancellationToken);

    /// <summary>One entry of a period's registry: <paramref name="Owner"/>'s version <paramref name="Version"/> holds the codes of set <paramref name="Set"/>.</summary>
    private sealed record RegisteredClaim(string Owner, string Version, string Set, int Count);
}
