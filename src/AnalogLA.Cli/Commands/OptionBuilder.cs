using AnalogLA.Crossbar;
using AnalogLA.Devices;
using AnalogLA.Periphery;

namespace AnalogLA.Cli.Commands;

/// <summary>Turns a preset name and command-line overrides into validated <see cref="AnalogOptions"/>.</summary>
public sealed record DeviceOverrides
{
    public string Preset { get; init; } = "realistic";

    public double? ProgrammingNoise { get; init; }

    public double? ReadNoise { get; init; }

    public int? Levels { get; init; }

    public int? DacBits { get; init; }

    public int? AdcBits { get; init; }

    public string? AdcRange { get; init; }

    public string? Mapping { get; init; }

    public int? Slices { get; init; }

    public int? SliceBits { get; init; }

    public int? InputSliceBits { get; init; }

    public string? Tile { get; init; }

    public string? Sampling { get; init; }

    public ulong Seed { get; init; }

    public int Threads { get; init; } = -1;

    /// <summary>Time since programming in seconds (aging), or null.</summary>
    public double? TimeSeconds { get; init; }

    /// <summary>Storage temperature in kelvin for aging (default 300 K).</summary>
    public double? TemperatureKelvin { get; init; }

    /// <summary>Global drift compensation on/off (null: the preset's choice).</summary>
    public bool? DriftCompensation { get; init; }

    /// <summary>Wire resistance per segment in ohms (IR drop), or null.</summary>
    public double? WireOhms { get; init; }

    /// <summary>Wire resistance per segment relative to 1/G_max (IR drop), or null.</summary>
    public double? WireRatio { get; init; }

    /// <summary>Error-compensating programming stages (<see cref="MappingOptions.Compensation"/>), or null for the preset's.</summary>
    public int? Compensation { get; init; }

    /// <summary>Cost model preset name (null: the default, isaac).</summary>
    public string? CostPreset { get; init; }

    /// <summary>Applies the overrides to the preset. Noise overrides are σ as a fraction of G_max − G_min, normal, state-independent.</summary>
    /// <exception cref="ArgumentException">An unknown name or an out-of-range value; the message names the option.</exception>
    public AnalogOptions Build()
    {
        var options = AnalogOptions.FromPreset(Preset) with { Seed = Seed, MaxDegreeOfParallelism = Threads };
        if (ProgrammingNoise is not null || ReadNoise is not null || Levels is not null)
        {
            if (options.Device is not GenericDevice generic)
            {
                throw new ArgumentException($"--prog-noise, --read-noise and --levels apply to generic devices; preset '{Preset}' uses '{options.Device.Name}'.");
            }

            options = options with
            {
                Device = generic with
                {
                    ProgrammingNoise = ProgrammingNoise is double p ? Noise(p, "--prog-noise") : generic.ProgrammingNoise,
                    ReadNoise = ReadNoise is double r ? Noise(r, "--read-noise") : generic.ReadNoise,
                    Levels = Levels ?? generic.Levels,
                },
            };
        }

        if (DacBits is int dacBits)
        {
            options = options with { Dac = options.Dac with { Bits = dacBits } };
        }

        if (AdcBits is int adcBits)
        {
            options = options with { Adc = options.Adc with { Bits = adcBits } };
        }

        if (AdcRange is not null)
        {
            var mode = AdcRange.ToLowerInvariant() switch
            {
                "max" => AdcRangeMode.MaxPossible,
                "calibrated" => AdcRangeMode.Calibrated,
                _ => throw new ArgumentException($"--adc-range must be 'max' or 'calibrated', got '{AdcRange}'."),
            };
            options = options with { Adc = options.Adc with { RangeMode = mode } };
        }

        if (Mapping is not null)
        {
            options = Mapping.ToLowerInvariant() switch
            {
                "differential" => options with { Mapping = options.Mapping with { Sign = SignMapping.Differential, Slicing = null } },
                "offset" => options with { Mapping = options.Mapping with { Sign = SignMapping.Offset, Slicing = null } },
                "bitsliced" => options with { Mapping = options.Mapping with { Sign = SignMapping.Differential, Slicing = new WeightSlicing(Slices ?? 2, SliceBits ?? 4) } },
                _ => throw new ArgumentException($"--mapping must be differential, offset or bitsliced, got '{Mapping}'."),
            };
        }
        else if (Slices is not null || SliceBits is not null)
        {
            throw new ArgumentException("--slices and --slice-bits need --mapping bitsliced.");
        }

        if (InputSliceBits is int c)
        {
            options = options with { Mapping = options.Mapping with { InputSliceBits = c } };
        }

        if (Tile is not null)
        {
            options = options with { Tiling = ParseTile(Tile) };
        }

        if (Sampling is not null)
        {
            options = options with
            {
                Sampling = Sampling.ToLowerInvariant() switch
                {
                    "device" => SamplingMode.Device,
                    "output" => SamplingMode.Output,
                    "auto" => SamplingMode.Auto,
                    _ => throw new ArgumentException($"--sampling must be 'device', 'output' or 'auto', got '{Sampling}'."),
                },
            };
        }

        if (TimeSeconds is not null || TemperatureKelvin is not null)
        {
            options = options with { Aging = new AgingOptions(TimeSeconds ?? 0, TemperatureKelvin ?? 300) };
        }

        if (DriftCompensation is bool compensate)
        {
            options = options with { DriftCompensation = compensate };
        }

        if (Compensation is int stages)
        {
            options = options with { Mapping = options.Mapping with { Compensation = CheckCompensation(stages) } };
        }

        if (WireOhms is not null || WireRatio is not null)
        {
            if (WireOhms is not null && WireRatio is not null)
            {
                throw new ArgumentException("give --wire-ohms or --wire-ratio, not both.");
            }

            if (WireOhms is double ohms && !(ohms >= 0 && ohms <= ParasiticOptions.MaxWireOhms))
            {
                throw new ArgumentException($"--wire-ohms must be a finite resistance ≥ 0 Ω, at most {ParasiticOptions.MaxWireOhms:G3} Ω, got {ohms}.");
            }

            if (WireRatio is double ratio && !(ratio >= 0 && ratio <= ParasiticOptions.MaxWireRatio))
            {
                throw new ArgumentException($"--wire-ratio must be finite and ≥ 0, at most {ParasiticOptions.MaxWireRatio} (segment resistance × G_max), got {ratio}.");
            }

            options = options with { Parasitics = new ParasiticOptions { WireOhms = WireOhms, WireRatio = WireRatio } };
        }

        if (CostPreset is not null)
        {
            options = options with { Cost = CostModel.FromPreset(CostPreset) };
        }

        options.Validate();
        return options;
    }

    /// <summary>The value of <c>--compensate</c> when it is in [0, <see cref="MappingOptions.MaxCompensation"/>]; else the error naming the option.</summary>
    public static int CheckCompensation(int stages) => stages >= 0 && stages <= MappingOptions.MaxCompensation
        ? stages
        : throw new ArgumentException($"--compensate must be in [0, {MappingOptions.MaxCompensation}] (further array sets per matrix), got {stages}.");

    private static IndependentNoise Noise(double sigma, string option)
    {
        if (!(sigma >= 0 && sigma <= ConductanceNoise.MaxRelativeSigma))
        {
            throw new ArgumentException($"{option} must be a σ in [0, {ConductanceNoise.MaxRelativeSigma}] (a fraction of G_max − G_min), got {sigma}.");
        }

        return new IndependentNoise(sigma);
    }

    /// <summary>Parses "R" or "RxC".</summary>
    public static TilingOptions ParseTile(string text)
    {
        var parts = text.Split('x', 'X');
        if (parts.Length is < 1 or > 2
            || !int.TryParse(parts[0], out int rows)
            || !int.TryParse(parts[^1], out int cols))
        {
            throw new ArgumentException($"--tile must be R or RxC with integers, got '{text}'.");
        }

        var tiling = new TilingOptions(rows, cols);
        try
        {
            tiling.Validate();
        }
        catch (ArgumentOutOfRangeException)
        {
            throw new ArgumentException($"--tile sides must be in [1, {TilingOptions.MaxSide}], got '{text}'.");
        }

        return tiling;
    }
}
