namespace Cultivation.Integration.Tests.Cli;

/// <summary>SPEC §7: help for the tool and for each command, Chinese first and English second; no storage needed for it.</summary>
public sealed class CliHelpTests
{
    public static TheoryData<string> Commands =>
    [
        "upload", "ingest", "reconcile", "filings", "report", "progress", "enterprise", "low-efficiency", "export",
        "targets load", "recompute", "alerts preview", "alerts send", "demo",
        "template",
    ];

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task Every_command_has_its_own_help_with_its_usage_and_the_common_options(string command)
    {
        var run = await HelpAsync([.. command.Split(' '), "--help"]);

        Assert.Equal(0, run.Exit);
        Assert.StartsWith($"用法 Usage: cultivation {command}", run.Out, StringComparison.Ordinal);
        Assert.Contains("选项 Options:", run.Out, StringComparison.Ordinal);
        Assert.Contains("  --json ", run.Out, StringComparison.Ordinal);
        Assert.Contains("  --now <ISO date-time>", run.Out, StringComparison.Ordinal);
        Assert.Contains("退出码 Exit codes: 0 成功 ok", run.Out, StringComparison.Ordinal);
        Assert.Empty(run.Err);
    }

    [Fact]
    public async Task Command_help_says_it_in_chinese_first_then_in_english()
    {
        var run = await HelpAsync(["low-efficiency", "-h"]);

        Assert.Equal(0, run.Exit);
        var lines = run.Out.Split('\n').Select(l => l.Trim()).ToList();
        Assert.Equal("用法 Usage: cultivation low-efficiency <year> Q<q> [--town <T>]", lines[0]);
        Assert.Equal("亩均税收低于阈值的低效企业，最低的在前", lines[2]);
        Assert.Equal("firms under the 亩均税收 threshold, lowest first", lines[3]);
        var town = lines.FindIndex(l => l.StartsWith("--town <T>", StringComparison.Ordinal));
        Assert.EndsWith("只列一个镇街的企业，如 东城街道", lines[town], StringComparison.Ordinal);
        Assert.Equal("only the firms of one town, e.g. 东城街道", lines[town + 1]);
    }

    [Fact]
    public async Task The_tools_help_lists_every_command_with_its_usage()
    {
        var run = await HelpAsync(["--help"]);

        Assert.Equal(0, run.Exit);
        foreach (var usage in new[]
        {
            "upload <file or folder>… [--period <2022Q2>]", "ingest <blob name>", "reconcile", "filings <year> Q<q>", "report <blob name>",
            "progress <year> [<targetId>]", "enterprise <creditCode>", "low-efficiency <year> Q<q> [--town <T>]", "targets load <file>",
            "recompute <year>", "alerts preview [--out <FILE.html>]", "alerts send", "demo",
            "report <blob name> [--xlsx] [--out <FILE.xlsx>]", "template <year> Q<q> <source> [--out <FILE.xlsx>]",
        })
        {
            Assert.Contains("\n  " + usage + " ", run.Out, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Without_a_command_it_prints_the_help_and_exits_2()
    {
        var run = await HelpAsync([]);

        Assert.Equal(2, run.Exit);
        Assert.StartsWith("cultivation — 企业梯度培育目标跟踪", run.Out, StringComparison.Ordinal);
    }

    // Help reads no configuration: no storage connection at all.
    private static Task<CliRun> HelpAsync(string[] args) => CliProcess.RunAsync(args, connection: null, prefix: "unused");
}
