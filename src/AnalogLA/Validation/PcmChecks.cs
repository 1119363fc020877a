using AnalogLA.Devices;
using AnalogLA.Numerics;

namespace AnalogLA.Validation;

/// <summary>PCM drift and noise against aihwkit's PCMLikeNoiseModel formulas (hand-evaluated) and a closed-form moment.</summary>
internal static class PcmChecks
{
    private const string Aihwkit = "aihwkit PCMLikeNoiseModel formula, evaluated by hand";

    public static IEnumerable<ValidationRow> Run()
    {
        yield return new("PcmDrift", "µ_ν(ĝ = 0.017)", 0.08755539999135177, Aihwkit, PcmDrift.MeanExponent(0.017), 1e-12);
        yield return new("PcmDrift", "σ_ν(ĝ = 0.017)", 0.045, Aihwkit + " (capped)", PcmDrift.ExponentSpread(0.017), 1e-12);
        yield return new("PcmDrift", "µ_ν(ĝ = 0.3)", 0.049, Aihwkit + " (floored)", PcmDrift.MeanExponent(0.3), 1e-12);
        yield return new("PcmDrift", "σ_ν(ĝ = 0.3)", 0.009149660054074204, Aihwkit, PcmDrift.ExponentSpread(0.3), 1e-12);
        yield return new("PcmDrift", "Q_s(ĝ = 0.3)", 0.019246592735152692, Aihwkit, PcmDrift.NoiseScale(0.3), 1e-12);
        yield return new("PcmDrift", "1/f σ (ĝ = 0.3, t_inf = 1 h)", 0.09170529257222888, Aihwkit, PcmDrift.Joshi2020.AccumulatedNoiseSigma(0.3, 3600), 1e-12);
        yield return new("PcmDrift", "1/f σ (ĝ = 0.9, t_inf = 1 day)", 0.04793696399455588, Aihwkit, PcmDrift.Joshi2020.AccumulatedNoiseSigma(0.9, 86400), 1e-12);
        yield return new("PcmDrift", "1/f σ (ĝ = 0.017, t_inf = 0)", 0.5203126251797473, Aihwkit + " (t = t0)", PcmDrift.Joshi2020.AccumulatedNoiseSigma(0.017, 0), 1e-12);
        yield return FoldedMean(0.017);
    }

    /// <summary>The sampled ν against the folded-normal mean σ√(2/π)e^{−µ²/2σ²} + µ(1 − 2Φ(−µ/σ)).</summary>
    private static ValidationRow FoldedMean(double g)
    {
        const int n = 200_000;
        double mu = PcmDrift.MeanExponent(g), sigma = PcmDrift.ExponentSpread(g);
        double phi = 0.5 * MathNet.Numerics.SpecialFunctions.Erfc(mu / sigma / Math.Sqrt(2));
        double mean = (sigma * Math.Sqrt(2 / Math.PI) * Math.Exp(-mu * mu / (2 * sigma * sigma))) + (mu * (1 - (2 * phi)));
        double variance = (mu * mu) + (sigma * sigma) - (mean * mean);
        var conductance = Enumerable.Repeat((float)g, n).ToArray();
        var exponents = new float[n];
        (PcmDrift.Joshi2020 with { ReadNoiseScale = 0 }).Apply(conductance, 86400, new CounterRandom(12), exponents);
        return new("PcmDrift", $"mean ν at ĝ = {g} ({n:N0} devices)", mean, "folded-normal closed form (aihwkit: ν = |µ + σz|); tolerance 5 standard errors",
            exponents.Average(v => (double)v), 5 * Math.Sqrt(variance / n));
    }
}
