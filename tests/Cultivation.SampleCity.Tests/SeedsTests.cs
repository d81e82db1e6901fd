using System.IO.Compression;
using Cultivation.SampleCity.Writers;

namespace Cultivation.SampleCity.Tests;

public sealed class SeedsTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "sample-city-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    [Fact]
    public void Regenerating_with_the_default_seed_reproduces_the_committed_seeds()
    {
        SampleCityWriter.WriteAll(TestCity.Default, _dir);
        var seeds = Path.Combine(TestCity.RepositoryRoot(), "seeds");

        var generated = Files(_dir);
        var committed = Files(seeds);

        Assert.Equal(committed.Keys.Order(), generated.Keys.Order());
        foreach (var (name, path) in generated)
        {
            Assert.True(SameContent(path, committed[name]), $"{name} differs from the committed seed");
        }
    }

    private static Dictionary<string, string> Files(string root) =>
        new[] { "filings", "filings-late", "filings-bad", "filings-life" }
            .Select(d => Path.Combine(root, d))
            .Where(Directory.Exists)
            .SelectMany(d => Directory.EnumerateFiles(d, "*", SearchOption.AllDirectories))
            .ToDictionary(p => Path.GetRelativePath(root, p).Replace('\\', '/'), p => p);

    /// <summary>
    /// The bytes of csv and xls must match; an xlsx's entries must match once decompressed, so a
    /// runtime with a different deflate implementation does not fail the test over compression alone.
    /// </summary>
    private static bool SameContent(string a, string b)
    {
        var bytesA = File.ReadAllBytes(a);
        var bytesB = File.ReadAllBytes(b);
        if (bytesA.AsSpan().SequenceEqual(bytesB))
        {
            return true;
        }

        if (!a.EndsWith(".xlsx", StringComparison.Ordinal))
        {
            return false;
        }

        using var zipA = new ZipArchive(new MemoryStream(bytesA));
        using var zipB = new ZipArchive(new MemoryStream(bytesB));
        return zipA.Entries.Select(e => e.FullName).SequenceEqual(zipB.Entries.Select(e => e.FullName)) &&
            zipA.Entries.All(e => Read(e).AsSpan().SequenceEqual(Read(zipB.GetEntry(e.FullName)!)));
    }

    private static byte[] Read(ZipArchiveEntry entry)
    {
        using var stream = entry.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
