using System.Globalization;
using Cultivation.Domain.Progress;
using Spectre.Console;

namespace Cultivation.Cli.Views;

/// <summary>Progress as people take it in: one table of targets with bars, per-town charts, the firms counted.</summary>
public static class ProgressViews
{
    public static void PrintYear(YearProgress p)
    {
        AnsiConsole.Write(new Rule($"[bold]{p.Year}年企业梯度培育目标进度[/]  截至 {p.AsOf ?? "（尚无完整季度）"}").LeftJustified());
        if (p.NextPeriod is { } next)
        {
            AnsiConsole.MarkupLine($"下一季度 {next.Period}：已报 {next.Filed}/{next.Of} 个镇街" +
                (next.Missing.Count > 0 ? $"，未报：{Markup.Escape(string.Join("、", next.Missing))}" : string.Empty));
        }

        var table = new Table().AddColumns("指标", "完成", "应完成", "目标", "进度", "状态");
        foreach (var t in p.Targets)
        {
            var isRatio = t.Kind == ProgressStatus.Ratio;
            var done = isRatio ? t.Value ?? 0 : t.Achieved ?? 0;
            var share = t.Target == 0 ? 1 : Math.Clamp(done / t.Target, 0, 1);
            table.AddRow(
                Markup.Escape(t.Name),
                isRatio ? $"{N(t.Value)} {Markup.Escape(t.Unit)}" : $"{t.Achieved} {Markup.Escape(t.Unit)}",
                isRatio ? "-" : N(t.Expected),
                (t.TargetText == "all" ? $"全部({N(t.Target)})" : N(t.Target)) + (isRatio && t.Baseline is { } b ? $"（上年 {N(b)}）" : string.Empty),
                Bar(share, t.Status),
                StatusMarkup(t));
        }

        AnsiConsole.Write(table);
        foreach (var t in p.Targets.Where(t => t.ByTown is { Count: > 0 } && t.Kind == ProgressStatus.Count).Take(1))
        {
            AnsiConsole.MarkupLine($"[grey]各镇街（{Markup.Escape(t.Name)}）：{Markup.Escape(string.Join("  ", t.ByTown!.Select(x => $"{x.Town} {x.Achieved}")))}[/]");
        }
    }

    public static void PrintDetail(TargetDetail d)
    {
        PrintYear(new YearProgress { Year = 0, AsOf = null, ComputedAt = default, NextPeriod = null, Targets = [d] });
        if (d.ByTown is { Count: > 0 })
        {
            var chart = new BarChart().Label("各镇街 / by town").Width(70);
            foreach (var t in d.ByTown)
            {
                chart.AddItem(t.Town, t.Achieved, Color.SteelBlue);
            }

            AnsiConsole.Write(chart);
        }

        var firms = new Table().Title($"计入的企业 ({d.Firms.Count})").AddColumns("统一社会信用代码", "企业名称", "镇街");
        foreach (var f in d.Firms.Take(50))
        {
            firms.AddRow(f.CreditCode, Markup.Escape(f.Name), Markup.Escape(f.Town));
        }

        AnsiConsole.Write(firms);
        if (d.Firms.Count > 50)
        {
            AnsiConsole.MarkupLine($"[grey]……另有 {d.Firms.Count - 50} 家（--json 输出全部）[/]");
        }

        if (d.Pool is { Count: > 0 } pool)
        {
            var t = new Table().Title("小升规培育库（按年化营业收入排名）").AddColumns("名次", "企业名称", "镇街", "年化营业收入(万元)");
            foreach (var f in pool.Take(20))
            {
                t.AddRow(f.Rank.ToString(CultureInfo.InvariantCulture), Markup.Escape(f.Name), Markup.Escape(f.Town), N(f.AnnualisedRevenue));
            }

            AnsiConsole.Write(t);
        }

        if (d.NotCleared is { Count: > 0 } notCleared)
        {
            var t = new Table().Title("尚未出清的低效企业").AddColumns("企业名称", "镇街", "原因");
            foreach (var f in notCleared)
            {
                t.AddRow(Markup.Escape(f.Name), Markup.Escape(f.Town), Markup.Escape(f.Reason));
            }

            AnsiConsole.Write(t);
        }

        if (d.Projected is { Count: > 0 } projected)
        {
            AnsiConsole.MarkupLine($"预计突破：{Markup.Escape(string.Join("、", projected.Select(f => f.Name)))}");
        }
    }

    private static string Bar(decimal share, string status)
    {
        const int width = 10;
        var filled = (int)Math.Round(share * width, MidpointRounding.AwayFromZero);
        var colour = status switch
        {
            ProgressStatus.Achieved or ProgressStatus.OnTrack => "green",
            ProgressStatus.AtRisk => "yellow",
            ProgressStatus.NoData => "grey",
            _ => "red",
        };
        return $"[{colour}]{new string('█', filled)}[/][grey]{new string('░', width - filled)}[/] {share * 100:0}%";
    }

    private static string StatusMarkup(TargetProgress t) => t.Status switch
    {
        ProgressStatus.Achieved => $"[green]{t.StatusName}[/]",
        ProgressStatus.OnTrack => $"[green]{t.StatusName}[/]",
        ProgressStatus.AtRisk => $"[yellow]{t.StatusName}[/]",
        ProgressStatus.NoData => $"[grey]{t.StatusName}[/]",
        _ => $"[red]{t.StatusName}[/]",
    };

    public static string N(decimal? value) => value is null ? "-" : value.Value.ToString("#,0.##", CultureInfo.InvariantCulture);
}
