namespace AnalogLA.Crossbar;

/// <summary>
/// Energy, latency and area parameters of the analog periphery and array timing. The array's own read energy
/// comes from the programmed conductances (siemens from the device's G_max), so one cost model serves any device.
/// </summary>
/// <remarks>
/// <para>Per analog read of one array (one input slice):</para>
/// <list type="bullet">
/// <item>array energy E_array = t_read·V_read²·Σ_ij G_ij·v̂_i² (v̂ the DAC output in units of full scale,
/// G every physical device, both devices of a differential pair and the offset reference lines);</item>
/// <item>ADC energy per conversion E_ADC = FoM_ADC·2^b (Walden figure of merit per conversion step;
/// Walden, IEEE JSAC 17:539, 1999; Murmann, ADC Performance Survey 1997–2024);</item>
/// <item>DAC energy per driven row E_DAC = FoM_DAC·2^b;</item>
/// <item>digital accumulation of tile and slice partial sums, E_add per addition;</item>
/// <item>Bayes-MTJ sampling pulses, E_pulse per stochastic device per sample (stochastic arrays only).</item>
/// </list>
/// <para>Latency of one MVM: ⌈arrays / parallel arrays⌉ × input slices × (t_read + ⌈lines / ADCs⌉ / f_ADC), where an
/// array has ⌈lines / columns per ADC⌉ ADCs (time-multiplexed) and arrays run in parallel up to
/// <see cref="ParallelArrays"/> (null: all). Pipelining across reads is not modelled.</para>
/// <para>Area: devices × cell area + ADCs × A_ADC·2^(b − b_ref) + DACs × A_DAC (converter area scaled with
/// 2^b like their energy — an assumption for SAR-type converters). Ideal converters (no bit count) are costed at
/// <see cref="IdealConverterBits"/>.</para>
/// </remarks>
public sealed record CostModel
{
    /// <summary>Preset name for reports.</summary>
    public string Name { get; init; } = "custom";

    /// <summary>Where the numbers come from (printed with reports).</summary>
    public string Source { get; init; } = "user";

    /// <summary>Full-scale read voltage on a row (V).</summary>
    public double ReadVoltage { get; init; } = 0.2;

    /// <summary>Array read (settling and integration) time per analog read (s).</summary>
    public double ReadTimeSeconds { get; init; } = 100e-9;

    /// <summary>ADC Walden figure of merit (J per conversion step).</summary>
    public double AdcJoulesPerStep { get; init; } = 6.1e-15;

    /// <summary>ADC sample rate (conversions per second).</summary>
    public double AdcSamplesPerSecond { get; init; } = 1.28e9;

    /// <summary>Output lines that share one ADC (time-multiplexed).</summary>
    public int LinesPerAdc { get; init; } = 128;

    /// <summary>Area of one ADC at <see cref="AdcReferenceBits"/> (mm²).</summary>
    public double AdcAreaMm2 { get; init; } = 0.0012;

    /// <summary>Resolution at which <see cref="AdcAreaMm2"/> was reported.</summary>
    public int AdcReferenceBits { get; init; } = 8;

    /// <summary>DAC figure of merit (J per conversion step, E = FoM·2^b per driven row).</summary>
    public double DacJoulesPerStep { get; init; } = 0.195e-12;

    /// <summary>Area of one row driver/DAC (mm²).</summary>
    public double DacAreaMm2 { get; init; } = 1.66e-7;

    /// <summary>Energy of one digital partial-sum addition (J).</summary>
    public double AddJoules { get; init; } = 0.1e-12;

    /// <summary>Area of one device cell, access transistors included (µm²).</summary>
    public double CellAreaSquareMicron { get; init; } = 0.0015;

    /// <summary>Energy of one Bayes-MTJ sampling pulse per stochastic device (J).</summary>
    public double StochasticPulseJoules { get; init; } = 0.1e-12;

    /// <summary>Arrays that can be read at the same time (null: all of them).</summary>
    public int? ParallelArrays { get; init; }

    /// <summary>Bits at which ideal (unlimited-resolution) converters are costed.</summary>
    public int IdealConverterBits { get; init; } = 8;

    /// <summary>
    /// ISAAC's in-situ analog tile (Shafiee et al., ISCA 2016, Table I, 32 nm): 8-bit ADC at 1.28 GS/s,
    /// 2 mW and 0.0012 mm² each (16 mW, 0.0096 mm² for eight), one ADC per 128×128 array → FoM 2 mW/1.28 GS/s/2⁸ =
    /// 6.1 fJ/step; 1-bit DACs 4 mW and 0.00017 mm² for 8×128 at the 100 ns read cycle → 0.39 pJ per 1-bit
    /// conversion (FoM 0.195 pJ/step), 1.66e-7 mm² each; 100 ns array read; 8 arrays of 128×128 cells in
    /// 0.0002 mm² → 0.0015 µm² per cell. Digital add: 32-bit integer add 0.1 pJ (Horowitz, ISSCC 2014, 45 nm).
    /// Read voltage 0.2 V and the Bayes-MTJ pulse energy 0.1 pJ are assumptions (not in ISAAC).
    /// </summary>
    public static CostModel Isaac { get; } = new() { Name = "isaac", Source = "Shafiee et al., ISCA 2016 (ISAAC), Table I; Horowitz, ISSCC 2014" };

    /// <summary>
    /// ISAAC periphery with DW-MTJ arrays: read voltage 0.1 V (MTJ reads stay ≤ 0.1–0.2 V to limit TMR roll-off
    /// and read disturb), 10 ns read (MTJ arrays sense in ns; assumption), and a three-terminal DW-MTJ cell with
    /// two access transistors taken as 60 F² at F = 28 nm = 0.047 µm² (assumption; the track of Liu et al., APL
    /// 118:202405, 2021, is 160 nm × 15 nm alone).
    /// </summary>
    public static CostModel DwMtj { get; } = Isaac with
    {
        Name = "dwmtj",
        Source = "ISAAC periphery (Shafiee et al., ISCA 2016); DW-MTJ read voltage, read time and cell area assumed (see XML docs)",
        ReadVoltage = 0.1,
        ReadTimeSeconds = 10e-9,
        CellAreaSquareMicron = 60 * 0.028 * 0.028,
    };

    /// <summary>Presets by name (case-insensitive).</summary>
    public static IReadOnlyDictionary<string, CostModel> Presets { get; } =
        new Dictionary<string, CostModel>(StringComparer.OrdinalIgnoreCase) { ["isaac"] = Isaac, ["dwmtj"] = DwMtj };

    /// <summary>Looks up a preset; the error lists the known names.</summary>
    public static CostModel FromPreset(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return Presets.TryGetValue(name, out var model)
            ? model
            : throw new ArgumentException($"unknown cost preset '{name}'; known: {string.Join(", ", Presets.Keys)}.", nameof(name));
    }

    /// <summary>Energy of one conversion of a <paramref name="bits"/>-bit ADC (J).</summary>
    public double AdcJoules(int bits) => AdcJoulesPerStep * Math.Pow(2, bits);

    /// <summary>Energy of one <paramref name="bits"/>-bit DAC conversion (J).</summary>
    public double DacJoules(int bits) => DacJoulesPerStep * Math.Pow(2, bits);

    /// <summary>Area of one <paramref name="bits"/>-bit ADC (mm²).</summary>
    public double AdcArea(int bits) => AdcAreaMm2 * Math.Pow(2, bits - AdcReferenceBits);

    /// <summary>Checks the model; the message names the offending field and its range.</summary>
    public void Validate(string path = "Cost")
    {
        static void Positive(double value, string name)
        {
            if (!(value > 0) || !double.IsFinite(value))
            {
                throw new ArgumentOutOfRangeException(name, value, $"{name} must be finite and > 0.");
            }
        }

        static void NonNegative(double value, string name)
        {
            if (!(value >= 0) || !double.IsFinite(value))
            {
                throw new ArgumentOutOfRangeException(name, value, $"{name} must be finite and ≥ 0.");
            }
        }

        Positive(ReadVoltage, path + ".ReadVoltage");
        Positive(ReadTimeSeconds, path + ".ReadTimeSeconds");
        NonNegative(AdcJoulesPerStep, path + ".AdcJoulesPerStep");
        Positive(AdcSamplesPerSecond, path + ".AdcSamplesPerSecond");
        NonNegative(AdcAreaMm2, path + ".AdcAreaMm2");
        NonNegative(DacJoulesPerStep, path + ".DacJoulesPerStep");
        NonNegative(DacAreaMm2, path + ".DacAreaMm2");
        NonNegative(AddJoules, path + ".AddJoules");
        NonNegative(CellAreaSquareMicron, path + ".CellAreaSquareMicron");
        NonNegative(StochasticPulseJoules, path + ".StochasticPulseJoules");
        if (LinesPerAdc < 1)
        {
            throw new ArgumentOutOfRangeException(path + ".LinesPerAdc", LinesPerAdc, $"{path}.LinesPerAdc (lines sharing one ADC) must be ≥ 1: an array needs at least one ADC.");
        }

        if (ParallelArrays is int p && p < 1)
        {
            throw new ArgumentOutOfRangeException(path + ".ParallelArrays", p, $"{path}.ParallelArrays must be ≥ 1 (or null for all).");
        }

        if (AdcReferenceBits is < 1 or > 24 || IdealConverterBits is < 1 or > 24)
        {
            throw new ArgumentOutOfRangeException(path + ".AdcReferenceBits", $"{path}.AdcReferenceBits and IdealConverterBits must lie in 1–24.");
        }
    }
}
