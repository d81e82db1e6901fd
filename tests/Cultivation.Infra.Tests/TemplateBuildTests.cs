using System.Diagnostics;

namespace Cultivation.Infra.Tests;

public sealed class TemplateBuildTests
{
    [Fact]
    public void Main_template_compiles_without_any_warning()
    {
        Assert.Empty(CompiledTemplate.Main.Diagnostics);
    }

    [Fact]
    public async Task Build_script_builds_and_lints_every_bicep_file_with_no_diagnostics()
    {
        var outdir = Directory.CreateTempSubdirectory("cultivation-infra-build-");
        try
        {
            var start = new ProcessStartInfo("bash")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = CompiledTemplate.RepositoryRoot,
            };
            start.ArgumentList.Add("infra/build.sh");
            start.ArgumentList.Add(outdir.FullName);
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();

            Assert.True(process.ExitCode == 0, await stdout + stderr);
            var sources = Directory.GetFiles(Path.Combine(CompiledTemplate.RepositoryRoot, "infra"), "*.bicep", SearchOption.AllDirectories);
            var compiled = Directory.GetFiles(outdir.FullName, "*.json", SearchOption.AllDirectories);
            Assert.Equal(sources.Length, compiled.Length);
        }
        finally
        {
            outdir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Uses_no_registry_modules()
    {
        var sources = Directory.GetFiles(Path.Combine(CompiledTemplate.RepositoryRoot, "infra"), "*.bicep", SearchOption.AllDirectories);
        Assert.All(sources, file => Assert.DoesNotContain("'br", File.ReadAllText(file), StringComparison.Ordinal));
    }

    [Fact]
    public void Bicep_cli_is_the_pinned_package_version()
    {
        var version = CompiledTemplate.RunBicep("--version");

        Assert.Contains("0.49.2", version, StringComparison.Ordinal);
    }
}
