using AnalogLA.Bayesian;
using AnalogLA.IO;
using AnalogLA.Numerics;

namespace AnalogLA.Tests.Bayesian;

public class TrainingTests
{
    /// <summary>A small synthetic set: class = quadrant of the brightest 3×3 blob in a 12×12 image, plus noise.</summary>
    internal static ImageDataset Blobs(int count, ulong seed)
    {
        var pixels = new float[count * 144];
        var labels = new int[count];
        var u = new float[count * 3];
        var random = new CounterRandom(seed);
        random.FillUniform(u);
        var noise = new float[pixels.Length];
        random.Child(1).FillUniform(noise);
        for (int i = 0; i < count; i++)
        {
            int label = Math.Min(3, (int)(u[3 * i] * 4));
            labels[i] = label;
            int y0 = (label / 2) * 6 + (int)(u[3 * i + 1] * 4), x0 = (label % 2) * 6 + (int)(u[3 * i + 2] * 4);
            for (int p = 0; p < 144; p++)
            {
                pixels[i * 144 + p] = 0.3f * noise[i * 144 + p];
            }

            for (int dy = 0; dy < 3; dy++)
            {
                for (int dx = 0; dx < 3; dx++)
                {
                    pixels[i * 144 + (y0 + dy) * 12 + x0 + dx] = 1;
                }
            }
        }

        return new ImageDataset("blobs", pixels, labels, 1, 12, 12, 4);
    }

    internal static Network TrainedBlobNetwork(out ImageDataset test)
    {
        var train = Blobs(512, 1);
        test = Blobs(256, 2);
        var network = new Network(new Architecture("lenet5", 1, 12, 4, PriorSigma: 0.5), seed: 3);
        Trainer.Train(network, train, new TrainingOptions { Epochs = 6, BatchSize = 32, LearningRate = 3e-3, Seed = 4 });
        return network;
    }

    [Test]
    public void ATinyBayesianLeNetLearns()
    {
        var train = Blobs(512, 1);
        var test = Blobs(256, 2);
        var network = new Network(new Architecture("lenet5", 1, 12, 4, PriorSigma: 0.5), seed: 3);
        var before = UncertaintyMetrics.Calibration(MonteCarlo.Predict(new SoftwareClassifier(network), test, 4).MeanProbabilities, test.Labels, 4);
        var reports = Trainer.Train(network, train, new TrainingOptions { Epochs = 6, BatchSize = 32, LearningRate = 3e-3, Seed = 4 });
        var after = UncertaintyMetrics.Calibration(MonteCarlo.Predict(new SoftwareClassifier(network), test, 4).MeanProbabilities, test.Labels, 4);
        Assert.That(reports[^1].Nll, Is.LessThan(0.5 * reports[0].Nll), "training loss falls");
        Assert.That(before.Accuracy, Is.LessThan(0.5));
        Assert.That(after.Accuracy, Is.GreaterThan(0.9), "held-out accuracy rises");
    }

    [Test]
    public void TheKlTermDrivesTheWeightsTowardThePrior()
    {
        // With the KL term dominating (weight 10⁴, 8 images) the ELBO's optimum is q = p: σ → σ_prior, µ → 0 (the
        // minimiser of KL(N(µ, σ²)‖N(0, σ_p²)) in closed form). Starting from σ = softplus(−5) ≈ 0.0067, Adam must
        // move σ up to the prior's 0.1 — which it cannot do if the KL gradient is missing from the update.
        var data = Blobs(8, 7);
        var network = new Network(new Architecture("lenet5", 1, 12, 4, PriorSigma: 0.1), seed: 8);
        var conv = network.Body.Flatten().OfType<BayesianConv2d>().First();
        double muBefore = conv.WeightMu.Value.Average(v => Math.Abs(v));
        Trainer.Train(network, data, new TrainingOptions { Epochs = 300, BatchSize = 8, LearningRate = 0.05, KlWeight = 1e4, Seed = 2 });
        double sigma = conv.WeightSigma().Average(v => v);
        double muAfter = conv.WeightMu.Value.Average(v => Math.Abs(v));
        Assert.That(sigma, Is.EqualTo(0.1).Within(0.02), "σ reaches the prior σ");
        Assert.That(muAfter, Is.LessThan(0.25 * muBefore), "µ shrinks toward the prior mean 0");
    }

    [Test]
    public void ShuffleIsASeededPermutation()
    {
        var a = Trainer.Shuffle(1000, new CounterRandom(5));
        var b = Trainer.Shuffle(1000, new CounterRandom(5));
        Assert.That(a, Is.EqualTo(b));
        Assert.That(a.Order(), Is.EqualTo(Enumerable.Range(0, 1000)));
        Assert.That(a.Take(20), Is.Not.EqualTo(Enumerable.Range(0, 20)));
    }

    [Test]
    public void WrongImageSizeIsNamed()
    {
        var network = new Network(Models.LeNet5());
        var wrong = new ImageDataset("colour", new float[3 * 32 * 32], [1], 3, 32, 32, 10);
        var ex = Assert.Throws<ArgumentException>(() => MonteCarlo.Predict(new SoftwareClassifier(network), wrong, 1));
        Assert.That(ex!.Message, Does.Contain("lenet5 expects images of 1×28×28, got 3×32×32"));
    }

    [Test]
    public void CheckpointsRoundTripAndRejectDamage()
    {
        string folder = Path.Combine(Path.GetTempPath(), "analogla-ckpt-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var network = new Network(new Architecture("resnet8", 3, 32, 10, Width: 4), seed: 2);
            network.InputMean = [0.1f, 0.2f, 0.3f];
            network.InputStd = [0.5f, 0.5f, 0.5f];
            string path = Path.Combine(folder, "net.bnn");
            Checkpoint.Save(network, path);
            var loaded = Checkpoint.Load(path);
            Assert.That(loaded.Architecture, Is.EqualTo(network.Architecture));
            Assert.That(loaded.Parameters.SelectMany(p => p.Value), Is.EqualTo(network.Parameters.SelectMany(p => p.Value)));
            Assert.That(loaded.InputMean, Is.EqualTo(network.InputMean));

            Assert.That(Assert.Throws<InvalidDataException>(() => Checkpoint.Load(path, "lenet5"))!.Message, Does.Contain("holds a resnet8, not a lenet5"));
            var bytes = File.ReadAllBytes(path);
            bytes[bytes.Length / 2] ^= 0x40;
            File.WriteAllBytes(path, bytes);
            Assert.That(Assert.Throws<InvalidDataException>(() => Checkpoint.Load(path))!.Message, Does.Contain("checksum mismatch"));
            File.WriteAllBytes(path, bytes.AsSpan(0, 100).ToArray());
            Assert.That(Assert.Throws<InvalidDataException>(() => Checkpoint.Load(path))!.Message, Does.Contain("corrupt or truncated").Or.Contain("magic"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
