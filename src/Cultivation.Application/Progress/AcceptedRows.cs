using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Cultivation.Application.Storage;
using Cultivation.Domain.Filings;
using Cultivation.Domain.Periods;
using Cultivation.Domain.Progress;

namespace Cultivation.Application.Progress;

/// <summary>
/// The rows of the accepted filing versions in force, period by period. A version's rows never
/// change, so they are cached by (blob, SHA-256): a recompute after one new file reads only that file.
/// </summary>
public sealed class AcceptedRows(IFilingLedger ledger, IFirmRowStore rows)
{
    private const int MaxCachedVersions = 512;
    private readonly ConcurrentDictionary<(string Blob, string Sha), IReadOnlyList<Domain.Firms.FirmRow>> _cache = new();

    /// <summary>The accepted entries of the given periods, and a stamp that changes whenever any of them does.</summary>
    public async Task<(IReadOnlyList<LedgerEntry> Entries, string Stamp)> AcceptedAsync(IEnumerable<Period> periods, CancellationToken cancellationToken)
    {
        var entries = new List<LedgerEntry>();
        foreach (var period in periods)
        {
            entries.AddRange((await ledger.ListAsync(period, cancellationToken).ConfigureAwait(false)).Where(InForce));
        }

        var text = string.Join('\n', entries.Select(e => $"{e.BlobName}={e.CurrentSha}").Order(StringComparer.Ordinal));
        return (entries, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..32]);
    }

    public async Task<IReadOnlyList<FiledRow>> RowsAsync(IReadOnlyList<LedgerEntry> entries, CancellationToken cancellationToken)
    {
        var result = new List<FiledRow>();
        foreach (var entry in entries)
        {
            if (entry.CurrentSha is not { } sha || !FilingName.TryParse(entry.BlobName, out var name, out _))
            {
                continue;
            }

            var versionRows = await VersionRowsAsync(name, entry, keep: true, cancellationToken).ConfigureAwait(false);
            result.AddRange(versionRows.Select(r => new FiledRow(name.Period, name.Source, r)));
        }

        return result;
    }

    /// <summary>
    /// The rows of the entry's version in force (it must have one): cached, or read from storage and cached only when
    /// <paramref name="keep"/> (a pass over every file, such as rebuilding the enterprise index, would only push out the
    /// versions the next recompute needs).
    /// </summary>
    public async Task<IReadOnlyList<Domain.Firms.FirmRow>> VersionRowsAsync(FilingName name, LedgerEntry entry, bool keep, CancellationToken cancellationToken)
    {
        var sha = entry.CurrentSha ?? throw new ArgumentException($"{entry.BlobName} has no version in force", nameof(entry));
        if (_cache.TryGetValue((entry.BlobName, sha), out var cached))
        {
            return cached;
        }

        var list = new List<Domain.Firms.FirmRow>(entry.CurrentRows);
        await foreach (var row in rows.ReadAsync(name, sha, entry.CurrentShards, cancellationToken).ConfigureAwait(false))
        {
            list.Add(row);
        }

        return keep ? Remember(entry.BlobName, sha, list) : list;
    }

    /// <summary>
    /// Keeps the rows of a version just written, so that the recompute that follows its ingestion in this
    /// process does not read them back from storage (for a 100,000-row file that read cost as much as the write).
    /// They are the same rows either way: every field round-trips through the table entity.
    /// </summary>
    public void Remember(string blobName, string sha, IReadOnlyList<Domain.Firms.FirmRow> versionRows) => Remember(blobName, sha, versionRows.ToList());

    private List<Domain.Firms.FirmRow> Remember(string blobName, string sha, List<Domain.Firms.FirmRow> versionRows)
    {
        // One order whichever way the rows arrived (file order here, shard then code from storage).
        versionRows.Sort((a, b) => string.CompareOrdinal(a.CreditCode.Value, b.CreditCode.Value));
        if (_cache.Count >= MaxCachedVersions)
        {
            _cache.Clear();
        }

        _cache[(blobName, sha)] = versionRows;
        return versionRows;
    }

    /// <summary>The entry has a version in force: an accepted version whose rows count.</summary>
    public static bool InForce(LedgerEntry entry) => entry.CurrentSha is not null;

    /// <summary>Which sources have an accepted filing in each period (decides complete quarters).</summary>
    public static IReadOnlyDictionary<Period, IReadOnlySet<string>> SourcesByPeriod(IEnumerable<LedgerEntry> entries) =>
        entries.Where(e => e.Period is not null)
            .GroupBy(e => e.Period!.Value)
            .ToDictionary(g => g.Key, g => (IReadOnlySet<string>)g.Select(e => e.Source).ToHashSet(StringComparer.Ordinal));

    /// <summary>
    /// The periods a year's progress reads: the year, last year (小升规, 10亿 and the baselines look back)
    /// and the year before (last year's trend, 同比, applies the same rules one year earlier).
    /// </summary>
    public static IEnumerable<Period> PeriodsFor(int year) =>
        Enumerable.Range(year - 2, 3).SelectMany(y => Enumerable.Range(1, 4).Select(q => new Period(y, q)));
}
