namespace AnalogLA.Numerics;

/// <summary>A dense float32 tensor in NCHW order (batch, channels, height, width); vectors use H = W = 1.</summary>
public sealed class Tensor
{
    /// <summary>Creates a zero tensor.</summary>
    public Tensor(int n, int c, int h = 1, int w = 1)
        : this(new float[CheckedLength(n, c, h, w)], n, c, h, w)
    {
    }

    /// <summary>Wraps <paramref name="data"/> (not copied).</summary>
    public Tensor(float[] data, int n, int c, int h = 1, int w = 1)
    {
        ArgumentNullException.ThrowIfNull(data);
        long length = CheckedLength(n, c, h, w);
        if (data.Length != length)
        {
            throw new ArgumentException($"a {n}×{c}×{h}×{w} tensor needs {length} values, got {data.Length}.", nameof(data));
        }

        Data = data;
        N = n;
        C = c;
        H = h;
        W = w;
    }

    /// <summary>The values, NCHW row-major.</summary>
    public float[] Data { get; }

    /// <summary>Batch size.</summary>
    public int N { get; }

    /// <summary>Channels (features for vectors).</summary>
    public int C { get; }

    /// <summary>Height.</summary>
    public int H { get; }

    /// <summary>Width.</summary>
    public int W { get; }

    /// <summary>Values per sample: C·H·W.</summary>
    public int SampleSize => C * H * W;

    /// <summary>Sample <paramref name="n"/>'s values.</summary>
    public Span<float> Sample(int n) => Data.AsSpan(n * SampleSize, SampleSize);

    /// <summary>A tensor of the same shape, zero.</summary>
    public Tensor ZerosLike() => new(N, C, H, W);

    /// <summary>A copy.</summary>
    public Tensor Clone() => new((float[])Data.Clone(), N, C, H, W);

    /// <summary>The same values with another shape of equal size.</summary>
    public Tensor Reshape(int n, int c, int h = 1, int w = 1) => new(Data, n, c, h, w);

    /// <summary>Shape as text, e.g. "128×1×28×28".</summary>
    public string Shape => $"{N}×{C}×{H}×{W}";

    private static int CheckedLength(int n, int c, int h, int w)
    {
        if (n < 0 || c < 1 || h < 1 || w < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(n), $"tensor dimensions must be positive (batch ≥ 0), got {n}×{c}×{h}×{w}.");
        }

        long length = (long)n * c * h * w;
        return length > Array.MaxLength ? throw new ArgumentOutOfRangeException(nameof(n), $"a {n}×{c}×{h}×{w} tensor is too large.") : (int)length;
    }
}
