using System.Diagnostics;
using AnalogLA.IO;
using AnalogLA.Numerics;

namespace AnalogLA.Bayesian;

/// <summary>Settings of Bayes-by-Backprop training.</summary>
public sealed record TrainingOptions
{
    /// <summary>Passes over the training set.</summary>
    public int Epochs { get; init; } = 10;

    /// <summary>Images per minibatch.</summary>
    public int BatchSize { get; init; } = 128;

    /// <summary>Adam step size at the start (cosine decay to 5 % of it over the run).</summary>
    public double LearningRate { get; init; } = 2e-3;

    /// <summary>Multiplier of the KL term (1: the evidence lower bound).</summary>
    public double KlWeight { get; init; } = 1;

    /// <summary>Seed of the shuffle, the augmentation and the weight noise.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Random crop (4-pixel zero padding) and horizontal flip of every training image (CIFAR).</summary>
    public bool Augment { get; init; }

    /// <summary>
    /// Largest accepted Adam step size. Adam moves every parameter by about the step size per step, so a step of 10 in
    /// softplus-σ and logit units is already far beyond any useful value; larger ones only produce NaN.
    /// </summary>
    public const double MaxLearningRate = 10;

    /// <summary>Checks the settings; the message names the field.</summary>
    public void Validate()
    {
        if (Epochs < 1) { throw new ArgumentOutOfRangeException(nameof(Epochs), Epochs, "Epochs must be ≥ 1."); }
        if (BatchSize < 1) { throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "BatchSize must be ≥ 1."); }
        if (!(LearningRate > 0 && LearningRate <= MaxLearningRate)) { throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, $"LearningRate (--lr) must be in (0, {MaxLearningRate}], got {LearningRate}."); }
        if (!(KlWeight >= 0 && double.IsFinite(KlWeight))) { throw new ArgumentOutOfRangeException(nameof(KlWeight), KlWeight, $"KlWeight (--kl-weight) must be finite and ≥ 0, got {KlWeight}."); }
    }
}

/// <summary>Progress of training: after each minibatch.</summary>
public readonly record struct TrainingProgress(int Epoch, int Epochs, int Batch, int Batches, double Nll, double Kl, double Accuracy);

/// <summary>What one epoch achieved.</summary>
public sealed record EpochReport(int Epoch, double Nll, double KlPerImage, double TrainAccuracy, double Seconds);

/// <summary>
/// Bayes-by-Backprop (Blundell et al., ICML 2015): minimise the negative evidence lower bound per image,
/// (1/B)·Σ −log p(y|x, w) + λ·KL(q‖p)/N, with w drawn by the local reparameterisation trick, by Adam over
/// shuffled minibatches.
/// </summary>
public static class Trainer
{
    /// <summary>Trains <paramref name="network"/> in place; the data set must fit the network's input.</summary>
    public static IReadOnlyList<EpochReport> Train(
        Network network, ImageDataset data, TrainingOptions options, IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default) =>
        Train(network, data, options, progress, resume: null, epochCompleted: null, cancellationToken);

    /// <summary>Trains <paramref name="network"/> in place, resuming an interrupted run and reporting each epoch's state.</summary>
    /// <param name="network">The network, trained in place.</param>
    /// <param name="data">The training set.</param>
    /// <param name="options">The recipe.</param>
    /// <param name="progress">After every minibatch.</param>
    /// <param name="cancellationToken">Checked before every minibatch.</param>
    /// <param name="resume">The state of an interrupted run of the same recipe: training continues after its last epoch.</param>
    /// <param name="epochCompleted">Called after every epoch with the state to save (so a run can be resumed).</param>
    public static IReadOnlyList<EpochReport> Train(
        Network network, ImageDataset data, TrainingOptions options, IProgress<TrainingProgress>? progress,
        TrainingState? resume, Action<TrainingState>? epochCompleted, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        network.CheckInput(data.Channels, data.Height, data.Width);
        if (data.Classes != network.Architecture.Classes)
        {
            throw new ArgumentException($"data set '{data.Name}' has {data.Classes} classes, the network {network.Architecture.Classes}.");
        }

        var parameters = network.Parameters;
        var adam = new Adam(parameters, options.LearningRate) { Steps = resume?.AdamSteps ?? 0 };
        resume?.CheckContinues(options, data.Count, "the training state");
        int n = data.Count;
        int batches = (n + options.BatchSize - 1) / options.BatchSize;
        int totalSteps = options.Epochs * batches;
        var reports = new List<EpochReport>();
        var root = new CounterRandom(CounterRandom.Mix(options.Seed, 0x7472_6169_6e));
        for (int epoch = resume?.CompletedEpochs ?? 0; epoch < options.Epochs; epoch++)
        {
            var timer = Stopwatch.StartNew();
            var order = Shuffle(n, root.Child(1, (ulong)epoch));
            double nllSum = 0, klSum = 0;
            long correct = 0;
            for (int b = 0; b < batches; b++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int step = epoch * batches + b;
                adam.LearningRate = options.LearningRate * (0.05 + 0.95 * 0.5 * (1 + Math.Cos(Math.PI * step / totalSteps)));
                var indices = order.AsSpan(b * options.BatchSize, Math.Min(options.BatchSize, n - b * options.BatchSize));
                var (images, labels) = data.Batch(indices);
                if (options.Augment)
                {
                    Augmentation.CropAndFlip(images, root.Child(2, (ulong)step));
                }

                network.Normalise(images);
                var logits = network.Forward(images, PassMode.Train, new ForwardContext(options.Seed, (ulong)step + 1) { InputGradient = false });
                var (nll, gradient) = Loss.CrossEntropy(logits, labels);
                network.Body.Backward(gradient);
                float klScale = (float)(options.KlWeight / n);
                double kl = network.Body.AccumulateKlGradient(klScale);
                adam.Step();
                if (!double.IsFinite(nll) || !double.IsFinite(kl))
                {
                    throw new TrainingDivergedException(
                        $"training diverged at epoch {epoch + 1}, batch {b + 1}: the loss is non-finite (nll {nll}, KL {kl}); lower the learning rate ({options.LearningRate}) or the KL weight ({options.KlWeight}). No checkpoint was written.");
                }

                nllSum += nll * labels.Length;
                klSum += kl / n * labels.Length;
                correct += CountCorrect(logits, labels);
                progress?.Report(new TrainingProgress(epoch + 1, options.Epochs, b + 1, batches, nll, kl / n, (double)correct / Math.Min(n, (b + 1) * options.BatchSize)));
            }

            reports.Add(new EpochReport(epoch + 1, nllSum / n, klSum / n, (double)correct / n, timer.Elapsed.TotalSeconds));
            epochCompleted?.Invoke(new TrainingState(epoch + 1, adam.Steps, options, network.Body.Describe(), n));
        }

        return reports;
    }

    /// <summary>A seeded Fisher–Yates permutation of 0…n−1.</summary>
    public static int[] Shuffle(int n, CounterRandom random)
    {
        var order = Enumerable.Range(0, n).ToArray();
        var u = new float[Math.Max(n, 1)];
        random.FillUniform(u);
        for (int i = n - 1; i > 0; i--)
        {
            int j = Math.Min(i, (int)(u[i] * (i + 1)));
            (order[i], order[j]) = (order[j], order[i]);
        }

        return order;
    }

    private static long CountCorrect(Tensor logits, int[] labels)
    {
        long correct = 0;
        int k = logits.C;
        for (int i = 0; i < labels.Length; i++)
        {
            var row = logits.Data.AsSpan(i * k, k);
            if (System.Numerics.Tensors.TensorPrimitives.IndexOfMax(row) == labels[i])
            {
                correct++;
            }
        }

        return correct;
    }
}

/// <summary>CIFAR-style augmentation.</summary>
public static class Augmentation
{
    /// <summary>
    /// In place, per image: a random 32×32 crop of the image zero-padded by 4 pixels on each side, and a
    /// horizontal flip with probability ½ (He et al., CVPR 2016, Sec. 4.2).
    /// </summary>
    public static void CropAndFlip(Tensor images, CounterRandom random, int padding = 4)
    {
        ArgumentNullException.ThrowIfNull(images);
        int h = images.H, w = images.W;
        var u = new float[3 * images.N];
        random.FillUniform(u);
        var copy = new float[images.SampleSize];
        for (int n = 0; n < images.N; n++)
        {
            int dy = (int)(u[3 * n] * (2 * padding + 1)) - padding;
            int dx = (int)(u[3 * n + 1] * (2 * padding + 1)) - padding;
            bool flip = u[3 * n + 2] < 0.5f;
            var sample = images.Sample(n);
            sample.CopyTo(copy);
            for (int c = 0; c < images.C; c++)
            {
                for (int y = 0; y < h; y++)
                {
                    for (int x = 0; x < w; x++)
                    {
                        int sy = y + dy, sx = (flip ? w - 1 - x : x) + dx;
                        sample[(c * h + y) * w + x] = sy >= 0 && sy < h && sx >= 0 && sx < w ? copy[(c * h + sy) * w + sx] : 0;
                    }
                }
            }
        }
    }
}
