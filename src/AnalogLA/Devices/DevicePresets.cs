namespace AnalogLA.Devices;

/// <summary>Named device models; each says where its numbers come from.</summary>
public static class DevicePresets
{
    /// <summary>
    /// The null model: a continuous device with no programming error and no read noise, G ∈ [0, 25 µS]
    /// (the window only sets units; with no errors the product is exact up to float rounding).
    /// </summary>
    public static GenericDevice Ideal { get; } = new() { Name = "ideal", Range = new(0, 25e-6) };

    /// <summary>
    /// A generic realistic device: G_max = 25 µS with on/off ratio 100, continuous levels,
    /// state-independent Gaussian programming error σ = 5 % and read noise σ = 2 % of G_max − G_min.
    /// </summary>
    /// <remarks>Not fitted to one device. The window matches the PCM preset's G_max (Joshi et al. 2020);
    /// an on/off ratio of 100 is typical of RRAM and PCM; σ_prog = 5 % and σ_read = 2 % are the
    /// "realistic" operating point this project's acceptance figures use, in the range that
    /// CrossSim's generic-device studies sweep (Xiao et al., Appl. Phys. Rev. 7:031301, 2020,
    /// Figs. 13–15 span σ = 0–10 % of the window).</remarks>
    public static GenericDevice Generic { get; } = new()
    {
        Name = "generic",
        Range = ConductanceRange.FromOnOffRatio(25e-6, 100),
        ProgrammingNoise = new IndependentNoise(0.05),
        ReadNoise = new IndependentNoise(0.02),
    };

    /// <summary>
    /// PCM statistical model: G ∈ [0, 25 µS], programming noise σ_prog(ĝ) = max(−1.1731ĝ² + 1.9650ĝ + 0.2635, 0) µS
    /// and 1/f read noise evaluated one hour after programming.
    /// </summary>
    /// <remarks>Nandakumar et al., ICECS 2019; Joshi et al., Nat. Commun. 11:2473, 2020; constants as in
    /// IBM aihwkit's PCMLikeNoiseModel (g_max = 25 µS, t_read = 250 ns). Conductance drift
    /// (G ∝ t^−ν) is not part of this preset: it belongs to the drift models.</remarks>
    public static GenericDevice Pcm { get; } = new()
    {
        Name = "pcm",
        Range = new(0, 25e-6),
        ProgrammingNoise = PolynomialNoise.PcmProgramming,
        ReadNoise = new PcmReadNoise(3600),
    };
}
