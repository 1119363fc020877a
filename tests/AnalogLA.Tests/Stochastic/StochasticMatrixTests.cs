using AnalogLA.Periphery;
using AnalogLA.Devices;
using AnalogLA.Crossbar;
using AnalogLA.Numerics;
using AnalogLA.Stochastic;

namespace AnalogLA.Tests.Stochastic;

public class StochasticMatrixTests
{
    private static StochasticOptions Ideal(SamplingMode sampling, int k = 4) => new()
    {
        Mean = AnalogOptions.Ideal with { Seed = 3 },
        Sampling = sampling,
        DevicesPerWeight = k,
    };

    [Test]
    public void RealisedSigmaIsTheTargetWithoutVariation()
    {
        var mu = TestData.Uniform(6 * 5, 1);
        var sigma = TestData.Uniform(6 * 5, 2, 0, 0.2);
        var m = StochasticMatrix.Program(mu, sigma, 6, 5, Ideal(SamplingMode.Output));
        var realised = m.RealisedSigma();
        for (int i = 0; i < sigma.Length; i++)
        {
            Assert.That(realised[i], Is.EqualTo(sigma[i]).Within(1e-4 * 0.2));
        }

        // The largest σ uses the devices' full range: c = σ_max/σ_G,max(K).
        Assert.That(m.SigmaScale, Is.EqualTo(sigma.Max() / AnalogLA.Devices.StochasticMtj.Kwon2022.MaximumSigmaSiemens(4)).Within(1e-9 * m.SigmaScale));
    }

    [Test]
    public void AnisotropyVariationSpreadsTheRealisedSigma()
    {
        var sigma = Enumerable.Repeat(0.1, 400).ToArray();
        var mu = new double[400];
        var exact = StochasticMatrix.Program(mu, sigma, 20, 20, Ideal(SamplingMode.Output));
        var varied = StochasticMatrix.Program(mu, sigma, 20, 20, Ideal(SamplingMode.Output) with { AnisotropyVariation = 0.002 });
        double spreadExact = Spread(exact.RealisedSigma()), spreadVaried = Spread(varied.RealisedSigma());
        Assert.That(spreadExact, Is.LessThan(1e-5));
        Assert.That(spreadVaried, Is.GreaterThan(1e-3));

        static double Spread(float[] s)
        {
            double mean = s.Average(v => (double)v);
            return Math.Sqrt(s.Sum(v => (v - mean) * (v - mean)) / s.Length) / mean;
        }
    }

    [Test]
    public void AnisotropyVariationBiasesTheMeanThroughTheNominalReference()
    {
        // The reference subtracts K·p̂·ΔG per weight, so a device whose p drifted from p̂ leaves ΔG·Σ(p − p̂)·v in the
        // mean. Two methods must agree on it: device-level sampling (a direct Bernoulli simulation of every cell,
        // averaged over reads) and output-space sampling (the closed-form offset plus Gaussian noise).
        const int cols = 64, reads = 20000;
        var mu = new double[cols];
        var sigma = Enumerable.Repeat(0.1, cols).ToArray();
        var x = TestData.Uniform(cols, 16).Select(v => (float)v).ToArray();
        var options = Ideal(SamplingMode.Device) with { AnisotropyVariation = 0.01 };
        var device = StochasticMatrix.Program(mu, sigma, 1, cols, options);
        var output = StochasticMatrix.Program(mu, sigma, 1, cols, options with { Sampling = SamplingMode.Output });
        var offset = device.SystematicOffset();
        Assert.That(output.SystematicOffset(), Is.EqualTo(offset), "the same devices in both modes");
        double bias = 0;
        for (int i = 0; i < cols; i++)
        {
            bias += offset[i] * x[i];
        }

        var (meanDevice, varianceDevice, _, _) = Moments(device, x, reads);
        var (meanOutput, _, _, _) = Moments(output, x, reads);
        double se = Math.Sqrt(varianceDevice / reads);
        Assert.That(Math.Abs(bias), Is.GreaterThan(5 * se), "the variation must produce a visible systematic error");
        Assert.That(meanDevice, Is.EqualTo(bias).Within(4 * se));
        Assert.That(meanOutput, Is.EqualTo(bias).Within(4 * se));

        var exact = StochasticMatrix.Program(mu, sigma, 1, cols, Ideal(SamplingMode.Device));
        Assert.That(exact.SystematicOffset(), Is.All.EqualTo(0f), "no variation, no systematic error");
    }

    /// <summary>Mean, variance and excess kurtosis of output 0 over <paramref name="reads"/> reads.</summary>
    private static (double Mean, double Variance, double Kurtosis, int Distinct) Moments(StochasticMatrix m, float[] x, int reads)
    {
        var values = new double[reads];
        var y = new float[m.Rows];
        for (int r = 0; r < reads; r++)
        {
            m.MultiplyBatch(x, 1, y);
            values[r] = y[0];
        }

        double mean = values.Average();
        double variance = values.Sum(v => (v - mean) * (v - mean)) / (reads - 1);
        double fourth = values.Sum(v => Math.Pow(v - mean, 4)) / reads;
        return (mean, variance, fourth / (variance * variance) - 3, values.Distinct().Count());
    }

    [TestCase(SamplingMode.Output)]
    [TestCase(SamplingMode.Device)]
    public void BothSamplingModesHaveThePosteriorMoments(SamplingMode sampling)
    {
        // 2 outputs × 64 inputs, σ uniform in [0, 0.1]; 4,000 reads: se(mean) = sd/63, se(var) ≈ var·√(2/4000) = 2.2 %.
        int cols = 64;
        var mu = TestData.Uniform(2 * cols, 4);
        var sigma = TestData.Uniform(2 * cols, 5, 0, 0.1);
        var x = TestData.Uniform(cols, 6).Select(v => (float)v).ToArray();
        var m = StochasticMatrix.Program(mu, sigma, 2, cols, Ideal(sampling));
        double expectedMean = 0, expectedVariance = 0;
        var realised = m.RealisedSigma();
        for (int i = 0; i < cols; i++)
        {
            expectedMean += mu[i] * x[i];
            expectedVariance += realised[i] * realised[i] * x[i] * x[i];
        }

        var (mean, variance, kurtosis, _) = Moments(m, x, 4000);
        double sd = Math.Sqrt(expectedVariance);
        Assert.That(mean, Is.EqualTo(expectedMean).Within(4 * sd / Math.Sqrt(4000)));
        Assert.That(variance, Is.EqualTo(expectedVariance).Within(4 * expectedVariance * Math.Sqrt(2.0 / 4000)));
        // With 64·4 cells summed, the device-level output is close to Gaussian too (central limit).
        Assert.That(Math.Abs(kurtosis), Is.LessThan(0.3));
    }

    [Test]
    public void OneCellIsNotGaussianWhichOutputSpaceSamplingIgnores()
    {
        // One input, one two-state (telegraph) Bayes-MTJ: device-level outputs take two values (s = 0 or 1); output
        // space draws a Gaussian.
        var device = StochasticMatrix.Program([0.0], [0.05], 1, 1, Ideal(SamplingMode.Device, k: 1) with { Device = BayesMtj.Kwon2022Telegraph });
        var output = StochasticMatrix.Program([0.0], [0.05], 1, 1, Ideal(SamplingMode.Output, k: 1));
        var d = Moments(device, [1f], 4000);
        var o = Moments(output, [1f], 4000);
        Assert.That(d.Distinct, Is.EqualTo(2));
        Assert.That(o.Distinct, Is.GreaterThan(3000));
        Assert.That(d.Variance, Is.EqualTo(o.Variance).Within(0.15 * o.Variance));
        Assert.That(Math.Abs(o.Kurtosis), Is.LessThan(0.3));
        Assert.That(Math.Abs(d.Kurtosis), Is.GreaterThan(1));   // a two-point distribution is far from Gaussian

        // The macrospin read (default) is continuous, and at the largest σ (Δ near the variance peak) bimodal: many
        // values, the same variance as output space, and still far from Gaussian (negative excess kurtosis).
        var macrospin = StochasticMatrix.Program([0.0], [0.05], 1, 1, Ideal(SamplingMode.Device, k: 1));
        var m = Moments(macrospin, [1f], 4000);
        Assert.That(m.Distinct, Is.GreaterThan(1000));
        Assert.That(m.Variance, Is.EqualTo(o.Variance).Within(0.15 * o.Variance));
        Assert.That(m.Kurtosis, Is.LessThan(-0.5));
    }

    [Test]
    public void TheSigmaHalfSeesTheMeanArraysDacIncludingItsRangeMode()
    {
        // A fixed DAC range of 0.25 clips x = 1 to 0.25 for the μ and the σ devices alike: output-space reads then have
        // mean μ·0.25 and variance σ²·0.25² (was σ²·1² when the σ path ignored the range mode). 20,000 reads; bounds
        // 5 standard errors (mean: σ·0.25/√n; variance: σ²·0.25²·√(2/n)).
        var options = Ideal(SamplingMode.Output, k: 1) with
        {
            Mean = AnalogOptions.Ideal with { Seed = 3, Dac = new DacOptions { RangeMode = DacRangeMode.Fixed, FixedRange = 0.25 } },
        };
        var m = StochasticMatrix.Program([0.4], [0.05], 1, 1, options);
        const int n = 20_000;
        var (mean, variance, _, _) = Moments(m, [1f], n);
        double v = 0.05 * 0.05 * 0.25 * 0.25;
        Assert.That(mean, Is.EqualTo(0.4 * 0.25).Within(5 * Math.Sqrt(v / n)));
        Assert.That(variance, Is.EqualTo(v).Within(5 * v * Math.Sqrt(2.0 / n)));
    }

    [Test]
    public void SigmaAdcSaturationsAreCountedAtTheGaussianTailRate()
    {
        // One weight, x = 1: the σ current is N(0, σ²) and its ADC spans ±4σ, so a fraction 2·Φ(−4) = 6.334e−5 of the
        // 1,000,000 conversions saturate; Poisson bounds λ ± 4√λ around λ = 63.3.
        var options = Ideal(SamplingMode.Output, k: 1) with
        {
            Mean = AnalogOptions.Ideal with { Seed = 3, Adc = new AdcOptions { Bits = 8 } },
        };
        var m = StochasticMatrix.Program([0.0], [0.05], 1, 1, options);
        var x = Enumerable.Repeat(1f, 1000).ToArray();
        var y = new float[1000];
        for (int r = 0; r < 1000; r++)
        {
            m.MultiplyBatch(x, 1000, y);
        }

        double lambda = 1e6 * 6.334e-5;
        Assert.That(m.SigmaConversions, Is.EqualTo(1_000_000));
        Assert.That(m.SigmaSaturations, Is.InRange(lambda - (4 * Math.Sqrt(lambda)), lambda + (4 * Math.Sqrt(lambda))));
    }

    [Test]
    public void BadInputIsNamed()
    {
        Assert.That(Assert.Throws<ArgumentException>(() => StochasticMatrix.Program([0.0, 0.0], [0.1, -0.1], 1, 2, Ideal(SamplingMode.Output)))!.Message, Does.Contain("σ must be finite and ≥ 0"));
        Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => StochasticMatrix.Program([0.0], [0.1], 1, 1, Ideal(SamplingMode.Output, k: 0)))!.Message, Does.Contain("DevicesPerWeight"));
    }
}
