using System.Text;
using BenchmarkDotNet.Attributes;
using Cultivation.Application.Reading;
using Cultivation.Domain.City;
using Cultivation.Domain.Filings;
using ExcelDataReader;

namespace Cultivation.Benchmarks;

/// <summary>
/// Measurement 1: the product's reader and validator against ExcelDataReader alone, on the same
/// 100,000-row xlsx held in memory (so the disk is out of the comparison). The job (1 launch, 1 warm-up,
/// 3 iterations, in process so no second project is built) and the memory diagnoser are set in Program.cs.
/// </summary>
public class ParseBenchmarks
{
    private byte[] _file = [];
    private FilingName _name = null!;
    private FilingReader _reader = null!;

    public static int Rows { get; set; } = 100_000;

    [GlobalSetup]
    public void Setup()
    {
        // The bare reader needs the code pages too (the product registers them in its static constructor).
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        _file = File.ReadAllBytes(BenchFiles.Large(Rows));
        FilingName.TryParse("2022/Q2/统计局.xlsx", out var name, out _);
        _name = name!;
        _reader = new FilingReader(new CityOptions());
    }

    [Benchmark(Baseline = true, Description = "ExcelDataReader, every cell")]
    public int Bare()
    {
        using var stream = new MemoryStream(_file, writable: false);
        using var reader = ExcelReaderFactory.CreateOpenXmlReader(stream);
        var rows = 0;
        var cells = 0;
        while (reader.Read())
        {
            rows++;
            for (var i = 0; i < reader.FieldCount; i++)
            {
                if (reader.GetValue(i) is not null)
                {
                    cells++;
                }
            }
        }

        return rows + cells;
    }

    [Benchmark(Description = "FilingReader.Read (parse + validate)")]
    public int Product()
    {
        using var stream = new MemoryStream(_file, writable: false);
        var result = _reader.Read(stream, _name);
        if (!result.IsAccepted)
        {
            throw new InvalidOperationException($"the benchmark file was rejected: {result.Errors[0].English}");
        }

        return result.Rows.Count;
    }
}
