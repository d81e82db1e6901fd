using System.Globalization;
using Cultivation.Application.Leaders;
using Cultivation.Application.Progress;
using Cultivation.Application.Storage;
using Cultivation.Domain.Filings;
using Cultivation.Domain.Periods;
using Cultivation.Domain.Progress;

namespace Cultivation.Application.Alerts;

/// <summary>Builds the weekly digest from what is stored; pure, so that every rule is unit-tested.</summary>
public static class DigestBuilder
{
    public const string PoolTargetId = "above-scale-upgrades";

    /// <summary>The ISO week of <paramref name="now"/> in <paramref name="zone"/>, e.g. <c>2022-W42</c>.</summary>
    public static (string Key, int IsoYear, int Week, DateOnly LocalDate) WeekOf(DateTimeOffset now, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(now, zone).DateTime;
        var isoYear = ISOWeek.GetYear(local);
        var week = ISOWeek.GetWeekOfYear(local);
        return (string.Create(CultureInfo.InvariantCulture, $"{isoYear}-W{week:00}"), isoYear, week, DateOnly.FromDateTime(local));
    }

    /// <summary>The day a quarter's filings are due: <paramref name="deadlineDay"/> of the month after the quarter.</summary>
    public static DateOnly DeadlineOf(Period period, int deadlineDay)
    {
        var month = period.LastDay.AddDays(1);
        return month.AddDays(Math.Clamp(deadlineDay, 1, DateTime.DaysInMonth(month.Year, month.Month)) - 1);
    }

    /// <summary>The latest quarter whose deadline has passed on <paramref name="localDate"/> (the deadline day itself still counts as on time).</summary>
    public static Period DuePeriod(DateOnly localDate, int deadlineDay)
    {
        var previous = new Period(localDate.Year, ((localDate.Month - 1) / 3) + 1).Previous;
        return localDate > DeadlineOf(previous, deadlineDay) ? previous : previous.Previous;
    }

    /// <summary>Towns without an accepted version in force for the period, in the configured order.</summary>
    public static IReadOnlyList<string> LateTowns(IReadOnlyList<string> towns, IEnumerable<LedgerEntry> filingsOfPeriod)
    {
        var filed = filingsOfPeriod.Where(e => e.CurrentSha is not null).Select(e => e.Source).ToHashSet(StringComparer.Ordinal);
        return [.. towns.Where(t => !filed.Contains(t))];
    }

    /// <summary>What "since the last digest" means: since its snapshot; without one, the past week.</summary>
    public static DateTimeOffset ChangesSince(DigestSnapshot? previous, DateTimeOffset now) => previous?.TakenAt ?? now.AddDays(-7);

    public static WeeklyDigest Build(DigestInputs inputs)
    {
        var (key, isoYear, week, localDate) = WeekOf(inputs.Now, inputs.TimeZone);
        var progress = inputs.Progress;
        var previous = inputs.Previous;
        var due = DuePeriod(localDate, inputs.DeadlineDay);

        var targets = (progress?.Targets ?? [])
            .Select(t => new DigestTarget(t.Id, t.Name, t.Kind, t.Unit, t.Target, t.TargetText, t.Achieved, t.Expected, t.Value, t.Status, t.StatusName)
            {
                TownRanking = t.ByTown is { } towns && towns.Any(b => b.Share is not null) ? towns : null,
                Trend = TargetTrend.Of(progress!, t.Id),
            })
            .OrderBy(t => t.Status switch { ProgressStatus.Behind => 0, ProgressStatus.AtRisk => 1, _ => 2 })
            .ToList();

        var counted = inputs.Details
            .Where(d => d.Kind == ProgressStatus.Count)
            .ToDictionary(d => d.Id, d => d.Firms, StringComparer.Ordinal);

        // Another year's codes say nothing about this year's newcomers: compare within a year only.
        var comparable = previous is not null && previous.Year == progress?.Year;
        var newFirms = new List<TargetChange>();
        var newlyCleared = new List<DigestFirm>();
        if (previous is not null)
        {
            foreach (var detail in inputs.Details.Where(d => d.Kind == ProgressStatus.Count))
            {
                var before = comparable && previous.Counted.TryGetValue(detail.Id, out var codes)
                    ? codes.ToHashSet(StringComparer.Ordinal)
                    : [];
                var added = detail.Firms
                    .Where(f => !before.Contains(f.CreditCode))
                    .Select(f => new DigestFirm(f.CreditCode, f.Name, f.Town))
                    .ToList();

                // The clearing target (the one with a not-cleared list) is what "newly cleared" means: a firm that
                // merely left the flagged list (stopped filing, lost its land figure) is not cleared.
                if (detail.NotCleared is not null)
                {
                    newlyCleared.AddRange(added);
                }
                else if (added.Count > 0)
                {
                    newFirms.Add(new TargetChange(detail.Id, detail.Name, added));
                }
            }
        }

        var flaggedNow = inputs.LowEfficiency?.Firms ?? [];
        var newlyFlagged = new List<LowEfficiencyFirm>();
        if (previous is not null)
        {
            var before = previous.Flagged.Select(f => f.CreditCode).ToHashSet(StringComparer.Ordinal);
            newlyFlagged.AddRange(flaggedNow.Where(f => !before.Contains(f.CreditCode)));
        }

        var since = ChangesSince(previous, inputs.Now);
        var rejected = inputs.Versions
            .Where(v => v.Status == FilingStatus.Rejected && v.IngestedAt > since && v.IngestedAt <= inputs.Now)
            .OrderBy(v => v.IngestedAt)
            .ThenBy(v => v.BlobName, StringComparer.Ordinal)
            .Select(v => new RejectedFiling(v.BlobName, v.Source, v.Period?.ToString(), v.IngestedAt, v.Errors, v.FirstError))
            .ToList();

        var pool = inputs.Details.FirstOrDefault(d => d.Id == PoolTargetId)?.Pool ?? [];

        return new WeeklyDigest
        {
            Week = key,
            IsoYear = isoYear,
            WeekNumber = week,
            LocalDate = localDate,
            CityName = inputs.CityName,
            RegionCode = inputs.RegionCode,
            Year = progress?.Year,
            AsOf = progress?.AsOf,
            Targets = targets,
            HasPrevious = previous is not null,
            PreviousWeek = previous?.Week,
            NewFirms = newFirms,
            NewlyFlagged = newlyFlagged,
            NewlyCleared = [.. newlyCleared.DistinctBy(f => f.CreditCode)],
            PastCorrections = PastChanges(previous?.InForce, inputs.Filings, due),
            Rejected = rejected,
            DuePeriod = due.ToString(),
            DueDate = DeadlineOf(due, inputs.DeadlineDay),
            LateTowns = LateTowns(inputs.Towns, inputs.DueFilings),
            Pool = [.. pool.OrderBy(p => p.Rank).Take(Math.Max(0, inputs.PoolTop))],
            ListTop = Math.Max(1, inputs.ListTop),
            Snapshot = new DigestSnapshot
            {
                Week = key,
                TakenAt = inputs.Now,
                Year = progress?.Year,
                AsOf = progress?.AsOf,
                Counted = counted.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<string>)[.. kv.Value.Select(f => f.CreditCode).Distinct().Order(StringComparer.Ordinal)], StringComparer.Ordinal),
                Flagged = [.. flaggedNow.Select(f => new DigestFirm(f.CreditCode, f.Name, f.Town))],
                InForce = InForce(inputs.Filings),
            },
        };
    }

    /// <summary>
    /// 往期报送更正: the filings of quarters before <paramref name="due"/> whose version in force changed since the
    /// snapshot: corrected (another version), withdrawn (none any more) or filed late (none before). Past periods stay
    /// open (SPEC §3), and a change there can move this year's baseline, so leaders are told. Nothing without a
    /// snapshot that kept the filings to compare with.
    /// </summary>
    public static IReadOnlyList<PastFilingChange> PastChanges(IReadOnlyDictionary<string, string>? before, IEnumerable<LedgerEntry> filings, Period due)
    {
        if (before is null)
        {
            return [];
        }

        // A withdrawn filing may have left the ledger altogether: go by the names on either side, source by source and period
        // (of a source's files of a period one is in force: its xlsx re-saved as xls is a correction, not a withdrawal and a late filing).
        var was = BySource(before);
        var now = BySource(InForce(filings));
        var changes = new List<PastFilingChange>();
        foreach (var key in was.Keys.Union(now.Keys).Where(k => k.Period < due))
        {
            var (wasInForce, isInForce) = (was.TryGetValue(key, out var old), now.TryGetValue(key, out var current));
            var kind = (wasInForce, isInForce) switch
            {
                (true, true) when old != current => PastFilingChangeKinds.Corrected,
                (true, false) => PastFilingChangeKinds.Withdrawn,
                (false, true) => PastFilingChangeKinds.FiledLate,
                _ => null,
            };
            if (kind is not null)
            {
                changes.Add(new PastFilingChange(isInForce ? current.BlobName : old.BlobName, key.Source, key.Period.ToString(), kind));
            }
        }

        return [.. changes.OrderBy(c => c.Period, StringComparer.Ordinal).ThenBy(c => c.BlobName, StringComparer.Ordinal)];
    }

    private static Dictionary<(Period Period, string Source), (string BlobName, string Sha)> BySource(IReadOnlyDictionary<string, string> inForce)
    {
        var bySource = new Dictionary<(Period, string), (string, string)>();
        foreach (var (blobName, sha) in inForce.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            if (FilingName.TryParse(blobName, out var name, out _))
            {
                bySource.TryAdd((name.Period, name.Source), (blobName, sha));
            }
        }

        return bySource;
    }

    private static Dictionary<string, string> InForce(IEnumerable<LedgerEntry> filings) =>
        filings.Where(AcceptedRows.InForce).ToDictionary(e => e.BlobName, e => e.CurrentSha!, StringComparer.Ordinal);
}
