using AnalogLA.Crossbar;
using AnalogLA.Devices;

namespace AnalogLA.Tests.Crossbar;

/// <summary>
/// Read-noise statistics against their closed forms, for both sampling modes, and the two modes
/// against each other.
/// </summary>
public class NoiseStatisticsTests
{
    private const int Rows = 6, Cols = 64, Reads = 4000;
    private const double Sigma = 0.03;

    private static (double[] W, double[] X) Problem() => (TestData.Uniform(Rows * Cols, 21), TestData.Uniform(Cols, 22));

    private static AnalogOptions Options(SamplingMode sampling, SignMapping sign, NoiseDistribution distribution) => AnalogOptions.Ideal with
    {
        Device = DevicePresets.Ideal with { ReadNoise = new IndependentNoise(Sigma) { Distribution = distribution } },
        Mapping = new MappingOptions { Sign = sign },
        Sampling = sampling,
        Seed = 77,
    };

    /// <summary>Reads the same input <see cref="Reads"/> times and returns samples[read][row].</summary>
    private static double[][] Sample(AnalogOptions options, double[] w, double[] x, int reads = Reads)
    {
        var analog = AnalogMatrix.Program(w, Rows, Cols, options);
        var xs = new double[reads * Cols];
        for (int r = 0; r < reads; r++)
        {
            x.CopyTo(xs, r * Cols);
        }

        var ys = new double[reads * Rows];
        analog.MultiplyBatch(xs, reads, ys);
        return Enumerable.Range(0, reads).Select(r => ys.AsSpan(r * Rows, Rows).ToArray()).ToArray();
    }

    [Test]
    public void OutputErrorVarianceMatchesTheClosedForm(
        [Values] SamplingMode sampling, [Values] SignMapping sign, [Values] NoiseDistribution distribution)
    {
        var (w, x) = Problem();
        var samples = Sample(Options(sampling, sign, distribution), w, x);
        var exact = TestData.Multiply(w, Rows, Cols, x);
        double wMax = w.Max(Math.Abs);
        double x2 = x.Sum(v => v * v);

        // Differential: y error = w_max·Σ_n (ε⁺ − ε⁻)·x_n → Var = 2σ²·w_max²·‖x‖².
        // Offset: y error = 2·w_max·Σ_n (ε − ε_ref)·x_n → Var = 4·2σ²·w_max²·‖x‖².
        double expected = (sign == SignMapping.Offset ? 8 : 2) * Sigma * Sigma * wMax * wMax * x2;
        for (int m = 0; m < Rows; m++)
        {
            var column = samples.Select(s => s[m]).ToArray();
            var (mean, variance) = TestData.MeanVariance(column);
            Assert.That(mean, Is.EqualTo(exact[m]).Within(5 * Math.Sqrt(expected / Reads)), $"row {m} mean");
            // Relative standard error of a sample variance is √(2/(n−1)) for Gaussian data (smaller for the sums here).
            Assert.That(variance / expected, Is.EqualTo(1).Within(5 * Math.Sqrt(2.0 / (Reads - 1))), $"row {m} variance");
        }
    }

    [Test]
    public void StateProportionalNoiseVarianceMatchesTheClosedForm([Values] SamplingMode sampling)
    {
        // σ(g) = α·g on a differential pair with G_min = 0: only the active device is noisy, σ = α·|w|/w_max,
        // so Var(y_m) = α²·Σ_n w_mn²·x_n² (w_max cancels). Exercises the per-position variance product.
        const double alpha = 0.05;
        var (w, x) = Problem();
        var options = AnalogOptions.Ideal with
        {
            Device = DevicePresets.Ideal with { ReadNoise = new ProportionalNoise(alpha) },
            Sampling = sampling,
            Seed = 79,
        };
        var samples = Sample(options, w, x);
        for (int m = 0; m < Rows; m++)
        {
            double expected = 0;
            for (int n = 0; n < Cols; n++)
            {
                expected += alpha * alpha * w[m * Cols + n] * w[m * Cols + n] * x[n] * x[n];
            }

            var (_, variance) = TestData.MeanVariance(samples.Select(r => r[m]).ToArray());
            Assert.That(variance / expected, Is.EqualTo(1).Within(5 * Math.Sqrt(2.0 / (Reads - 1))), $"row {m}");
        }
    }

    [Test]
    public void SamplingModesAgreeInDistributionForGaussianNoise()
    {
        var (w, x) = Problem();
        var device = Sample(Options(SamplingMode.Device, SignMapping.Differential, NoiseDistribution.Normal), w, x);
        var output = Sample(Options(SamplingMode.Output, SignMapping.Differential, NoiseDistribution.Normal) with { Seed = 78 }, w, x);
        double critical = TestData.KolmogorovSmirnovCritical(Reads, Reads, 0.001);
        for (int m = 0; m < Rows; m++)
        {
            double d = TestData.KolmogorovSmirnov(device.Select(s => s[m]).ToArray(), output.Select(s => s[m]).ToArray());
            Assert.That(d, Is.LessThan(critical), $"row {m}");
        }
    }

    [Test]
    public void OutputSpaceIsOnlyACentralLimitApproximationForUniformNoiseOnFewDevices()
    {
        // One weight, one input: device-level output is w_max·(ε⁺ − ε⁻), a triangular distribution;
        // output-space draws a Gaussian of the same variance. Their CDFs differ by ≈ 0.016 (at one σ),
        // which a two-sample KS test at n = 100000 (critical D ≈ 0.0087 at α = 0.001) must detect.
        const int reads = 100_000;
        double[] w = [1.0];
        var xs = Enumerable.Repeat(1.0, reads).ToArray();
        var device = new double[reads];
        var output = new double[reads];
        AnalogMatrix.Program(w, 1, 1, Options(SamplingMode.Device, SignMapping.Differential, NoiseDistribution.Uniform)).MultiplyBatch(xs, reads, device);
        AnalogMatrix.Program(w, 1, 1, Options(SamplingMode.Output, SignMapping.Differential, NoiseDistribution.Uniform)).MultiplyBatch(xs, reads, output);
        double d = TestData.KolmogorovSmirnov(device, output);
        Assert.That(d, Is.GreaterThan(TestData.KolmogorovSmirnovCritical(reads, reads, 0.001)));
        // Same first two moments nonetheless.
        var (_, vd) = TestData.MeanVariance(device);
        var (_, vo) = TestData.MeanVariance(output);
        Assert.That(vo / vd, Is.EqualTo(1).Within(5 * Math.Sqrt(2.0 / reads) * 2));
    }
}
