using Cultivation.Domain.Periods;
using Cultivation.SampleCity.City;

namespace Cultivation.SampleCity.Tests;

/// <summary>The default sample city, generated once for all tests, and small helpers around it.</summary>
internal static class TestCity
{
    private static readonly Lazy<City.SampleCity> s_default = new(() => SampleCityGenerator.Generate(new SampleCityOptions()));

    public static City.SampleCity Default => s_default.Value;

    public static Period P(string text) => Period.Parse(text);

    public static IReadOnlyList<SampleRow> Rows(string period) => Default.RowsOf(P(period)).ToList();

    /// <summary>The repository root (the folder holding Cultivation.sln).</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Cultivation.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Cultivation.sln not found above the test assembly");
    }
}
