using System.Text.Json;
using System.Text.Json.Nodes;

namespace AnalogLA.Cli;

/// <summary>
/// JSON results that are always valid JSON: a non-finite number (a diverged residual, an infinite dwell time) is
/// written as null and its path listed under <c>non_finite_fields</c> with its value, so nothing is silently dropped.
/// </summary>
public static class JsonResults
{
    /// <summary>Replaces every non-finite number in <paramref name="node"/> by null and records where it was.</summary>
    public static JsonObject Finite(JsonObject node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var found = new JsonObject();
        Walk(node, "$", found);
        if (found.Count > 0)
        {
            node["non_finite_fields"] = found;
        }

        return node;
    }

    /// <summary>The object as one line (or indented) of JSON, after <see cref="Finite"/>.</summary>
    public static string Text(JsonObject node, bool indented = false) =>
        Finite(node).ToJsonString(new JsonSerializerOptions { WriteIndented = indented });

    private static void Walk(JsonNode? node, string path, JsonObject found)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var key in o.Select(p => p.Key).ToList())
                {
                    if (IsNonFinite(o[key], out string? text))
                    {
                        o[key] = null;
                        found[$"{path}.{key}"] = text;
                    }
                    else
                    {
                        Walk(o[key], $"{path}.{key}", found);
                    }
                }

                break;
            case JsonArray a:
                for (int i = 0; i < a.Count; i++)
                {
                    if (IsNonFinite(a[i], out string? text))
                    {
                        a[i] = null;
                        found[$"{path}[{i}]"] = text;
                    }
                    else
                    {
                        Walk(a[i], $"{path}[{i}]", found);
                    }
                }

                break;
        }
    }

    private static bool IsNonFinite(JsonNode? node, out string? text)
    {
        text = null;
        if (node is JsonValue value)
        {
            if (value.TryGetValue(out double d) && !double.IsFinite(d))
            {
                text = d.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
            else if (value.TryGetValue(out float f) && !float.IsFinite(f))
            {
                text = f.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return text is not null;
    }
}
