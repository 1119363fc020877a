using AnalogLA.Bayesian;
using AnalogLA.IO;
using AnalogLA.Numerics;

namespace AnalogLA.Tests.Bayesian;

/// <summary>
/// What a training run must report and do, checked against quantities computed outside the trainer: the cosine
/// learning-rate schedule through Adam's first-order behaviour, the epoch means against a separate evaluation of the
/// network, the shuffle against the uniform distribution over permutations, divergence by name.
/// </summary>
public class TrainerContractTests
{
    /// <summary>n images of 1×2×2 with values in [0, 1) and labels 0…3 in turn, declared with <paramref name="classes"/> classes.</summary>
    private static ImageDataset Data(int n, int classes, ulong seed)
    {
        var pixels = new float[n * 4];
        new CounterRandom(seed).FillUniform(pixels);
        return new ImageDataset("tiny", pixels, Enumerable.Range(0, n).Select(i => i % 4).ToArray(), 1, 2, 2, classes);
    }

    [Test]
    public void TheLearningRateFallsAlongACosineToFivePercent()
    {
        // Class 4 is never a label, so ∂L/∂b₄ = mean softmax₄ > 0 on every batch and, with a step size small enough that
        // the gradient hardly changes, Adam moves b₄ by the step size on every step (m̂/√v̂ = 1 for a constant
        // gradient). Over 2 epochs × 2 batches (T = 4 steps) b₄ falls by Σ_s η·(0.05 + 0.95·½(1 + cos(πs/T))) =
        // η·(1 + 0.86084 + 0.525 + 0.18916) = 2.575·η. Tolerance 1 %: the gradient varies a few per cent between batches.
        var head = new Linear(4, 5, seed: 3);
        var network = Network.FromLayers(new Sequential([new Flatten(), head]), 1, 2, 5);
        float before = head.BiasMu.Value[4];
        const double eta = 1e-4;
        Trainer.Train(network, Data(64, 5, 1), new TrainingOptions { Epochs = 2, BatchSize = 32, LearningRate = eta, KlWeight = 0 });
        double expected = eta * Enumerable.Range(0, 4).Sum(s => 0.05 + (0.95 * 0.5 * (1 + Math.Cos(Math.PI * s / 4))));
        Assert.That(expected, Is.EqualTo(2.575 * eta).Within(1e-6 * eta));
        Assert.That(before - head.BiasMu.Value[4], Is.EqualTo(expected).Within(0.01 * expected));
    }

    [Test]
    public void EpochReportsAreMeansOverTheEpochsImagesAndProgressFollowsEveryBatch()
    {
        // A Bayesian head with σ = softplus(−20) ≈ 2·10⁻⁹ (samples equal the mean to float precision) and a step size of
        // 10⁻¹² (no parameter moves by an ulp): the epoch's NLL, accuracy and KL per image must be those of the network
        // as it stands, evaluated here on all 70 images at once (batches of 32, 32 and 6, so a mean of batch means or
        // an unweighted sum would differ).
        var head = new BayesianLinear(4, 5, new BayesianOptions { InitialRho = -20, PriorSigma = 0.5 }, seed: 4);
        var network = Network.FromLayers(new Sequential([new Flatten(), head]), 1, 2, 5);
        var data = Data(70, 5, 2);
        var (images, labels) = data.Batch(Enumerable.Range(0, 70).ToArray());
        var logits = network.Forward(images, PassMode.Mean, new ForwardContext(1, 1)).Data;
        double nll = 0;
        int correct = 0;
        for (int i = 0; i < 70; i++)
        {
            var row = logits.AsSpan(i * 5, 5).ToArray().Select(v => (double)v).ToArray();
            double max = row.Max();
            nll += max + Math.Log(row.Sum(v => Math.Exp(v - max))) - row[labels[i]];
            correct += Array.IndexOf(row, max) == labels[i] ? 1 : 0;
        }

        double kl = network.KlDivergence();
        var progress = new ListProgress<TrainingProgress>();
        var reports = Trainer.Train(network, data, new TrainingOptions { Epochs = 1, BatchSize = 32, LearningRate = 1e-12 }, progress);
        var report = reports.Single();
        Assert.That(report.Epoch, Is.EqualTo(1));
        Assert.That(report.Nll, Is.EqualTo(nll / 70).Within(1e-5 * (nll / 70)));
        Assert.That(report.TrainAccuracy, Is.EqualTo(correct / 70.0));
        Assert.That(report.KlPerImage, Is.EqualTo(kl / 70).Within(1e-6 * (kl / 70)));
        Assert.That(progress.Reports.Select(p => (p.Epoch, p.Epochs, p.Batch, p.Batches)), Is.EqualTo(new[] { (1, 1, 1, 3), (1, 1, 2, 3), (1, 1, 3, 3) }));
        Assert.That(progress.Reports.Select(p => p.Kl), Has.All.EqualTo(kl / 70).Within(1e-6 * (kl / 70)));
        Assert.That(progress.Reports[^1].Accuracy, Is.EqualTo(report.TrainAccuracy));
        Assert.That(progress.Reports.Select(p => p.Accuracy), Has.All.InRange(0.0, 1.0));
    }

    [Test]
    public void TheShuffleDrawsEveryPermutationEquallyOften()
    {
        // 4,800 shuffles of 4 items: each of the 24 permutations 200 times in expectation; χ² on 23 degrees of freedom
        // below 49.7 (p = 0.001).
        var counts = new Dictionary<string, int>();
        for (int i = 0; i < 4800; i++)
        {
            var order = Trainer.Shuffle(4, new CounterRandom((ulong)i + 1));
            Assert.That(order.Order(), Is.EqualTo(new[] { 0, 1, 2, 3 }));
            string key = string.Join(",", order);
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }

        Assert.That(counts, Has.Count.EqualTo(24));
        Assert.That(counts.Values.Sum(k => (k - 200.0) * (k - 200.0) / 200), Is.LessThan(49.7));
    }

    [Test]
    public void ANonFiniteLossStopsTrainingNamingTheEpochAndBatch()
    {
        // Pixels at float.MaxValue overflow the logits of every batch: the first one stops the run.
        var pixels = Enumerable.Repeat(float.MaxValue, 8 * 4).ToArray();
        var data = new ImageDataset("overflow", pixels, Enumerable.Range(0, 8).Select(i => i % 4).ToArray(), 1, 2, 2, 4);
        var network = Network.FromLayers(new Sequential([new Flatten(), new Linear(4, 4, seed: 5)]), 1, 2, 4);
        Assert.That(
            () => Trainer.Train(network, data, new TrainingOptions { Epochs = 1, BatchSize = 4 }),
            Throws.TypeOf<TrainingDivergedException>().With.Message.StartsWith("training diverged at epoch 1, batch 1: the loss is non-finite"));
    }

    [Test]
    public void ARunRefusesDataOfAnotherSizeAndAStateOfAnotherRecipeBeforeTraining()
    {
        var head = new Linear(4, 5, seed: 3);
        var network = Network.FromLayers(new Sequential([new Flatten(), head]), 1, 2, 5);
        var before = head.WeightMu.Value.ToArray();
        var wrongSize = new ImageDataset("3x3", new float[9 * 4], [0, 1, 2, 3], 1, 3, 3, 5);
        Assert.That(() => Trainer.Train(network, wrongSize, new TrainingOptions { Epochs = 1 }), Throws.ArgumentException.With.Message.Contains("got 1×3×3"));
        var recipe = new TrainingOptions { Epochs = 2, BatchSize = 32 };
        var state = new TrainingState(1, 2, recipe with { BatchSize = 16 }, network.Body.Describe(), 64);
        Assert.That(
            () => Trainer.Train(network, Data(64, 5, 1), recipe, null, state, null),
            Throws.ArgumentException.With.Message.Contains("was written with --batch 16, this run asks for 32"));
        Assert.That(head.WeightMu.Value, Is.EqualTo(before), "nothing trained");
    }
}
