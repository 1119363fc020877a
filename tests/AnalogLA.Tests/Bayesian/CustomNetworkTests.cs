using AnalogLA.Bayesian;
using AnalogLA.Crossbar;
using AnalogLA.Numerics;
using AnalogLA.Stochastic;

namespace AnalogLA.Tests.Bayesian;

public class CustomNetworkTests
{
    internal static Sequential Layers()
    {
        var options = new BayesianOptions { PriorSigma = 0.5 };
        return new Sequential([
            new BayesianConv2d(1, 4, 3, 1, 1, options, seed: 7), new BatchNorm2d(4), new ReLU(), new MaxPool2d(2),
            new ResidualBlock(4, 8, 2, (i, o, k, s, p) => new BayesianConv2d(i, o, k, s, p, options, seed: (ulong)(i + o))),
            new GlobalAvgPool(), new Flatten(), new BayesianLinear(8, 4, options, seed: 8),
        ]);
    }

    /// <summary>A custom Sequential trains, checkpoints (its layers, not a name), reloads to the same function and deploys on arrays.</summary>
    [Test]
    public void ACustomSequentialTrainsCheckpointsReloadsAndDeploys()
    {
        var train = TrainingTests.Blobs(512, 1);
        var test = TrainingTests.Blobs(256, 2);
        var network = Network.FromLayers(Layers(), 1, 12, 4);
        (network.InputMean, network.InputStd) = train.ChannelStatistics();
        var reports = Trainer.Train(network, train, new TrainingOptions { Epochs = 4, BatchSize = 32, LearningRate = 3e-3, Seed = 4 });
        Assert.That(reports[^1].Nll, Is.LessThan(reports[0].Nll), "training loss falls");

        string path = Path.Combine(Path.GetTempPath(), "analogla-custom-" + Guid.NewGuid().ToString("N") + ".bnn");
        try
        {
            Checkpoint.Save(network, path);
            var reloaded = Checkpoint.Load(path);
            Assert.That(reloaded.Architecture.Model, Is.EqualTo(Architecture.Custom));
            Assert.That(reloaded.Body.Describe(), Is.EqualTo(network.Body.Describe()));
            var (images, _) = test.Batch(Enumerable.Range(0, 16).ToArray());
            var x1 = images.Clone();
            var x2 = images.Clone();
            network.Normalise(x1);
            reloaded.Normalise(x2);
            Assert.That(reloaded.Forward(x2, PassMode.Mean, new ForwardContext(1, 1)).Data, Is.EqualTo(network.Forward(x1, PassMode.Mean, new ForwardContext(1, 1)).Data));

            var software = UncertaintyMetrics.Calibration(MonteCarlo.Predict(new SoftwareClassifier(reloaded), test, 8).MeanProbabilities, test.Labels, 4);
            var chip = new HardwareClassifier(reloaded, new StochasticOptions { Mean = AnalogOptions.Ideal, Sampling = SamplingMode.Output });
            var hardware = UncertaintyMetrics.Calibration(MonteCarlo.Predict(chip, test, 8).MeanProbabilities, test.Labels, 4);

            // Four blobs, chance 0.25: the trained network classifies, and its ideal-array deployment (the same weights
            // through exact converters) within 0.1 of it (8 Monte Carlo samples of 256 images differ by a few per cent).
            Assert.That(software.Accuracy, Is.GreaterThan(0.5));
            Assert.That(hardware.Accuracy, Is.EqualTo(software.Accuracy).Within(0.1));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestCase("[BayesianConv2d(1,4,k3,s1,p1),ReLU", "expected ']'")]
    [TestCase("[Dropout(5)]", "unknown layer 'Dropout'")]
    [TestCase("[BayesianLinear(4)]", "takes 2 arguments")]
    [TestCase("[BayesianLinear(4,99999999999)]", "expected a number")]
    [TestCase("[BayesianLinear(100000,100000)]", "weights; the limit is")]
    public void ABadLayerDescriptionIsNamed(string layers, string message)
    {
        var architecture = new Architecture(Architecture.Custom, 1, 12, 4) { Layers = layers };
        Assert.That(Assert.Catch<ArgumentException>(() => new Network(architecture))!.Message, Does.Contain(message));
    }

    [Test]
    public void LayersThatDoNotEndInLogitsAreRefused()
    {
        var body = new Sequential([new Flatten(), new BayesianLinear(144, 5, new BayesianOptions(), 1)]);
        Assert.That(Assert.Catch<ArgumentException>(() => Network.FromLayers(body, 1, 12, 4))!.Message, Does.Contain("not 4 logits"));
    }
}
