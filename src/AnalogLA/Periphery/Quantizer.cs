using System.Runtime.Intrinsics;

namespace AnalogLA.Periphery;

/// <summary>
/// Signed uniform quantisation shared by the DAC and ADC models.
/// </summary>
/// <remarks>
/// A b-bit signed converter with full-scale range R has L = 2^(b−1) − 1 positive levels, so codes run
/// −L…L in steps of Δ = R/L (sign–magnitude with the redundant −0 code unused; this keeps zero exact
/// and the transfer symmetric). q(x) = clamp(round(x/Δ), −L, L)·Δ; |q(x) − x| ≤ Δ/2 whenever |x| ≤ R.
/// A 1-bit converter is a comparator: q(x) = R·sign(x) (with sign(0) = +1). Values beyond ±R
/// saturate and are counted by the caller.
/// </remarks>
public static class Quantizer
{
    /// <summary>Positive code count L for <paramref name="bits"/> bits.</summary>
    public static int PositiveLevels(int bits) => bits <= 1 ? 1 : (1 << (bits - 1)) - 1;

    /// <summary>The step Δ = R/L.</summary>
    public static double Step(double range, int bits) => range / PositiveLevels(bits);

    /// <summary>
    /// Quantises each value over its own range ±<paramref name="ranges"/>[i] (an ADC per output whose range follows that
    /// output); values whose range is 0 are left as they are (no converter). Returns how many were clipped.
    /// </summary>
    public static long QuantizeEach(Span<float> values, ReadOnlySpan<float> ranges, int bits)
    {
        if (ranges.Length != values.Length)
        {
            throw new ArgumentException($"QuantizeEach: {values.Length} values but {ranges.Length} ranges.", nameof(ranges));
        }

        long clipped = 0;
        int i = 0;
        if (Vector256.IsHardwareAccelerated && bits > 1)
        {
            // Eight values a step, each with QuantizeInPlace's operations on its own range (the same floats).
            var levels = Vector256.Create((float)PositiveLevels(bits));
            var min = -levels;
            var count = Vector256<int>.Zero;
            for (; i <= values.Length - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                var range = Vector256.Create(ranges.Slice(i, Vector256<float>.Count));
                var value = Vector256.Create(values.Slice(i, Vector256<float>.Count));
                var active = Vector256.GreaterThan(range, Vector256<float>.Zero);
                var code = Vector256.Round(value * (levels / range));
                count -= ((Vector256.GreaterThan(code, levels) | Vector256.LessThan(code, min)) & active).AsInt32();
                var quantised = Vector256.Min(Vector256.Max(code, min), levels) * (range / levels);
                Vector256.ConditionalSelect(active, quantised, value).CopyTo(values.Slice(i, Vector256<float>.Count));
            }

            clipped += Vector256.Sum(count);
        }

        for (; i < values.Length; i++)
        {
            if (ranges[i] > 0)
            {
                clipped += QuantizeInPlace(values.Slice(i, 1), ranges[i], bits);
            }
        }

        return clipped;
    }

    /// <summary>
    /// Quantises <paramref name="values"/> in place to <paramref name="bits"/> bits over ±<paramref name="range"/>;
    /// returns how many values lay beyond the range (and were clipped).
    /// </summary>
    public static int QuantizeInPlace(Span<float> values, float range, int bits)
    {
        int clipped = 0;
        if (range <= 0)
        {
            // A zero range can only represent zero.
            for (int j = 0; j < values.Length; j++)
            {
                if (values[j] != 0)
                {
                    clipped++;
                }

                values[j] = 0;
            }

            return clipped;
        }

        if (bits <= 1)
        {
            for (int j = 0; j < values.Length; j++)
            {
                if (MathF.Abs(values[j]) > range)
                {
                    clipped++;
                }

                values[j] = values[j] >= 0 ? range : -range;
            }

            return clipped;
        }

        int levels = PositiveLevels(bits);
        float inverseStep = levels / range;
        float step = range / levels;
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var inv = Vector256.Create(inverseStep);
            var stepV = Vector256.Create(step);
            var max = Vector256.Create((float)levels);
            var min = -max;
            var count = Vector256<int>.Zero;
            for (; i <= values.Length - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                var code = Vector256.Round(Vector256.Create(values.Slice(i, Vector256<float>.Count)) * inv);
                var outside = Vector256.GreaterThan(code, max) | Vector256.LessThan(code, min);
                count -= outside.AsInt32(); // each set lane is −1
                (Vector256.Min(Vector256.Max(code, min), max) * stepV).CopyTo(values.Slice(i, Vector256<float>.Count));
            }

            clipped += Vector256.Sum(count);
        }

        for (; i < values.Length; i++)
        {
            float code = MathF.Round(values[i] * inverseStep);
            if (code > levels)
            {
                code = levels;
                clipped++;
            }
            else if (code < -levels)
            {
                code = -levels;
                clipped++;
            }

            values[i] = code * step;
        }

        return clipped;
    }

    /// <summary>
    /// Fused ADC and digital recombination: y[i] += factor·q(values[i]) with q the <paramref name="bits"/>-bit
    /// quantiser over ±<paramref name="range"/> (bits ≥ 2); <paramref name="values"/> is left unchanged.
    /// Returns how many values saturated. One pass instead of two over the partial sums.
    /// </summary>
    public static int QuantizeAccumulate(ReadOnlySpan<float> values, float range, int bits, Span<double> y, double factor)
    {
        if (bits <= 1 || range <= 0)
        {
            var copy = values.ToArray();
            int c = QuantizeInPlace(copy, range, bits);
            for (int j = 0; j < copy.Length; j++)
            {
                y[j] += factor * copy[j];
            }

            return c;
        }

        // One row of the row path (the same operations and order).
        Span<float> codes = values.Length <= 1024 ? stackalloc float[values.Length] : new float[values.Length];
        return (int)QuantizeAccumulateRows(values, values.Length, range, bits, y, values.Length, [factor], codes);
    }

    /// <summary>Whether <see cref="QuantizeAccumulateRows"/> applies (a real converter: ≥ 2 bits and a positive range).</summary>
    public static bool QuantizesRows(float range, int bits) => bits > 1 && range > 0;

    /// <summary>
    /// <see cref="QuantizeAccumulate"/> for rows × <paramref name="lines"/> values at once: row r accumulates into
    /// y[r·yStride …] with factors[r], bit for bit as row-by-row calls (<see cref="QuantizeAccumulate"/> is its one-row
    /// case), but the codes are computed in one vectorised pass over every row (units of a few output lines otherwise run
    /// the scalar tail only). <paramref name="codes"/>
    /// holds at least values.Length floats. Returns the clip count.
    /// </summary>
    public static long QuantizeAccumulateRows(ReadOnlySpan<float> values, int lines, float range, int bits, Span<double> y, int yStride, ReadOnlySpan<double> factors, Span<float> codes)
    {
        if (!QuantizesRows(range, bits))
        {
            throw new ArgumentOutOfRangeException(nameof(bits), bits, "the row path needs ≥ 2 bits and a positive range.");
        }

        int rows = factors.Length;
        int n = rows * lines;
        int levels = PositiveLevels(bits);
        float inverseStep = levels / range;
        long clipped = 0;
        var c = codes[..n];
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var inv = Vector256.Create(inverseStep);
            var max = Vector256.Create((float)levels);
            var min = -max;
            var count = Vector256<int>.Zero;
            for (; i <= n - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                var code = Vector256.Round(Vector256.Create(values.Slice(i, Vector256<float>.Count)) * inv);
                count -= (Vector256.GreaterThan(code, max) | Vector256.LessThan(code, min)).AsInt32();
                Vector256.Min(Vector256.Max(code, min), max).CopyTo(c.Slice(i, Vector256<float>.Count));
            }

            clipped += Vector256.Sum(count);
        }

        for (; i < n; i++)
        {
            float code = MathF.Round(values[i] * inverseStep);
            if (code > levels || code < -levels)
            {
                clipped++;
                code = Math.Clamp(code, -levels, levels);
            }

            c[i] = code;
        }

        for (int r = 0; r < rows; r++)
        {
            // The same operations, in the same order, as QuantizeAccumulate on this row.
            double scaledStep = factors[r] * (range / levels);
            var cr = c.Slice(r * lines, lines);
            var yr = y.Slice(r * yStride, lines);
            int j = 0;
            if (Vector256.IsHardwareAccelerated)
            {
                var step = Vector256.Create(scaledStep);
                for (; j <= lines - Vector256<float>.Count; j += Vector256<float>.Count)
                {
                    var (low, high) = Vector256.Widen(Vector256.Create(cr.Slice(j, Vector256<float>.Count)));
                    Vector256.FusedMultiplyAdd(low, step, Vector256.Create(yr.Slice(j, 4))).CopyTo(yr.Slice(j, 4));
                    Vector256.FusedMultiplyAdd(high, step, Vector256.Create(yr.Slice(j + 4, 4))).CopyTo(yr.Slice(j + 4, 4));
                }
            }

            for (; j < lines; j++)
            {
                yr[j] += scaledStep * cr[j];
            }
        }

        return clipped;
    }

    /// <summary>Clips to ±range without quantising (an ideal converter with a finite range); returns the clip count.</summary>
    public static int ClipInPlace(Span<float> values, float range)
    {
        int clipped = 0;
        for (int i = 0; i < values.Length; i++)
        {
            if (values[i] > range)
            {
                values[i] = range;
                clipped++;
            }
            else if (values[i] < -range)
            {
                values[i] = -range;
                clipped++;
            }
        }

        return clipped;
    }

    /// <summary>Throws unless 1 ≤ bits ≤ 24 (float32 carries a 24-bit significand).</summary>
    public static void ValidateBits(int? bits, string path)
    {
        if (bits is int b && (b < 1 || b > 24))
        {
            throw new ArgumentOutOfRangeException(path, b, $"{path} must be in [1, 24] (got {b}); use null for an ideal converter.");
        }
    }
}
