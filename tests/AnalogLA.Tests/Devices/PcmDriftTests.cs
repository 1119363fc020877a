using AnalogLA.Crossbar;
using AnalogLA.Devices;
using AnalogLA.Numerics;

namespace AnalogLA.Tests.Devices;

/// <summary>PCM drift and accumulated 1/f noise against aihwkit's PCMLikeNoiseModel formulas and closed-form moments.</summary>
public class PcmDriftTests
{
    private static double Phi(double x) => 0.5 * MathNet.Numerics.SpecialFunctions.Erfc(-x / Math.Sqrt(2));

    /// <summary>E|X| for X ~ N(µ, σ²) (the folded normal's mean).</summary>
    private static double FoldedMean(double mu, double sigma) =>
        sigma * Math.Sqrt(2 / Math.PI) * Math.Exp(-mu * mu / (2 * sigma * sigma)) + mu * (1 - 2 * Phi(-mu / sigma));

    [TestCase(0.017)] // µ/σ at its smallest (σ_ν at its cap): folding matters most here
    [TestCase(0.3)]
    [TestCase(0.9)]
    public void DriftExponentsAreFoldedNormalWithTheJoshiStatistics(double g)
    {
        const int n = 200_000;
        // aihwkit generate_drift_coefficients: mu = clamp(−0.0155·ln g + 0.0244, 0.049, 0.1), sig = clamp(−0.0125·ln g − 0.0059, 0.008, 0.045).
        double mu = Math.Clamp(-0.0155 * Math.Log(g) + 0.0244, 0.049, 0.1);
        double sigma = Math.Clamp(-0.0125 * Math.Log(g) - 0.0059, 0.008, 0.045);
        Assert.That(PcmDrift.MeanExponent(g), Is.EqualTo(mu).Within(1e-15));
        Assert.That(PcmDrift.ExponentSpread(g), Is.EqualTo(sigma).Within(1e-15));

        var conductance = Enumerable.Repeat((float)g, n).ToArray();
        var exponents = new float[n];
        (PcmDrift.Joshi2020 with { ReadNoiseScale = 0 }).Apply(conductance, 86400, new CounterRandom(12), exponents);
        // ν = |µ + σz|: E ν from the folded-normal closed form, E ν² = µ² + σ².
        double mean = FoldedMean(mu, sigma), variance = mu * mu + sigma * sigma - mean * mean;
        var (sampleMean, sampleVariance) = TestData.MeanVariance(exponents.Select(v => (double)v).ToArray());
        Assert.That(sampleMean, Is.EqualTo(mean).Within(5 * Math.Sqrt(variance / n)));
        Assert.That(sampleVariance, Is.EqualTo(variance).Within(5 * variance * Math.Sqrt(2.0 / n)));
        // Folded, not censored: a censored ν would sit at exactly 0 with probability Φ(−µ/σ) (2.6 % at g = 0.017).
        Assert.That(exponents.Count(v => v == 0), Is.EqualTo(0));
        // G(t) = G·(t/t0)^(−ν) with aihwkit's t = t_inference + t0.
        Assert.That(conductance[0], Is.EqualTo(g * Math.Pow((86400 + 20.0) / 20.0, -exponents[0])).Within(1e-6));
    }

    [Test]
    public void AtInferenceTimeZeroThereIsNoDriftButTheAccumulatedNoiseOfT0()
    {
        // aihwkit: t = 0 + t0 ⇒ (t/t0)^−ν = 1, and σ_noise = Q_s·√(ln((t0 + t_read)/(2·t_read))).
        const int n = 100_000;
        const double g = 0.4;
        var conductance = Enumerable.Repeat((float)g, n).ToArray();
        PcmDrift.Joshi2020.Apply(conductance, 0, new CounterRandom(5));
        double qs = Math.Min(0.0088 / Math.Pow(g, 0.65), 0.2);
        double sigma = g * qs * Math.Sqrt(Math.Log((20 + 250e-9) / (2 * 250e-9)));
        var (mean, variance) = TestData.MeanVariance(conductance.Select(v => (double)v).ToArray());
        Assert.That(mean, Is.EqualTo(g).Within(5 * sigma / Math.Sqrt(n)));
        Assert.That(Math.Sqrt(variance), Is.EqualTo(sigma).Within(5 * sigma / Math.Sqrt(2.0 * n)));
    }

    [Test]
    public void TheNoiseScaleComesFromTheProgrammedConductanceNotTheDriftedOne()
    {
        // After one day ν ≈ 0.05–0.1 shrinks G by 0.45–0.66; Q_s ∝ ĝ^−0.65 of the drifted value would be 1.3–1.7× larger.
        const int n = 100_000;
        const double g = 0.2, day = 86400;
        var conductance = Enumerable.Repeat((float)g, n).ToArray();
        var exponents = new float[n];
        PcmDrift.Joshi2020.Apply(conductance, day, new CounterRandom(9), exponents);
        double logTerm = Math.Sqrt(Math.Log((day + 20 + 250e-9) / (2 * 250e-9)));
        double expected = Math.Min(0.0088 / Math.Pow(g, 0.65), 0.2) * logTerm;
        var relative = new double[n];
        for (int i = 0; i < n; i++)
        {
            double drifted = g * Math.Pow((day + 20) / 20, -exponents[i]);
            relative[i] = (conductance[i] - drifted) / drifted;
        }

        var (_, variance) = TestData.MeanVariance(relative);
        Assert.That(Math.Sqrt(variance), Is.EqualTo(expected).Within(5 * expected / Math.Sqrt(2.0 * n)));
        Assert.That(PcmDrift.Joshi2020.AccumulatedNoiseSigma(g, day), Is.EqualTo(expected).Within(1e-12));
    }

    [Test]
    public void TheAccumulatedNoiseIsDrawnOnceNotPerRead()
    {
        const int n = 64;
        var w = TestData.Uniform(n * n, 81);
        var x = TestData.Uniform(n, 82);
        var options = AnalogOptions.Ideal with { Device = Pcm.Joshi2020, Aging = new AgingOptions(3600), Seed = 4 };
        var a = AnalogMatrix.Program(w, n, n, options);
        var y1 = new double[n];
        var y2 = new double[n];
        a.Multiply(x, y1);
        a.Multiply(x, y2);
        Assert.That(y2, Is.EqualTo(y1), "no fresh noise between reads of an aged pcm-joshi2020 array");
        var fresh = AnalogMatrix.Program(w, n, n, options with { Aging = null });
        var y0 = new double[n];
        fresh.Multiply(x, y0);
        Assert.That(y1, Is.Not.EqualTo(y0), "aging changes the conductances");
    }

    [Test]
    public void AnotherStorageTemperatureIsRejectedNotIgnored()
    {
        var options = AnalogOptions.Ideal with { Device = Pcm.Joshi2020, Aging = new AgingOptions(3600, 358) };
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => AnalogMatrix.Program(TestData.Uniform(16, 1), 4, 4, options));
        Assert.That(e!.Message, Does.Contain("TemperatureKelvin").And.Contain("300"));
    }

    [Test]
    public void DriftWithAPerReadOneOverFNoiseIsRejectedAsDoubleCounting()
    {
        var device = Pcm.Joshi2020 with { ReadNoise = new PcmReadNoise(3600) };
        Assert.That(Assert.Throws<ArgumentException>(() => device.Validate())!.Message, Does.Contain("twice"));
    }

    [Test]
    public void GlobalDriftCompensationRestoresTheMeanOutputScale()
    {
        const int n = 256;
        var w = TestData.Uniform(n * n, 71);
        var x = TestData.Uniform(n, 72);
        var exact = TestData.Multiply(w, n, n, x);
        var device = Pcm.Joshi2020 with { ProgrammingNoise = NoNoise.Instance, Drift = PcmDrift.Joshi2020 with { ReadNoiseScale = 0 } };
        double Gain(bool compensate)
        {
            var options = AnalogOptions.Ideal with { Device = device, Aging = new AgingOptions(86400), DriftCompensation = compensate, Seed = 3 };
            var y = new double[n];
            AnalogMatrix.Program(w, n, n, options).Multiply(x, y);
            // Least-squares gain of y on the exact product.
            return y.Zip(exact, (a, b) => a * b).Sum() / exact.Sum(v => v * v);
        }

        double raw = Gain(false), compensated = Gain(true);
        // One day at ν ≈ 0.05–0.1 shrinks conductances by (4321)^−ν ≈ 0.43–0.66.
        Assert.That(raw, Is.InRange(0.4, 0.75));
        Assert.That(compensated, Is.EqualTo(1).Within(0.03));
    }
}
