using AnalogLA.Numerics;
using Tensor = AnalogLA.Numerics.Tensor;
using System.Numerics.Tensors;

namespace AnalogLA.Bayesian;

/// <summary>max(x, 0).</summary>
public sealed class ReLU : Layer
{
    private Tensor? _output;

    /// <inheritdoc />
    public override string Describe() => "ReLU";

    /// <inheritdoc />
    public override (int C, int H, int W) OutputShape(int c, int h, int w) => (c, h, w);

    /// <inheritdoc />
    public override Tensor Forward(Tensor x, PassMode mode, ForwardContext context)
    {
        ArgumentNullException.ThrowIfNull(x);
        var y = x.ZerosLike();
        TensorPrimitives.Max(x.Data, 0f, y.Data);
        _output = mode == PassMode.Train ? y : null;
        return y;
    }

    /// <inheritdoc />
    public override Tensor Backward(Tensor gradOutput)
    {
        ArgumentNullException.ThrowIfNull(gradOutput);
        var y = _output ?? throw new InvalidOperationException("ReLU: Backward needs a training forward pass first.");
        var dx = gradOutput.ZerosLike();
        for (int i = 0; i < dx.Data.Length; i++)
        {
            dx.Data[i] = y.Data[i] > 0 ? gradOutput.Data[i] : 0;
        }

        return dx;
    }
}

/// <summary>Pooling over non-overlapping k×k windows (stride k); a remainder row or column is dropped.</summary>
public abstract class WindowPool(int kernel) : Layer
{
    /// <summary>Window side and stride.</summary>
    public int Kernel { get; } = kernel >= 1 ? kernel : throw new ArgumentOutOfRangeException(nameof(kernel), kernel, "pooling window must be ≥ 1.");

    /// <inheritdoc />
    public override (int C, int H, int W) OutputShape(int c, int h, int w) =>
        h < Kernel || w < Kernel ? throw new ArgumentException($"{Describe()}: input {h}×{w} is smaller than the window.") : (c, h / Kernel, w / Kernel);
}

/// <summary>Max pooling over k×k windows with stride k.</summary>
public sealed class MaxPool2d(int kernel) : WindowPool(kernel)
{
    private int[]? _argmax;
    private Tensor? _input;

    /// <inheritdoc />
    public override string Describe() => $"MaxPool2d({Kernel})";

    /// <inheritdoc />
    public override Tensor Forward(Tensor x, PassMode mode, ForwardContext context)
    {
        ArgumentNullException.ThrowIfNull(x);
        var (c, oh, ow) = OutputShape(x.C, x.H, x.W);
        var y = new Tensor(x.N, c, oh, ow);
        var argmax = new int[y.Data.Length];
        for (int nc = 0; nc < x.N * c; nc++)
        {
            int inBase = nc * x.H * x.W, outBase = nc * oh * ow;
            for (int oy = 0; oy < oh; oy++)
            {
                for (int ox = 0; ox < ow; ox++)
                {
                    float best = float.NegativeInfinity;
                    int where = 0;
                    for (int ky = 0; ky < Kernel; ky++)
                    {
                        for (int kx = 0; kx < Kernel; kx++)
                        {
                            int index = inBase + (oy * Kernel + ky) * x.W + ox * Kernel + kx;
                            if (x.Data[index] > best)
                            {
                                best = x.Data[index];
                                where = index;
                            }
                        }
                    }

                    y.Data[outBase + oy * ow + ox] = best;
                    argmax[outBase + oy * ow + ox] = where;
                }
            }
        }

        if (mode == PassMode.Train)
        {
            _argmax = argmax;
            _input = x;
        }

        return y;
    }

    /// <inheritdoc />
    public override Tensor Backward(Tensor gradOutput)
    {
        ArgumentNullException.ThrowIfNull(gradOutput);
        var argmax = _argmax ?? throw new InvalidOperationException("MaxPool2d: Backward needs a training forward pass first.");
        var dx = _input!.ZerosLike();
        for (int i = 0; i < argmax.Length; i++)
        {
            dx.Data[argmax[i]] += gradOutput.Data[i];
        }

        return dx;
    }
}

/// <summary>Average over each channel's whole plane (global average pooling), output N×C×1×1.</summary>
public sealed class GlobalAvgPool : Layer
{
    private (int N, int C, int H, int W) _shape;

    /// <inheritdoc />
    public override string Describe() => "GlobalAvgPool";

    /// <inheritdoc />
    public override (int C, int H, int W) OutputShape(int c, int h, int w) => (c, 1, 1);

    /// <inheritdoc />
    public override Tensor Forward(Tensor x, PassMode mode, ForwardContext context)
    {
        ArgumentNullException.ThrowIfNull(x);
        var y = new Tensor(x.N, x.C);
        int plane = x.H * x.W;
        for (int i = 0; i < x.N * x.C; i++)
        {
            y.Data[i] = TensorPrimitives.Sum(x.Data.AsSpan(i * plane, plane)) / plane;
        }

        _shape = (x.N, x.C, x.H, x.W);
        return y;
    }

    /// <inheritdoc />
    public override Tensor Backward(Tensor gradOutput)
    {
        ArgumentNullException.ThrowIfNull(gradOutput);
        var (n, c, h, w) = _shape;
        var dx = new Tensor(n, c, h, w);
        int plane = h * w;
        for (int i = 0; i < n * c; i++)
        {
            dx.Data.AsSpan(i * plane, plane).Fill(gradOutput.Data[i] / plane);
        }

        return dx;
    }
}

/// <summary>Average pooling over k×k windows with stride k.</summary>
public sealed class AvgPool2d(int kernel) : WindowPool(kernel)
{
    private (int N, int C, int H, int W) _shape;

    /// <inheritdoc />
    public override string Describe() => $"AvgPool2d({Kernel})";

    /// <inheritdoc />
    public override Tensor Forward(Tensor x, PassMode mode, ForwardContext context)
    {
        ArgumentNullException.ThrowIfNull(x);
        var (c, oh, ow) = OutputShape(x.C, x.H, x.W);
        var y = new Tensor(x.N, c, oh, ow);
        float scale = 1f / (Kernel * Kernel);
        for (int nc = 0; nc < x.N * c; nc++)
        {
            for (int oy = 0; oy < oh; oy++)
            {
                for (int ox = 0; ox < ow; ox++)
                {
                    float sum = 0;
                    for (int ky = 0; ky < Kernel; ky++)
                    {
                        for (int kx = 0; kx < Kernel; kx++)
                        {
                            sum += x.Data[(nc * x.H + oy * Kernel + ky) * x.W + ox * Kernel + kx];
                        }
                    }

                    y.Data[(nc * oh + oy) * ow + ox] = sum * scale;
                }
            }
        }

        _shape = (x.N, x.C, x.H, x.W);
        return y;
    }

    /// <inheritdoc />
    public override Tensor Backward(Tensor gradOutput)
    {
        ArgumentNullException.ThrowIfNull(gradOutput);
        var (n, c, h, w) = _shape;
        var dx = new Tensor(n, c, h, w);
        int oh = h / Kernel, ow = w / Kernel;
        float scale = 1f / (Kernel * Kernel);
        for (int nc = 0; nc < n * c; nc++)
        {
            for (int y = 0; y < oh * Kernel; y++)
            {
                for (int x = 0; x < ow * Kernel; x++)
                {
                    dx.Data[(nc * h + y) * w + x] = gradOutput.Data[(nc * oh + y / Kernel) * ow + x / Kernel] * scale;
                }
            }
        }

        return dx;
    }
}

/// <summary>N×C×H×W → N×(C·H·W)×1×1.</summary>
public sealed class Flatten : Layer
{
    private (int N, int C, int H, int W) _shape;

    /// <inheritdoc />
    public override string Describe() => "Flatten";

    /// <inheritdoc />
    public override (int C, int H, int W) OutputShape(int c, int h, int w) => (c * h * w, 1, 1);

    /// <inheritdoc />
    public override Tensor Forward(Tensor x, PassMode mode, ForwardContext context)
    {
        ArgumentNullException.ThrowIfNull(x);
        _shape = (x.N, x.C, x.H, x.W);
        return x.Reshape(x.N, x.SampleSize);
    }

    /// <inheritdoc />
    public override Tensor Backward(Tensor gradOutput)
    {
        ArgumentNullException.ThrowIfNull(gradOutput);
        var (n, c, h, w) = _shape;
        return gradOutput.Reshape(n, c, h, w);
    }
}
