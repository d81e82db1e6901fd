using System.Globalization;
using System.Text.Json;

namespace Cultivation.Integration.Tests.Api;

/// <summary>
/// Checks a JSON value against a schema of an OpenAPI 3.1 document: <c>$ref</c> to <c>#/components/schemas</c>, <c>type</c>
/// (one or a list, "null" among them), <c>properties</c>, <c>required</c>, <c>items</c>, <c>enum</c>, <c>oneOf</c>,
/// <c>additionalProperties</c> and <c>minimum</c>. Stricter than JSON Schema on one point, on purpose: an object's field the
/// schema does not declare is an error unless <c>additionalProperties</c> allows it, so the document cannot fall behind the
/// code without a test failing.
/// </summary>
public sealed class SchemaCheck(JsonElement document)
{
    /// <summary>Every difference between the value and the schema, each with the path of the value ("$.targets[0].status").</summary>
    public IReadOnlyList<string> Problems(JsonElement value, JsonElement schema)
    {
        var problems = new List<string>();
        Check(value, schema, "$", problems);
        return problems;
    }

    public JsonElement Resolve(JsonElement schema)
    {
        while (schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("$ref", out var reference))
        {
            var path = reference.GetString()!;
            const string prefix = "#/";
            if (!path.StartsWith(prefix, StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"only local references are followed: {path}");
            }

            schema = document;
            foreach (var segment in path[prefix.Length..].Split('/'))
            {
                schema = schema.TryGetProperty(segment.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal), out var next)
                    ? next
                    : throw new InvalidOperationException($"the reference {path} leads nowhere");
            }
        }

        return schema;
    }

    private void Check(JsonElement value, JsonElement schema, string at, List<string> problems)
    {
        schema = Resolve(schema);
        if (schema.TryGetProperty("oneOf", out var oneOf))
        {
            var matches = oneOf.EnumerateArray().Count(s => Problems(value, s).Count == 0);
            if (matches != 1)
            {
                problems.Add($"{at}: matches {matches} of the oneOf schemas, not exactly one");
            }

            return;
        }

        if (schema.TryGetProperty("type", out var type) && !TypeMatches(value, type))
        {
            problems.Add($"{at}: {value.ValueKind} where the schema says {type}");
            return;
        }

        if (schema.TryGetProperty("enum", out var allowed) && !allowed.EnumerateArray().Any(a => JsonElement.DeepEquals(a, value)))
        {
            problems.Add($"{at}: {value} is not one of {allowed}");
        }

        if (schema.TryGetProperty("minimum", out var minimum) && value.ValueKind == JsonValueKind.Number && value.GetDecimal() < minimum.GetDecimal())
        {
            problems.Add($"{at}: {value} is under the minimum {minimum}");
        }

        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                CheckObject(value, schema, at, problems);
                break;
            case JsonValueKind.Array when schema.TryGetProperty("items", out var items):
                var index = 0;
                foreach (var item in value.EnumerateArray())
                {
                    Check(item, items, string.Create(CultureInfo.InvariantCulture, $"{at}[{index++}]"), problems);
                }

                break;
        }
    }

    private void CheckObject(JsonElement value, JsonElement schema, string at, List<string> problems)
    {
        var declared = schema.TryGetProperty("properties", out var properties) ? properties : default;
        if (schema.TryGetProperty("required", out var required))
        {
            foreach (var name in required.EnumerateArray().Select(r => r.GetString()!))
            {
                if (!value.TryGetProperty(name, out _))
                {
                    problems.Add($"{at}: the required field {name} is missing");
                }
            }
        }

        var extra = schema.TryGetProperty("additionalProperties", out var additional) ? additional : default;
        foreach (var field in value.EnumerateObject())
        {
            var path = $"{at}.{field.Name}";
            if (declared.ValueKind == JsonValueKind.Object && declared.TryGetProperty(field.Name, out var fieldSchema))
            {
                Check(field.Value, fieldSchema, path, problems);
            }
            else if (extra.ValueKind == JsonValueKind.Object)
            {
                Check(field.Value, extra, path, problems);
            }
            else if (extra.ValueKind != JsonValueKind.True)
            {
                problems.Add($"{path}: a field the document does not declare");
            }
        }
    }

    private static bool TypeMatches(JsonElement value, JsonElement type) => type.ValueKind == JsonValueKind.Array
        ? type.EnumerateArray().Any(t => Is(value, t.GetString()!))
        : Is(value, type.GetString()!);

    private static bool Is(JsonElement value, string type) => type switch
    {
        "object" => value.ValueKind == JsonValueKind.Object,
        "array" => value.ValueKind == JsonValueKind.Array,
        "string" => value.ValueKind == JsonValueKind.String,
        "number" => value.ValueKind == JsonValueKind.Number,
        "integer" => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _),
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "null" => value.ValueKind == JsonValueKind.Null,
        _ => throw new InvalidOperationException($"unknown type {type}"),
    };
}
