using AnalogLA.Numerics;

namespace AnalogLA.Devices;

/// <summary>
/// PCM conductance drift: G(t) = G_prog·(t/t0)^(−ν) for t &gt; t0, with a per-device exponent
/// ν ~ N(µ_ν(ĝ), σ_ν(ĝ)) (truncated at 0), µ_ν = clip(−0.0155·ln ĝ + 0.0244, 0.049, 0.1),
/// σ_ν = clip(−0.0125·ln ĝ − 0.0059, 0.008, 0.045), ĝ = G_prog/G_max, t0 = 20 s.
/// </summary>
/// <remarks>Joshi et al., "Accurate deep neural network inference using computational phase-change memory",
/// Nat. Commun. 11:2473, 2020 (Methods), with the constants of IBM aihwkit's PCMLikeNoiseModel.
/// Structural relaxation of the amorphous phase lowers conductance as a power law in time; the spread of ν
/// is what global drift compensation cannot undo.</remarks>
public sealed record PcmDrift
{
    /// <summary>The Joshi 2020 / aihwkit model.</summary>
    public static PcmDrift Joshi2020 { get; } = new();

    /// <summary>Reference time t0 in seconds.</summary>
    public double ReferenceTimeSeconds { get; init; } = 20;

    /// <summary>µ_ν(ĝ) = clip(−0.0155·ln ĝ + 0.0244, 0.049, 0.1).</summary>
    public static double MeanExponent(double g) => Math.Clamp(-0.0155 * Math.Log(Math.Max(g, 1e-7)) + 0.0244, 0.049, 0.1);

    /// <summary>σ_ν(ĝ) = clip(−0.0125·ln ĝ − 0.0059, 0.008, 0.045).</summary>
    public static double ExponentSpread(double g) => Math.Clamp(-0.0125 * Math.Log(Math.Max(g, 1e-7)) - 0.0059, 0.008, 0.045);

    /// <summary>Applies drift to conductances (normalised to G_max) in place; draws ν per device from <paramref name="random"/>.</summary>
    public void Apply(Span<float> g, double seconds, CounterRandom random, Span<float> exponents = default)
    {
        if (seconds <= ReferenceTimeSeconds)
        {
            return;
        }

        var z = new float[g.Length];
        random.FillNormal(z);
        double logRatio = Math.Log(seconds / ReferenceTimeSeconds);
        for (int i = 0; i < g.Length; i++)
        {
            double gi = Math.Abs(g[i]);
            double nu = Math.Max(MeanExponent(gi) + ExponentSpread(gi) * z[i], 0);
            if (!exponents.IsEmpty)
            {
                exponents[i] = (float)nu;
            }

            g[i] = (float)(g[i] * Math.Exp(-nu * logRatio));
        }
    }
}
