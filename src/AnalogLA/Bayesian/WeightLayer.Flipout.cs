using System.Numerics.Tensors;
using AnalogLA.Numerics;
using Tensor = AnalogLA.Numerics.Tensor;

namespace AnalogLA.Bayesian;

/// <summary>Flipout for convolutions: one shared weight perturbation, decorrelated per example by random signs.</summary>
/// <remarks>
/// <para>Wen, Vicol, Ba, Tran and Grosse, "Flipout: Efficient pseudo-independent weight perturbations on
/// mini-batches", ICLR 2018, Eq. (4): with ΔW = σ ⊙ E (E standard normal, drawn once per forward pass) and
/// per-example sign vectors r_n (outputs) and s_n (inputs) with independent ±1 entries, example n sees the weights
/// μ + ΔW ⊙ r_n s_nᵀ, which has the posterior's distribution, while two examples' perturbations are uncorrelated.
/// For convolutions the signs are per channel, shared by every position of an image, as TensorFlow Probability's
/// <c>Conv2DFlipout</c> draws them (shape [batch, channels]); the bias perturbation Δb = σ_b ⊙ e is drawn once per
/// pass and not flipped, also as there.</para>
/// <para>Per output the marginal is that of the local reparameterisation only when the kernel covers one input channel
/// position once; in general the Flipout output is the exact output of one posterior weight sample (correlated over
/// positions), where the local reparameterisation draws every position independently — the difference the
/// estimators are known for (Flipout's per-image samples are coherent; local reparameterisation's variance is lower
/// for fully connected layers). Tests: the mean and the per-output variance σ²∗x² + σ_b² over many passes, the
/// decorrelation of identical examples, finite-difference gradients.</para>
/// </remarks>
public abstract partial class WeightLayer
{
    private float[]? _flipWeightNoise;
    private float[]? _flipBiasNoise;
    private float[]? _flipSigns;

    private bool UsesFlipout(ConvGeometry g) => IsBayesian && Options.Estimator == WeightEstimator.Flipout && !IsFullyConnected(g);

    /// <summary>Signs of image n: C_in input signs, then C_out output signs (±1 from one uniform draw each).</summary>
    private int SignsPerImage => InChannels + OutChannels;

    private void ForwardFlipout(Tensor x, Tensor y, ConvGeometry g, CounterRandom stream, bool train)
    {
        int k = g.PatchSize, p = g.Positions, area = Kernel * Kernel;
        var noise = new float[WeightMu.Length];
        var biasNoise = new float[OutChannels];
        stream.Child(ulong.MaxValue).FillNormal(noise);
        stream.Child(ulong.MaxValue - 1).FillNormal(biasNoise);
        var delta = new float[WeightMu.Length];
        TensorPrimitives.Multiply(_sigma!, noise, delta);
        var signs = new float[x.N * SignsPerImage];
        Parallel.For(0, x.N, ParallelOptions, () => new float[(2 * k * p) + (OutChannels * p)], (n, _, cols) =>
        {
            var s = signs.AsSpan(n * SignsPerImage, SignsPerImage);
            stream.Child((ulong)n).FillUniform(s);
            for (int i = 0; i < s.Length; i++)
            {
                s[i] = s[i] < 0.5f ? -1f : 1f;
            }

            var colsSpan = Columns(x.Sample(n), g, cols.AsSpan(0, k * p));
            var yn = y.Sample(n);
            Gemm.Multiply(OutChannels, p, k, WeightMu.Value, k, colsSpan, p, yn, p);

            // ΔW ∗ (x ⊙ s): the columns of input channel c scaled by s_c.
            var flipped = cols.AsSpan(k * p, k * p);
            for (int row = 0; row < k; row++)
            {
                TensorPrimitives.Multiply(colsSpan.Slice(row * p, p), s[row / area], flipped.Slice(row * p, p));
            }

            var perturbation = cols.AsSpan(2 * k * p, OutChannels * p);
            Gemm.Multiply(OutChannels, p, k, delta, k, flipped, p, perturbation, p);
            for (int o = 0; o < OutChannels; o++)
            {
                var target = yn.Slice(o * p, p);
                float bias = BiasMu.Value[o] + (_biasSigma![o] * biasNoise[o]);
                TensorPrimitives.MultiplyAdd(perturbation.Slice(o * p, p), s[InChannels + o], target, target);
                TensorPrimitives.Add(target, bias, target);
            }

            return cols;
        }, _ => { });

        (_flipWeightNoise, _flipBiasNoise, _flipSigns) = train ? (noise, biasNoise, signs) : (null, null, null);
    }

    /// <summary>
    /// The backward pass of <see cref="ForwardFlipout"/>: ∂L/∂μ = dy·colsᵀ, ∂L/∂σ = E ⊙ Σ_n (r_n ⊙ dy_n)·(s_n ⊙ cols_n)ᵀ,
    /// ∂L/∂σ_b = e ⊙ Σ dy, dcols = μᵀ·dy + s ⊙ ΔWᵀ·(r ⊙ dy); σ-gradients are returned as ∂L/∂σ² = ∂L/∂σ / (2σ) for the
    /// shared ρ chain rule.
    /// </summary>
    private void BackwardFlipout(Tensor x, Tensor gradOutput, Tensor dx, bool inputGradient, float[] gradMu, float[] gradVariance, float[] gradBiasMu, float[] gradBiasVariance)
    {
        var g = _geometry;
        int k = g.PatchSize, p = g.Positions, area = Kernel * Kernel;
        var noise = _flipWeightNoise!;
        var signs = _flipSigns!;
        var delta = new float[WeightMu.Length];
        TensorPrimitives.Multiply(_sigma!, noise, delta);
        int chunks = Math.Min(x.N, BackwardChunks);
        var partial = new (float[] Mu, float[] Delta, float[] Bias)[chunks];
        Parallel.For(0, chunks, ParallelOptions, chunk =>
        {
            var mu = new float[WeightMu.Length];
            var dDelta = new float[WeightMu.Length];
            var bias = new float[OutChannels];
            var cols = new float[k * p];
            var flipped = new float[k * p];
            var dz = new float[OutChannels * p];
            var dcols = new float[k * p];
            var back = new float[k * p];
            for (int n = chunk * x.N / chunks; n < (chunk + 1) * x.N / chunks; n++)
            {
                var s = signs.AsSpan(n * SignsPerImage, SignsPerImage);
                var colsSpan = Columns(x.Sample(n), g, cols);
                var dy = gradOutput.Sample(n);
                for (int row = 0; row < k; row++)
                {
                    TensorPrimitives.Multiply(colsSpan.Slice(row * p, p), s[row / area], flipped.AsSpan(row * p, p));
                }

                for (int o = 0; o < OutChannels; o++)
                {
                    bias[o] += TensorPrimitives.Sum(dy.Slice(o * p, p));
                    TensorPrimitives.Multiply(dy.Slice(o * p, p), s[InChannels + o], dz.AsSpan(o * p, p));
                }

                Gemm.MultiplyTransposedB(OutChannels, k, p, dy, p, colsSpan, p, mu, k, accumulate: true);
                Gemm.MultiplyTransposedB(OutChannels, k, p, dz, p, flipped, p, dDelta, k, accumulate: true);
                if (inputGradient)
                {
                    Gemm.MultiplyTransposedA(k, p, OutChannels, WeightMu.Value, k, dy, p, dcols, p);
                    Gemm.MultiplyTransposedA(k, p, OutChannels, delta, k, dz, p, back, p);
                    for (int row = 0; row < k; row++)
                    {
                        TensorPrimitives.MultiplyAdd(back.AsSpan(row * p, p), s[row / area], dcols.AsSpan(row * p, p), dcols.AsSpan(row * p, p));
                    }

                    ColumnsAdjoint(dcols, g, dx.Sample(n));
                }
            }

            partial[chunk] = (mu, dDelta, bias);
        });

        foreach (var (mu, dDelta, bias) in partial)
        {
            TensorPrimitives.Add(gradMu, mu, gradMu);
            TensorPrimitives.Add(gradBiasMu, bias, gradBiasMu);

            // ∂L/∂σ = ∂L/∂ΔW ⊙ E, as ∂L/∂σ² = ∂L/∂σ / (2σ).
            for (int i = 0; i < gradVariance.Length; i++)
            {
                gradVariance[i] += dDelta[i] * noise[i] / (2 * _sigma![i]);
            }

            for (int o = 0; o < OutChannels; o++)
            {
                gradBiasVariance[o] += bias[o] * _flipBiasNoise![o] / (2 * _biasSigma![o]);
            }
        }

        _flipWeightNoise = null;
        _flipBiasNoise = null;
        _flipSigns = null;
    }
}
