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
        Assert.That(exact.SystematicOffset(), Has.Length.EqualTo(cols).And.All.EqualTo(0f), "no variation, no systematic error");
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
    public void SigmaAdcRangeFollowsEachOutputsColumnSumAndTheInputRange()
    {
        // Three outputs whose σ grow with the row (σ_ij = 0.02·(j + 1)), 16 inputs all 0.5: output j's σ current is
        // N(0, 0.25·Σ_i σ_ij²) and its ADC spans ±4·√(Σ_i σ_ij²)·max|x| = ±4 of its own standard deviations, so every
        // output saturates at the Gaussian tail rate 2·Φ(−4) = 6.334e−5. 200 reads of 1,000 vectors: 600,000
        // conversions, Poisson bounds λ ± 4√λ around λ = 38.0. A range built from one cell instead of the column sum,
        // from another output's column, or without the input's range, moves the count far outside them.
        const int rows = 3, cols = 16, count = 1000, reads = 200;
        var sigma = new double[rows * cols];
        for (int j = 0; j < rows; j++)
        {
            for (int i = 0; i < cols; i++)
            {
                sigma[j * cols + i] = 0.02 * (j + 1);
            }
        }

        var options = Ideal(SamplingMode.Output, k: 1) with
        {
            Mean = AnalogOptions.Ideal with { Seed = 3, Adc = new AdcOptions { Bits = 8 } },
        };
        var m = StochasticMatrix.Program(new double[rows * cols], sigma, rows, cols, options);
        var x = Enumerable.Repeat(0.5f, count * cols).ToArray();
        var y = new float[count * rows];
        for (int r = 0; r < reads; r++)
        {
            m.MultiplyBatch(x, count, y);
        }

        double conversions = (double)reads * count * rows, lambda = conversions * 6.334e-5;
        Assert.That(m.SigmaConversions, Is.EqualTo((long)conversions));
        Assert.That(m.SigmaSaturations, Is.InRange(lambda - (4 * Math.Sqrt(lambda)), lambda + (4 * Math.Sqrt(lambda))));
    }

    [Test]
    public void DeviceLevelSigmaReadsPassTheSameAdc()
    {
        // Two outputs of one telegraph Bayes-MTJ each (K = 1), x = 1. Output 0 holds the largest σ (0.05: p = ½, so the
        // swing is ΔG·c = σ/√(p(1−p)) = 0.1); output 1 holds σ = 0.01, so p(1−p) = (0.01/0.1)² and p = ½(1 − √0.96) =
        // 0.0101. Its read is 0.99·0.1 = 9.9σ when the device reads AP, beyond the ADC's ±4σ_col·max|x| = ±0.04: every
        // such read saturates (a fraction p); output 0's ±σ reads never do. 20,000 reads: Poisson bounds λ ± 4√λ, λ = 20,000·p.
        const int reads = 20_000;
        var options = Ideal(SamplingMode.Device, k: 1) with
        {
            Device = BayesMtj.Kwon2022Telegraph,
            Mean = AnalogOptions.Ideal with { Seed = 3, Adc = new AdcOptions { Bits = 8 } },
        };
        var m = StochasticMatrix.Program([0.0, 0.0], [0.05, 0.01], 2, 1, options);
        var y = new float[2];
        double largest = 0;
        for (int r = 0; r < reads; r++)
        {
            m.MultiplyBatch([1f], 1, y);
            largest = Math.Max(largest, Math.Abs(y[1]));
        }

        double p = 0.5 * (1 - Math.Sqrt(0.96)), lambda = reads * p;
        Assert.That(m.SigmaConversions, Is.EqualTo(2L * reads));
        Assert.That(m.SigmaSaturations, Is.InRange(lambda - (4 * Math.Sqrt(lambda)), lambda + (4 * Math.Sqrt(lambda))));
        Assert.That(largest, Is.LessThanOrEqualTo(0.04 * (1 + 1e-5)), "an AP read is clipped at the ADC's range");
    }

    [Test]
    public void AWeightWithZeroSigmaGetsNoSigmaDevices()
    {
        // σ = 0 is a valid target (a deterministic weight): its cells are left unprogrammed, so its realised σ is exactly
        // 0, not the in-well noise floor of a maximally stable device, while its neighbours get their targets.
        double[] sigma = [0.0, 0.05, 0.0, 0.1];
        var m = StochasticMatrix.Program(new double[4], sigma, 2, 2, Ideal(SamplingMode.Output));
        var realised = m.RealisedSigma();
        Assert.That(realised[0], Is.EqualTo(0f));
        Assert.That(realised[2], Is.EqualTo(0f));
        Assert.That(realised[1], Is.EqualTo(0.05).Within(1e-4 * 0.1));
        Assert.That(realised[3], Is.EqualTo(0.1).Within(1e-4 * 0.1));
    }

    [TestCase(SamplingMode.Output)]
    [TestCase(SamplingMode.Device)]
    public void EachVectorAndOutputOfABatchHasItsOwnMoments(SamplingMode sampling)
    {
        // Two outputs (row 1's σ three times row 0's, different μ) and two vectors in one batch (the second three times
        // the first): every (vector, output) pair must have mean Σ_i μ_ji·x_bi and variance Σ_i σ_ji²·x_bi², the
        // defining moments of the posterior predictive of a linear layer. 3,000 reads; bounds 5 standard errors.
        const int cols = 32, reads = 3000;
        var mu = TestData.Uniform(2 * cols, 31);
        var sigma = new double[2 * cols];
        for (int i = 0; i < cols; i++)
        {
            sigma[i] = 0.02;
            sigma[cols + i] = 0.06;
        }

        var first = TestData.Uniform(cols, 32, 0.2, 0.3);
        var xs = first.Concat(first.Select(v => 3 * v)).Select(v => (float)v).ToArray();
        var m = StochasticMatrix.Program(mu, sigma, 2, cols, Ideal(sampling));
        var realised = m.RealisedSigma();
        var sum = new double[4];
        var squares = new double[4];
        var y = new float[4];
        for (int r = 0; r < reads; r++)
        {
            m.MultiplyBatch(xs, 2, y);
            for (int q = 0; q < 4; q++)
            {
                sum[q] += y[q];
                squares[q] += (double)y[q] * y[q];
            }
        }

        for (int b = 0; b < 2; b++)
        {
            for (int j = 0; j < 2; j++)
            {
                double expectedMean = 0, expectedVariance = 0;
                for (int i = 0; i < cols; i++)
                {
                    double v = xs[b * cols + i];
                    expectedMean += mu[j * cols + i] * v;
                    expectedVariance += realised[j * cols + i] * realised[j * cols + i] * v * v;
                }

                int q = b * 2 + j;
                double mean = sum[q] / reads, variance = (squares[q] - (reads * mean * mean)) / (reads - 1);
                Assert.That(mean, Is.EqualTo(expectedMean).Within(5 * Math.Sqrt(expectedVariance / reads)), $"mean of vector {b}, output {j}");
                Assert.That(variance, Is.EqualTo(expectedVariance).Within(5 * expectedVariance * Math.Sqrt(2.0 / reads)), $"variance of vector {b}, output {j}");
            }
        }
    }

    [Test]
    public void AnisotropyVariationOffsetsFollowTheLinearisedDeviceMapAndAreIndependent()
    {
        // With K_i,d = K_i·(1 + ε·z_d), z_d independent standard normals, and small ε, each weight's offset
        // ΔG·c·Σ_d (p(Δ(K_i,d)) − p̂) is to first order normal with standard deviation ΔG·c·|dp/dK_i|·K_i·ε·√K
        // (the delta method; dp/dK_i by a central difference of the device's own Δ(K_i) and p(Δ)). 4,096 weights of one
        // σ: the sample standard deviation has a relative standard error 1/√(2·4096) = 1.1 %; bound 6 % (5 standard
        // errors) plus 2 % for the linearisation at ε = 0.001. Distinct weights have distinct devices, so neighbouring
        // offsets are uncorrelated: |r| ≤ 5/√4096.
        const int rows = 64, cols = 64, k = 4;
        const double epsilon = 0.001, target = 0.05;
        var sigma = Enumerable.Repeat(target, rows * cols).ToArray();
        var options = Ideal(SamplingMode.Output, k) with { AnisotropyVariation = epsilon };
        var m = StochasticMatrix.Program(new double[rows * cols], sigma, rows, cols, options);
        var offset = m.SystematicOffset().Select(v => (double)v).ToArray();

        var device = options.Device;
        var program = device.ProgramFor(target / m.SigmaScale, k);
        double ki = program.InterfacialAnisotropy, h = 1e-4 * ki;
        double dp = (device.ProbabilityAntiparallel(device.ThermalStability(ki + h)) - device.ProbabilityAntiparallel(device.ThermalStability(ki - h))) / (2 * h);
        double expected = device.ConductanceSwingSiemens * m.SigmaScale * Math.Abs(dp) * ki * epsilon * Math.Sqrt(k);

        double mean = offset.Average();
        double sd = Math.Sqrt(offset.Sum(v => (v - mean) * (v - mean)) / (offset.Length - 1));
        Assert.That(sd, Is.EqualTo(expected).Within(0.08 * expected));
        double covariance = 0;
        for (int i = 0; i + 1 < offset.Length; i++)
        {
            covariance += (offset[i] - mean) * (offset[i + 1] - mean);
        }

        double correlation = covariance / (offset.Length - 1) / (sd * sd);
        Assert.That(Math.Abs(correlation), Is.LessThan(5 / Math.Sqrt(offset.Length)));
    }

    [Test]
    public void BadInputIsNamed()
    {
        Assert.That(Assert.Throws<ArgumentException>(() => StochasticMatrix.Program([0.0, 0.0], [0.1, -0.1], 1, 2, Ideal(SamplingMode.Output)))!.Message, Does.Contain("σ must be finite and ≥ 0"));
        Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => StochasticMatrix.Program([0.0], [0.1], 1, 1, Ideal(SamplingMode.Output, k: 0)))!.Message, Does.Contain("DevicesPerWeight"));
    }
}
