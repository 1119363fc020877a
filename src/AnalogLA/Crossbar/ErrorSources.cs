using AnalogLA.Devices;
using AnalogLA.Periphery;

namespace AnalogLA.Crossbar;

/// <summary>One configuration of an error-budget ablation: its name and the crossbar options.</summary>
/// <param name="Name">What is switched on (or, for a mapping technique, switched off).</param>
/// <param name="Options">The crossbar with only that source.</param>
/// <param name="Equilibrate">Whether the solver wraps the preconditioner in Jacobi scaling for this row.</param>
public sealed record ErrorSource(string Name, AnalogOptions Options, bool Equilibrate = true);

/// <summary>
/// The error sources of a crossbar configuration, one at a time (<c>analogla solve --ablate</c>): the same mapping with every
/// source off, then each source of the device (DW-MTJ: ON-state R_P variation, OFF-state TMR variation, write misses, read
/// noise; generic: programming and read noise), of the converters (DAC resolution, DAC input noise, ADC resolution with its
/// per-slice range, ADC output noise and bound management) switched on alone, then the mapping techniques taken away one at a
/// time from the otherwise ideal crossbar (the per-tile scale; equilibration, a solver wrapper), then the full configuration.
/// </summary>
/// <remarks>Sources absent from the configuration are not listed. Sources interact (a write miss costs more at a coarse ADC
/// range), so the rows measure each source's effect alone, not its share of the combined error.</remarks>
public static class ErrorSources
{
    /// <summary>The configuration with every error source off and the mapping (slicing, scaling, tiling, seed) kept.</summary>
    public static AnalogOptions AllOff(AnalogOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options with
        {
            Name = options.Name + " (no errors)",
            Device = Quiet(options.Device),
            Dac = DacOptions.Ideal,
            Adc = AdcOptions.Ideal,
            Aging = null,
            Parasitics = null,
        };
    }

    /// <summary>The ablation rows: all off, each source alone, each technique removed, the full configuration.</summary>
    public static IReadOnlyList<ErrorSource> OneAtATime(AnalogOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var off = AllOff(options);
        var rows = new List<ErrorSource> { new("none (ideal devices and converters)", off) };
        var quiet = off.Device;
        switch (options.Device)
        {
            case DomainWallMtj d:
                var q = (DomainWallMtj)quiet;
                Add(d.ResistanceVariation > 0, "ON-state variation (R_P)", off with { Device = q with { ResistanceVariation = d.ResistanceVariation } });
                Add(d.TmrVariation > 0, "OFF-state variation (TMR)", off with { Device = q with { TmrVariation = d.TmrVariation } });
                Add(d.WriteMissProbability > 0, "write misses", off with { Device = q with { WriteMissProbability = d.WriteMissProbability } });
                Add(d.HasReadNoise, "read noise", off with { Device = q with { ReadNoise = d.ReadNoise } });
                break;
            case GenericDevice g:
                var gq = (GenericDevice)quiet;
                Add(!g.ProgrammingNoise.IsZero, "programming noise", off with { Device = gq with { ProgrammingNoise = g.ProgrammingNoise } });
                Add(g.HasReadNoise, "read noise", off with { Device = gq with { ReadNoise = g.ReadNoise } });
                break;
        }

        Add(options.Dac.Bits is not null, $"DAC ({options.Dac.Bits} bits, {options.Dac.RangeMode} range)", off with { Dac = options.Dac with { Noise = 0 } });
        Add(options.Dac.Noise > 0, $"input noise ({options.Dac.Noise:P1})", off with { Dac = DacOptions.Ideal with { Noise = options.Dac.Noise } });
        Add(options.Adc.Bits is not null, $"ADC ({options.Adc.Bits} bits, {options.Adc.RangeMode} range per slice)", off with { Adc = options.Adc with { Noise = 0 } });
        Add(options.Adc.Noise > 0, $"output noise ({options.Adc.Noise:P1})", off with { Adc = AdcOptions.Ideal with { Noise = options.Adc.Noise } });
        Add(options.Aging is not null, "aging", off with { Aging = options.Aging });
        Add(options.Parasitics is not null, "IR drop", off with { Parasitics = options.Parasitics });
        Add(options.Mapping.ScalePerTile, "matrix-wide scale instead of per-tile", off with { Mapping = off.Mapping with { ScalePerTile = false } });
        rows.Add(new ErrorSource("no equilibration", off, Equilibrate: false));
        rows.Add(new ErrorSource("all (" + options.Name + ")", options));
        return rows;

        void Add(bool present, string name, AnalogOptions row)
        {
            if (present)
            {
                rows.Add(new ErrorSource(name, row));
            }
        }
    }

    /// <summary>The device with its programming errors, variation, write misses and read noise removed (levels kept).</summary>
    private static DeviceModel Quiet(DeviceModel device) => device switch
    {
        DomainWallMtj d => d with { ResistanceVariation = 0, TmrVariation = 0, WriteMissProbability = 0, ReadNoise = NoNoise.Instance },
        GenericDevice g => g with { ProgrammingNoise = NoNoise.Instance, ReadNoise = NoNoise.Instance },
        _ => throw new NotSupportedException($"the ablation knows the error sources of the DW-MTJ and generic devices, not '{device.Name}'."),
    };
}
