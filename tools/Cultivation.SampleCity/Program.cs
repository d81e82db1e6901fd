using System.Diagnostics;
using System.Globalization;
using Cultivation.SampleCity.City;
using Cultivation.SampleCity.Writers;

// sample-city [--seed S] [--firms N] [--out DIR]        writes the whole sample city
// sample-city --large N --out FILE.xlsx [--seed S]      writes one large valid filing (benchmarks)
ulong seed = SampleCityOptions.DefaultSeed;
var firms = SampleCityOptions.DefaultFirms;
int? large = null;
string? output = null;
try
{
    for (var i = 0; i < args.Length; i++)
    {
        string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
        switch (args[i])
        {
            case "--seed":
                seed = ulong.Parse(Value(), CultureInfo.InvariantCulture);
                break;
            case "--firms":
                firms = int.Parse(Value(), CultureInfo.InvariantCulture);
                break;
            case "--large":
                large = int.Parse(Value(), CultureInfo.InvariantCulture);
                break;
            case "--out":
                output = Value();
                break;
            case "-h" or "--help":
                Console.WriteLine("用法 usage: sample-city [--seed S] [--firms N] [--out DIR] | sample-city --large N --out FILE.xlsx [--seed S]");
                return 0;
            default:
                throw new ArgumentException($"unknown argument {args[i]}");
        }
    }

    if (large is not null && (output is null || !output.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase)))
    {
        throw new ArgumentException("--large needs --out FILE.xlsx");
    }
}
catch (Exception e) when (e is ArgumentException or FormatException or OverflowException)
{
    Console.Error.WriteLine($"参数错误 usage error: {e.Message}");
    return 2;
}

var watch = Stopwatch.StartNew();
if (large is { } n)
{
    var dir = Path.GetDirectoryName(Path.GetFullPath(output!));
    Directory.CreateDirectory(dir!);
    LargeFilingWriter.Write(output!, n, seed);
    Console.WriteLine($"wrote {n} rows to {output} ({new FileInfo(output!).Length / 1024} KiB) in {watch.Elapsed.TotalSeconds:0.00} s, peak working set {Environment.WorkingSet / (1024 * 1024)} MiB");
    return 0;
}

output ??= "seeds";
SampleCity city;
try
{
    city = SampleCityGenerator.Generate(new SampleCityOptions { Seed = seed, Firms = firms });
}
catch (ArgumentOutOfRangeException e)
{
    Console.Error.WriteLine($"参数错误 usage error: {e.Message}");
    return 2;
}

var generated = watch.Elapsed;
var written = SampleCityWriter.WriteAll(city, output);
Console.WriteLine($"generated {city.Firms.Count} firms in {generated.TotalSeconds:0.00} s, wrote {written.Count} files to {output} in {(watch.Elapsed - generated).TotalSeconds:0.00} s");
foreach (var p in SampleCityGenerator.Periods)
{
    Console.WriteLine($"  {p}: {city.RowsOf(p).Count()} rows, 规上工业亩均税收 {SampleCityGenerator.TaxPerMu(city.RowsOf(p)):0.000} 万元/亩");
}

return 0;
