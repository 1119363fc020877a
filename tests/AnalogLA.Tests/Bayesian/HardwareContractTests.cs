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
        var chip = new HardwareClassifier(network, new StochasticOptions { Mean = AnalogOptions.Ideal, IncludeSigma = false });
        var hardware = chip.Logits(images, 0, 0).Data;
        var software = new SoftwareClassifier(network, meanOnly: true).Logits(images, 0, 0).Data;
        double scale = software.Take(6).Max(Math.Abs);
        for (int i = 0; i < 6; i++)
        {
            Assert.That(hardware[i], Is.EqualTo(software[i]).Within(1e-4 * scale), $"logit {i}");
        }
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
}
