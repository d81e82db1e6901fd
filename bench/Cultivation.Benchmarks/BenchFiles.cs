using Cultivation.SampleCity.City;
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

    /// <summary>
    /// The filings folder of the 10× city (45,000 firms, the sample-city generator), written once per run directory;
    /// null (with the reason printed) when the generator refuses it.
    /// </summary>
    public static async Task<string?> LargeCityAsync()
    {
        var dir = Path.Combine(Directory, "city-45000");
        if (!System.IO.Directory.Exists(Path.Combine(dir, "filings")))
        {
            try
            {
                var generate = await Harness.TimeAsync(() =>
                {
                    var city = SampleCityGenerator.Generate(new SampleCityOptions { Firms = 45_000 });
                    SampleCityWriter.WriteAll(city, dir + ".part");
                    System.IO.Directory.Move(dir + ".part", dir);
                    return Task.CompletedTask;
                });
                Report.Line($"  generated the 45,000-firm city in {generate:F1} s");
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
            {
                Report.Line($"- the generator refused a 45,000-firm city: {ex.Message}");
                return null;
            }
        }

        return Path.Combine(dir, "filings");
    }
}
