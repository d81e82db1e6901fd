using System.Globalization;
using System.Net;
using System.Text;
using Cultivation.Domain.Progress;

namespace Cultivation.Application.Leaders;

/// <summary>
/// A target's trend by quarter as an inline SVG line chart: this year in the status colour, last year (同比)
/// dashed grey, the target (or, for a count, the expected pace) as a thin line. The viewBox scales to the
/// page's width; every point carries its figure as text, so the chart reads without hovering.
/// </summary>
internal static class TrendChart
{
    private const double Width = 320;
    private const double Height = 150;
    private const double Left = 34;
    private const double Right = 12;
    private const double Top = 22;
    private const double Bottom = 24;

    public static void Append(StringBuilder sb, TargetProgress target, IReadOnlyList<TrendPoint> points, string color)
    {
        var ratio = target.Kind == ProgressStatus.Ratio;
        var figures = points.SelectMany(p => new[] { p.ThisYear, p.LastYear }).Where(v => v is not null).Select(v => v!.Value).ToList();
        var max = Math.Max(figures.DefaultIfEmpty(0m).Max(), target.Target);
        max = max <= 0 ? 1 : max * 1.1m;

        double X(int quarter) => Left + ((quarter - 1) * (Width - Left - Right) / 3);
        double Y(decimal value) => Top + ((double)(1 - (value / max)) * (Height - Top - Bottom));
        string N(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);

        sb.Append("<svg viewBox=\"0 0 320 150\" role=\"img\" aria-label=\"").Append(WebUtility.HtmlEncode(target.Name)).Append("季度走势\" data-chart=\"trend\">");
        sb.Append("<title>").Append(WebUtility.HtmlEncode(target.Name)).Append("：按季度走势（实线本年，虚线去年同期）</title>");
        sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" y1=\"{N(Height - Bottom)}\" x2=\"{N(Width - Right)}\" y2=\"{N(Height - Bottom)}\" stroke=\"#bdbdbd\"/>");
        for (var q = 1; q <= 4; q++)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{N(X(q))}\" y=\"{N(Height - 6)}\" font-size=\"11\" text-anchor=\"middle\" fill=\"#616161\">Q{q}</text>");
        }

        // The target line (a ratio) or the count's target at Q4, for scale.
        var goal = Y(target.Target);
        sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" y1=\"{N(goal)}\" x2=\"{N(Width - Right)}\" y2=\"{N(goal)}\" stroke=\"#9e9e9e\" stroke-width=\"1\" stroke-dasharray=\"2 3\"/>");
        sb.Append(CultureInfo.InvariantCulture, $"<text x=\"2\" y=\"{N(goal + 4)}\" font-size=\"10\" fill=\"#757575\">目标</text>");

        Series(sb, points.Where(p => p.LastYear is not null).Select(p => (p.Quarter, p.LastYear!.Value)).ToList(), X, Y, N, "#9e9e9e", dashed: true, ratio);
        Series(sb, points.Where(p => p.ThisYear is not null).Select(p => (p.Quarter, p.ThisYear!.Value)).ToList(), X, Y, N, color, dashed: false, ratio);
        Legend(sb, color);
        sb.Append("</svg>");
    }

    private static void Legend(StringBuilder sb, string color)
    {
        sb.Append("<g font-size=\"10\" fill=\"#616161\">")
            .Append("<line x1=\"40\" y1=\"6\" x2=\"56\" y2=\"6\" stroke=\"").Append(color).Append("\" stroke-width=\"2\"/><text x=\"60\" y=\"9\">本年</text>")
            .Append("<line x1=\"94\" y1=\"6\" x2=\"110\" y2=\"6\" stroke=\"#9e9e9e\" stroke-width=\"2\" stroke-dasharray=\"5 4\"/><text x=\"114\" y=\"9\">去年同期</text>")
            .Append("<line x1=\"166\" y1=\"6\" x2=\"182\" y2=\"6\" stroke=\"#9e9e9e\" stroke-dasharray=\"2 3\"/><text x=\"186\" y=\"9\">目标</text></g>");
    }

    private static void Series(StringBuilder sb, List<(int Quarter, decimal Value)> series, Func<int, double> x, Func<decimal, double> y, Func<double, string> n,
        string color, bool dashed, bool ratio)
    {
        if (series.Count == 0)
        {
            return;
        }

        var path = string.Join(" ", series.Select(p => n(x(p.Quarter)) + "," + n(y(p.Value))));
        sb.Append("<polyline fill=\"none\" stroke=\"").Append(color).Append("\" stroke-width=\"2\"").Append(dashed ? " stroke-dasharray=\"5 4\"" : string.Empty)
            .Append(" points=\"").Append(path).Append("\"/>");
        foreach (var (quarter, value) in series)
        {
            var label = ratio ? value.ToString("0.0", CultureInfo.InvariantCulture) : TargetTrend.Number(value);
            sb.Append("<circle cx=\"").Append(n(x(quarter))).Append("\" cy=\"").Append(n(y(value))).Append("\" r=\"3\" fill=\"").Append(color).Append("\"/>");
            if (!dashed)
            {
                sb.Append("<text x=\"").Append(n(x(quarter))).Append("\" y=\"").Append(n(y(value) - 6)).Append("\" font-size=\"11\" text-anchor=\"middle\" fill=\"#212121\">")
                    .Append(label).Append("</text>");
            }
        }
    }
}
