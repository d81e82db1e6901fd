using Cultivation.SampleCity.Writers;

namespace Cultivation.Benchmarks;

/// <summary>The generated benchmark files, written once per run directory and reused.</summary>
public static class BenchFiles
{
    public static string Directory { get; set; } = Path.Combine(Path.GetTempPath(), "cultivation-bench");

    /// <summary>A valid 2022 Q2 统计局 filing of <paramref name="rows"/> firms (sample-city's LargeFilingWriter).</summary>
    public static string Large(int rows)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var path = Path.Combine(Directory, $"large-{rows}.xlsx");
        if (!File.Exists(path))
        {
            var partial = path + ".part";
            LargeFilingWriter.Write(partial, rows);
            File.Move(partial, path, overwrite: true);
        }

        return path;
    }
}
