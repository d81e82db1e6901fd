using System.Diagnostics;
using System.Text.Json;

namespace Cultivation.Infra.Tests;

/// <summary>
/// What azd deploys is the output of <c>dotnet publish</c> of functions/ (azure.yaml, service "api"):
/// the host needs host.json, functions.metadata (the triggers) and worker.config.json (how to start the worker).
/// </summary>
public sealed class PublishPackageTests
{
    [Fact]
    public void Publishing_the_function_app_produces_the_package_the_host_reads()
    {
        var output = Path.Combine(Path.GetTempPath(), "cultivation-publish-" + Guid.NewGuid().ToString("N"));
        try
        {
            var (code, log) = Run("dotnet", "publish", "functions/Cultivation.Functions.csproj", "-c", "Release", "-o", output, "-nologo", "-v", "quiet");
            Assert.True(code == 0, $"dotnet publish failed:\n{log}");

            Assert.Equal(
                File.ReadAllBytes(Path.Combine(CompiledTemplate.RepositoryRoot, "host.json")),
                File.ReadAllBytes(Path.Combine(output, "host.json")));

            using var metadata = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "functions.metadata")));
            var names = metadata.RootElement.EnumerateArray().Select(f => f.GetProperty("name").GetString()).ToList();
            Assert.Contains("IngestFilingOnBlobCreated", names);
            Assert.Contains("ReconcileFilings", names);
            Assert.Contains("GetProgress", names);

            using var worker = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "worker.config.json")));
            var description = worker.RootElement.GetProperty("description");
            Assert.Equal("dotnet-isolated", description.GetProperty("language").GetString());
            Assert.Equal("Cultivation.Functions.dll", description.GetProperty("defaultWorkerPath").GetString());
            Assert.True(File.Exists(Path.Combine(output, "Cultivation.Functions.dll")));

            // Local settings stay on the developer's machine.
            Assert.False(File.Exists(Path.Combine(output, "local.settings.json")));
        }
        finally
        {
            if (Directory.Exists(output))
            {
                Directory.Delete(output, recursive: true);
            }
        }
    }

    private static (int Code, string Log) Run(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file)
        {
            WorkingDirectory = CompiledTemplate.RepositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}
