using System.Text.Json;

namespace Cultivation.Infra.Tests;

/// <summary>
/// NPOI 2.4.1 (the xls writer of the sample city and the test builders) asks for SharpZipLib 1.0.0 and
/// System.Drawing.Common 4.5.0, which restore as versions with published vulnerabilities. Directory.Packages.props pins
/// patched ones through central transitive pinning; this reads what every project actually restored, so a pin that
/// is dropped, or a new package that brings an old version back, fails here.
/// </summary>
public sealed class SupplyChainTests
{
    /// <summary>Versions with published advisories, as [from, to) ranges.</summary>
    private static readonly (string Package, Version From, Version To, string Advisory)[] s_vulnerable =
    [
        // Path traversal on extraction (CVE-2021-32840/32841/32842, fixed in 1.3.3) and the tar traversal still in 1.3.3.
        ("SharpZipLib", new(0, 0), new(1, 4, 0), "CVE-2021-32840, CVE-2021-32841, CVE-2021-32842, SNYK-DOTNET-SHARPZIPLIB-2385941"),
        // Remote code execution through a crafted font or image (CVE-2021-24112, fixed in 4.7.2 and 5.0.3).
        ("System.Drawing.Common", new(0, 0), new(4, 7, 2), "CVE-2021-24112"),
        ("System.Drawing.Common", new(5, 0), new(5, 0, 3), "CVE-2021-24112"),
    ];

    /// <summary>The projects that pull NPOI, directly or through a project reference.</summary>
    private static readonly string[] s_npoiProjects =
    [
        "tools/Cultivation.SampleCity",
        "tests/Cultivation.Domain.Tests",
        "tests/Cultivation.Reliability.Tests",
        "tests/Cultivation.SampleCity.Tests",
        "tests/Cultivation.Integration.Tests",
    ];

    [Fact]
    public void No_project_restores_a_version_of_SharpZipLib_or_System_Drawing_Common_with_a_published_vulnerability()
    {
        var restored = RestoredPackages();
        Assert.All(s_npoiProjects, p => Assert.True(restored.ContainsKey(p), $"{p} has no obj/project.assets.json: build the solution first"));

        // The check cannot pass by finding nothing: the projects that use NPOI do restore both packages.
        foreach (var project in s_npoiProjects)
        {
            Assert.Contains(restored[project], p => p.Name == "SharpZipLib");
            Assert.Contains(restored[project], p => p.Name == "System.Drawing.Common");
        }

        var found = (
            from project in restored
            from package in project.Value
            from bad in s_vulnerable
            where string.Equals(package.Name, bad.Package, StringComparison.OrdinalIgnoreCase) && package.Version >= bad.From && package.Version < bad.To
            select $"{project.Key}: {package.Name} {package.Version} ({bad.Advisory})").ToList();
        Assert.True(found.Count == 0, "vulnerable packages restored:\n" + string.Join("\n", found));
    }

    [Fact]
    public void The_vulnerable_ranges_catch_the_versions_NPOI_asks_for()
    {
        Assert.True(IsVulnerable("SharpZipLib", new Version(1, 2, 0)));
        Assert.True(IsVulnerable("System.Drawing.Common", new Version(4, 7, 0)));
        Assert.True(IsVulnerable("System.Drawing.Common", new Version(5, 0, 2)));
        Assert.False(IsVulnerable("SharpZipLib", new Version(1, 4, 2)));
        Assert.False(IsVulnerable("System.Drawing.Common", new Version(10, 0, 15)));
    }

    private static bool IsVulnerable(string name, Version version) =>
        s_vulnerable.Any(b => b.Package == name && version >= b.From && version < b.To);

    /// <summary>Each project's restored packages (name and version), keyed by its folder relative to the repository.</summary>
    private static Dictionary<string, List<(string Name, Version Version)>> RestoredPackages()
    {
        var root = CompiledTemplate.RepositoryRoot;
        var result = new Dictionary<string, List<(string, Version)>>(StringComparer.Ordinal);
        foreach (var csproj in Directory.EnumerateFiles(root, "*.csproj", SearchOption.AllDirectories))
        {
            var folder = Path.GetDirectoryName(csproj)!;
            var relative = Path.GetRelativePath(root, folder).Replace('\\', '/');
            var assets = Path.Combine(folder, "obj", "project.assets.json");
            if (relative.Split('/').Any(part => part is "node_modules" or "obj" or "bin" or ".run") || !File.Exists(assets))
            {
                continue;
            }

            using var json = JsonDocument.Parse(File.ReadAllText(assets));
            var packages = new List<(string, Version)>();
            foreach (var library in json.RootElement.GetProperty("libraries").EnumerateObject())
            {
                if (library.Value.GetProperty("type").GetString() != "package")
                {
                    continue;
                }

                var slash = library.Name.IndexOf('/', StringComparison.Ordinal);
                var versionText = library.Name[(slash + 1)..].Split('-', '+')[0];
                packages.Add((library.Name[..slash], Version.Parse(versionText)));
            }

            result[relative] = packages;
        }

        return result;
    }
}
