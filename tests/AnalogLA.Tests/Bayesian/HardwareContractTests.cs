using AnalogLA.Bayesian;
using AnalogLA.Crossbar;
using AnalogLA.Numerics;
using AnalogLA.Stochastic;


namespace AnalogLA.Tests.Bayesian;

/// <summary>
/// What deployment onto stochastic arrays must preserve, checked element by element against the layer parameters
/// (the 2026-12-05 mutation run of HardwareClassifier left these unchecked): a BatchNorm folded into the array before
/// it scales each output row's μ and σ by its own a = γ/√(σ_B² + ε); the bias noise has the posterior's variance; the
/// saturation fractions and the energy are totals over every array.
/// </summary>
public class HardwareContractTests
{
    private static (Network Network, BayesianConv2d Conv, BatchNorm2d Norm, BayesianLinear Head) SmallNetwork(double rho)
    {
        var options = new BayesianOptions { InitialRho = rho };
        var conv = new BayesianConv2d(1, 3, 3, 1, 1, options, seed: 3);
        var norm = new BatchNorm2d(3);
        var head = new BayesianLinear(3 * 4 * 4, 2, options, seed: 4);
        float[] gamma = [2.5f, -0.5f, 1.25f], variance = [0.3f, 2.0f, 0.8f], mean = [0.1f, -0.4f, 0.7f], beta = [0.2f, 0.0f, -0.3f];
        gamma.CopyTo(norm.Gamma.Value, 0);
        variance.CopyTo(norm.RunningVariance.Value, 0);
        mean.CopyTo(norm.RunningMean.Value, 0);
        beta.CopyTo(norm.Beta.Value, 0);
        // Each weight its own σ (ρ ∈ [ρ0 − 0.5, ρ0 + 0.5]), so a row or index slip in the fold shows.
        var u = new float[conv.WeightRho!.Value.Length];
        new CounterRandom(2).FillUniform(u);
        for (int i = 0; i < u.Length; i++)
        {
            conv.WeightRho.Value[i] = (float)(rho - 0.5 + u[i]);
        }

        var network = Network.FromLayers(new Sequential([conv, norm, new ReLU(), new Flatten(), head]), 1, 4, 2);
        return (network, conv, norm, head);
    }

    [Test]
    public void AFoldedBatchNormScalesEachRowsSigmaByItsOwnFactor()
    {
        // Row o of the folded array holds σ_oi·|γ_o|/√(v_o + ε): a per-row factor (−0.5 for row 1: the magnitude).
        // Ideal mean arrays and the default Bayes-MTJ σ map, which realises targets inside its range closely.
        var (network, conv, norm, _) = SmallNetwork(-3);
        var chip = new HardwareClassifier(network, new StochasticOptions { Mean = AnalogOptions.Ideal });
        var realised = chip.Arrays[0].RealisedSigma();
        var sigma = conv.WeightSigma();
        int cols = 9;
        for (int o = 0; o < 3; o++)
        {
            double a = Math.Abs(norm.Gamma.Value[o]) / Math.Sqrt(norm.RunningVariance.Value[o] + norm.Epsilon);
            for (int i = 0; i < cols; i++)
            {
                Assert.That(realised[(o * cols) + i], Is.EqualTo(a * sigma[(o * cols) + i]).Within(0.02 * a * sigma[(o * cols) + i]), $"row {o}, input {i}");
            }
        }
    }

    [Test]
    public void AFoldedBatchNormGivesTheSoftwareMeanNetworksLogits()
    {
        // Mean arrays only, ideal: the chip's logits equal the software network's mean pass (running statistics).
        var (network, _, _, _) = SmallNetwork(-5);
        var images = new Tensor(3, 1, 4, 4);
        new CounterRandom(5).FillUniform(images.Data);
        ChipMatchesTheSoftwareMeanPass(network, images);
    }

    /// <summary>
    /// Ideal mean arrays without σ: the chip's logits equal the software network's mean pass to a relative 10⁻⁴ of the
    /// largest logit, which is returned.
    /// </summary>
    private static double ChipMatchesTheSoftwareMeanPass(Network network, Tensor images)
    {
        var chip = new HardwareClassifier(network, new StochasticOptions { Mean = AnalogOptions.Ideal, IncludeSigma = false });
        var hardware = chip.Logits(images, 0, 0).Data;
        var software = new SoftwareClassifier(network, meanOnly: true).Logits(images, 0, 0).Data;
        int count = images.N * network.Architecture.Classes;
        double scale = software.Take(count).Max(Math.Abs);
        for (int i = 0; i < count; i++)
        {
            Assert.That(hardware[i], Is.EqualTo(software[i]).Within(1e-4 * scale), $"logit {i}");
        }

        return scale;
    }

    [Test]
    public void TheHeadsBiasNoiseHasThePosteriorsVariance()
    {
        // A head whose weights have σ ≈ 0 (ρ = −20: softplus ≈ 2e−9) and a bias with σ_b = softplus(ρ_b) set wide:
        // over 600 samples each logit's sample variance must be σ_b² within 5 relative standard errors (√(2/599)).
        var options = new BayesianOptions { InitialRho = -20 };
        var head = new BayesianLinear(4, 2, options, seed: 6);
        Array.Fill(head.BiasRho!.Value, 0.5f);
        var network = Network.FromLayers(new Sequential([new Flatten(), head]), 1, 2, 2);
        var chip = new HardwareClassifier(network, new StochasticOptions { Mean = AnalogOptions.Ideal, Sampling = SamplingMode.Output });
        var image = new Tensor(1, 1, 2, 2);
        new CounterRandom(7).FillUniform(image.Data);
        const int samples = 600;
        var logits = Enumerable.Range(0, samples).Select(s => chip.Logits(image, 0, s).Data.Take(2).ToArray()).ToArray();
        double sigmaB = head.BiasSigma()[0];
        for (int k = 0; k < 2; k++)
        {
            double mean = logits.Average(l => l[k]);
            double variance = logits.Sum(l => (l[k] - mean) * (l[k] - mean)) / (samples - 1);
            Assert.That(variance, Is.EqualTo(sigmaB * sigmaB).Within(5 * Math.Sqrt(2.0 / (samples - 1)) * sigmaB * sigmaB), $"logit {k}");
            Assert.That(mean, Is.EqualTo(head.BiasMu.Value[k] + Enumerable.Range(0, 4).Sum(i => head.WeightMu.Value[(k * 4) + i] * image.Data[i])).Within(5 * sigmaB / Math.Sqrt(samples)), $"logit {k} mean");
        }
    }

    [Test]
    public void SaturationFractionsAndEnergyAreTotalsOverEveryArray()
    {
        // Two arrays with different conversion counts: the fractions are Σ saturations / Σ conversions (not a largest
        // array's), and the energy adds each array's read cost, its sampling pulses and its σ conversions.
        var (network, _, _, _) = SmallNetwork(-3);
        var options = new StochasticOptions { Mean = AnalogOptions.DwMtjRealistic with { Seed = 3 }, Sampling = SamplingMode.Output };
        var chip = new HardwareClassifier(network, options);
        var images = new Tensor(4, 1, 4, 4);
        new CounterRandom(8).FillUniform(images.Data);
        chip.Calibrate(images);     // resets the mean arrays' diagnostics; the σ counters count from programming
        var arrays = chip.Arrays;
        long pulsesBefore = arrays.Sum(a => a.Pulses), sigmaBefore = arrays.Sum(a => a.SigmaConversions);

        // A pixel far past the calibrated ranges in one image: some conversions saturate.
        images.Data[5] = 40f;
        chip.Logits(images, 0, 0);
        Assert.That(arrays, Has.Count.EqualTo(2));
        long conversions = arrays.Sum(a => a.Mean.Diagnostics.AdcConversions), saturations = arrays.Sum(a => a.Mean.Diagnostics.AdcSaturations);
        Assert.That(saturations, Is.GreaterThan(0));
        Assert.That(chip.AdcSaturationFraction, Is.EqualTo((double)saturations / conversions).Within(1e-15));
        long sigmaConversions = arrays.Sum(a => a.SigmaConversions);
        // One σ conversion per output per vector: conv 3 outputs × 16 positions × 4 images, head 2 outputs × 4 images.
        Assert.That(sigmaConversions - sigmaBefore, Is.EqualTo((3L * 16 * 4) + (2L * 4)));
        Assert.That(chip.SigmaAdcSaturationFraction, Is.EqualTo((double)arrays.Sum(a => a.SigmaSaturations) / sigmaConversions).Within(1e-15));
        var cost = options.Mean.Cost;
        int bits = options.Mean.Adc.Bits!.Value;
        double energy = arrays.Sum(a => a.Mean.Diagnostics.Energy.Total + (a.Pulses * cost.StochasticPulseJoules) + (a.SigmaConversions * cost.AdcJoules(bits)));
        Assert.That(chip.EnergyJoules, Is.EqualTo(energy).Within(1e-12 * energy));
        // Pulses: K = 4 per weight per vector (conv 3 × 9 weights at 64 vectors, head 2 × 48 at 4).
        Assert.That(arrays.Sum(a => a.Pulses) - pulsesBefore, Is.EqualTo((64L * 3 * 9 * 4) + (4L * 2 * 48 * 4)));
    }

    [Test]
    public void EachImageChannelAndPositionDrawsItsOwnBiasNoise()
    {
        // A 1×1 convolution with σ_w ≈ 0 and a wide bias σ_b on two identical 2×2 images: the 16 outputs of a pass
        // (2 images × 2 channels × 4 positions) differ only by their bias draws, which must be independent (one draw
        // per image, channel and position). Over S = 400 samples every pair's sample correlation has standard error
        // ≈ 1/√S = 0.05: the bound is 5/√S. A slice shared between images, channels or positions gives r = 1.
        var options = new BayesianOptions { InitialRho = -20 };
        var conv = new BayesianConv2d(1, 2, 1, 1, 0, options, seed: 9);
        Array.Fill(conv.BiasRho!.Value, 0.5f);
        var network = Network.FromLayers(new Sequential([conv, new Flatten()]), 1, 2, 8);
        var chip = new HardwareClassifier(network, new StochasticOptions { Mean = AnalogOptions.Ideal, Sampling = SamplingMode.Output });
        var images = new Tensor(2, 1, 2, 2);
        new CounterRandom(10).FillUniform(images.Data.AsSpan(0, 4));
        images.Data.AsSpan(0, 4).CopyTo(images.Data.AsSpan(4, 4));
        const int samples = 400;
        var logits = Enumerable.Range(0, samples).Select(s => chip.Logits(images, 0, s).Data.Take(16).Select(v => (double)v).ToArray()).ToArray();
        var means = Enumerable.Range(0, 16).Select(j => logits.Average(l => l[j])).ToArray();
        var sds = Enumerable.Range(0, 16).Select(j => Math.Sqrt(logits.Sum(l => (l[j] - means[j]) * (l[j] - means[j])) / (samples - 1))).ToArray();
        double sigmaB = conv.BiasSigma()[0];
        for (int a = 0; a < 16; a++)
        {
            Assert.That(sds[a], Is.EqualTo(sigmaB).Within(5 * sigmaB / Math.Sqrt(2.0 * (samples - 1))), $"output {a}: σ");
            for (int b = a + 1; b < 16; b++)
            {
                double r = logits.Sum(l => (l[a] - means[a]) * (l[b] - means[b])) / ((samples - 1) * sds[a] * sds[b]);
                Assert.That(Math.Abs(r), Is.LessThan(5 / Math.Sqrt(samples)), $"outputs {a} and {b}: correlation");
            }
        }
    }

    [Test]
    public void AChannelWithZeroRunningVarianceIsFoldedWithEpsilon()
    {
        // v_o = 0 (a channel constant over the training data): a = γ/√(0 + ε), finite, as the software network's
        // BatchNorm computes it; ideal mean arrays, no σ: the chip's logits equal the software mean pass.
        var (network, _, norm, _) = SmallNetwork(-5);
        norm.RunningVariance.Value[0] = 0;
        norm.RunningVariance.Value[2] = (float)(3 * norm.Epsilon);
        var images = new Tensor(2, 1, 4, 4);
        new CounterRandom(11).FillUniform(images.Data);
        Assert.That(ChipMatchesTheSoftwareMeanPass(network, images), Is.GreaterThan(0).And.LessThan(1e6));
    }

    [Test]
    public void TheSigmaAdcSaturationFractionIsTheTotalOverEveryArray()
    {
        // Device-level Bayes-MTJ reads at the σ arrays' low p are skewed (a device that reads 1 at p ≪ 1 moves the
        // σ current by many standard deviations), so the ±4σ_col·max|x| σ-ADC range saturates in both arrays; the
        // fraction must be Σ saturations / Σ conversions over the arrays, not one array's.
        // In each array row 0 has σ = softplus(0) = 0.69, which sets the layer's σ scale (p near its largest), and
        // row 1 has σ = softplus(−3.1) = 0.044, so its devices read 1 with p ~ 10⁻³: one device that fires moves the
        // current past 4·√(Σσ²)·max|x| (the head's row 1 has one such weight; the others have σ = 0,
        // e^−120 being below float's range, so no σ devices).
        var options = new BayesianOptions { InitialRho = 0 };
        var conv = new BayesianConv2d(1, 2, 1, 1, 0, options, seed: 14);
        var head = new BayesianLinear(8, 2, options, seed: 15);
        conv.WeightRho!.Value[1] = -3.1f;
        head.WeightRho!.Value.AsSpan(8, 8).Fill(-120f);
        head.WeightRho.Value[8] = -3.1f;
        var layers = new Sequential([conv, new Flatten(), head]);
        var network = Network.FromLayers(layers, 1, 2, 2);
        var chip = new HardwareClassifier(network, new StochasticOptions { Mean = AnalogOptions.DwMtjRealistic with { Seed = 4 }, Sampling = SamplingMode.Device });
        var images = new Tensor(16, 1, 2, 2);
        new CounterRandom(12).FillUniform(images.Data);
        for (int s = 0; s < 50; s++)
        {
            chip.Logits(images, 0, s);
        }

        TestContext.Out.WriteLine(string.Join(" ", chip.Arrays.Select(a => $"{a.SigmaSaturations}/{a.SigmaConversions}")));
        var arrays = chip.Arrays;
        Assert.That(arrays.Select(a => a.SigmaSaturations), Has.All.GreaterThan(0));
        Assert.That(arrays[0].SigmaConversions, Is.Not.EqualTo(arrays[1].SigmaConversions));
        double expected = (double)arrays.Sum(a => a.SigmaSaturations) / arrays.Sum(a => a.SigmaConversions);
        Assert.That(chip.SigmaAdcSaturationFraction, Is.EqualTo(expected).Within(1e-15));
    }

    [Test]
    public void TheConvertersKeepTheRangesOfTheCalibrationBatch()
    {
        // Calibration fixes the ADC ranges; later passes read with them. Calibrated on B/4 the ranges differ from
        // those calibrated on B, so B's logits (same seeds, same sample) must differ between the two chips (a pass that
        // recalibrated on its own images would give both the same bits).
        var (network, _, _, _) = SmallNetwork(-3);
        var options = new StochasticOptions { Mean = AnalogOptions.DwMtjRealistic with { Seed = 5 }, Sampling = SamplingMode.Output };
        var images = new Tensor(4, 1, 4, 4);
        new CounterRandom(13).FillUniform(images.Data);
        var quarter = new Tensor(4, 1, 4, 4);
        for (int i = 0; i < images.Data.Length; i++)
        {
            quarter.Data[i] = images.Data[i] / 4;
        }

        var onQuarter = new HardwareClassifier(network, options);
        onQuarter.Calibrate(quarter);
        var onImages = new HardwareClassifier(network, options);
        onImages.Calibrate(images);
        var a = onQuarter.Logits(images, 0, 0).Data.Take(8).ToArray();
        var b = onImages.Logits(images, 0, 0).Data.Take(8).ToArray();
        Assert.That(a, Is.Not.EqualTo(b));
    }

    [Test]
    public void DeploymentRefusesWhatItCannotProgramByName()
    {
        var (network, _, _, _) = SmallNetwork(-3);
        Assert.That(() => new HardwareClassifier(null!, new StochasticOptions()), Throws.TypeOf<ArgumentNullException>().With.Property("ParamName").EqualTo("network"));
        Assert.That(() => new HardwareClassifier(network, null!), Throws.TypeOf<ArgumentNullException>().With.Property("ParamName").EqualTo("options"));
        Assert.That(() => new HardwareClassifier(network, new StochasticOptions { DevicesPerWeight = 0 }), Throws.TypeOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("DevicesPerWeight"));
        var chip = new HardwareClassifier(network, new StochasticOptions { Mean = AnalogOptions.Ideal });
        Assert.That(() => chip.Logits(null!, 0, 0), Throws.TypeOf<ArgumentNullException>().With.Property("ParamName").EqualTo("images"));
        Assert.That(() => chip.Calibrate(null!), Throws.TypeOf<ArgumentNullException>().With.Property("ParamName").EqualTo("images"));
        Assert.That(() => chip.Logits(new Tensor(1, 1, 5, 5), 0, 0), Throws.ArgumentException.With.Message.Contains("expects images of 1×4×4, got 1×5×5"));

        // A BatchNorm after a ReLU has no array to fold into.
        var options = new BayesianOptions { InitialRho = -3 };
        var loose = Network.FromLayers(new Sequential([new BayesianConv2d(1, 3, 3, 1, 1, options, seed: 3), new ReLU(), new BatchNorm2d(3), new Flatten(), new BayesianLinear(48, 2, options, seed: 4)]), 1, 4, 2);
        Assert.That(() => new HardwareClassifier(loose, new StochasticOptions()), Throws.TypeOf<NotSupportedException>().With.Message.Contains("does not follow a weight layer"));
    }

    [Test]
    public void ProgrammingReportsEachArrayAndItsFoldedBatchNorm()
    {
        var (network, _, _, _) = SmallNetwork(-3);
        var log = new ListProgress<string>();
        _ = new HardwareClassifier(network, new StochasticOptions { Mean = AnalogOptions.Ideal }, log);
        Assert.That(log.Reports, Is.EqualTo(new[] { "programming BayesianConv2d(1,3,k3,s1,p1) + folded BatchNorm", "programming BayesianLinear(48,2)" }));
    }
}
