using AnalogLA.Devices;
using AnalogLA.Periphery;

namespace AnalogLA.Crossbar;

/// <summary>
/// Everything that defines a simulated analog matrix: device, converters, mapping, tiling, sampling
/// and the seed. Immutable; vary with <c>with</c>; JSON round-trips through <see cref="IO.OptionsJson"/>.
/// </summary>
public sealed record AnalogOptions
{
    /// <summary>A name for reports (the preset it came from, if any).</summary>
    public string Name { get; init; } = "custom";

    /// <summary>The conductance device.</summary>
    public DeviceModel Device { get; init; } = DevicePresets.Ideal;

    /// <summary>Input converter.</summary>
    public DacOptions Dac { get; init; } = DacOptions.Ideal;

    /// <summary>Output converter.</summary>
    public AdcOptions Adc { get; init; } = AdcOptions.Ideal;

    /// <summary>Weight and input encoding.</summary>
    public MappingOptions Mapping { get; init; } = new();

    /// <summary>Tile geometry.</summary>
    public TilingOptions Tiling { get; init; } = new();

    /// <summary>How read noise is drawn.</summary>
    public SamplingMode Sampling { get; init; } = SamplingMode.Device;

    /// <summary>The one seed that makes a run reproducible, bit for bit, whatever the thread count.</summary>
    public ulong Seed { get; init; }

    /// <summary>Thread limit for tiles and batch vectors (−1: all cores).</summary>
    public int MaxDegreeOfParallelism { get; init; } = -1;

    /// <summary>Ideal device and converters: the digital product up to float rounding.</summary>
    public static AnalogOptions Ideal { get; } = new() { Name = "ideal" };

    /// <summary>
    /// The generic realistic point: <see cref="DevicePresets.Generic"/> (programming σ 5 %, read σ 2 %),
    /// 8-bit DAC with per-vector range, 8-bit ADC with a calibrated range.
    /// </summary>
    public static AnalogOptions Realistic { get; } = new()
    {
        Name = "realistic",
        Device = DevicePresets.Generic,
        Dac = new DacOptions { Bits = 8 },
        Adc = new AdcOptions { Bits = 8, RangeMode = AdcRangeMode.Calibrated },
    };

    /// <summary>
    /// PCM statistical model (<see cref="DevicePresets.Pcm"/>) with 8-bit DAC and calibrated 8-bit ADC,
    /// the converter resolution of Joshi et al., Nat. Commun. 11:2473, 2020.
    /// </summary>
    public static AnalogOptions Pcm { get; } = Realistic with { Name = "pcm", Device = DevicePresets.Pcm };

    /// <summary>Presets by name (case-insensitive).</summary>
    public static IReadOnlyDictionary<string, AnalogOptions> Presets { get; } =
        new Dictionary<string, AnalogOptions>(StringComparer.OrdinalIgnoreCase)
        {
            ["ideal"] = Ideal,
            ["realistic"] = Realistic,
            ["pcm"] = Pcm,
        };

    /// <summary>Looks up a preset; the error lists the known names.</summary>
    public static AnalogOptions FromPreset(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return Presets.TryGetValue(name, out var options)
            ? options
            : throw new ArgumentException($"unknown preset '{name}'; known presets: {string.Join(", ", Presets.Keys)}.", nameof(name));
    }

    /// <summary>Checks the whole tree; the message names the offending field.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Device, nameof(Device));
        ArgumentNullException.ThrowIfNull(Dac, nameof(Dac));
        ArgumentNullException.ThrowIfNull(Adc, nameof(Adc));
        ArgumentNullException.ThrowIfNull(Mapping, nameof(Mapping));
        ArgumentNullException.ThrowIfNull(Tiling, nameof(Tiling));
        Device.Validate("Device");
        Dac.Validate("Dac");
        Adc.Validate("Adc");
        Mapping.Validate("Mapping");
        Tiling.Validate("Tiling");
        if (!Enum.IsDefined(Sampling))
        {
            throw new ArgumentOutOfRangeException(nameof(Sampling), Sampling, "Sampling is not a known mode.");
        }

        if (MaxDegreeOfParallelism == 0 || MaxDegreeOfParallelism < -1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxDegreeOfParallelism), MaxDegreeOfParallelism, "MaxDegreeOfParallelism must be −1 (all cores) or ≥ 1.");
        }

        if (Mapping.InputSliceBits is int c)
        {
            if (Dac.Bits is not int bits)
            {
                throw new ArgumentException("Mapping.InputSliceBits (bit-serial inputs) needs a finite-resolution DAC: set Dac.Bits.", "Mapping.InputSliceBits");
            }

            if (bits < 2 || c > bits - 1)
            {
                throw new ArgumentOutOfRangeException("Mapping.InputSliceBits", c, $"Mapping.InputSliceBits must be ≤ Dac.Bits − 1 = {bits - 1} (the DAC's magnitude bits).");
            }
        }
    }
}
