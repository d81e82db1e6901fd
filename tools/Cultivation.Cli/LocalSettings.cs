using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace Cultivation.Cli;

/// <summary>
/// Reads the <c>Values</c> of the function app's <c>local.settings.json</c> (in the current folder or
/// <c>functions/</c> beside it, or above), so the tool and <c>func start</c> share one local configuration.
/// Environment variables win over it.
/// </summary>
public static class LocalSettings
{
    public static void AddTo(IConfigurationBuilder configuration)
    {
        var path = Find(Directory.GetCurrentDirectory());
        if (path is null)
        {
            return;
        }

        using var doc = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        if (!doc.RootElement.TryGetProperty("Values", out var values) || values.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        var pairs = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var p in values.EnumerateObject())
        {
            // Settings use "__" for sections, as environment variables do.
            pairs[p.Name.Replace("__", ":", StringComparison.Ordinal)] = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : p.Value.GetRawText();
        }

        configuration.AddInMemoryCollection(pairs);
    }

    private static string? Find(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            foreach (var candidate in new[] { Path.Combine(dir.FullName, "local.settings.json"), Path.Combine(dir.FullName, "functions", "local.settings.json") })
            {
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }
}
