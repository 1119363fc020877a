using AnalogLA.Numerics;
using AnalogLA.Bayesian;
using AnalogLA.Crossbar;
using AnalogLA.Stochastic;

namespace AnalogLA.Tests.Bayesian;

public class DeploymentTests
{
    private static Network _network = null!;
    private static AnalogLA.IO.ImageDataset _test = null!;

    [OneTimeSetUp]
    public void Train() => _network = TrainingTests.TrainedBlobNetwork(out _test);

    [Test]
    public void IdealMeanArraysReproduceThePosteriorMeanNetwork()
    {
        var chip = new HardwareClassifier(_network, new StochasticOptions { Mean = AnalogOptions.Ideal, IncludeSigma = false });
        var software = new SoftwareClassifier(_network, meanOnly: true);
        var (images, _) = _test.Batch(Enumerable.Range(0, 64).ToArray());
        var a = chip.Logits(images, 0, 0).Data;
        var b = software.Logits(images, 0, 0).Data;
        double scale = b.Max(Math.Abs);
        for (int i = 0; i < a.Length; i++)
        {
            Assert.That(a[i], Is.EqualTo(b[i]).Within(1e-4 * scale));
        }
    }

    [Test]
    public void IdealStochasticArraysReproduceSoftwarePredictions()
    {
        var chip = new HardwareClassifier(_network, new StochasticOptions { Mean = AnalogOptions.Ideal });
        var hw = MonteCarlo.Predict(chip, _test, 16);
        var sw = MonteCarlo.Predict(new SoftwareClassifier(_network), _test, 16);
        var hr = UncertaintyMetrics.Calibration(hw.MeanProbabilities, _test.Labels, 4);
        var sr = UncertaintyMetrics.Calibration(sw.MeanProbabilities, _test.Labels, 4);
        int agree = 0;
        for (int i = 0; i < _test.Count; i++)
        {
            agree += System.Numerics.Tensors.TensorPrimitives.IndexOfMax(hw.MeanProbabilities.AsSpan(i * 4, 4)) == System.Numerics.Tensors.TensorPrimitives.IndexOfMax(sw.MeanProbabilities.AsSpan(i * 4, 4)) ? 1 : 0;
        }

        Assert.That(agree, Is.GreaterThanOrEqualTo(0.97 * _test.Count));
        Assert.That(hr.Accuracy, Is.EqualTo(sr.Accuracy).Within(0.03));
        Assert.That(hr.Nll, Is.EqualTo(sr.Nll).Within(0.05 + 0.2 * sr.Nll));
    }

    [Test]
    public void CalibratingOnRealActivationsRemovesAdcSaturation()
    {
        // Synthetic uniform calibration inputs do not look like (non-negative, sparse) activations; a calibration
        // batch of real images sets each array's ADC range from the currents it will actually see.
        // Normalised inputs (mean 0, unit σ per channel, as every shipped network uses) reach beyond the synthetic
        // [−1, 1] range; a small σ (dim images) makes that pronounced here.
        var network = TrainingTests.TrainedBlobNetwork(out var test);
        network.InputStd = [0.2f];
        var options = new StochasticOptions { Mean = AnalogOptions.Realistic with { Seed = 2 } };
        var (images, _) = test.Batch(Enumerable.Range(0, 64).ToArray());
        var synthetic = new HardwareClassifier(network, options);
        synthetic.Logits(images, 0, 0);
        var calibrated = new HardwareClassifier(network, options);
        var (calibration, _) = TrainingTests.Blobs(256, 9).Batch(Enumerable.Range(0, 256).ToArray());
        calibrated.Calibrate(calibration);
        Assert.That(calibrated.AdcSaturationFraction, Is.EqualTo(0), "diagnostics restart after calibration");
        calibrated.Logits(images, 0, 0);
        TestContext.Out.WriteLine($"ADC saturation: synthetic {synthetic.AdcSaturationFraction:P3}, calibrated {calibrated.AdcSaturationFraction:P3}");
        Assert.That(synthetic.AdcSaturationFraction, Is.GreaterThan(1e-4), "synthetic calibration lets some conversions saturate");
        Assert.That(calibrated.AdcSaturationFraction, Is.LessThan(0.2 * synthetic.AdcSaturationFraction));
    }

    [Test]
    public void BatchNormIsFoldedIntoTheArrays()
    {
        var network = new Network(new Architecture("resnet8", 3, 32, 10, Width: 4), seed: 5);
        // Flatten reaches every BatchNorm, the residual blocks' included (a loop over the blocks found none once
        // Flatten began to return their layers, and the test then folded identities).
        var norms = network.Body.Flatten().OfType<BatchNorm2d>().ToList();
        Assert.That(norms, Has.Count.EqualTo(7));
        foreach (var bn in norms)
        {
            new AnalogLA.Numerics.CounterRandom(6).FillUniform(bn.Gamma.Value);
            System.Numerics.Tensors.TensorPrimitives.Add(bn.Gamma.Value, 0.5f, bn.Gamma.Value);
            new AnalogLA.Numerics.CounterRandom(7).FillUniform(bn.RunningVariance.Value);
            System.Numerics.Tensors.TensorPrimitives.Add(bn.RunningVariance.Value, 0.5f, bn.RunningVariance.Value);
            new AnalogLA.Numerics.CounterRandom(8).FillNormal(bn.RunningMean.Value);
            new AnalogLA.Numerics.CounterRandom(9).FillNormal(bn.Beta.Value);
        }

        var images = new Tensor(2, 3, 32, 32);
        new AnalogLA.Numerics.CounterRandom(10).FillUniform(images.Data);
        var chip = new HardwareClassifier(network, new StochasticOptions { Mean = AnalogOptions.Ideal, IncludeSigma = false });
        var a = chip.Logits(images, 0, 0).Data;
        var b = new SoftwareClassifier(network, meanOnly: true).Logits(images, 0, 0).Data;
        double scale = b.Max(Math.Abs);
        for (int i = 0; i < a.Length; i++)
        {
            Assert.That(a[i], Is.EqualTo(b[i]).Within(1e-3 * scale));
        }

        Assert.That(chip.Arrays, Has.Count.EqualTo(8));   // stem conv, 3 blocks × 2 convs, FC
    }

    [Test]
    public void FoldedBatchNormScalesTheStandardDeviationsToo()
    {
        // BatchNorm multiplies a pre-activation by a = γ/√(σ_B² + ε), its σ included. With γ = 3 on every BN and
        // wide posteriors, the logits' spread over Monte Carlo samples on ideal stochastic arrays must match the
        // software network's (both draw each layer's pre-activations as independent Gaussians). 400 samples: the
        // sample variance has a relative standard error of √(2/399) ≈ 7 %, a ratio of two such ≈ 10 %; bounds ±35 %.
        var network = new Network(new Architecture("resnet8", 3, 32, 10, Width: 4, InitialRho: -2.5), seed: 6);
        foreach (var bn in network.Body.Flatten().SelectMany(l => l is ResidualBlock b ? b.Main.Layers : [l]).OfType<BatchNorm2d>())
        {
            Array.Fill(bn.Gamma.Value, 3f);
        }

        var image = new Tensor(1, 3, 32, 32);
        new AnalogLA.Numerics.CounterRandom(11).FillUniform(image.Data);
        var chip = new HardwareClassifier(network, new StochasticOptions { Mean = AnalogOptions.Ideal, Sampling = SamplingMode.Output });
        var software = new SoftwareClassifier(network, seed: 12);
        const int samples = 400;
        double[] Variances(IStochasticClassifier classifier)
        {
            var logits = Enumerable.Range(0, samples).Select(s => classifier.Logits(image, 0, s).Data.ToArray()).ToArray();
            return Enumerable.Range(0, 10).Select(k =>
            {
                double mean = logits.Average(l => l[k]);
                return logits.Sum(l => (l[k] - mean) * (l[k] - mean)) / (samples - 1);
            }).ToArray();
        }

        double ratio = Variances(chip).Sum() / Variances(software).Sum();
        Assert.That(ratio, Is.InRange(0.65, 1.35));
    }

    /// <summary>The serial view of a classifier: hides its concurrency so MonteCarlo runs its samples one by one.</summary>
    private sealed class Serial(IStochasticClassifier inner) : IStochasticClassifier
    {
        public Tensor Logits(Tensor images, int batch, int sample) => inner.Logits(images, batch, sample);

        public void CheckInput(Tensor images) => inner.CheckInput(images);
    }

    [Test]
    public void ConcurrentSamplesGiveTheBitsOfSerialOnesAndPassesArePureFunctions()
    {
        var options = new StochasticOptions { Mean = AnalogOptions.DwMtjRealistic with { Seed = 3 }, Sampling = SamplingMode.Output };
        var concurrent = new HardwareClassifier(_network, options);
        var serial = new HardwareClassifier(_network, options);
        Assert.That(concurrent.SamplesRunConcurrently, Is.True);
        var a = MonteCarlo.Predict(concurrent, _test, 6, batchSize: 40);
        var b = MonteCarlo.Predict(new Serial(serial), _test, 6, batchSize: 40);
        Assert.That(a.MeanProbabilities, Is.EqualTo(b.MeanProbabilities));
        Assert.That(a.MutualInformation, Is.EqualTo(b.MutualInformation));

        // A pass is a function of (batch, sample): repeating one gives its bits, another sample differs.
        var (images, _) = _test.Batch(Enumerable.Range(0, 16).ToArray());
        var first = concurrent.Logits(images, 2, 5).Data;
        Assert.That(concurrent.Logits(images, 2, 5).Data, Is.EqualTo(first));
        Assert.That(concurrent.Logits(images, 2, 6).Data, Is.Not.EqualTo(first));
        Assert.That(concurrent.Logits(images, 3, 5).Data, Is.Not.EqualTo(first));
    }
    [Test]
    public void RecycledActivationsLeaveTheCallersImagesAndLaterPassesUntouched()
    {
        // A residual network: its block inputs feed the shortcut too, so a stage that recycled or overwrote them would
        // change the logits; the caller's images and the logits handed out must survive later passes.
        var network = new Network(new Architecture("resnet8", 3, 32, 10, Width: 4), seed: 5)
        {
            InputMean = [0.4f, 0.5f, 0.6f],
            InputStd = [0.2f, 0.25f, 0.3f],
        };
        var images = new Tensor(3, 3, 32, 32);
        new CounterRandom(10).FillUniform(images.Data);
        var kept = (float[])images.Data.Clone();
        var options = new StochasticOptions { Mean = AnalogOptions.DwMtjRealistic with { Seed = 4 }, Sampling = SamplingMode.Output };
        var chip = new HardwareClassifier(network, options);
        var first = chip.Logits(images, 0, 1);
        var firstValues = (float[])first.Data.Clone();
        for (int s = 2; s < 6; s++)
        {
            chip.Logits(images, 0, s);
        }

        Assert.That(images.Data, Is.EqualTo(kept), "the caller's images changed");
        Assert.That(first.Data, Is.EqualTo(firstValues), "logits handed out were reused");
        Assert.That(chip.Logits(images, 0, 1).Data, Is.EqualTo(firstValues), "a pass after recycling differs");
        var fresh = new HardwareClassifier(network, options);
        Assert.That(fresh.Logits(images, 0, 1).Data, Is.EqualTo(firstValues), "a classifier with nothing to recycle differs");
    }

    [Test]
    public void ALayerThatReturnsAViewOfItsInputKeepsItsValues()
    {
        // Flatten returns its input's values reshaped; the flattened activations have the length of the logits, so a
        // recycled view would be handed out again as a later pass's buffer.
        var options = new BayesianOptions { PriorSigma = 0.5 };
        var body = new Sequential([new BayesianConv2d(1, 1, 3, 1, 1, options, seed: 3), new Flatten(), new BayesianLinear(4, 4, options, seed: 4)]);
        var network = Network.FromLayers(body, 1, 2, 4);
        var images = new Tensor(5, 1, 2, 2);
        new CounterRandom(6).FillUniform(images.Data);
        var chip = new HardwareClassifier(network, new StochasticOptions { Mean = AnalogOptions.DwMtjRealistic with { Seed = 2 }, Sampling = SamplingMode.Output });
        var first = chip.Logits(images, 0, 1);
        var firstValues = (float[])first.Data.Clone();
        for (int s = 2; s < 6; s++)
        {
            chip.Logits(images, 0, s);
        }

        Assert.That(first.Data, Is.EqualTo(firstValues), "logits handed out were reused");
        Assert.That(chip.Logits(images, 0, 1).Data, Is.EqualTo(firstValues), "a pass after recycling differs");
    }
}
