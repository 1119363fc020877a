using AnalogLA.Crossbar;
using AnalogLA.Devices;
using AnalogLA.Periphery;

namespace AnalogLA.Tests.Periphery;

/// <summary>
/// aihwkit's periphery model (IOParameters): input noise after the DAC, output noise before the ADC, an output bound in
/// units of full-scale weight × input, iterative bound management; and the ibm-hpec2023 preset built from them. Checked
/// against hand-computed codes and against the variances the definitions imply.
/// </summary>
public class AihwkitPeripheryTests
{
    /// <summary>A noiseless differential device with G_min = 0.1·G_max (swing 0.9, so a missing swing factor shows).</summary>
    private static AnalogOptions Clean(AdcOptions adc, DacOptions? dac = null, int tile = 512) => new()
    {
        Device = DevicePresets.Ideal with { Range = new ConductanceRange(2.5e-6, 25e-6) },
        Dac = dac ?? DacOptions.Ideal,
        Adc = adc,
        Tiling = new TilingOptions(tile, tile),
        Seed = 3,
    };

    private static double[] Ones(int n) => Enumerable.Repeat(1.0, n).ToArray();

    [Test]
    public void OutputNoiseIsSigmaTimesTheFullScaleWeightTimesTheInputRange()
    {
        const int n = 64, reads = 200;
        const double sigma = 0.05;
        var w = TestData.Uniform(n * n, 11);
        var x = TestData.Uniform(n, 12);
        double wMax = w.Max(Math.Abs), range = x.Max(Math.Abs);
        var a = AnalogMatrix.Program(w, n, n, Clean(new AdcOptions { Noise = sigma }));
        var exact = TestData.Multiply(w, n, n, x);
        var errors = new List<double>();
        var y = new double[n];
        for (int t = 0; t < reads; t++)
        {
            a.Multiply(x, y);
            errors.AddRange(y.Select((v, i) => (v - exact[i]) / (sigma * wMax * range)));
        }

        var (mean, variance) = TestData.MeanVariance(errors);
        double bound = 5 * Math.Sqrt(2.0 / errors.Count);
        Assert.That(variance, Is.EqualTo(1).Within(bound), "Var(y − Wx) = (σ·w_max·max|x|)²");
        Assert.That(Math.Abs(mean), Is.LessThan(5 / Math.Sqrt(errors.Count)));
    }

    [Test]
    public void InputNoiseIsSharedByEveryOutputAndScalesWithTheRowNorm()
    {
        const int rows = 32, cols = 64, reads = 400;
        const double sigma = 0.03;
        var w = TestData.Uniform(rows * cols, 21);
        Array.Copy(w, 0, w, cols, cols);   // rows 0 and 1 equal: they must see the same input noise
        var x = TestData.Uniform(cols, 22);
        double range = x.Max(Math.Abs);
        var a = AnalogMatrix.Program(w, rows, cols, Clean(AdcOptions.Ideal, new DacOptions { Noise = sigma }));
        var exact = TestData.Multiply(w, rows, cols, x);
        var normalised = new List<double>();
        var e0 = new List<double>();
        var e1 = new List<double>();
        var y = new double[rows];
        for (int t = 0; t < reads; t++)
        {
            a.Multiply(x, y);
            for (int i = 0; i < rows; i++)
            {
                double rowNorm2 = Enumerable.Range(0, cols).Sum(j => w[i * cols + j] * w[i * cols + j]);
                normalised.Add((y[i] - exact[i]) / (sigma * range * Math.Sqrt(rowNorm2)));
            }

            e0.Add(y[0] - exact[0]);
            e1.Add(y[1] - exact[1]);
        }

        var (_, variance) = TestData.MeanVariance(normalised);
        Assert.That(variance, Is.EqualTo(1).Within(5 * Math.Sqrt(2.0 / normalised.Count)), "Var(y_i) = σ²·R²·Σ_j W_ij²");
        double covariance = e0.Zip(e1, (p, q) => p * q).Average();
        double correlation = covariance / Math.Sqrt(e0.Average(v => v * v) * e1.Average(v => v * v));
        Assert.That(correlation, Is.GreaterThan(0.999), "one noisy input line drives every output");
    }

    [Test]
    public void TheBoundRangeIsTwentyFullScaleWeightsAtFullScaleInput()
    {
        // 1×7 matrix of ones, x = 1: the current is 7 units; 9 bits over ±20 → code round(7·255/20) = round(89.25) = 89.
        var a = AnalogMatrix.Program(Ones(7), 1, 7, Clean(new AdcOptions { Bits = 9, RangeMode = AdcRangeMode.Bound, Bound = 20 }));
        var y = new double[1];
        a.Multiply(Ones(7), y);
        Assert.That(y[0], Is.EqualTo(89 * 20.0 / 255).Within(1e-5));
    }

    [Test]
    public void WithoutBoundManagementALongColumnClipsAtTheBound()
    {
        var a = AnalogMatrix.Program(Ones(30), 1, 30, Clean(new AdcOptions { Bits = 9, RangeMode = AdcRangeMode.Bound, Bound = 20 }));
        var y = new double[1];
        a.Multiply(Ones(30), y);
        Assert.That(y[0], Is.EqualTo(20).Within(1e-5));
        Assert.That(a.Diagnostics.AdcSaturations, Is.EqualTo(1));
    }

    [Test]
    public void IterativeBoundManagementHalvesTheInputUntilNothingClips()
    {
        // 30 units clip; halved, 15 units give code round(15·12.75) = 191 and the result 2·191·20/255.
        var adc = new AdcOptions { Bits = 9, RangeMode = AdcRangeMode.Bound, Bound = 20, BoundManagement = BoundManagement.Iterative };
        var a = AnalogMatrix.Program(Ones(30), 1, 30, Clean(adc));
        var y = new double[1];
        a.Multiply(Ones(30), y);
        Assert.That(y[0], Is.EqualTo(2 * 191 * 20.0 / 255).Within(1e-5));
        Assert.That(a.Diagnostics.BoundManagementReads, Is.EqualTo(1));
        Assert.That(a.Diagnostics.Mvms, Is.EqualTo(2), "the re-read is an MVM");

        // 100 units need a factor of 8 (12.5 units: code round(159.375) = 159).
        var b = AnalogMatrix.Program(Ones(100), 1, 100, Clean(adc));
        b.Multiply(Ones(100), y);
        Assert.That(y[0], Is.EqualTo(8 * 159 * 20.0 / 255).Within(1e-4));
        Assert.That(b.Diagnostics.BoundManagementReads, Is.EqualTo(3));
    }

    [Test]
    public void BoundManagementStopsAtTheInputResolutionLimitAndAtTheFactorLimit()
    {
        // 7-bit DAC: step 1/126 of the range; with max_bm_res 0.25 the factor stops at 16 (32/126 > 0.25).
        var adc = new AdcOptions { Bits = 9, RangeMode = AdcRangeMode.Bound, Bound = 20, BoundManagement = BoundManagement.Iterative };
        var dac = new DacOptions { Bits = 7 };
        var a = AnalogMatrix.Program(Ones(1000), 1, 1000, Clean(adc, dac, tile: 1024));
        var y = new double[1];
        a.Multiply(Ones(1000), y);
        Assert.That(a.Diagnostics.BoundManagementReads, Is.EqualTo(4), "factors 2, 4, 8, 16");
        Assert.That(y[0], Is.EqualTo(16 * 20.0).Within(1e-3), "still clipped at the bound, scaled by the last factor");

        // Without the resolution limit it goes on to 64, where 1000·(1/63) ≈ 15.9 units fit.
        var c = AnalogMatrix.Program(Ones(1000), 1, 1000, Clean(adc with { MaxBoundResolution = 1 }, dac, tile: 1024));
        c.Multiply(Ones(1000), y);
        Assert.That(c.Diagnostics.BoundManagementReads, Is.EqualTo(6), "factors 2 … 64");

        // And max_bm_factor 10 stops it at 8.
        var d = AnalogMatrix.Program(Ones(1000), 1, 1000, Clean(adc with { MaxBoundResolution = 1, MaxBoundFactor = 10 }, dac, tile: 1024));
        d.Multiply(Ones(1000), y);
        Assert.That(d.Diagnostics.BoundManagementReads, Is.EqualTo(3), "factors 2, 4, 8");
    }

    [Test]
    public void TheIbmPresetsProgrammingNoiseIsHalfAPercentOfWMaxPerWeightAndUnbiased()
    {
        const int n = 256;
        var w = TestData.Uniform(n * n, 31);
        double wMax = w.Max(Math.Abs);
        var a = AnalogMatrix.Program(w, n, n, AnalogOptions.IbmHpec2023 with { Seed = 9 });
        var programmed = a.ProgrammedMatrix();
        var errors = new List<double>(n * n);
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                errors.Add((programmed[i, j] - w[i * n + j]) / wMax);
            }
        }

        var (mean, variance) = TestData.MeanVariance(errors);
        Assert.That(variance / (0.005 * 0.005), Is.EqualTo(1).Within(5 * Math.Sqrt(2.0 / errors.Count)));
        Assert.That(Math.Abs(mean), Is.LessThan(5 * 0.005 / Math.Sqrt(errors.Count)), "no clipping bias");
    }

    [Test]
    public void TheIbmPresetReadsNearTheExactProductAndItsOptionsRoundTrip()
    {
        const int n = 128;
        var w = TestData.Uniform(n * n, 41);
        var x = TestData.Uniform(n, 42);
        var a = AnalogMatrix.Program(w, n, n, AnalogOptions.IbmHpec2023 with { Seed = 2 });
        var y = new double[n];
        a.Multiply(x, y);
        double error = TestData.RelativeError(y, TestData.Multiply(w, n, n, x));
        TestContext.Out.WriteLine($"relative MVM error {error:F4}");
        Assert.That(error, Is.GreaterThan(0.005).And.LessThan(0.1));
        var json = AnalogLA.IO.OptionsJson.Serialize(AnalogOptions.IbmHpec2023);
        Assert.That(AnalogLA.IO.OptionsJson.Deserialize(json), Is.EqualTo(AnalogOptions.IbmHpec2023));
    }

    [Test]
    public void ReadsWithIrDropGetTheSameOutputNoiseAndBoundManagement()
    {
        // Wires of 1e-6 of 1/G_max: the network solve reproduces the ideal currents, so the periphery alone shows.
        var wires = new ParasiticOptions { WireRatio = 1e-6 };
        var adc = new AdcOptions { Bits = 9, RangeMode = AdcRangeMode.Bound, Bound = 20, BoundManagement = BoundManagement.Iterative };
        var a = AnalogMatrix.Program(Ones(30), 1, 30, Clean(adc) with { Parasitics = wires });
        var y = new double[1];
        a.Multiply(Ones(30), y);
        Assert.That(y[0], Is.EqualTo(2 * 191 * 20.0 / 255).Within(1e-4));
        Assert.That(a.Diagnostics.BoundManagementReads, Is.EqualTo(1));

        const int n = 16, reads = 400;
        const double sigma = 0.05;
        var w = TestData.Uniform(n * n, 51);
        var x = TestData.Uniform(n, 52);
        double scale = sigma * w.Max(Math.Abs) * x.Max(Math.Abs);
        var b = AnalogMatrix.Program(w, n, n, Clean(new AdcOptions { Noise = sigma }) with { Parasitics = wires });
        var exact = TestData.Multiply(w, n, n, x);
        var errors = new List<double>();
        var yn = new double[n];
        for (int t = 0; t < reads; t++)
        {
            b.Multiply(x, yn);
            errors.AddRange(yn.Select((v, i) => (v - exact[i]) / scale));
        }

        var (_, variance) = TestData.MeanVariance(errors);
        Assert.That(variance, Is.EqualTo(1).Within(5 * Math.Sqrt(2.0 / errors.Count)));
    }

    [TestCase(0.02, 0.5, 0.0, 0.0, TestName = "ThePredictionScalesTheProgrammingErrorByTheHeadroom")]
    [TestCase(0.0, 1.0, 0.05, 0.0, TestName = "ThePredictionIncludesInputNoise")]
    [TestCase(0.0, 1.0, 0.0, 0.05, TestName = "ThePredictionIncludesOutputNoise")]
    [TestCase(0.01, 0.8, 0.02, 0.03, TestName = "ThePredictionCombinesThemAll")]
    public void TheErrorPredictionIncludesInputNoiseOutputNoiseAndHeadroom(double programming, double headroom, double inputNoise, double outputNoise)
    {
        const int n = 256, trials = 40;
        var w = TestData.Uniform(n * n, 61);
        var x = TestData.Uniform(n, 62);
        var options = Clean(new AdcOptions { Noise = outputNoise }, new DacOptions { Noise = inputNoise }) with
        {
            Device = DevicePresets.Ideal with { Range = new ConductanceRange(2.5e-6, 25e-6), ProgrammingNoise = new IndependentNoise(programming), ClipFloor = ClipFloor.Zero },
            Mapping = new MappingOptions { Headroom = headroom },
        };
        var exact = TestData.Multiply(w, n, n, x);
        double squared = 0;
        var y = new double[n];
        double predicted = 0;
        for (int t = 0; t < trials; t++)
        {
            // A fresh programming per trial, so the programming error is averaged like the prediction's expectation.
            var a = AnalogMatrix.Program(w, n, n, options with { Seed = 100 + (ulong)t });
            a.Multiply(x, y);
            double e = TestData.RelativeError(y, exact);
            squared += e * e;
            predicted = ErrorPrediction.Predict(a, w, x).Total;
        }

        double measured = Math.Sqrt(squared / trials);
        TestContext.Out.WriteLine($"measured {measured:F4}, predicted {predicted:F4}");
        // Each trial's ‖e‖² sums 256 roughly independent terms: its relative spread is ≈ √(2/256), over 40 trials ÷ √40.
        Assert.That(measured / predicted, Is.EqualTo(1).Within(5 * Math.Sqrt(2.0 / (n * trials))));
    }

    [Test]
    public void BadPeripheryFieldsAreRefusedByName()
    {
        Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => new AdcOptions { Bound = -1 }.Validate())!.Message, Does.Contain("Adc.Bound"));
        Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => new AdcOptions { Noise = double.NaN }.Validate())!.Message, Does.Contain("Adc.Noise"));
        Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => new AdcOptions { MaxBoundFactor = 0 }.Validate())!.Message, Does.Contain("Adc.MaxBoundFactor"));
        Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => new DacOptions { Noise = 2 }.Validate())!.Message, Does.Contain("Dac.Noise"));
    }
}
