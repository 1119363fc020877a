using AnalogLA.Numerics;
using AnalogLA.IO;

namespace AnalogLA.Bayesian;

/// <summary>A classifier that turns a batch of images into logits, one Monte Carlo sample per call.</summary>
public interface IStochasticClassifier
{
    /// <summary>Logits N×K for <paramref name="images"/> (raw pixels, N×C×H×W) for sample <paramref name="sample"/> of batch <paramref name="batch"/>.</summary>
    Tensor Logits(Tensor images, int batch, int sample);

    /// <summary>Checks that the images fit (throws with a clear message otherwise).</summary>
    void CheckInput(Tensor images);

    /// <summary>
    /// Whether <see cref="Logits"/> may run for several samples of one batch at once with the results of running them
    /// one after another (then <see cref="MonteCarlo.Predict"/> runs samples in parallel). Default false.
    /// </summary>
    bool SamplesRunConcurrently => false;
}

/// <summary>Monte Carlo inference over a data set.</summary>
public static class MonteCarlo
{
    /// <summary>Runs <paramref name="samples"/> forward passes per batch and accumulates the predictive distribution.</summary>
    public static McPredictions Predict(
        IStochasticClassifier classifier, ImageDataset data, int samples, int batchSize = 250,
        IProgress<(int Done, int Total)>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        ArgumentNullException.ThrowIfNull(data);
        if (samples < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(samples), samples, "samples must be ≥ 1.");
        }

        classifier.CheckInput(new Tensor(1, data.Channels, data.Height, data.Width));
        var predictions = new McPredictions(data.Count, data.Classes);
        int batches = (data.Count + batchSize - 1) / batchSize;
        for (int b = 0; b < batches; b++)
        {
            int start = b * batchSize, count = Math.Min(batchSize, data.Count - start);
            var (images, _) = data.Batch(Enumerable.Range(start, count).ToArray());
            int batch = b;
            float[] Sample(int s)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var logits = classifier.Logits(images, batch, s);
                if (logits.C != data.Classes)
                {
                    throw new ArgumentException($"the classifier gives {logits.C} classes, the data set '{data.Name}' has {data.Classes}.");
                }

                return Loss.Softmax(logits);
            }

            if (classifier.SamplesRunConcurrently && samples > 1 && Environment.ProcessorCount > 1)
            {
                // Samples in parallel, accumulated in sample order (the same sums as the serial loop). The first sample
                // runs alone, so one-time work of the classifier (e.g. staging the batch) is done once.
                var probabilities = new float[samples][];
                probabilities[0] = Sample(0);
                try
                {
                    Parallel.For(1, samples, new ParallelOptions { CancellationToken = cancellationToken }, s => probabilities[s] = Sample(s));
                }
                catch (AggregateException e) when (e.InnerExceptions.Count == 1)
                {
                    System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
                }

                for (int s = 0; s < samples; s++)
                {
                    predictions.Add(start, probabilities[s], lastSampleOfBatch: s == samples - 1);
                }
            }
            else
            {
                for (int s = 0; s < samples; s++)
                {
                    predictions.Add(start, Sample(s), lastSampleOfBatch: s == samples - 1);
                }
            }

            progress?.Report((start + count, data.Count));
        }

        predictions.Finish(samples);
        return predictions;
    }
}
