using System.Text.Json.Nodes;

namespace Cultivation.Infra.Tests;

internal static class TemplateExtensions
{
    /// <summary>The value main.bicep passes to a module parameter.</summary>
    public static JsonNode? Argument(this JsonObject module, string parameter) =>
        module["properties"]!["parameters"]![parameter]?["value"];

    /// <summary>A module's own template.</summary>
    public static JsonObject Template(this JsonObject module) =>
        module["properties"]!["template"]!.AsObject();

    /// <summary>The default value a module template declares for a parameter.</summary>
    public static JsonNode? Default(this JsonObject template, string parameter) =>
        template["parameters"]![parameter]?["defaultValue"];

    /// <summary>The single resource of this type in a template (not in nested ones).</summary>
    public static JsonObject Resource(this JsonObject template, string type) =>
        template.OwnResources().Single(r => (string?)r["type"] == type && r["existing"] is null);

    /// <summary>A template's own resources, whether listed (languageVersion 1) or named (languageVersion 2).</summary>
    public static IEnumerable<JsonObject> OwnResources(this JsonObject template) => template["resources"] switch
    {
        JsonArray list => list.Select(r => r!.AsObject()),
        JsonObject named => named.Select(r => r.Value!.AsObject()),
        _ => [],
    };

    /// <summary>A variable of a module's own template.</summary>
    public static JsonNode? Variable(this JsonObject template, string name) => template["variables"]?[name];

    /// <summary>A list main.bicep passes to a module, following one variables('name') indirection.</summary>
    public static List<string> ListArgument(this CompiledTemplate template, string module, string parameter)
    {
        var argument = template.Module(module).Argument(parameter)!;
        if (argument is JsonValue value && ((string)value!).StartsWith("[variables('", StringComparison.Ordinal))
        {
            var name = ((string)value!)["[variables('".Length..^"')]".Length];
            argument = template.Root["variables"]![name]!;
        }
        return [.. argument.AsArray().Select(item => (string)item!)];
    }

    public static string Variable(this CompiledTemplate template, string name) =>
        (string)template.Root["variables"]![name]!;
}
