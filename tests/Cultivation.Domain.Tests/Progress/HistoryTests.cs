using Cultivation.Domain.Progress;
using Cultivation.Domain.Targets;
using static Cultivation.Domain.Tests.Progress.FirmRowBuilder;

namespace Cultivation.Domain.Tests.Progress;

/// <summary>The trend: the year's progress at every complete quarter (history) and last year's with this year's rules (lastYear).</summary>
public class HistoryTests
{
    private static (int? Achieved, decimal? Expected, decimal? Value, string Status) Point(ProgressAtQuarter at, string id)
    {
        var t = at.Targets.Single(x => x.Id == id);
        return (t.Achieved, t.Expected, t.Value, t.Status);
    }

    [Fact]
    public void Gives_the_progress_at_every_complete_quarter_up_to_the_as_of_period()
    {
        // Q3 is filed by one town only: not in the trend. Q1: one upgrade, 亩均 400/10 = 40;
        // Q2: two upgrades, 亩均 (200 + 200) / 20 = 20.
        var scenario = new Scenario()
            .Quarter("2022Q1", Row(Code(1), since: 2022))
            .Quarter("2022Q2", Row(Code(1), since: 2022), Row(Code(2), since: 2022))
            .Filed("2022Q3", [East], Row(Code(1), since: 2022), Row(Code(2), since: 2022), Row(Code(3), since: 2022))
            .Target(TargetRules.AboveScaleUpgrades, 10m, id: "up")
            .Target(TargetRules.TaxPerMuAverage, 30m, id: "tax");

        var history = scenario.Compute().Progress.History;

        Assert.Equal(["2022Q1", "2022Q2"], history.Select(h => h.Period));
        Assert.Equal((1, 2.5m, null, ProgressStatus.Behind), Point(history[0], "up"));
        Assert.Equal((2, 5m, null, ProgressStatus.Behind), Point(history[1], "up"));
        Assert.Equal((null, null, 40m, ProgressStatus.Achieved), Point(history[0], "tax"));
        Assert.Equal((null, null, 20m, ProgressStatus.Behind), Point(history[1], "tax"));
    }

    [Fact]
    public void Leaves_an_incomplete_earlier_quarter_out_of_the_trend()
    {
        var scenario = new Scenario()
            .Filed("2022Q1", [East, West], Row(Code(1), since: 2022))
            .Quarter("2022Q2", Row(Code(1), since: 2022))
            .Target(TargetRules.AboveScaleUpgrades, 10m);

        Assert.Equal(["2022Q2"], scenario.Compute().Progress.History.Select(h => h.Period));
    }

    [Fact]
    public void Applies_this_years_rules_and_targets_to_last_years_filings()
    {
        // 2021: Q3 incomplete. The 2021 low-efficiency baseline is 2020Q4's flagged firm 20, cleared in 2021Q2.
        var scenario = new Scenario()
            .Quarter("2020Q4", Row(Code(20), tax: 20m, land: 10m))
            .Quarter("2021Q1", Row(Code(11), since: 2021), Row(Code(20), tax: 5m, land: 10m))
            .Quarter("2021Q2", Row(Code(11), since: 2021), Row(Code(12), since: 2021), Row(Code(20), tax: 25m, land: 10m))
            .Filed("2021Q3", [East], Row(Code(11), since: 2021))
            .Quarter("2021Q4", Row(Code(11), since: 2021), Row(Code(12), since: 2021), Row(Code(13), since: 2021), Row(Code(20), tax: 50m, land: 10m))
            .Quarter("2022Q1", Row(Code(11)), Row(Code(1), since: 2022))
            .Target(TargetRules.AboveScaleUpgrades, 10m, id: "up")
            .Target(TargetRules.LowEfficiencyCleared, null, id: "low");

        var progress = scenario.Compute().Progress;

        Assert.Equal(["2021Q1", "2021Q2", "2021Q4"], progress.LastYear.Select(h => h.Period));
        Assert.Equal([1, 2, 3], progress.LastYear.Select(h => Point(h, "up").Achieved!.Value));
        Assert.Equal([0, 1, 1], progress.LastYear.Select(h => Point(h, "low").Achieved!.Value));
        Assert.Equal((0, 0.25m, null, ProgressStatus.Behind), Point(progress.LastYear[0], "low"));
        Assert.Equal((1, 2.5m, null, ProgressStatus.Behind), Point(progress.History.Single(), "up"));
    }

    [Fact]
    public void Has_no_last_year_when_last_year_has_no_complete_quarter()
    {
        var scenario = new Scenario()
            .Filed("2021Q4", [East], Row(Code(11)))
            .Quarter("2022Q1", Row(Code(1), since: 2022))
            .Target(TargetRules.AboveScaleUpgrades, 10m);

        Assert.Empty(scenario.Compute().Progress.LastYear);
    }
}
