namespace Cultivation.Benchmarks;

/// <summary>The machine line of the results: CPU model and memory from /proc where there is one.</summary>
public static class MachineInfo
{
    public static string Describe()
    {
        var cpu = Read("/proc/cpuinfo", "model name") ?? "unknown CPU";
        var memory = Read("/proc/meminfo", "MemTotal") is { } kb && long.TryParse(kb.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0], out var k)
            ? $"{k / 1024.0 / 1024:F1} GiB RAM"
            : "unknown memory";
        return $"{cpu}, {memory}, {Environment.OSVersion}";
    }

    private static string? Read(string path, string key)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        var line = File.ReadLines(path).FirstOrDefault(l => l.StartsWith(key, StringComparison.Ordinal));
        return line?[(line.IndexOf(':') + 1)..].Trim();
    }
}
