using System.Globalization;
using Cultivation.Application.Leaders;
using Cultivation.Domain.Progress;

namespace Cultivation.Application.Workbooks;

/// <summary>
/// The leaders' workbook (SPEC §5 exports): 总览 with every target, its status, its trend by quarter and 同比, and a
/// chart of the trend; a sheet per target with the firms that count and the figures that made them count; the 小升规
/// pool, 10亿 projections and the low-efficiency firms not cleared where they apply; the low-efficiency list with
/// 亩均税收, the data gaps and the town ranking. Chinese headers, number formats (万元 and 亩 with two decimals,
/// 万元/亩 with one), frozen headers and widths that fit. Every text is an inline string, never a formula, so a firm
/// named <c>=HYPERLINK(…)</c> stays that text.
/// </summary>
public static class LeadersWorkbookWriter
{
    public const string OverviewSheet = "总览";
    public const string LowEfficiencySheet = "低效企业";
    public const string DataGapsSheet = "数据缺口";
    public const string RankingSheet = "镇街排名";

    private const int MaxSheetName = 31;

    public static void Write(Stream output, LeadersReport report)
    {
        using var package = new XlsxPackage(output);
        var names = new SheetNames();
        using (var sheet = package.AddSheet(names.Take(OverviewSheet)))
        {
            Overview(sheet, report);
        }

        foreach (var detail in report.Details)
        {
            var name = names.Take(detail.Name);
            var columns = FigureColumns.For(detail.Firms);
            Table(package, name, [Code(), Column("企业名称"), Column("镇街"), .. columns.Select(c => new Col(c.Header, Style(c.Format)))],
                detail.Firms.Select(f => (IReadOnlyList<object?>)[f.CreditCode, f.Name, f.Town, .. columns.Select(c => c.Value(f))]));
            if (detail.Pool is { Count: > 0 } pool)
            {
                Table(package, names.Take(detail.Name + "-培育库"), [Column("排名", CellStyle.Whole), Code(), Column("企业名称"), Column("镇街"), Column("年化营业收入（万元）", CellStyle.Amount)],
                    pool.Select(p => (IReadOnlyList<object?>)[p.Rank, p.CreditCode, p.Name, p.Town, p.AnnualisedRevenue]));
            }

            var nearLine = (detail.Projected ?? []).Select(f => ("预计达到", f)).Concat((detail.Unknown ?? []).Select(f => ("上年营业收入未知", f))).ToList();
            if (nearLine.Count > 0)
            {
                Table(package, names.Take(detail.Name + "-预计与未知"), [Column("类别"), Code(), Column("企业名称"), Column("镇街"), Column("年化营业收入（万元）", CellStyle.Amount), Column("上年营业收入（万元）", CellStyle.Amount)],
                    nearLine.Select(x => (IReadOnlyList<object?>)[x.Item1, x.f.CreditCode, x.f.Name, x.f.Town, x.f.AnnualisedRevenue, x.f.LastYearRevenue]));
            }

            if (detail.NotCleared is { Count: > 0 } notCleared)
            {
                Table(package, names.Take(detail.Name + "-未出清"), [Code(), Column("企业名称"), Column("镇街"), Column("亩均税收（万元/亩）", CellStyle.PerMu), Column("未出清原因", width: 60)],
                    notCleared.Select(f => (IReadOnlyList<object?>)[f.CreditCode, f.Name, f.Town, f.TaxPerMu, f.Reason]));
            }
        }

        var low = report.LowEfficiency;
        Table(package, names.Take(LowEfficiencySheet), [Code(), Column("企业名称"), Column("镇街"), Column("亩均税收（万元/亩）", CellStyle.PerMu), Column("用地面积（亩）", CellStyle.Amount), Column("年化实缴税金（万元）", CellStyle.Amount)],
            (low?.Firms ?? []).Select(f => (IReadOnlyList<object?>)[f.CreditCode, f.Name, f.Town, f.TaxPerMu, f.LandMu, f.AnnualisedTax]));
        Table(package, names.Take(DataGapsSheet), [Code(), Column("企业名称"), Column("镇街"), Column("原因", width: 60)],
            (low?.DataGaps ?? []).Select(g => (IReadOnlyList<object?>)[g.CreditCode, g.Name, g.Town, g.Reason]));
        Table(package, names.Take(RankingSheet), [Column("指标"), Column("排名", CellStyle.Whole), Column("镇街"), Column("完成（家）", CellStyle.Whole), Column("分解目标（家）", CellStyle.Whole), Column("完成率", CellStyle.Percent)],
            report.Progress.Targets.Where(t => t.ByTown is not null).SelectMany(t => Ranking(t, report.Town)));
        package.Complete();
    }

    private static IEnumerable<IReadOnlyList<object?>> Ranking(TargetProgress target, string? town)
    {
        var rank = 0;
        foreach (var t in target.ByTown!)
        {
            var shown = t.Share is null ? (int?)null : ++rank;
            if (town is null || t.Town == town)
            {
                yield return [target.Name, shown, t.Town, t.Achieved, t.Share, t.Rate];
            }
        }
    }

    private static void Overview(SheetWriter sheet, LeadersReport report)
    {
        var p = report.Progress;
        var quarters = Enumerable.Range(1, 4).Select(q => $"{report.Year}Q{q}").ToList();
        var asOfQuarter = Domain.Periods.Period.TryParse(p.AsOf, out var asOf) ? asOf.Quarter : (int?)null;
        Col[] columns =
        [
            Column("指标", width: 30), Column("单位", width: 9), Column("目标", CellStyle.Amount, 10), Column("完成 / 数值", CellStyle.Amount, 12),
            Column("预期", CellStyle.Amount, 10), Column("完成率", CellStyle.Percent, 9), Column("状态", width: 10),
            .. quarters.Select(q => Column(q, CellStyle.Amount, 10)), Column("去年同期", CellStyle.Amount, 10), Column("同比增减", CellStyle.Amount, 10),
        ];
        sheet.Begin(frozenRows: 1, columns.Select((c, i) => new ColumnLayout(i, c.Width ?? 12, c.Style == CellStyle.Text ? CellStyle.Text : CellStyle.Default)));
        Header(sheet, 1, columns);
        var row = 1;
        foreach (var t in p.Targets)
        {
            sheet.StartRow(++row);
            var done = t.Kind == ProgressStatus.Ratio ? t.Value : t.Achieved;
            sheet.Text(0, t.Name);
            sheet.Text(1, t.Unit);
            sheet.Number(2, t.Target, CellStyle.Amount);
            Value(sheet, 3, done, CellStyle.Amount);
            Value(sheet, 4, t.Expected, CellStyle.Amount);
            Value(sheet, 5, done is { } d && t.Target > 0 ? d / t.Target : null, CellStyle.Percent);
            sheet.Text(6, t.StatusName, StatusStyle(t.Status));
            var trend = report.Trend(t.Id);
            foreach (var point in trend)
            {
                Value(sheet, 6 + point.Quarter, point.ThisYear, CellStyle.Amount);
            }

            var last = asOfQuarter is { } q ? trend.FirstOrDefault(x => x.Quarter == q)?.LastYear : null;
            Value(sheet, 11, last, CellStyle.Amount);
            Value(sheet, 12, done is { } now && last is { } then ? now - then : null, CellStyle.Amount);
        }

        row++;
        foreach (var (label, value) in Facts(report))
        {
            sheet.StartRow(++row);
            sheet.Text(0, label, CellStyle.Label);
            sheet.Text(1, value);
        }

        // The completion rate of every target by quarter (a fraction of its target): one scale for all, for the chart.
        row++;
        var tableTop = ++row;
        sheet.StartRow(tableTop);
        sheet.Text(0, "完成率走势（占目标）", CellStyle.Header);
        for (var q = 0; q < 4; q++)
        {
            sheet.Text(1 + q, quarters[q], CellStyle.Header);
        }

        var series = new List<ChartSeries>();
        foreach (var t in p.Targets.Where(t => t.Target > 0))
        {
            sheet.StartRow(++row);
            sheet.Text(0, t.Name);
            var values = new double?[4];
            foreach (var point in report.Trend(t.Id).Where(x => x.ThisYear is not null))
            {
                values[point.Quarter - 1] = (double)(point.ThisYear!.Value / t.Target);
                sheet.Number(point.Quarter, values[point.Quarter - 1]!.Value, CellStyle.Percent);
            }

            var r = row.ToString(CultureInfo.InvariantCulture);
            series.Add(new ChartSeries(t.Name, $"'{OverviewSheet}'!$A${r}", $"'{OverviewSheet}'!$B${r}:$E${r}", values));
        }

        var top = tableTop.ToString(CultureInfo.InvariantCulture);
        sheet.Chart(new LineChart("各指标完成率走势（按季度）", $"'{OverviewSheet}'!$B${top}:$E${top}", quarters, series, "0%", (0, row + 1), (8, row + 22)));
        sheet.End();
    }

    private static IEnumerable<(string Label, string Value)> Facts(LeadersReport report)
    {
        var p = report.Progress;
        yield return ("范围", report.Town ?? $"{report.CityName}全市");
        yield return ("进度截至", p.AsOf ?? "尚无完整季度");
        yield return ("数据更新（北京时间）", ChinaTime.Format(new DateTimeOffset(p.ComputedAt, TimeSpan.Zero)));
        yield return ("工作簿生成（北京时间）", ChinaTime.Format(report.GeneratedAt));
        yield return ("统计局已报送截至季度", p.AsOf is null ? "—" : p.StatisticsBureauFiled ? "是" : "否");
        yield return ($"{report.NextPeriod} 已报送镇街（{report.FiledNext.Count}/{report.FiledNext.Count + report.MissingNext.Count}）", report.FiledNext.Count == 0 ? "—" : string.Join("、", report.FiledNext));
        yield return ($"{report.NextPeriod} 未报送镇街", report.MissingNext.Count == 0 ? "—" : string.Join("、", report.MissingNext));
    }

    /// <summary>A sheet holding one table: a frozen header row and one row per item, widths fitted to the content.</summary>
    private static void Table(XlsxPackage package, string name, IReadOnlyList<Col> columns, IEnumerable<IReadOnlyList<object?>> rows)
    {
        var list = rows.ToList();
        using var sheet = package.AddSheet(name);
        var widths = columns.Select((c, i) => c.Width ?? Fit(c.Header, list.Take(2000).Select(r => r[i]), c.Style)).ToList();
        sheet.Begin(frozenRows: 1, columns.Select((c, i) => new ColumnLayout(i, widths[i], c.Style == CellStyle.Text ? CellStyle.Text : CellStyle.Default)));
        Header(sheet, 1, columns);
        var row = 1;
        foreach (var values in list)
        {
            sheet.StartRow(++row);
            for (var i = 0; i < columns.Count; i++)
            {
                Cell(sheet, i, values[i], columns[i].Style);
            }
        }

        if (list.Count == 0)
        {
            sheet.StartRow(2);
            sheet.Text(0, "（无）");
        }

        sheet.End();
    }

    private static void Header(SheetWriter sheet, int row, IReadOnlyList<Col> columns)
    {
        sheet.StartRow(row, 33);
        for (var i = 0; i < columns.Count; i++)
        {
            sheet.Text(i, columns[i].Header, CellStyle.Header);
        }
    }

    private static void Cell(SheetWriter sheet, int column, object? value, CellStyle style)
    {
        switch (value)
        {
            case null:
                break;
            case string text:
                sheet.Text(column, text, style == CellStyle.Text ? CellStyle.Text : CellStyle.Default);
                break;
            case decimal d:
                sheet.Number(column, d, style);
                break;
            case int i:
                sheet.Number(column, (decimal)i, style == CellStyle.Default ? CellStyle.Whole : style);
                break;
            case DateOnly date:
                sheet.Date(column, date.ToDateTime(TimeOnly.MinValue), CellStyle.Date);
                break;
            default:
                sheet.Text(column, Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty);
                break;
        }
    }

    private static void Value(SheetWriter sheet, int column, decimal? value, CellStyle style)
    {
        if (value is { } v)
        {
            sheet.Number(column, v, style);
        }
    }

    private static CellStyle StatusStyle(string status) => status switch
    {
        ProgressStatus.Behind => CellStyle.StatusBehind,
        ProgressStatus.AtRisk => CellStyle.StatusAtRisk,
        ProgressStatus.NoData => CellStyle.StatusNoData,
        _ => CellStyle.StatusGood,
    };

    private static CellStyle Style(FigureFormat format) => format switch
    {
        FigureFormat.WanYuan or FigureFormat.Mu => CellStyle.Amount,
        FigureFormat.PerMu => CellStyle.PerMu,
        FigureFormat.Year => CellStyle.Whole,
        FigureFormat.Date => CellStyle.Date,
        _ => CellStyle.Text,
    };

    /// <summary>A width (in characters) that fits the header and the values: a Chinese character takes two, numbers their formatted length.</summary>
    private static double Fit(string header, IEnumerable<object?> values, CellStyle style)
    {
        var widest = Units(header) / 1.6; // headers wrap onto two lines
        foreach (var value in values)
        {
            var text = value switch
            {
                decimal d when style == CellStyle.PerMu => d.ToString("#,0.0", CultureInfo.InvariantCulture),
                decimal d => d.ToString("#,0.00", CultureInfo.InvariantCulture),
                DateOnly => "2022-01-01",
                null => string.Empty,
                _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty,
            };
            widest = Math.Max(widest, Units(text));
        }

        return Math.Clamp(widest + 2, 8, 60);
    }

    private static int Units(string text) => text.Sum(c => c > '\u2E80' ? 2 : 1);

    private static Col Column(string header, CellStyle style = CellStyle.Default, double? width = null) => new(header, style, width);

    private static Col Code() => new("统一社会信用代码", CellStyle.Text, 21);

    private sealed record Col(string Header, CellStyle Style, double? Width = null);

    /// <summary>Sheet names as Excel takes them: at most 31 characters, none of <c>[]:*?/\</c>, each once.</summary>
    private sealed class SheetNames
    {
        private readonly HashSet<string> _taken = new(StringComparer.OrdinalIgnoreCase);

        public string Take(string wanted)
        {
            var clean = new string([.. wanted.Where(c => c is not ('[' or ']' or ':' or '*' or '?' or '/' or '\\') && !char.IsControl(c))]).Trim('\'', ' ');
            clean = clean.Length == 0 ? "Sheet" : clean;
            var name = Cut(clean, MaxSheetName);
            for (var n = 2; !_taken.Add(name); n++)
            {
                var suffix = "-" + n.ToString(CultureInfo.InvariantCulture);
                name = Cut(clean, MaxSheetName - suffix.Length) + suffix;
            }

            return name;
        }

        private static string Cut(string text, int length) =>
            text.Length <= length ? text : text[..(char.IsHighSurrogate(text[length - 1]) ? length - 1 : length)];
    }
}
