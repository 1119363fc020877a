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
    public SamplingMode Sampling { get; init; } = SamplingMode.Auto;

    /// <summary><see cref="Sampling"/> with <see cref="SamplingMode.Auto"/> resolved: output space for Gaussian or no read noise, device level otherwise.</summary>
    public SamplingMode ResolvedSampling => Sampling != SamplingMode.Auto
        ? Sampling
        : !Device.HasReadNoise || Device.ReadNoiseDistribution == NoiseDistribution.Normal ? SamplingMode.Output : SamplingMode.Device;

    /// <summary>The one seed that makes a run reproducible, bit for bit, whatever the thread count.</summary>
    public ulong Seed { get; init; }

    /// <summary>Time since programming and storage temperature (null: read just after programming).</summary>
    public AgingOptions? Aging { get; init; }

    /// <summary>
    /// Global drift compensation (Joshi et al., Nat. Commun. 11:2473, 2020; aihwkit's
    /// GlobalDriftCompensation): outputs are rescaled digitally by Σ|y(t₀)|/Σ|y(t)| for an all-ones input,
    /// measured noise-free on the fresh and the aged arrays. Corrects the mean conductance decay, not its spread.
    /// </summary>
    public bool DriftCompensation { get; init; }

    /// <summary>Wire resistance of the array lines (null: ideal wires, no IR drop).</summary>
    public ParasiticOptions? Parasitics { get; init; }

    /// <summary>Energy, latency and area parameters of the periphery (reported in <see cref="CrossbarDiagnostics"/>).</summary>
    public CostModel Cost { get; init; } = CostModel.Isaac;

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

    /// <summary>Liu 2021 notched DW-MTJ pairs (five levels), 8-bit DAC and calibrated 8-bit ADC.</summary>
    public static AnalogOptions DwMtjLiu2021 { get; } = Realistic with { Name = "dwmtj-liu2021", Device = Devices.DwMtj.Liu2021Notched };

    /// <summary>Alamdar 2021 DW-MTJ pairs, 8-bit DAC and calibrated 8-bit ADC.</summary>
    public static AnalogOptions DwMtjAlamdar2021 { get; } = Realistic with { Name = "dwmtj-alamdar2021", Device = Devices.DwMtj.Alamdar2021 };

    /// <summary>Joshi 2020 PCM with drift, 8-bit DAC and calibrated 8-bit ADC, global drift compensation on.</summary>
    public static AnalogOptions PcmJoshi2020 { get; } = Realistic with { Name = "pcm-joshi2020", Device = Devices.Pcm.Joshi2020, DriftCompensation = true };

    /// <summary>
    /// A realistic DW-MTJ crossbar for weights with many levels (e.g. inverses in preconditioners): Alamdar 2021
    /// junctions with 0.1 % write misses, 2 % device-to-device variation of R_P and TMR and 1 % read noise (assumed
    /// values, not fitted: the papers do not report them), 8 one-bit weight slices held by the two end states of the
    /// track (the only levels every DW-MTJ has exactly), a scale per tile, output-space sampling, 8-bit DAC and
/// calibrated 8-bit ADC.
    /// </summary>
    public static AnalogOptions DwMtjRealistic { get; } = Realistic with
    {
        Name = "dwmtj-realistic",
        Device = Devices.DwMtj.Alamdar2021 with
        {
            Name = "dwmtj-realistic",
            WriteMissProbability = 0.001,
            ResistanceVariation = 0.02,
            TmrVariation = 0.02,
            ReadNoise = new IndependentNoise(0.01),
        },
        Mapping = new MappingOptions { Slicing = new WeightSlicing(8, 1), ScalePerTile = true },
        Sampling = SamplingMode.Output,
    };

    /// <summary>
    /// Sandia CrossSim 3.2.0's "realistic" MVM configuration, in CrossSim's conventions: one 1024 × 1024 array,
    /// BALANCED (differential) cores with ONE_SIDED mapping (one device of each pair at G_min), R_min 1 kΩ and
    /// R_max 10 kΩ (G ∈ [0.1, 1] mS), programming σ 5 % and read σ 2 % of the conductance range, normal and
    /// state-independent, applied to each device of the pair, programming error clipped at zero conductance
    /// (<see cref="ClipFloor.Zero"/>), 8-bit sign-magnitude DAC with per-vector range, 8-bit ADC with a calibrated
    /// range. CrossSim reports a relative MVM error of 0.132 for it at N = 1024 with W and x uniform in [−1, 1]
    /// (the figure quoted by this project's fidelity review; `analogla validate` checks the agreement).
    /// </summary>
    public static AnalogOptions CrossSimRealistic { get; } = Realistic with
    {
        Name = "crosssim-realistic",
        Device = DevicePresets.Generic with { Name = "crosssim-generic", Range = new ConductanceRange(1e-4, 1e-3), ClipFloor = ClipFloor.Zero },
        Tiling = new TilingOptions(1024, 1024),
    };

    /// <summary>
    /// The analog noise of IBM's FGMRES-with-analog-preconditioning studies (Kalantzis et al., "Solving Sparse Linear
    /// Systems via Flexible GMRES with In-Memory Analog Preconditioning", HPEC 2023; Shah et al., arXiv 2606.17227, 2026),
    /// in aihwkit's periphery model (IOParameters / PresetIOParameters): abs-max input scaling (noise management
    /// ABS_MAX) and a 7-bit DAC (inp_res = 1/(2⁷ − 2)), input noise σ = 1 % of full scale after the DAC; output noise
    /// σ = 1 % of one full-scale weight × full-scale input before a 9-bit ADC (out_res = 1/(2⁹ − 2)) spanning ±20 in
    /// those units (out_bound = 20), iterative bound management (inputs halved while an output clips, max_bm_factor
    /// 1000, max_bm_res 0.25); programming noise 0.5 % of w_max per weight (aihwkit adds it to the weight; here each
    /// device of a differential pair gets 0.5 %/√2 of its range, so the pair's weight error is 0.5 %, and G_min = 0.1·G_max
    /// keeps the noise from ever clipping); no read noise (aihwkit's w_noise = 0 in PresetIOParameters); 512 × 512 tiles
    /// (aihwkit's default max_input_size / max_output_size), each scaled by its own max|w| (weight scaling omega = 1).
    /// Departures: aihwkit's PresetIOParameters default is out_noise = 0.1 (10 %), IOParameters' 0.06; the 1 % here is the
    /// setting the HPEC comparison of this project's analog-preconditioning track asks for; set <c>Adc.Noise</c> to
    /// reproduce either default.
    /// </summary>
    public static AnalogOptions IbmHpec2023 { get; } = new()
    {
        Name = "ibm-hpec2023",
        Device = DevicePresets.Ideal with
        {
            Name = "ibm-hpec2023",
            Range = new ConductanceRange(2.5e-6, 25e-6),
            ProgrammingNoise = new IndependentNoise(0.005 / Math.Sqrt(2)),
            ClipFloor = ClipFloor.Zero,
        },
        Dac = new DacOptions { Bits = 7, RangeMode = DacRangeMode.Dynamic, Noise = 0.01 },
        Adc = new AdcOptions { Bits = 9, RangeMode = AdcRangeMode.Bound, Bound = 20, Noise = 0.01, BoundManagement = BoundManagement.Iterative },
        Mapping = new MappingOptions { ScalePerTile = true },
        Tiling = new TilingOptions(512, 512),
        Sampling = SamplingMode.Output,
    };

    /// <summary>Presets by name (case-insensitive).</summary>
    public static IReadOnlyDictionary<string, AnalogOptions> Presets { get; } =
        new Dictionary<string, AnalogOptions>(StringComparer.OrdinalIgnoreCase)
        {
            ["ideal"] = Ideal,
            ["realistic"] = Realistic,
            ["pcm"] = Pcm,
            ["pcm-joshi2020"] = PcmJoshi2020,
            ["dwmtj-liu2021"] = DwMtjLiu2021,
            ["dwmtj-alamdar2021"] = DwMtjAlamdar2021,
            ["dwmtj-realistic"] = DwMtjRealistic,
            ["crosssim-realistic"] = CrossSimRealistic,
            ["ibm-hpec2023"] = IbmHpec2023,
        };

    /// <summary>Looks up a preset; the error lists the known names.</summary>
    public static AnalogOptions FromPreset(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Equals("bayesmtj-kwon2022", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException("'bayesmtj-kwon2022' is a stochastic device that holds standard deviations, not a conductance array for means; use it through StochasticMtj (or the stochastic weight arrays).", nameof(name));
        }

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
        if (Aging is not null)
        {
            Aging.Validate("Aging");
            Device.ValidateAging(Aging, "Aging");
        }

        Parasitics?.Validate("Parasitics");
        ArgumentNullException.ThrowIfNull(Cost, nameof(Cost));
        Cost.Validate("Cost");
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
