using System.Numerics;
namespace AnalogLA.Periphery;

/// <summary>
/// Input vectors after the DAC: normalised voltages per input slice, with the digital factors that
/// undo the normalisation.
/// </summary>
/// <remarks>x[b, i] ≈ Σ_s SliceFactor[s]·Range[b]·Voltages[s][b, i].</remarks>
internal sealed class EncodedInputs : IDisposable
{
    /// <summary>Returns the pooled voltage buffers; the object must not be used afterwards.</summary>
    public void Dispose()
    {
        foreach (var v in Voltages)
        {
            System.Buffers.ArrayPool<float>.Shared.Return(v);
        }

        foreach (var v in SquaredVoltages ?? [])
        {
            System.Buffers.ArrayPool<float>.Shared.Return(v);
        }
    }

    public required int Count { get; init; }

    public required int Length { get; init; }

    /// <summary>Per slice, B×Length row-major voltages in [−1, 1].</summary>
    public required float[][] Voltages { get; init; }

    /// <summary>Per slice, squared voltages (for output-space variances), or null when not needed.</summary>
    public float[][]? SquaredVoltages { get; set; }

    /// <summary>Per vector, the full-scale input R.</summary>
    public required double[] Range { get; init; }

    /// <summary>Per slice, the digital recombination factor.</summary>
    public required double[] SliceFactor { get; init; }

    /// <summary>Inputs that fell beyond the DAC range.</summary>
    public required long Clips { get; init; }

    /// <summary>Σ v² per slice, vector and input tile, when the read engine needs it (else null).</summary>
    public TileNorms? TileSquaredNorms { get; set; }
}

/// <summary>Per slice, a vectors × tiles table of Σ v² (row-major, <see cref="Stride"/> tiles per vector).</summary>
internal sealed class TileNorms(int slices, int vectors, int tiles)
{
    private readonly float[][] _values = Enumerable.Range(0, slices).Select(_ => new float[vectors * tiles]).ToArray();

    public int Stride { get; } = tiles;

    public float[] this[int slice] => _values[slice];
}

/// <summary>
/// The DAC stage: range selection, quantisation, clip counting, and bit-serial streaming.
/// </summary>
/// <remarks>
/// Whole input: v = q_b(x/R) with q_b the signed quantiser of <see cref="Quantizer"/> (identity for an
/// ideal DAC). Bit-serial with c bits per slice: the magnitude code m = round(|x|/R·L), L = 2^(b−1) − 1,
/// is split into digits m_s = ⌊m/2^(cs)⌋ mod 2^c; slice s drives v_s = sign(x)·m_s/(2^c − 1) and is
/// recombined with factor (2^c − 1)·2^(cs)/L, so Σ_s factor_s·v_s·R = sign(x)·m·R/L = q_b(x), exactly the
/// whole-input quantisation (ISAAC, Shafiee et al., ISCA 2016, streams 1-bit input slices this way).
/// </remarks>
internal static class InputEncoder
{
    public static EncodedInputs Encode(ReadOnlySpan<double> xs, int count, int length, DacOptions dac, int? sliceBits, double? calibratedRange, bool needSquares, int maxDegreeOfParallelism = -1) =>
        EncodeCore(xs, count, length, dac, sliceBits, calibratedRange, needSquares, maxDegreeOfParallelism);

    /// <summary>The same encoding from float inputs (read directly: no widened copy of the batch).</summary>
    public static EncodedInputs Encode(ReadOnlySpan<float> xs, int count, int length, DacOptions dac, int? sliceBits, double? calibratedRange, bool needSquares, int maxDegreeOfParallelism = -1) =>
        EncodeCore(xs, count, length, dac, sliceBits, calibratedRange, needSquares, maxDegreeOfParallelism);

    // inputReduction multiplies the DAC range (the input is divided by it before conversion and the result multiplied
    // back): the halving of iterative bound management; 1 otherwise.
    internal static EncodedInputs EncodeCore<T>(ReadOnlySpan<T> xs, int count, int length, DacOptions dac, int? sliceBits, double? calibratedRange, bool needSquares, int maxDegreeOfParallelism, double inputReduction = 1)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var range = new double[count];
        long clips = 0;
        for (int b = 0; b < count; b++)
        {
            range[b] = inputReduction * dac.RangeMode switch
            {
                DacRangeMode.Fixed => dac.FixedRange,
                DacRangeMode.Calibrated => calibratedRange ?? MaxAbs(xs.Slice(b * length, length)),
                _ => MaxAbs(xs.Slice(b * length, length)),
            };
        }

        int slices = 1;
        int c = 0;
        if (sliceBits is int bitsPerSlice)
        {
            c = bitsPerSlice;
            int magnitudeBits = dac.Bits!.Value - 1;
            slices = (magnitudeBits + c - 1) / c;
        }

        var voltages = new float[slices][];
        for (int s = 0; s < slices; s++)
        {
            // Pooled (the arrays may be longer than count·length; only that prefix is used).
            voltages[s] = System.Buffers.ArrayPool<float>.Shared.Rent(count * length);
        }

        var factor = new double[slices];
        if (slices == 1 && sliceBits is null)
        {
            factor[0] = 1;
            var v = voltages[0];
            long clipsLocal = 0;
            void EncodeVector(int b, ReadOnlySpan<T> source)
            {
                double inv = range[b] > 0 ? 1 / range[b] : 0;
                Span<float> vb = v.AsSpan(b * length, length);
                ReadOnlySpan<T> xb = source.Slice(b * length, length);
                for (int i = 0; i < length; i++)
                {
                    vb[i] = (float)(double.CreateTruncating(xb[i]) * inv);
                }

                long c = dac.Bits is int bits ? Quantizer.QuantizeInPlace(vb, 1f, bits) : Quantizer.ClipInPlace(vb, 1f);
                Interlocked.Add(ref clipsLocal, c);
            }

            if ((long)count * length >= 1 << 16 && count > 1)
            {
                // Large batches: vectors are independent, encode them in parallel.
                T[] copy = System.Buffers.ArrayPool<T>.Shared.Rent(xs.Length);
                xs.CopyTo(copy);
                Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism }, b => EncodeVector(b, copy));
                System.Buffers.ArrayPool<T>.Shared.Return(copy);
            }
            else
            {
                for (int b = 0; b < count; b++)
                {
                    EncodeVector(b, xs);
                }
            }

            clips += clipsLocal;
        }
        else
        {
            int levels = Quantizer.PositiveLevels(dac.Bits!.Value);
            long digitMax = (1L << c) - 1;
            for (int s = 0; s < slices; s++)
            {
                factor[s] = digitMax * Math.Pow(2, c * s) / levels;
            }

            for (int b = 0; b < count; b++)
            {
                double inv = range[b] > 0 ? 1 / range[b] : 0;
                for (int i = 0; i < length; i++)
                {
                    double u = double.CreateTruncating(xs[b * length + i]) * inv;
                    if (Math.Abs(u) > 1)
                    {
                        clips++;
                        u = Math.Sign(u);
                    }

                    long m = (long)Math.Round(Math.Abs(u) * levels);
                    float sign = u < 0 ? -1f : 1f;
                    for (int s = 0; s < slices; s++)
                    {
                        long digit = (m >> (c * s)) & digitMax;
                        voltages[s][b * length + i] = sign * (float)(digit / (double)digitMax);
                    }
                }
            }
        }

        var encoded = new EncodedInputs
        {
            Count = count,
            Length = length,
            Voltages = voltages,
            Range = range,
            SliceFactor = factor,
            Clips = clips,
        };

        if (needSquares)
        {
            var squares = new float[slices][];
            for (int s = 0; s < slices; s++)
            {
                int used = count * length;
                squares[s] = System.Buffers.ArrayPool<float>.Shared.Rent(used);
                System.Numerics.Tensors.TensorPrimitives.Multiply(voltages[s].AsSpan(0, used), voltages[s].AsSpan(0, used), squares[s].AsSpan(0, used));
            }

            encoded.SquaredVoltages = squares;
        }

        return encoded;
    }

    /// <summary>
    /// Analog input noise after the DAC: v ← v + σ·ξ on every entry of every slice, ξ standard normal from
    /// <paramref name="stream"/>(vector, slice), not clipped (the noise is analog); the squared voltages are recomputed.
    /// </summary>
    internal static void AddNoise(EncodedInputs encoded, double sigma, Func<int, int, Numerics.CounterRandom> stream)
    {
        int length = encoded.Length;
        var z = new float[length];
        for (int s = 0; s < encoded.Voltages.Length; s++)
        {
            for (int b = 0; b < encoded.Count; b++)
            {
                stream(b, s).FillNormal(z);
                var v = encoded.Voltages[s].AsSpan(b * length, length);
                System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(z, (float)sigma, v, v);
                if (encoded.SquaredVoltages is { } squares)
                {
                    System.Numerics.Tensors.TensorPrimitives.Multiply(v, v, squares[s].AsSpan(b * length, length));
                }
            }
        }
    }

    public static double MaxAbs(ReadOnlySpan<double> x) => MaxAbs<double>(x);

    /// <summary>max |x| (0 for an empty span), in double.</summary>
    public static double MaxAbs<T>(ReadOnlySpan<T> x)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        x.IsEmpty ? 0 : Math.Abs(double.CreateTruncating(System.Numerics.Tensors.TensorPrimitives.MaxMagnitude(x)));
}
