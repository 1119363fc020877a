using System.Text.Json;
using System.Text.Json.Serialization;
using AnalogLA.Crossbar;

namespace AnalogLA.IO;

/// <summary>
/// JSON form of <see cref="AnalogOptions"/> (and any other options record): camelCase, enums as
/// strings, device and noise models tagged by kind, so that every result can be written beside the
/// exact options that produced it and read back.
/// </summary>
public static class OptionsJson
{
    /// <summary>The serializer settings used throughout the project.</summary>
    public static JsonSerializerOptions SerializerOptions { get; } = Create(indented: true);

    /// <summary>Compact settings (one line) for machine-readable output.</summary>
    public static JsonSerializerOptions CompactOptions { get; } = Create(indented: false);

    private static JsonSerializerOptions Create(bool indented)
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            WriteIndented = indented,
            DefaultIgnoreCondition = JsonIgnoreCondition.Never,
            IgnoreReadOnlyProperties = true,
            NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    /// <summary>Serialises options to JSON.</summary>
    public static string Serialize(AnalogOptions options, bool indented = true) =>
        JsonSerializer.Serialize(options, indented ? SerializerOptions : CompactOptions);

    /// <summary>Reads options from JSON and validates them.</summary>
    /// <exception cref="FormatException">The text is not valid options JSON; the message says where.</exception>
    public static AnalogOptions Deserialize(string json, string source = "options")
    {
        AnalogOptions? options;
        try
        {
            options = JsonSerializer.Deserialize<AnalogOptions>(json, SerializerOptions);
        }
        catch (JsonException e)
        {
            throw new FormatException($"{source}: invalid options JSON at line {e.LineNumber + 1}, position {e.BytePositionInLine + 1} (path {e.Path}): {e.Message}", e);
        }

        if (options is null)
        {
            throw new FormatException($"{source}: the JSON is null, expected an options object.");
        }

        options.Validate();
        return options;
    }
}
