using AnalogLA.Crossbar;
using AnalogLA.Devices;
using AnalogLA.Numerics;

namespace AnalogLA.Tests.Devices;

public class PcmDriftTests
{
    [TestCase(0.05)]
    [TestCase(0.3)]
    [TestCase(0.9)]
    public void DriftExponentsFollowTheJoshiStatistics(double g)
    {
        const int n = 200_000;
        double mu = Math.Clamp(-0.0155 * Math.Log(g) + 0.0244, 0.049, 0.1);
        double sigma = Math.Clamp(-0.0125 * Math.Log(g) - 0.0059, 0.008, 0.045);
        Assert.That(PcmDrift.MeanExponent(g), Is.EqualTo(mu).Within(1e-15));
        Assert.That(PcmDrift.ExponentSpread(g), Is.EqualTo(sigma).Within(1e-15));

        var conductance = Enumerable.Repeat((float)g, n).ToArray();
        var exponents = new float[n];
        PcmDrift.Joshi2020.Apply(conductance, 86400, new CounterRandom(12), exponents);
        // ν is N(µ, σ) truncated at 0: compare with the censored-normal moments.
        var (mean, second) = ErrorPrediction.CensoredNormalMoments(mu, sigma, 0, 10);
        var (sampleMean, sampleVariance) = TestData.MeanVariance(exponents.Select(v => (double)v).ToArray());
        double variance = second - mean * mean;
        Assert.That(sampleMean, Is.EqualTo(mean).Within(5 * Math.Sqrt(variance / n)));
        Assert.That(sampleVariance, Is.EqualTo(variance).Within(5 * variance * Math.Sqrt(2.0 / n)));
        // G(t) = G·(t/t0)^(−ν).
        Assert.That(conductance[0], Is.EqualTo(g * Math.Pow(86400 / 20.0, -exponents[0])).Within(1e-6));
    }

    [Test]
    public void GlobalDriftCompensationRestoresTheMeanOutputScale()
    {
        const int n = 256;
        var w = TestData.Uniform(n * n, 71);
        var x = TestData.Uniform(n, 72);
        var exact = TestData.Multiply(w, n, n, x);
        var device = Pcm.Joshi2020 with { ReadNoise = NoNoise.Instance, ProgrammingNoise = NoNoise.Instance };
        double Gain(bool compensate)
        {
            var options = AnalogOptions.Ideal with { Device = device, Aging = new AgingOptions(86400), DriftCompensation = compensate, Seed = 3 };
            var y = new double[n];
            AnalogMatrix.Program(w, n, n, options).Multiply(x, y);
            // Least-squares gain of y on the exact product.
            return y.Zip(exact, (a, b) => a * b).Sum() / exact.Sum(v => v * v);
        }

        double raw = Gain(false), compensated = Gain(true);
        // One day at ν ≈ 0.05–0.1 shrinks conductances by (4320)^−ν ≈ 0.45–0.66.
        Assert.That(raw, Is.InRange(0.4, 0.75));
        Assert.That(compensated, Is.EqualTo(1).Within(0.03));
    }
}
