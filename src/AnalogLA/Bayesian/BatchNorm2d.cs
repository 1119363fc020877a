using AnalogLA.Numerics;
using Tensor = AnalogLA.Numerics.Tensor;
using System.Numerics.Tensors;

namespace AnalogLA.Bayesian;

/// <summary>
/// Batch normalisation per channel (Ioffe and Szegedy, ICML 2015): y = γ·(x − µ_B)/√(σ_B² + ε) + β with batch
/// statistics in training and running averages (momentum 0.1, unbiased variance) at inference. On hardware it
/// is folded into the preceding convolution.
/// </summary>
public sealed class BatchNorm2d : Layer
{
    private Tensor? _normalised;
    private float[]? _inverseStd;

    /// <summary>Creates the layer for <paramref name="channels"/> channels.</summary>
    public BatchNorm2d(int channels, double epsilon = 1e-5, double momentum = 0.1)
    {
        if (channels < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(channels), channels, "channels must be ≥ 1.");
        }

        Channels = channels;
        Epsilon = epsilon;
        Momentum = momentum;
        Gamma = new Parameter("gamma", channels);
        Beta = new Parameter("beta", channels);
        RunningMean = new Parameter("running_mean", channels);
        RunningVariance = new Parameter("running_var", channels);
        Array.Fill(Gamma.Value, 1f);
        Array.Fill(RunningVariance.Value, 1f);
    }

    /// <summary>Channels.</summary>
    public int Channels { get; }

    /// <summary>ε of the normalisation.</summary>
    public double Epsilon { get; }

    /// <summary>Running-average momentum.</summary>
    public double Momentum { get; }

    /// <summary>Scale γ.</summary>
    public Parameter Gamma { get; }

    /// <summary>Shift β.</summary>
    public Parameter Beta { get; }

    /// <summary>Running mean (a buffer, not trained).</summary>
    public Parameter RunningMean { get; }

    /// <summary>Running variance (a buffer, not trained).</summary>
    public Parameter RunningVariance { get; }

    /// <inheritdoc />
    public override IEnumerable<Parameter> Parameters => [Gamma, Beta];

    /// <inheritdoc />
    public override IEnumerable<Parameter> Buffers => [RunningMean, RunningVariance];

    /// <inheritdoc />
    public override string Describe() => $"BatchNorm2d({Channels})";

    /// <inheritdoc />
    public override (int C, int H, int W) OutputShape(int c, int h, int w) =>
        c == Channels ? (c, h, w) : throw new ArgumentException($"{Describe()}: expects {Channels} channels, got {c}.");

    /// <inheritdoc />
    public override Tensor Forward(Tensor x, PassMode mode, ForwardContext context)
    {
        ArgumentNullException.ThrowIfNull(x);
        OutputShape(x.C, x.H, x.W);
        int plane = x.H * x.W;
        var y = x.ZerosLike();
        var normalised = mode == PassMode.Train ? x.ZerosLike() : null;
        var inverseStd = new float[Channels];
        for (int c = 0; c < Channels; c++)
        {
            double mean, variance;
            if (mode == PassMode.Train)
            {
                double sum = 0, squares = 0;
                for (int n = 0; n < x.N; n++)
                {
                    var s = x.Data.AsSpan((n * Channels + c) * plane, plane);
                    sum += TensorPrimitives.Sum(s);
                    squares += TensorPrimitives.SumOfSquares(s);
                }

                long count = (long)x.N * plane;
                mean = sum / count;
                variance = Math.Max(squares / count - mean * mean, 0);
                double unbiased = count > 1 ? variance * count / (count - 1) : variance;
                RunningMean.Value[c] = (float)((1 - Momentum) * RunningMean.Value[c] + Momentum * mean);
                RunningVariance.Value[c] = (float)((1 - Momentum) * RunningVariance.Value[c] + Momentum * unbiased);
            }
            else
            {
                mean = RunningMean.Value[c];
                variance = RunningVariance.Value[c];
            }

            float inv = (float)(1 / Math.Sqrt(variance + Epsilon));
            inverseStd[c] = inv;
            float scale = Gamma.Value[c] * inv, shift = Beta.Value[c] - (float)mean * scale;
            for (int n = 0; n < x.N; n++)
            {
                int offset = (n * Channels + c) * plane;
                var s = x.Data.AsSpan(offset, plane);
                var target = y.Data.AsSpan(offset, plane);
                TensorPrimitives.Multiply(s, scale, target);
                TensorPrimitives.Add(target, shift, target);
                if (normalised is not null)
                {
                    TensorPrimitives.Subtract(s, (float)mean, normalised.Data.AsSpan(offset, plane));
                    TensorPrimitives.Multiply(normalised.Data.AsSpan(offset, plane), inv, normalised.Data.AsSpan(offset, plane));
                }
            }
        }

        _normalised = normalised;
        _inverseStd = inverseStd;
        return y;
    }

    /// <inheritdoc />
    public override Tensor Backward(Tensor gradOutput)
    {
        ArgumentNullException.ThrowIfNull(gradOutput);
        var xhat = _normalised ?? throw new InvalidOperationException("BatchNorm2d: Backward needs a training forward pass first.");
        int plane = xhat.H * xhat.W;
        long count = (long)xhat.N * plane;
        var dx = xhat.ZerosLike();
        var gradGamma = new float[Channels];
        var gradBeta = new float[Channels];
        for (int c = 0; c < Channels; c++)
        {
            double sumDy = 0, sumDyXhat = 0;
            for (int n = 0; n < xhat.N; n++)
            {
                int offset = (n * Channels + c) * plane;
                var dy = gradOutput.Data.AsSpan(offset, plane);
                sumDy += TensorPrimitives.Sum(dy);
                sumDyXhat += TensorPrimitives.Dot(dy, xhat.Data.AsSpan(offset, plane));
            }

            gradGamma[c] = (float)sumDyXhat;
            gradBeta[c] = (float)sumDy;
            // dx = γ/σ·(dy − mean(dy) − x̂·mean(dy·x̂)).
            float k = Gamma.Value[c] * _inverseStd![c];
            float meanDy = (float)(sumDy / count), meanDyXhat = (float)(sumDyXhat / count);
            for (int n = 0; n < xhat.N; n++)
            {
                int offset = (n * Channels + c) * plane;
                var dy = gradOutput.Data.AsSpan(offset, plane);
                var target = dx.Data.AsSpan(offset, plane);
                TensorPrimitives.Multiply(xhat.Data.AsSpan(offset, plane), -meanDyXhat, target);
                TensorPrimitives.Add(target, dy, target);
                TensorPrimitives.Subtract(target, meanDy, target);
                TensorPrimitives.Multiply(target, k, target);
            }
        }

        Gamma.AccumulateGradient(gradGamma);
        Beta.AccumulateGradient(gradBeta);
        _normalised = null;
        return dx;
    }
}
