using Cultivation.Domain.Progress;
using Cultivation.Domain.Targets;
using static Cultivation.Domain.Tests.Progress.FirmRowBuilder;

namespace Cultivation.Domain.Tests.Progress;

public class StatusTests
{
    private static readonly RuleOptions s_options = new();

    [Theory]
    [InlineData(100, ProgressStatus.Achieved)]
    [InlineData(50, ProgressStatus.OnTrack)]
    [InlineData(40, ProgressStatus.AtRisk)]
    [InlineData(39, ProgressStatus.Behind)]
    public void Grades_a_count_against_target_and_expected(int achieved, string status) =>
        Assert.Equal(status, ProgressCalculator.CountStatus(achieved, 100m, 50m, s_options));

    [Fact]
    public void Expects_the_default_profile_share_of_the_target_by_quarter()
    {
        var rows = Enumerable.Range(1, 41).Select(n => Row(Code(n), since: 2022)).ToArray();
        var scenario = new Scenario()
            .Quarter("2022Q1")
            .Quarter("2022Q2", rows)
            .Target(TargetRules.AboveScaleUpgrades, 100m);

        var target = scenario.Compute().Progress.Targets[0];

        Assert.Equal((41, 50m, ProgressStatus.AtRisk, "有风险"), (target.Achieved!.Value, target.Expected!.Value, target.Status, target.StatusName));
    }

    [Fact]
    public void Keeps_the_expected_figure_unrounded()
    {
        var scenario = new Scenario().Quarter("2022Q3").Target(TargetRules.Recognitions, 3m, parameters: (TargetRules.RecognitionParameter, "小巨人"));

        var target = scenario.Compute().Progress.Targets[0];

        Assert.Equal(2.25m, target.Expected);
        Assert.Equal(ProgressStatus.Behind, target.Status);
    }

    [Fact]
    public void Is_on_track_with_nothing_at_the_second_quarter_of_a_profile_that_expects_nothing_yet()
    {
        var scenario = new Scenario()
            .Quarter("2022Q1")
            .Quarter("2022Q2")
            .Target(TargetRules.Recognitions, 2m, profile: [0m, 0m, 0.5m, 1m], parameters: (TargetRules.RecognitionParameter, "小巨人"));

        var target = scenario.Compute().Progress.Targets[0];

        Assert.Equal((0, 0m, ProgressStatus.OnTrack, "进度正常"), (target.Achieved!.Value, target.Expected!.Value, target.Status, target.StatusName));
    }

    [Fact]
    public void Paces_a_profile_in_the_third_quarter()
    {
        var scenario = new Scenario()
            .Quarter("2022Q3", Row(Code(1), recognitions: "小巨人:2022"))
            .Target(TargetRules.Recognitions, 2m, profile: [0m, 0m, 0.5m, 1m], parameters: (TargetRules.RecognitionParameter, "小巨人"));

        var target = scenario.Compute().Progress.Targets[0];

        Assert.Equal((1, 1m, ProgressStatus.OnTrack), (target.Achieved!.Value, target.Expected!.Value, target.Status));
    }

    [Fact]
    public void Names_every_status_in_chinese()
    {
        Assert.Equal(
            ["已完成", "进度正常", "有风险", "滞后"],
            new[] { ProgressStatus.Achieved, ProgressStatus.OnTrack, ProgressStatus.AtRisk, ProgressStatus.Behind }.Select(ProgressStatus.ChineseName));
    }
}
