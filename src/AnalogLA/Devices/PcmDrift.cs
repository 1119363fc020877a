using AnalogLA.Numerics;

namespace AnalogLA.Devices;

/// <summary>
/// PCM conductance drift and accumulated 1/f noise at an inference time, as in IBM aihwkit's
/// <c>PCMLikeNoiseModel</c> (Joshi et al. 2020): drawn once per device for the inference time, persistent.
/// </summary>
/// <remarks>
/// <para>Following aihwkit (<c>aihwkit.inference.noise.pcm.PCMLikeNoiseModel</c>: <c>generate_drift_coefficients</c>,
/// <c>apply_drift_noise_to_conductance</c>) and Joshi et al., "Accurate deep neural network inference using
/// computational phase-change memory", Nat. Commun. 11:2473, 2020 (Methods), with ĝ = G_prog/G_max:</para>
/// <para>drift exponent ν = |µ_ν(ĝ) + σ_ν(ĝ)·z| (a folded normal, z ~ N(0, 1)), µ_ν = clip(−0.0155·ln ĝ + 0.0244,
/// 0.049, 0.1), σ_ν = clip(−0.0125·ln ĝ − 0.0059, 0.008, 0.045), ĝ clipped below at 1e−7;</para>
/// <para>time: t = t_inference + t0, t0 = 20 s (aihwkit's convention: <see cref="AgingOptions.TimeSeconds"/> is the
/// inference time after programming, and t_inference = 0 already reads at t0);</para>
/// <para>G_drift = G_prog·(t/t0)^(−ν); accumulated 1/f noise G = G_drift + |G_drift|·Q_s(ĝ_prog)·√(ln((t + t_read)/(2·t_read)))·z',
/// Q_s = min(0.0088/max(ĝ_prog^0.65, 1e−3), 0.2), t_read = 250 ns — Q_s from the programmed, not the drifted,
/// conductance, and z' drawn once for the inference time (not per read); finally G ≥ 0.</para>
/// <para>Scope: calibrated at room temperature; the device rejects aging at another temperature rather than
/// ignore it (temperature acceleration of PCM drift is not modelled).</para>
/// </remarks>
public sealed record PcmDrift
{
    /// <summary>The Joshi 2020 / aihwkit model.</summary>
    public static PcmDrift Joshi2020 { get; } = new();

    /// <summary>The temperature the model is calibrated at (K).</summary>
    public const double CalibrationKelvin = 300;

    /// <summary>Reference time t0 in seconds (aihwkit <c>t_0</c>).</summary>
    public double ReferenceTimeSeconds { get; init; } = 20;

    /// <summary>Read duration t_read in seconds (aihwkit <c>t_read</c>).</summary>
    public double ReadTimeSeconds { get; init; } = 250e-9;

    /// <summary>Multiplier of ν (aihwkit <c>drift_scale</c>).</summary>
    public double DriftScale { get; init; } = 1;

    /// <summary>Multiplier of the accumulated 1/f noise (aihwkit <c>read_noise_scale</c>).</summary>
    public double ReadNoiseScale { get; init; } = 1;

    /// <summary>µ_ν(ĝ) = clip(−0.0155·ln ĝ + 0.0244, 0.049, 0.1).</summary>
    public static double MeanExponent(double g) => Math.Clamp(-0.0155 * Math.Log(Math.Max(Math.Abs(g), 1e-7)) + 0.0244, 0.049, 0.1);

    /// <summary>σ_ν(ĝ) = clip(−0.0125·ln ĝ − 0.0059, 0.008, 0.045).</summary>
    public static double ExponentSpread(double g) => Math.Clamp(-0.0125 * Math.Log(Math.Max(Math.Abs(g), 1e-7)) - 0.0059, 0.008, 0.045);

    /// <summary>Q_s(ĝ) = min(0.0088/max(ĝ^0.65, 1e−3), 0.2), the 1/f noise scale of a device programmed to ĝ.</summary>
    public static double NoiseScale(double gProgrammed) => Math.Min(0.0088 / Math.Max(Math.Pow(Math.Abs(gProgrammed), 0.65), 1e-3), 0.2);

    /// <summary>The relative σ of the accumulated 1/f noise at inference time t_inference: Q_s(ĝ_prog)·√(ln((t + t_read)/(2t_read))), t = t_inference + t0.</summary>
    public double AccumulatedNoiseSigma(double gProgrammed, double inferenceSeconds)
    {
        double t = inferenceSeconds + ReferenceTimeSeconds;
        return ReadNoiseScale * NoiseScale(gProgrammed) * Math.Sqrt(Math.Max(Math.Log((t + ReadTimeSeconds) / (2 * ReadTimeSeconds)), 0));
    }

    /// <summary>
    /// Ages programmed conductances (normalised to G_max) in place to inference time <paramref name="inferenceSeconds"/>:
    /// drift with a folded-normal ν per device, then the accumulated 1/f noise, then G ≥ 0. ν comes from
    /// <paramref name="random"/>, the noise from its child stream 1; <paramref name="exponents"/> receives ν when given.
    /// </summary>
    public void Apply(Span<float> g, double inferenceSeconds, CounterRandom random, Span<float> exponents = default)
    {
        PhysicalConstants.RequireInRange(inferenceSeconds, 0, double.MaxValue, "Aging.TimeSeconds");
        var z = new float[g.Length];
        var noise = new float[g.Length];
        random.FillNormal(z);
        random.Child(1).FillNormal(noise);
        double t = inferenceSeconds + ReferenceTimeSeconds;
        double logRatio = Math.Log(t / ReferenceTimeSeconds);
        for (int i = 0; i < g.Length; i++)
        {
            double programmed = g[i];
            double nu = Math.Abs(MeanExponent(programmed) + ExponentSpread(programmed) * z[i]) * DriftScale;
            if (!exponents.IsEmpty)
            {
                exponents[i] = (float)nu;
            }

            double drifted = programmed * Math.Exp(-nu * logRatio);
            double aged = drifted + Math.Abs(drifted) * AccumulatedNoiseSigma(programmed, inferenceSeconds) * noise[i];
            g[i] = (float)Math.Max(aged, 0);
        }
    }

    /// <summary>Checks the parameters; names the offending one and its range.</summary>
    public void Validate(string path = "Drift")
    {
        PhysicalConstants.RequirePositive(ReferenceTimeSeconds, path + ".ReferenceTimeSeconds", "(0, ∞) s");
        PhysicalConstants.RequirePositive(ReadTimeSeconds, path + ".ReadTimeSeconds", "(0, ∞) s");
        PhysicalConstants.RequireInRange(DriftScale, 0, 100, path + ".DriftScale");
        PhysicalConstants.RequireInRange(ReadNoiseScale, 0, 100, path + ".ReadNoiseScale");
    }
}
