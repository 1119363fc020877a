using System.Numerics.Tensors;

namespace AnalogLA.Numerics;

/// <summary>
/// Exact double-precision dense kernels: the digital reference every analog result is compared with,
/// and the baseline every benchmark ratio is quoted against.
/// </summary>
public static class DigitalKernels
{
    /// <summary>Rows per parallel work item; large enough that scheduling costs vanish.</summary>
    private const int RowsPerChunk = 64;

    /// <summary>
    /// y = A·x for a row-major <paramref name="rows"/>×<paramref name="cols"/> matrix, vectorised
    /// (<see cref="TensorPrimitives.Dot{T}(ReadOnlySpan{T}, ReadOnlySpan{T})"/>) and run in parallel over
    /// row blocks when the matrix is large.
    /// </summary>
    public static void MultiplyVector(double[] a, int rows, int cols, ReadOnlySpan<double> x, Span<double> y, int maxDegreeOfParallelism = -1)
    {
        ArgumentNullException.ThrowIfNull(a);
        if (a.Length != rows * cols)
        {
            throw new ArgumentException($"matrix has {a.Length} entries, expected {rows}×{cols}.", nameof(a));
        }

        if (x.Length != cols || y.Length != rows)
        {
            throw new ArgumentException($"x must have {cols} entries (has {x.Length}) and y {rows} (has {y.Length}).");
        }

        int chunks = (rows + RowsPerChunk - 1) / RowsPerChunk;
        if (chunks <= 1 || (long)rows * cols < 65536 || maxDegreeOfParallelism == 1)
        {
            for (int i = 0; i < rows; i++)
            {
                y[i] = TensorPrimitives.Dot(new ReadOnlySpan<double>(a, i * cols, cols), x);
            }

            return;
        }

        double[] xs = x.ToArray();
        double[] ys = new double[rows];
        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism }, c =>
        {
            int end = Math.Min(rows, (c + 1) * RowsPerChunk);
            for (int i = c * RowsPerChunk; i < end; i++)
            {
                ys[i] = TensorPrimitives.Dot(new ReadOnlySpan<double>(a, i * cols, cols), xs);
            }
        });
        ys.CopyTo(y);
    }

    /// <summary>‖y − reference‖₂/‖reference‖₂ (the absolute error when the reference is zero).</summary>
    public static double RelativeError(ReadOnlySpan<double> y, ReadOnlySpan<double> reference)
    {
        if (y.Length != reference.Length)
        {
            throw new ArgumentException($"y has {y.Length} entries, the reference {reference.Length}.", nameof(y));
        }

        double num = 0, den = 0;
        for (int i = 0; i < y.Length; i++)
        {
            double d = y[i] - reference[i];
            num += d * d;
            den += reference[i] * reference[i];
        }

        return den == 0 ? Math.Sqrt(num) : Math.Sqrt(num / den);
    }

    /// <summary>Values uniform in [−1, 1) from a counter-based stream with key <paramref name="key"/>.</summary>
    public static double[] UniformSigned(int count, ulong key)
    {
        var values = new double[count];
        var random = new CounterRandom(key);
        const int Chunk = 1 << 16;
        var u = new float[Math.Min(Chunk, count)];
        for (int start = 0; start < count; start += Chunk)
        {
            int n = Math.Min(Chunk, count - start);
            random.Child((ulong)start).FillUniform(u.AsSpan(0, n));
            for (int i = 0; i < n; i++)
            {
                values[start + i] = 2.0 * u[i] - 1.0;
            }
        }

        return values;
    }
}
