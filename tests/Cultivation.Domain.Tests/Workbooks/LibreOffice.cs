using System.Diagnostics;
using System.Text;

namespace Cultivation.Domain.Tests.Workbooks;

/// <summary>
/// Opens a workbook in LibreOffice (headless) where it is installed, as a second reader besides the SDK and
/// ExcelDataReader: what it makes of the file is what a filer without Excel sees.
/// </summary>
internal static class LibreOffice
{
    /// <summary>The soffice executable on the PATH, or null when LibreOffice is not installed.</summary>
    public static string? Executable { get; } = Find();

    /// <summary>The first sheet as LibreOffice exports it to CSV (UTF-8, comma separated), or null when LibreOffice is missing.</summary>
    public static string? FirstSheetAsCsv(byte[] xlsx)
    {
        if (Executable is null)
        {
            return null;
        }

        var dir = Directory.CreateTempSubdirectory("cultivation-lo-");
        try
        {
            var input = Path.Combine(dir.FullName, "book.xlsx");
            File.WriteAllBytes(input, xlsx);
            var start = new ProcessStartInfo(Executable)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            // A profile of its own, so that runs side by side do not wait on each other's lock.
            foreach (var arg in new[]
                     {
                         $"-env:UserInstallation=file://{dir.FullName}/profile", "--headless", "--convert-to",
                         "csv:Text - txt - csv (StarCalc):44,34,76,1", "--outdir", dir.FullName, input,
                     })
            {
                start.ArgumentList.Add(arg);
            }

            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            Assert.True(process.WaitForExit(TimeSpan.FromMinutes(2)), "LibreOffice did not finish converting within 2 minutes");
            var csv = Path.Combine(dir.FullName, "book.csv");
            Assert.True(File.Exists(csv), $"LibreOffice wrote no CSV: {output.Result} {errors.Result}");
            return File.ReadAllText(csv, Encoding.UTF8);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static string? Find() =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator)
            .Select(p => Path.Combine(p, "soffice"))
            .FirstOrDefault(File.Exists);
}
