using Cultivation.SampleCity.City;

namespace Cultivation.SampleCity.Writers;

/// <summary>Writes every filing of a sample city under an output folder (filings/, filings-late/, filings-bad/).</summary>
public static class SampleCityWriter
{
    /// <returns>The relative paths written, in order.</returns>
    public static IReadOnlyList<string> WriteAll(SampleCity.City.SampleCity city, string outDir)
    {
        ArgumentNullException.ThrowIfNull(city);
        var written = new List<string>();
        foreach (var filing in city.Filings)
        {
            var path = Path.Combine(outDir, filing.RelativePath);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            using (var stream = File.Create(path))
            {
                Write(stream, filing);
            }

            written.Add(filing.RelativePath);
        }

        return written;
    }

    /// <summary>Writes one filing in its format.</summary>
    public static void Write(Stream output, SampleFiling filing)
    {
        ArgumentNullException.ThrowIfNull(filing);
        var rows = FilingLayout.Rows(filing);
        switch (filing.Format)
        {
            case FilingFormat.Xls:
                XlsSheetWriter.Write(output, rows);
                break;
            case FilingFormat.CsvUtf8Bom:
                CsvSheetWriter.Write(output, rows, CsvSheetWriter.Utf8Bom);
                break;
            case FilingFormat.CsvGb18030:
                CsvSheetWriter.Write(output, rows, CsvSheetWriter.Gb18030);
                break;
            default:
                XlsxSheetWriter.Write(output, rows, sharedStrings: true);
                break;
        }
    }
}
