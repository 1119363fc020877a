using System.Numerics.Tensors;
using AnalogLA.Numerics;
using Tensor = AnalogLA.Numerics.Tensor;

namespace AnalogLA.Bayesian;

/// <summary>Convolutions by im2col and one matrix product per image, forward and backward (local reparameterisation).</summary>
public abstract partial class WeightLayer
{
    /// <summary>Mean (plus bias) of every output into y and, when <paramref name="sd"/> is given, √(σ²·x² + σ_b²) into it.</summary>
    private void ForwardConvolution(Tensor x, Tensor y, ConvGeometry g, float[]? sd, float[]? biasVariance)
    {
        int k = g.PatchSize, p = g.Positions;
        Parallel.For(0, x.N, ParallelOptions, () => new float[2 * k * p], (n, _, cols) =>
        {
            var colsSpan = Columns(x.Sample(n), g, cols.AsSpan(0, k * p));
            var yn = y.Sample(n);
            Gemm.Multiply(OutChannels, p, k, WeightMu.Value, k, colsSpan, p, yn, p);
            for (int o = 0; o < OutChannels; o++)
            {
                TensorPrimitives.Add(yn.Slice(o * p, p), BiasMu.Value[o], yn.Slice(o * p, p));
            }

            if (sd is not null)
            {
                var squares = cols.AsSpan(k * p, k * p);
                TensorPrimitives.Multiply(colsSpan, colsSpan, squares);
                var sdn = sd.AsSpan(n * y.SampleSize, y.SampleSize);
                Gemm.Multiply(OutChannels, p, k, _variance, k, squares, p, sdn, p);
                for (int o = 0; o < OutChannels; o++)
                {
                    var s = sdn.Slice(o * p, p);
                    TensorPrimitives.Add(s, biasVariance![o] + 1e-16f, s);
                    TensorPrimitives.Sqrt(s, s);
                }
            }

            return cols;
        }, _ => { });
    }

    /// <summary>
    /// ∂L/∂μ, ∂L/∂σ², the bias gradients and (unless skipped) ∂L/∂x of a convolution sampled by the local
    /// reparameterisation: per image, dW = dy·colsᵀ, dcols = Wᵀ·dy, ∂L/∂v = dy ⊙ ε/(2√v), d(σ²) = ∂L/∂v·(cols²)ᵀ,
    /// dcols += 2·cols ⊙ (σ²ᵀ·∂L/∂v); im2col columns are recomputed rather than stored.
    /// </summary>
    private void BackwardConvolution(Tensor x, Tensor gradOutput, Tensor dx, bool inputGradient, bool sampled, float[] gradMu, float[]? gradVariance, float[] gradBiasMu, float[]? gradBiasVariance)
    {
        var g = _geometry;
        int k = g.PatchSize, p = g.Positions;

        // Images in a fixed number of contiguous chunks, each summed in order into its own scratch, and the chunks
        // summed in order: the gradients are the same floats whatever the thread count or scheduling.
        int chunks = Math.Min(x.N, BackwardChunks);
        var scratches = new BackwardScratch[chunks];
        Parallel.For(0, chunks, ParallelOptions, chunk =>
        {
            var s = scratches[chunk] = new BackwardScratch(k, p, OutChannels, sampled);
            for (int n = chunk * x.N / chunks; n < (chunk + 1) * x.N / chunks; n++)
            {
                BackwardImage(n, s);
            }
        });

        foreach (var s in scratches)
        {
            TensorPrimitives.Add(gradMu, s.GradMu, gradMu);
            TensorPrimitives.Add(gradBiasMu, s.GradBiasMu, gradBiasMu);
            if (sampled)
            {
                TensorPrimitives.Add(gradVariance!, s.GradVariance!, gradVariance!);
                TensorPrimitives.Add(gradBiasVariance!, s.GradBiasVariance!, gradBiasVariance!);
            }
        }

        void BackwardImage(int n, BackwardScratch s)
        {
            var colsSpan = Columns(x.Sample(n), g, s.Cols);
            var dy = gradOutput.Sample(n);
            Gemm.MultiplyTransposedB(OutChannels, k, p, dy, p, colsSpan, p, s.GradMu, k, accumulate: true);
            for (int o = 0; o < OutChannels; o++)
            {
                s.GradBiasMu[o] += TensorPrimitives.Sum(dy.Slice(o * p, p));
            }

            if (inputGradient)
            {
                Gemm.MultiplyTransposedA(k, p, OutChannels, WeightMu.Value, k, dy, p, s.DCols, p);
            }

            if (sampled)
            {
                // ∂L/∂v = ∂L/∂b · ε/(2√v) for b = m + √v·ε.
                var dv = s.DVariance;
                var e = _noise.AsSpan(n * dy.Length, dy.Length);
                var sd = _sd.AsSpan(n * dy.Length, dy.Length);
                TensorPrimitives.Multiply(dy, e, dv);
                TensorPrimitives.Divide(dv, sd, dv);
                TensorPrimitives.Multiply(dv, 0.5f, dv);
                TensorPrimitives.Multiply(colsSpan, colsSpan, s.Squares);
                Gemm.MultiplyTransposedB(OutChannels, k, p, dv, p, s.Squares, p, s.GradVariance!, k, accumulate: true);
                for (int o = 0; o < OutChannels; o++)
                {
                    s.GradBiasVariance![o] += TensorPrimitives.Sum(dv.AsSpan(o * p, p));
                }

                if (inputGradient)
                {
                    // ∂v/∂a = 2·σ²·a: dcols += 2·a ⊙ (σ²ᵀ·dv).
                    Gemm.MultiplyTransposedA(k, p, OutChannels, _variance!, k, dv, p, s.Squares, p);
                    TensorPrimitives.Multiply(s.Squares, colsSpan, s.Squares);
                    TensorPrimitives.MultiplyAdd(s.Squares, 2f, s.DCols, s.DCols);
                }
            }

            if (inputGradient)
            {
                ColumnsAdjoint(s.DCols, g, dx.Sample(n));
            }
        }
    }

    private bool IsPointwise(ConvGeometry g) => Kernel == 1 && Stride == 1 && Padding == 0 && g.Height * g.Width >= 1;

    private ReadOnlySpan<float> Columns(ReadOnlySpan<float> x, ConvGeometry g, Span<float> buffer)
    {
        if (IsPointwise(g))
        {
            return x;
        }

        g.Im2Col(x, buffer);
        return buffer;
    }

    private void ColumnsAdjoint(ReadOnlySpan<float> dcols, ConvGeometry g, Span<float> dx)
    {
        if (IsPointwise(g))
        {
            TensorPrimitives.Add(dx, dcols, dx);
            return;
        }

        g.Col2Im(dcols, dx);
    }

    private sealed class BackwardScratch(int k, int p, int outChannels, bool sampled)
    {
        public float[] Cols { get; } = new float[k * p];
        public float[] Squares { get; } = new float[k * p];
        public float[] DCols { get; } = new float[k * p];
        public float[] GradMu { get; } = new float[outChannels * k];
        public float[] GradBiasMu { get; } = new float[outChannels];
        public float[] DVariance { get; } = new float[outChannels * p];
        public float[]? GradVariance { get; } = sampled ? new float[outChannels * k] : null;
        public float[]? GradBiasVariance { get; } = sampled ? new float[outChannels] : null;
    }
}
