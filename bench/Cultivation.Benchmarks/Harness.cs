using System.Diagnostics;
using System.Globalization;

namespace Cultivation.Benchmarks;

/// <summary>Stopwatch measurements: one warm-up, then N runs, median reported.</summary>
public static class Harness
{
    public static int Runs { get; set; } = 3;

    /// <summary>Runs <paramref name="run"/> 1 + <see cref="Runs"/> times; each run times what it wants and returns seconds.</summary>
    public static async Task<Timings> MeasureAsync(string label, Func<int, Task<double>> run, bool warmUp = true)
    {
        if (warmUp)
        {
            var w = await run(-1);
            Report.Line($"  {label}: warm-up {w:F2} s");
        }

        var list = new List<double>();
        for (var i = 0; i < Runs; i++)
        {
            var s = await run(i);
            list.Add(s);
            Report.Line($"  {label}: run {i + 1} {s:F2} s");
        }

        return new Timings(list);
    }

    public static async Task<double> TimeAsync(Func<Task> action)
    {
        var sw = Stopwatch.StartNew();
        await action();
        return sw.Elapsed.TotalSeconds;
    }

    public static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? double.NaN
            : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2]
            : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    /// <summary>Nearest-rank percentile.</summary>
    public static double Percentile(IReadOnlyList<double> values, double p)
    {
        var sorted = values.Order().ToList();
        var rank = (int)Math.Ceiling(p / 100 * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }
}

public sealed record Timings(IReadOnlyList<double> Seconds)
{
    public double Median => Harness.Median(Seconds);

    public string Runs => string.Join(", ", Seconds.Select(s => s.ToString("F2", CultureInfo.InvariantCulture)));
}

/// <summary>Prints the figures and keeps them for the results file.</summary>
public static class Report
{
    private static readonly List<string> s_lines = [];

    public static void Line(string text = "")
    {
        Console.WriteLine(text);
        lock (s_lines)
        {
            s_lines.Add(text);
        }
    }

    public static void Save(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllLines(path, s_lines);
    }

    public static string F(double value, string format = "N0") => value.ToString(format, CultureInfo.InvariantCulture);
}
