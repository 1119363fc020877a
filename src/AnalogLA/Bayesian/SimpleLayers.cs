using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
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
        if (y.Data.Length != gradOutput.Data.Length)
        {
            throw new ArgumentException($"ReLU: gradient of {gradOutput.Data.Length} values for an output of {y.Data.Length}.", nameof(gradOutput));
        }

        var dx = gradOutput.ZerosLike();
        Gate(y.Data, gradOutput.Data, dx.Data);
        return dx;
    }

    /// <summary>dx[i] = g[i] where y[i] &gt; 0, else 0 (a vector compare and mask, 8 or 16 per step).</summary>
    private static void Gate(float[] y, float[] g, float[] dx)
    {
        ref float yr = ref MemoryMarshal.GetArrayDataReference(y);
        ref float gr = ref MemoryMarshal.GetArrayDataReference(g);
        ref float dr = ref MemoryMarshal.GetArrayDataReference(dx);
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i <= y.Length - 8; i += 8)
            {
                var mask = Vector256.GreaterThan(Vector256.LoadUnsafe(ref yr, (nuint)i), Vector256<float>.Zero);
                (mask & Vector256.LoadUnsafe(ref gr, (nuint)i)).StoreUnsafe(ref dr, (nuint)i);
            }
        }

        for (; i < y.Length; i++)
        {
            dx[i] = y[i] > 0 ? g[i] : 0;
        }
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
        bool train = mode == PassMode.Train;
        var argmax = train ? new int[y.Data.Length] : null;
        int k = Kernel, h = x.H, w = x.W;
        var input = x.Data;
        var output = y.Data;

        // One plane (n, c) per iteration; planes are independent, so the loop runs in parallel over them.
        Parallel.For(0, x.N * c, WeightLayer.ParallelOptions, nc =>
        {
            int inBase = nc * h * w, outBase = nc * oh * ow;
            if (k == 2)
            {
                Pool2x2(input.AsSpan(inBase, h * w), w, output.AsSpan(outBase, oh * ow), oh, ow, argmax is null ? default : argmax.AsSpan(outBase, oh * ow), inBase);
                return;
            }

            for (int oy = 0; oy < oh; oy++)
            {
                int rowBase = inBase + (oy * k * w);
                for (int ox = 0; ox < ow; ox++)
                {
                    int first = rowBase + (ox * k);
                    float best = float.NegativeInfinity;
                    int where = first;
                    for (int ky = 0; ky < k; ky++)
                    {
                        var window = input.AsSpan(first + (ky * w), k);
                        for (int kx = 0; kx < window.Length; kx++)
                        {
                            if (window[kx] > best)
                            {
                                best = window[kx];
                                where = first + (ky * w) + kx;
                            }
                        }
                    }

                    output[outBase + (oy * ow) + ox] = best;
                    if (argmax is not null)
                    {
                        argmax[outBase + (oy * ow) + ox] = where;
                    }
                }
            }
        });

        if (train)
        {
            _argmax = argmax;
            _input = x;
        }

        return y;
    }

    /// <summary>
    /// The 2 × 2 window (LeNet, most CNNs) without the generic window loop: four compares per output, first maximum
    /// wins (the generic loop's order: row 0 left, row 0 right, row 1 left, row 1 right); argmax only when given.
    /// </summary>
    private static void Pool2x2(ReadOnlySpan<float> plane, int w, Span<float> output, int oh, int ow, Span<int> argmax, int inBase)
    {
        bool track = !argmax.IsEmpty;
        bool vector = !track && Vector256.IsHardwareAccelerated;
        var split = Vector256.Create(0, 2, 4, 6, 1, 3, 5, 7);
        for (int oy = 0; oy < oh; oy++)
        {
            var top = plane.Slice(2 * oy * w, 2 * ow);
            var bottom = plane.Slice((2 * oy + 1) * w, 2 * ow);
            var target = output.Slice(oy * ow, ow);
            int ox = 0;
            if (vector)
            {
                // Four outputs per step, the scalar compares below in the same order (a later value wins only when
                // strictly greater), so the values are the scalar loop's bit for bit: each row's eight inputs split into
                // left (even) and right (odd) neighbours.
                for (; ox <= target.Length - 4; ox += 4)
                {
                    var t = Vector256.Shuffle(Vector256.Create(top.Slice(2 * ox, 8)), split);
                    var b = Vector256.Shuffle(Vector256.Create(bottom.Slice(2 * ox, 8)), split);
                    var best = t.GetLower();
                    best = Vector128.ConditionalSelect(Vector128.GreaterThan(t.GetUpper(), best), t.GetUpper(), best);
                    best = Vector128.ConditionalSelect(Vector128.GreaterThan(b.GetLower(), best), b.GetLower(), best);
                    best = Vector128.ConditionalSelect(Vector128.GreaterThan(b.GetUpper(), best), b.GetUpper(), best);
                    best.CopyTo(target.Slice(ox, 4));
                }
            }

            for (; ox < target.Length; ox++)
            {
                int left = 2 * ox;
                float best = top[left];
                int where = 2 * oy * w + left;
                if (top[left + 1] > best) { best = top[left + 1]; where = 2 * oy * w + left + 1; }
                if (bottom[left] > best) { best = bottom[left]; where = (2 * oy + 1) * w + left; }
                if (bottom[left + 1] > best) { best = bottom[left + 1]; where = (2 * oy + 1) * w + left + 1; }
                target[ox] = best;
                if (track)
                {
                    argmax[oy * ow + ox] = inBase + where;
                }
            }
        }
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
