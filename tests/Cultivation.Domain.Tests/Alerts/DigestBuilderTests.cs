using Cultivation.Application.Alerts;
using Cultivation.Domain.Periods;
using Cultivation.Domain.Progress;
using static Cultivation.Domain.Tests.Alerts.DigestSamples;

namespace Cultivation.Domain.Tests.Alerts;

public sealed class DigestBuilderTests
{
    [Fact]
    public void Week_is_reckoned_in_China_time_so_Sunday_evening_UTC_is_already_Monday()
    {
        // Sunday 2022-10-16 23:30 UTC is Monday 2022-10-17 07:30 in Shanghai: ISO week 42, not 41.
        var (key, isoYear, week, date) = DigestBuilder.WeekOf(new DateTimeOffset(2022, 10, 16, 23, 30, 0, TimeSpan.Zero), China);

        Assert.Equal("2022-W42", key);
        Assert.Equal((2022, 42), (isoYear, week));
        Assert.Equal(new DateOnly(2022, 10, 17), date);
        Assert.Equal("2022-W41", DigestBuilder.WeekOf(new DateTimeOffset(2022, 10, 16, 15, 59, 0, TimeSpan.Zero), China).Key);
    }

    [Fact]
    public void Week_key_uses_the_ISO_year_at_the_turn_of_the_year()
    {
        // 2021-01-03 (a Sunday) still belongs to ISO week 53 of 2020.
        Assert.Equal("2020-W53", DigestBuilder.WeekOf(new DateTimeOffset(2021, 1, 3, 4, 0, 0, TimeSpan.Zero), China).Key);
        Assert.Equal("2021-W01", DigestBuilder.WeekOf(new DateTimeOffset(2021, 1, 3, 16, 0, 0, TimeSpan.Zero), China).Key);
    }

    [Theory]
    [InlineData("2022-10-17", "2022Q3")]
    [InlineData("2022-10-16", "2022Q3")]
    [InlineData("2022-10-15", "2022Q2")]
    [InlineData("2022-10-01", "2022Q2")]
    [InlineData("2023-01-16", "2022Q4")]
    [InlineData("2023-01-10", "2022Q3")]
    public void Due_period_is_the_latest_quarter_whose_deadline_has_passed(string date, string expected)
    {
        Assert.Equal(expected, DigestBuilder.DuePeriod(DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture), 15).ToString());
    }

    [Fact]
    public void Late_towns_are_those_without_an_accepted_filing_for_the_due_quarter()
    {
        var q3 = new Period(2022, 3);
        var inputs = Inputs() with
        {
            // 07:00 on 2022-10-16 UTC is already past midnight in China on the 16th: the Q3 deadline (15th) has passed.
            Now = new DateTimeOffset(2022, 10, 16, 7, 0, 0, TimeSpan.Zero),
            DueFilings = [.. Inputs().Towns.Where(t => t is not "唐先镇" and not "花街镇" and not "芝英镇").Select(t => Accepted(t, q3)), RejectedOnly("花街镇", q3)],
        };

        var digest = DigestBuilder.Build(inputs);

        Assert.Equal("2022Q3", digest.DuePeriod);
        Assert.Equal(new DateOnly(2022, 10, 15), digest.DueDate);
        Assert.Equal(["唐先镇", "花街镇", "芝英镇"], digest.LateTowns);
    }

    [Fact]
    public void Before_the_deadline_the_previous_quarter_is_the_one_checked()
    {
        // 2022-10-15 15:00 UTC is 23:00 on the 15th in China: Q3 is still on time, Q2 is checked.
        var digest = DigestBuilder.Build(Inputs(new DateTimeOffset(2022, 10, 15, 15, 0, 0, TimeSpan.Zero)));

        Assert.Equal("2022Q2", digest.DuePeriod);
        Assert.Equal(15, digest.LateTowns.Count);
    }

    [Fact]
    public void Only_targets_behind_or_at_risk_are_lagging_and_they_come_first()
    {
        var digest = DigestBuilder.Build(Inputs() with
        {
            Progress = YearOf(
                Count("above-scale-upgrades", "新增小升规企业", 100, 80, 75, ProgressStatus.OnTrack),
                Count("individual-to-enterprise", "个转企", 400, 250, 300, ProgressStatus.AtRisk),
                Ratio("tax-per-mu-average", "规上工业亩均税收", 30, 24.8m, ProgressStatus.Behind)),
        });

        Assert.Equal(["tax-per-mu-average", "individual-to-enterprise"], digest.Lagging.Select(t => t.Id));
        Assert.Equal("tax-per-mu-average", digest.Targets[0].Id);
        Assert.Equal(3, digest.Targets.Count);
    }

    [Fact]
    public void New_firms_are_those_counted_now_that_the_last_snapshot_did_not_count()
    {
        var upgrades = Count("above-scale-upgrades", "新增小升规企业", 100, 3, 75, ProgressStatus.Behind);
        var giants = Count("national-little-giants", "新增国家级专精特新\"小巨人\"", 2, 1, 1, ProgressStatus.OnTrack);
        var digest = DigestBuilder.Build(Inputs() with
        {
            Progress = YearOf(upgrades, giants),
            Details = [Detail(upgrades, Firm("A"), Firm("B"), Firm("C", "新企业")), Detail(giants, Firm("G"))],
            Previous = Snapshot(new Dictionary<string, IReadOnlyList<string>> { ["above-scale-upgrades"] = ["A", "B", "X"], ["national-little-giants"] = ["G"] }),
        });

        var change = Assert.Single(digest.NewFirms);
        Assert.Equal("above-scale-upgrades", change.TargetId);
        Assert.Equal("新企业", Assert.Single(change.Firms).Name);
        Assert.Equal(["A", "B", "C"], digest.Snapshot.Counted["above-scale-upgrades"]);
    }

    [Fact]
    public void Newly_flagged_low_efficiency_firms_compare_with_the_snapshot()
    {
        var digest = DigestBuilder.Build(Inputs() with
        {
            Progress = YearOf(),
            LowEfficiency = new LowEfficiencyList("2022Q3", 5, [Flagged("K1"), Flagged("N1", "新低效")]),
            Previous = Snapshot(new Dictionary<string, IReadOnlyList<string>>(), [new DigestFirm("K1", "旧", "西城街道"), new DigestFirm("C1", "已整改企业", "江南街道")]),
        });

        Assert.Equal("新低效", Assert.Single(digest.NewlyFlagged).Name);
        Assert.Equal(["K1", "N1"], digest.Snapshot.Flagged.Select(f => f.CreditCode));
    }

    [Fact]
    public void Newly_cleared_are_the_clearing_targets_new_firms_not_firms_that_left_the_flagged_list()
    {
        // S1 left the flagged list because it stopped filing (not cleared: in notCleared); C1 is newly cleared, C0 was before.
        var clearing = Count("low-efficiency-cleared", "出清低效企业", 40, 2, 30, ProgressStatus.Behind);
        var digest = DigestBuilder.Build(Inputs() with
        {
            Progress = YearOf(clearing),
            Details = [Detail(clearing, Firm("C0", "早已出清"), Firm("C1", "本周出清", "江南街道")) with { NotCleared = [new NotClearedFirm("S1", "停报企业", "西城街道", "无数据", "no row")] }],
            LowEfficiency = new LowEfficiencyList("2022Q3", 5, []),
            Previous = Snapshot(new Dictionary<string, IReadOnlyList<string>> { ["low-efficiency-cleared"] = ["C0"] }, [new DigestFirm("S1", "停报企业", "西城街道")]),
        });

        Assert.Equal([new DigestFirm("C1", "本周出清", "江南街道")], digest.NewlyCleared);
        Assert.Empty(digest.NewFirms);
    }

    [Fact]
    public void Past_periods_filings_corrected_withdrawn_or_filed_late_since_the_snapshot_are_named()
    {
        var q4 = new Period(2021, 4);
        var q2 = new Period(2022, 2);
        var q3 = new Period(2022, 3);
        var digest = DigestBuilder.Build(Inputs() with
        {
            Progress = YearOf(),
            Filings =
            [
                Accepted("东城街道", q4) with { CurrentSha = "new" },
                Accepted("西城街道", q4),
                RejectedOnly("江南街道", q4),
                Accepted("石柱镇", q2),
                Accepted("东城街道", q3) with { CurrentSha = "changed-in-the-due-quarter" },
            ],
            Previous = Snapshot(new Dictionary<string, IReadOnlyList<string>>()) with
            {
                InForce = new Dictionary<string, string>
                {
                    ["2021/Q4/东城街道.xlsx"] = "old",
                    ["2021/Q4/西城街道.xlsx"] = "abc",
                    ["2021/Q4/江南街道.xlsx"] = "abc",
                    ["2021/Q4/前仓镇.xlsx"] = "abc",
                    ["2022/Q3/东城街道.xlsx"] = "abc",
                },
            },
        });

        Assert.Equal(
            [
                ("2021/Q4/东城街道.xlsx", "东城街道", "2021Q4", PastFilingChangeKinds.Corrected),
                ("2021/Q4/前仓镇.xlsx", "前仓镇", "2021Q4", PastFilingChangeKinds.Withdrawn),
                ("2021/Q4/江南街道.xlsx", "江南街道", "2021Q4", PastFilingChangeKinds.Withdrawn),
                ("2022/Q2/石柱镇.xlsx", "石柱镇", "2022Q2", PastFilingChangeKinds.FiledLate),
            ],
            digest.PastCorrections.Select(c => (c.BlobName, c.Source, c.Period, c.Kind)));
        Assert.Equal(4, digest.Snapshot.InForce!.Count);
    }

    [Fact]
    public void Names_no_past_correction_when_the_last_snapshot_did_not_keep_the_filings()
    {
        var digest = DigestBuilder.Build(Inputs() with
        {
            Progress = YearOf(),
            Filings = [Accepted("东城街道", new Period(2021, 4))],
            Previous = Snapshot(new Dictionary<string, IReadOnlyList<string>>()),
        });

        Assert.Empty(digest.PastCorrections);
    }

    [Fact]
    public void Files_rejected_since_the_last_digest_are_listed_with_their_first_reason()
    {
        var last = Monday.AddDays(-7);
        var digest = DigestBuilder.Build(Inputs() with
        {
            Versions =
            [
                RejectedVersion("东城街道", last.AddHours(-1), "旧问题"),
                RejectedVersion("西城街道", last.AddDays(2), "统一社会信用代码校验位错误", errors: 3),
                RejectedVersion("江南街道", last.AddDays(3), "x") with { Status = Application.Storage.FilingStatus.Accepted },
            ],
            Previous = Snapshot(new Dictionary<string, IReadOnlyList<string>>(), at: last),
        });

        var rejected = Assert.Single(digest.Rejected);
        Assert.Equal("西城街道", rejected.Source);
        Assert.Equal("统一社会信用代码校验位错误", rejected.FirstError);
        Assert.Equal(3, rejected.Errors);
    }

    [Fact]
    public void First_digest_has_no_changes_but_still_lists_lagging_targets_and_late_towns()
    {
        var upgrades = Count("above-scale-upgrades", "新增小升规企业", 100, 3, 75, ProgressStatus.Behind);
        var digest = DigestBuilder.Build(Inputs() with { Progress = YearOf(upgrades), Details = [Detail(upgrades, Firm("A"))] });

        Assert.False(digest.HasPrevious);
        Assert.Empty(digest.NewFirms);
        Assert.Single(digest.Lagging);
        Assert.Equal(15, digest.LateTowns.Count);
    }

    [Fact]
    public void Pool_is_the_top_N_of_the_upgrades_detail()
    {
        var upgrades = Count("above-scale-upgrades", "新增小升规企业", 100, 3, 75, ProgressStatus.Behind);
        var pool = Enumerable.Range(1, 15).Select(i => new PoolFirm(i, $"P{i}", $"培育{i}", "东城街道", 2000 - i)).Reverse().ToList();
        var digest = DigestBuilder.Build(Inputs() with { PoolTop = 10, Progress = YearOf(upgrades), Details = [Detail(upgrades) with { Pool = pool }] });

        Assert.Equal(Enumerable.Range(1, 10), digest.Pool.Select(p => p.Rank));
    }
}
