using System.Diagnostics;

namespace Cultivation.Integration.Tests.Cli;

/// <summary>What a run of the tool printed and how it ended.</summary>
public sealed record CliRun(int Exit, string Out, string Err)
{
    public string All => Out + Err;
}

/// <summary>
/// The command-line tool run as a user runs it: a process whose whole configuration is its environment
/// (no local.settings.json above its folder), against the storage the caller names.
/// </summary>
public static class CliProcess
{
    /// <param name="workingDirectory">Where it runs (a temporary folder, without local.settings.json, unless given).</param>
    public static async Task<CliRun> RunAsync(IReadOnlyList<string> args, string? connection, string prefix, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,

            // No local.settings.json above a temporary folder: the environment is the whole configuration.
            WorkingDirectory = workingDirectory ?? Path.GetTempPath(),
        };
        start.ArgumentList.Add(CliAssembly());
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment.Remove("AzureWebJobsStorage");
        if (connection is not null)
        {
            start.Environment["AzureWebJobsStorage"] = connection;
        }

        start.Environment["Storage__Prefix"] = prefix;
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["NO_COLOR"] = "1";
        start.Environment["COLUMNS"] = "200";

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return new CliRun(process.ExitCode, await output, await error);
    }

    /// <summary>The tool built beside this test assembly, in the same configuration.</summary>
    private static string CliAssembly()
    {
        var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;
        var path = Path.Combine(Repository.Root(), "tools", "Cultivation.Cli", "bin", configuration, "net10.0", "cultivation.dll");
        Assert.True(File.Exists(path), $"the CLI is not built at {path}");
        return path;
    }
}
