using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using AnalogLA.Crossbar;

namespace AnalogLA.IO;

/// <summary>
/// JSON form of <see cref="AnalogOptions"/> (and any other options record): camelCase, enums as
/// strings, device and noise models tagged by kind, so that every result can be written beside the
/// exact options that produced it and read back.
/// </summary>
/// <remarks>
/// Extension point: a user-defined <see cref="Devices.DeviceModel"/> or <see cref="Devices.ConductanceNoise"/> (or
/// any other polymorphic options type) joins the JSON form with <see cref="Register{TBase, TDerived}"/> and its tag;
/// the serializer settings are rebuilt, so options written afterwards carry the tag and read back as the user type.
/// </remarks>
public static class OptionsJson
{
    private static readonly Lock Gate = new();
    private static readonly List<(Type Base, Type Derived, string Tag)> Registered = [];
    private static volatile JsonSerializerOptions s_indented = Create(indented: true);
    private static volatile JsonSerializerOptions s_compact = Create(indented: false);

    /// <summary>The serializer settings used throughout the project (rebuilt when a type is registered).</summary>
    public static JsonSerializerOptions SerializerOptions => s_indented;

    /// <summary>Compact settings (one line) for machine-readable output.</summary>
    public static JsonSerializerOptions CompactOptions => s_compact;

    /// <summary>
    /// Registers <typeparamref name="TDerived"/> as a JSON form of the polymorphic <typeparamref name="TBase"/>
    /// under the discriminator <paramref name="tag"/> (e.g. a user's device model under "my-device"). Registering the
    /// same type under the same tag again does nothing.
    /// </summary>
    /// <exception cref="ArgumentException">The tag is empty, or already names another type of that base (built-in tags included).</exception>
    public static void Register<TBase, TDerived>(string tag)
        where TDerived : TBase
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tag);
        lock (Gate)
        {
            var builtIn = typeof(TBase).GetCustomAttributes(typeof(JsonDerivedTypeAttribute), inherit: false).Cast<JsonDerivedTypeAttribute>()
                .Select(a => (Type: a.DerivedType, Tag: a.TypeDiscriminator as string));
            var known = builtIn.Concat(Registered.Where(r => r.Base == typeof(TBase)).Select(r => (Type: r.Derived, Tag: (string?)r.Tag)));
            foreach (var (type, existing) in known)
            {
                if (type == typeof(TDerived) && existing == tag)
                {
                    return;
                }

                if (existing == tag || type == typeof(TDerived))
                {
                    throw new ArgumentException($"{typeof(TBase).Name}: the tag '{tag}' or the type {typeof(TDerived).Name} is already registered (as {type.Name} / '{existing}').", nameof(tag));
                }
            }

            Registered.Add((typeof(TBase), typeof(TDerived), tag));
            s_indented = Create(indented: true);
            s_compact = Create(indented: false);
        }
    }

    /// <summary>A resolver modifier adding the registrations as they were when the settings were built (an immutable snapshot).</summary>
    private static Action<JsonTypeInfo> AddRegistered((Type Base, Type Derived, string Tag)[] registered) => info =>
    {
        if (info.PolymorphismOptions is not { } polymorphism)
        {
            return;
        }

        foreach (var (_, derived, tag) in registered.Where(r => r.Base == info.Type))
        {
            polymorphism.DerivedTypes.Add(new JsonDerivedType(derived, tag));
        }
    };

    private static JsonSerializerOptions Create(bool indented)
    {
        var options = new JsonSerializerOptions
        {
            TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { AddRegistered([.. Registered]) } },
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
