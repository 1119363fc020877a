namespace AnalogLA.Bayesian;

/// <summary>One bin of a reliability diagram.</summary>
/// <param name="Lower">Lower confidence edge.</param>
/// <param name="Upper">Upper confidence edge.</param>
/// <param name="Count">Predictions whose confidence falls in the bin.</param>
/// <param name="MeanConfidence">Mean confidence in the bin (0 when empty).</param>
/// <param name="Accuracy">Fraction correct in the bin (0 when empty).</param>
public sealed record ReliabilityBin(double Lower, double Upper, int Count, double MeanConfidence, double Accuracy);

/// <summary>Classification and calibration metrics of a predictive distribution.</summary>
/// <param name="Accuracy">Fraction of argmax predictions equal to the label.</param>
/// <param name="Nll">Mean −log p̄(y|x).</param>
/// <param name="Brier">Mean Σ_k (p̄_k − onehot_k)² (the multi-class Brier score, range 0–2).</param>
/// <param name="Ece">Expected calibration error: Σ_b (n_b/N)·|acc_b − conf_b| over equal-width confidence bins.</param>
/// <param name="Bins">The reliability diagram.</param>
public sealed record CalibrationReport(double Accuracy, double Nll, double Brier, double Ece, IReadOnlyList<ReliabilityBin> Bins);

/// <summary>
/// Metrics of Monte Carlo predictions: p̄ = (1/S)·Σ_s p_s. Predictive entropy H[p̄] = −Σ_k p̄_k·ln p̄_k splits into
/// the expected entropy E_s[H[p_s]] (aleatoric) and the mutual information H[p̄] − E_s[H[p_s]] (epistemic)
/// (Depeweg et al., ICML 2018; Smith and Gal, UAI 2018). ECE uses 15 equal-width bins (Guo et al., ICML 2017).
/// OOD detection scores in-distribution examples against out-of-distribution ones by an uncertainty score,
/// higher meaning "more likely OOD": AUROC by the Mann–Whitney statistic (ties count ½), AUPR by average
/// precision with OOD as the positive class.
/// </summary>
public static class UncertaintyMetrics
{
    /// <summary>Most reliability bins <see cref="Calibration"/> accepts.</summary>
    public const int MaxBins = 10_000;

    /// <summary>Accuracy, NLL, Brier and ECE of mean probabilities (N×K, row-major) against labels.</summary>
    public static CalibrationReport Calibration(ReadOnlySpan<float> probabilities, ReadOnlySpan<int> labels, int classes, int bins = 15)
    {
        int n = labels.Length;
        if (n == 0)
        {
            throw new ArgumentException("no predictions to score.", nameof(labels));
        }

        if (classes < 1 || bins < 1 || bins > MaxBins)
        {
            throw new ArgumentOutOfRangeException(classes < 1 ? nameof(classes) : nameof(bins), classes < 1 ? classes : bins,
                $"classes must be ≥ 1 and bins in [1, {MaxBins}], got {classes} classes and {bins} bins.");
        }

        if (probabilities.Length != n * classes)
        {
            throw new ArgumentException($"{probabilities.Length} probabilities for {n} labels × {classes} classes.", nameof(probabilities));
        }

        var count = new int[bins];
        var confidenceSum = new double[bins];
        var correctSum = new double[bins];
        double nll = 0, brier = 0;
        int correct = 0;
        for (int i = 0; i < n; i++)
        {
            var p = probabilities.Slice(i * classes, classes);
            int y = labels[i];
            if (y < 0 || y >= classes)
            {
                throw new ArgumentOutOfRangeException(nameof(labels), y, $"label {y} of example {i} is outside 0–{classes - 1}.");
            }

            int argmax = 0;
            for (int k = 1; k < classes; k++)
            {
                if (p[k] > p[argmax])
                {
                    argmax = k;
                }
            }

            bool hit = argmax == y;
            correct += hit ? 1 : 0;
            nll -= Math.Log(Math.Max(p[y], 1e-12));
            for (int k = 0; k < classes; k++)
            {
                double d = p[k] - (k == y ? 1 : 0);
                brier += d * d;
            }

            double confidence = p[argmax];
            int b = Math.Min(bins - 1, (int)(confidence * bins));
            count[b]++;
            confidenceSum[b] += confidence;
            correctSum[b] += hit ? 1 : 0;
        }

        double ece = 0;
        var report = new List<ReliabilityBin>(bins);
        for (int b = 0; b < bins; b++)
        {
            double conf = count[b] > 0 ? confidenceSum[b] / count[b] : 0;
            double acc = count[b] > 0 ? correctSum[b] / count[b] : 0;
            ece += (double)count[b] / n * Math.Abs(acc - conf);
            report.Add(new ReliabilityBin((double)b / bins, (double)(b + 1) / bins, count[b], conf, acc));
        }

        return new CalibrationReport((double)correct / n, nll / n, brier / n, ece, report);
    }

    /// <summary>Entropy −Σ p·ln p (nats) of one distribution.</summary>
    public static double Entropy(ReadOnlySpan<float> p)
    {
        double h = 0;
        foreach (float v in p)
        {
            if (v > 0)
            {
                h -= v * Math.Log(v);
            }
        }

        return h;
    }

    /// <summary>AUROC of separating <paramref name="outOfDistribution"/> (positives) from <paramref name="inDistribution"/> by score.</summary>
    public static double Auroc(IReadOnlyList<double> inDistribution, IReadOnlyList<double> outOfDistribution)
    {
        ArgumentNullException.ThrowIfNull(inDistribution);
        ArgumentNullException.ThrowIfNull(outOfDistribution);
        if (inDistribution.Count == 0 || outOfDistribution.Count == 0)
        {
            throw new ArgumentException("AUROC needs at least one in-distribution and one OOD score.");
        }

        // Rank-sum with average ranks for ties.
        var all = inDistribution.Select(s => (Score: s, Ood: false)).Concat(outOfDistribution.Select(s => (Score: s, Ood: true))).OrderBy(t => t.Score).ToArray();
        double rankSumOod = 0;
        int i = 0;
        while (i < all.Length)
        {
            int j = i;
            while (j + 1 < all.Length && all[j + 1].Score == all[i].Score)
            {
                j++;
            }

            double averageRank = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++)
            {
                if (all[k].Ood)
                {
                    rankSumOod += averageRank;
                }
            }

            i = j + 1;
        }

        double nOod = outOfDistribution.Count, nIn = inDistribution.Count;
        return (rankSumOod - nOod * (nOod + 1) / 2) / (nOod * nIn);
    }

    /// <summary>Area under the precision–recall curve (average precision) with OOD examples as positives.</summary>
    public static double Aupr(IReadOnlyList<double> inDistribution, IReadOnlyList<double> outOfDistribution)
    {
        ArgumentNullException.ThrowIfNull(inDistribution);
        ArgumentNullException.ThrowIfNull(outOfDistribution);
        if (inDistribution.Count == 0 || outOfDistribution.Count == 0)
        {
            throw new ArgumentException("AUPR needs at least one in-distribution and one OOD score.");
        }

        var all = inDistribution.Select(s => (Score: s, Ood: false)).Concat(outOfDistribution.Select(s => (Score: s, Ood: true))).OrderByDescending(t => t.Score).ToArray();
        double ap = 0;
        int truePositives = 0, seen = 0, i = 0;
        while (i < all.Length)
        {
            // A group of tied scores enters the ranking together.
            int j = i, groupPositives = 0;
            while (j < all.Length && all[j].Score == all[i].Score)
            {
                groupPositives += all[j].Ood ? 1 : 0;
                j++;
            }

            truePositives += groupPositives;
            seen += j - i;
            ap += groupPositives * ((double)truePositives / seen);
            i = j;
        }

        return ap / outOfDistribution.Count;
    }
}

/// <summary>Monte Carlo predictions of a set of images: mean probabilities and the uncertainty split per image.</summary>
public sealed class McPredictions
{
    /// <summary>Creates empty accumulators for <paramref name="count"/> images and <paramref name="classes"/> classes.</summary>
    public McPredictions(int count, int classes)
    {
        Count = count;
        Classes = classes;
        MeanProbabilities = new float[count * classes];
        ExpectedEntropy = new double[count];
    }

    /// <summary>Images.</summary>
    public int Count { get; }

    /// <summary>Classes.</summary>
    public int Classes { get; }

    /// <summary>Samples accumulated.</summary>
    public int Samples { get; private set; }

    /// <summary>p̄ (N×K), valid after <see cref="Finish"/>.</summary>
    public float[] MeanProbabilities { get; }

    /// <summary>E_s[H[p_s]] per image (aleatoric), valid after <see cref="Finish"/>.</summary>
    public double[] ExpectedEntropy { get; }

    /// <summary>H[p̄] per image (total predictive entropy).</summary>
    public double[] PredictiveEntropy { get; private set; } = [];

    /// <summary>H[p̄] − E_s[H[p_s]] per image (epistemic, the mutual information).</summary>
    public double[] MutualInformation { get; private set; } = [];

    /// <summary>Adds one sample's probabilities for images [start, start + rows).</summary>
    public void Add(int start, ReadOnlySpan<float> probabilities, bool lastSampleOfBatch)
    {
        int rows = probabilities.Length / Classes;
        for (int i = 0; i < rows; i++)
        {
            var p = probabilities.Slice(i * Classes, Classes);
            System.Numerics.Tensors.TensorPrimitives.Add(MeanProbabilities.AsSpan((start + i) * Classes, Classes), p, MeanProbabilities.AsSpan((start + i) * Classes, Classes));
            ExpectedEntropy[start + i] += UncertaintyMetrics.Entropy(p);
        }

        if (lastSampleOfBatch && start + rows == Count)
        {
            Samples++;
        }
    }

    /// <summary>Divides by the number of samples and computes the entropies.</summary>
    public void Finish(int samples)
    {
        Samples = samples;
        System.Numerics.Tensors.TensorPrimitives.Multiply(MeanProbabilities, 1f / samples, MeanProbabilities);
        PredictiveEntropy = new double[Count];
        MutualInformation = new double[Count];
        for (int i = 0; i < Count; i++)
        {
            ExpectedEntropy[i] /= samples;
            PredictiveEntropy[i] = UncertaintyMetrics.Entropy(MeanProbabilities.AsSpan(i * Classes, Classes));
            MutualInformation[i] = Math.Max(0, PredictiveEntropy[i] - ExpectedEntropy[i]);
        }
    }
}
