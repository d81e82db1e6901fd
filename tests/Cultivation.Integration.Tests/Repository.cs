namespace Cultivation.Integration.Tests;

/// <summary>The checkout the tests were built from.</summary>
public static class Repository
{
    /// <summary>The directory holding Cultivation.sln.</summary>
    public static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Cultivation.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Cultivation.sln not found above " + AppContext.BaseDirectory);
    }
}
