using System.Globalization;
using Cultivation.Application.Progress;
using Cultivation.Domain.Progress;
using Spectre.Console;

namespace Cultivation.Cli;

public sealed partial class Commands
{
    private async Task<int> ProgressAsync(IReadOnlyList<string> rest, CancellationToken cancellationToken)
    {
        if (rest.Count is < 1 or > 2 || !int.TryParse(rest[0], NumberStyles.None, CultureInfo.InvariantCulture, out var year))
        {
            throw new UsageException("progress needs a year and optionally a target id, e.g. 'progress 2022' or 'progress 2022 above-scale-upgrades'");
        }

        if (rest.Count == 2)
        {
            var detail = await progress.TargetAsync(year, rest[1], cancellationToken);
            return Answer(detail, PrintDetail);
        }

        return Answer(await progress.YearAsync(year, cancellationToken), PrintYear);
    }

    private async Task<int> EnterpriseAsync(IReadOnlyList<string> rest, CancellationToken cancellationToken)
    {
        if (rest.Count != 1)
        {
            throw new UsageException("enterprise needs one credit code");
        }

        var result = await progress.EnterpriseAsync(rest[0], cancellationToken);
        if (result.IsInvalid)
        {
            throw new UsageException(result.Problem!.ToString());
        }

        return Answer(result, history =>
        {
            AnsiConsole.MarkupLine($"[bold]{Markup.Escape(history.Name)}[/]  {history.CreditCode}  {Markup.Escape(history.Town)}");
            var table = new Table().AddColumns("报告期", "报送单位", "规上", "营业收入(万元)", "实缴税金(万元)", "用地(亩)", "亩均税收", "低效");
            foreach (var p in history.Periods)
            {
                table.AddRow(p.Period, Markup.Escape(p.Source), p.AboveScale ? "是" : "否", N(p.Revenue), N(p.Tax), N(p.LandMu),
                    N(p.TaxPerMu), p.LowEfficiency ? "[red]是[/]" : "否");
            }

            AnsiConsole.Write(table);
            foreach (var e in history.Events)
            {
                AnsiConsole.MarkupLine($"  {e.Period}  {Markup.Escape(e.Description)}");
            }
        });
    }

    private async Task<int> LowEfficiencyAsync(IReadOnlyList<string> rest, CancellationToken cancellationToken)
    {
        var period = ReadPeriod(rest, "low-efficiency");
        var result = await progress.LowEfficiencyAsync(period, args.Option("town"), cancellationToken);
        if (result.IsInvalid)
        {
            throw new UsageException(result.Problem!.ToString());
        }

        return Answer(result, list =>
        {
            var table = new Table().Title($"{list.Period} 亩均税收低于 {list.Threshold} 万元/亩的企业 ({list.Firms.Count})")
                .AddColumns("统一社会信用代码", "企业名称", "镇街", "亩均税收", "用地(亩)", "年化税收(万元)");
            foreach (var f in list.Firms)
            {
                table.AddRow(f.CreditCode, Markup.Escape(f.Name), Markup.Escape(f.Town), N(f.TaxPerMu), N(f.LandMu), N(f.AnnualisedTax));
            }

            AnsiConsole.Write(table);
        });
    }

    private async Task<int> TargetsAsync(IReadOnlyList<string> rest, CancellationToken cancellationToken)
    {
        if (rest.Count != 2 || rest[0] != "load")
        {
            throw new UsageException("targets load <file>, e.g. 'targets load seeds/targets/2022.json'");
        }

        if (!File.Exists(rest[1]))
        {
            throw new UsageException($"no such file: {rest[1]}");
        }

        var (loaded, problems) = await targetsService.LoadAsync(await File.ReadAllTextAsync(rest[1], cancellationToken), cancellationToken);
        if (loaded is null)
        {
            foreach (var p in problems)
            {
                Console.Error.WriteLine($"cultivation: {p}");
            }

            return ExitCodes.Rejected;
        }

        if (args.Json)
        {
            WriteJson(new { year = loaded.Year, region = loaded.Region, targets = loaded.Targets.Select(t => t.Id) });
        }
        else
        {
            AnsiConsole.MarkupLine($"已载入 {loaded.Year} 年 {loaded.Targets.Count} 项指标 / loaded {loaded.Targets.Count} targets for {loaded.Year}");
        }

        return ExitCodes.Ok;
    }

    private async Task<int> RecomputeAsync(IReadOnlyList<string> rest, CancellationToken cancellationToken)
    {
        if (rest.Count != 1 || !int.TryParse(rest[0], NumberStyles.None, CultureInfo.InvariantCulture, out var year))
        {
            throw new UsageException("recompute needs a year, e.g. 'recompute 2022'");
        }

        var stored = await progressService.RecomputeAsync(year, cancellationToken);
        if (stored is null)
        {
            Console.Error.WriteLine($"cultivation: {year}年的指标尚未载入 / no targets are loaded for {year}");
            return ExitCodes.Rejected;
        }

        return Answer(QueryResult<YearProgress>.Found(stored.Progress), PrintYear);
    }

    private int Answer<T>(QueryResult<T> result, Action<T> print)
        where T : class
    {
        if (result.Value is null)
        {
            Console.Error.WriteLine($"cultivation: {result.Problem}");
            return result.IsInvalid ? ExitCodes.Usage : ExitCodes.Rejected;
        }

        if (args.Json)
        {
            WriteJson(result.Value);
        }
        else
        {
            print(result.Value);
        }

        return ExitCodes.Ok;
    }

    internal static void PrintYear(YearProgress p)
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

    private static void PrintDetail(TargetDetail d)
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

    private static string N(decimal? value) => value is null ? "-" : value.Value.ToString("#,0.##", CultureInfo.InvariantCulture);
}
