namespace AnalogLA.Devices;

/// <summary>Domain-wall MTJ presets; each cites where its numbers come from.</summary>
public static class DwMtj
{
    /// <summary>
    /// Micromagnetic notched track of Liu et al., "Domain wall magnetic tunnel junction-based artificial
    /// synapses and neurons for all-spin neural networks", APL 118:202405, 2021: track 160 × 15 × 3 nm,
    /// notches every 50 nm with 8 nm total width reduction, M_s 800 kA/m, A 1.3e−11 J/m, K_u 5e5 J/m³,
    /// |D| 0.5 mJ/m², TMR 200 %.
    /// </summary>
    /// <remarks>Three notches (at 30, 80 and 130 nm) plus the two track ends give five states. Not from the
    /// paper, stated: RA 29 Ω·µm² (taken from Alamdar 2021) and a 15 × 160 nm junction over the track, T_c
    /// 1000 K (order of CoFeB's Curie temperature; only the temperature scaling uses it), f0 = 1 GHz.</remarks>
    public static DomainWallMtj Liu2021Notched { get; } = new()
    {
        Name = "dwmtj-liu2021",
        ResistanceAreaOhmSquareMicron = 29,
        JunctionAreaSquareMicron = 0.015 * 0.160,
        Tmr = 2.0,
        Retention = new DomainWallRetention
        {
            Material = new MagneticMaterial(800e3, 1.3e-11, 5e5, 0.5e-3, 1000),
            Track = new NotchedTrack(160, 15, 3, NotchedTrack.EvenlySpaced(160, 50), 8),
        },
    };

    /// <summary>
    /// Fabricated SOT DW-MTJ of Alamdar et al., "Domain wall-magnetic tunnel junction spin-orbit torque
    /// devices and circuits for in-memory computing", APL 118:112401, 2021: TMR 171 %, RA 29 Ω·µm².
    /// </summary>
    /// <remarks>The electrical numbers are the paper's; the track and magnetic parameters for retention are
    /// not reported there and are taken from <see cref="Liu2021Notched"/> (five states, same material and
    /// notch geometry), stated as an assumption. Junction area 0.02 µm² (an assumption of the order of the
    /// fabricated devices).</remarks>
    public static DomainWallMtj Alamdar2021 { get; } = Liu2021Notched with
    {
        Name = "dwmtj-alamdar2021",
        Tmr = 1.71,
        JunctionAreaSquareMicron = 0.02,
    };
}

/// <summary>Stochastic (Bayes-) MTJ presets.</summary>
public static class BayesMtj
{
    /// <summary>The UT Austin stochastic MTJ model of Liu et al. 2022 (see <see cref="StochasticMtj"/>).</summary>
    public static StochasticMtj Kwon2022 => StochasticMtj.Kwon2022;

    /// <summary>
    /// The same device read as the published two-state Néel–Brown telegraph with τ0 = 1 ns and a 10 ns window (the
    /// model of Liu et al. 2022 as AnalogLA had it before the macrospin read-out), for comparison.
    /// </summary>
    public static StochasticMtj Kwon2022Telegraph { get; } = StochasticMtj.Kwon2022 with { ReadModel = MtjReadModel.Telegraph, SamplingWindowSeconds = 10e-9 };
}

/// <summary>PCM presets.</summary>
public static class Pcm
{
    /// <summary>
    /// PCM statistical model of Joshi et al., Nat. Commun. 11:2473, 2020, as IBM aihwkit's PCMLikeNoiseModel
    /// implements it: the programming polynomial; when aged, power-law drift with a folded-normal exponent and the
    /// accumulated 1/f noise, drawn once for the inference time (<see cref="PcmDrift"/>). Like aihwkit it has no
    /// per-read device noise (aihwkit puts read-out noise in the forward pass; here: the ADC/DAC and any read noise
    /// a variant adds with <c>with { ReadNoise = … }</c>).
    /// </summary>
    public static GenericDevice Joshi2020 { get; } = DevicePresets.Pcm with { Name = "pcm-joshi2020", Drift = PcmDrift.Joshi2020, ReadNoise = NoNoise.Instance };
}
