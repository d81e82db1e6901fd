using System.Diagnostics;
using System.Reflection;
using System.Text.Json.Nodes;

namespace Cultivation.Infra.Tests;

/// <summary>
/// infra/main.bicep compiled once per test run with the Bicep CLI this project restores (the NuGet
/// package Azure.Bicep.CommandLine.linux-x64), read back as ARM JSON. A missing compiler is a failure,
/// never a skip: these tests are the only check that the deployment keeps its promises.
/// </summary>
internal sealed class CompiledTemplate
{
    private static readonly Lazy<CompiledTemplate> s_main = new(() => Compile("infra/main.bicep"));

    private CompiledTemplate(string text, IReadOnlyList<string> diagnostics)
    {
        Text = text;
        Diagnostics = diagnostics;
        Root = JsonNode.Parse(text)!.AsObject();
        Resources = [.. EnumerateResources(Root)];
    }

    public static CompiledTemplate Main => s_main.Value;

    public string Text { get; }

    public JsonObject Root { get; }

    /// <summary>Warnings and errors the compiler printed (the linter runs as part of build).</summary>
    public IReadOnlyList<string> Diagnostics { get; }

    /// <summary>Every resource at any depth of nested module deployments.</summary>
    public IReadOnlyList<JsonObject> Resources { get; }

    public static string RepositoryRoot => Metadata("RepositoryRoot");

    public static string BicepPath => Metadata("BicepPath");

    /// <summary>The resources of a type the template deploys (not the <c>existing</c> ones it only reads).</summary>
    public IEnumerable<JsonObject> OfType(string type) =>
        Resources.Where(r => string.Equals((string?)r["type"], type, StringComparison.OrdinalIgnoreCase) && r["existing"] is null);

    /// <summary>The deployment resource of the module with this deployment name.</summary>
    public JsonObject Module(string name) =>
        OfType("Microsoft.Resources/deployments").Single(r => (string?)r["name"] == name);

    /// <summary>The app settings object handed to the function app module.</summary>
    public JsonObject AppSettings =>
        Module("api-function-app")["properties"]!["parameters"]!["appSettings"]!["value"]!.AsObject();

    /// <summary>
    /// Evaluates a Bicep expression offline: a throw-away <c>.bicepparam</c> file whose parameter <c>probe</c>
    /// holds it, built with <c>build-params</c> (which evaluates imported functions). <paramref name="imports"/>
    /// are (symbols, file relative to the repository), e.g. <c>("entries", "infra/app/settings-text.bicep")</c>.
    /// </summary>
    public static JsonNode? Evaluate(string expression, params (string Symbols, string File)[] imports)
    {
        var folder = Directory.CreateTempSubdirectory("cultivation-probe-");
        try
        {
            var lines = imports.Select(i =>
                $"import {{ {i.Symbols} }} from '{Path.GetRelativePath(folder.FullName, Path.Combine(RepositoryRoot, i.File)).Replace('\\', '/')}'");
            File.WriteAllText(Path.Combine(folder.FullName, "probe.bicep"), "param probe object\noutput probe object = probe\n");
            var parameters = Path.Combine(folder.FullName, "probe.bicepparam");
            File.WriteAllText(parameters, $"using 'probe.bicep'\n{string.Join('\n', lines)}\nparam probe = {{\n  value: {expression}\n}}\n");
            var output = RunBicep("build-params", parameters, "--stdout");
            var values = JsonNode.Parse((string)JsonNode.Parse(output[output.IndexOf('{', StringComparison.Ordinal)..])!["parametersJson"]!)!;
            return values["parameters"]!["probe"]!["value"]!["value"]?.DeepClone();
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>The parameter values a <c>.bicepparam</c> file of the repository gives, as <c>build-params</c> computes them.</summary>
    public static JsonObject Parameters(string relativePath)
    {
        var output = RunBicep("build-params", Path.Combine(RepositoryRoot, relativePath), "--stdout");
        var values = JsonNode.Parse((string)JsonNode.Parse(output[output.IndexOf('{', StringComparison.Ordinal)..])!["parametersJson"]!)!;
        return values["parameters"]!.AsObject();
    }

    public static string RunBicep(params string[] arguments)
    {
        var bicep = BicepPath;
        if (string.IsNullOrEmpty(bicep) || !File.Exists(bicep))
        {
            throw new InvalidOperationException(
                $"The Bicep CLI is missing (expected at '{bicep}'). Restore this project: dotnet restore tests/Cultivation.Infra.Tests.");
        }
        if (!OperatingSystem.IsWindows())
        {
            var mode = File.GetUnixFileMode(bicep);
            if (!mode.HasFlag(UnixFileMode.UserExecute))
            {
                File.SetUnixFileMode(bicep, mode | UnixFileMode.UserExecute);
            }
        }

        var start = new ProcessStartInfo(bicep)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepositoryRoot,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        var output = stdout.Result + stderr;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"bicep {string.Join(' ', arguments)} exited {process.ExitCode}:\n{output}");
        }
        return output;
    }

    private static CompiledTemplate Compile(string relativePath)
    {
        var outdir = Directory.CreateTempSubdirectory("cultivation-infra-");
        try
        {
            var source = Path.Combine(RepositoryRoot, relativePath);
            var output = RunBicep("build", source, "--outdir", outdir.FullName);
            var diagnostics = output
                .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Where(line => line.Contains(" : Warning ", StringComparison.Ordinal) || line.Contains(" : Error ", StringComparison.Ordinal))
                .ToList();
            var json = Path.Combine(outdir.FullName, Path.ChangeExtension(Path.GetFileName(relativePath), ".json"));
            return new CompiledTemplate(File.ReadAllText(json), diagnostics);
        }
        finally
        {
            outdir.Delete(recursive: true);
        }
    }

    private static IEnumerable<JsonObject> EnumerateResources(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                if (obj["type"] is JsonValue type && type.TryGetValue<string>(out _) && obj["apiVersion"] is not null)
                {
                    yield return obj;
                }
                foreach (var (_, child) in obj)
                {
                    foreach (var resource in EnumerateResources(child))
                    {
                        yield return resource;
                    }
                }
                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    foreach (var resource in EnumerateResources(child))
                    {
                        yield return resource;
                    }
                }
                break;
        }
    }

    private static string Metadata(string key) =>
        typeof(CompiledTemplate).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .SingleOrDefault(a => a.Key == key)?.Value ?? "";
}
