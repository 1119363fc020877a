using AnalogLA.Numerics;
using Tensor = AnalogLA.Numerics.Tensor;
using System.Numerics.Tensors;

namespace AnalogLA.Bayesian;

/// <summary>Softmax cross-entropy and probability helpers.</summary>
public static class Loss
{
    /// <summary>Softmax of each row of N×K logits (stable: the row maximum is subtracted).</summary>
    public static float[] Softmax(Tensor logits)
    {
        ArgumentNullException.ThrowIfNull(logits);
        int k = logits.C;
        var p = new float[logits.N * k];
        for (int n = 0; n < logits.N; n++)
        {
            TensorPrimitives.SoftMax(logits.Data.AsSpan(n * k, k), p.AsSpan(n * k, k));
        }

        return p;
    }

    /// <summary>
    /// Mean negative log-likelihood −(1/N)·Σ log softmax(z)_y and its gradient (p − onehot(y))/N w.r.t. the logits.
    /// </summary>
    public static (double Loss, Tensor Gradient) CrossEntropy(Tensor logits, ReadOnlySpan<int> labels)
    {
        ArgumentNullException.ThrowIfNull(logits);
        int k = logits.C;
        if (labels.Length != logits.N)
        {
            throw new ArgumentException($"{labels.Length} labels for {logits.N} logit rows.", nameof(labels));
        }

        var p = Softmax(logits);
        var grad = new Tensor(logits.N, k);
        double loss = 0;
        for (int n = 0; n < logits.N; n++)
        {
            int y = labels[n];
            if (y < 0 || y >= k)
            {
                throw new ArgumentOutOfRangeException(nameof(labels), y, $"label {y} of sample {n} is outside 0–{k - 1}.");
            }

            loss -= Math.Log(Math.Max(p[n * k + y], 1e-30f));
            for (int j = 0; j < k; j++)
            {
                grad.Data[n * k + j] = (p[n * k + j] - (j == y ? 1 : 0)) / logits.N;
            }
        }

        return (loss / logits.N, grad);
    }
}
