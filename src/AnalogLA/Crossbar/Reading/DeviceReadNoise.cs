using AnalogLA.Devices;
using AnalogLA.Numerics;
using AnalogLA.Periphery;
using System.Buffers;
using System.Numerics.Tensors;
using System.Runtime.Intrinsics;

namespace AnalogLA.Crossbar;

/// <summary>
/// Device-level read noise: every device of a plane (and of its reference line) draws a fresh error per read,
/// I = Σ (G + σ·ε)·v — exact for any noise distribution (the output-space sampler in <see cref="ReadEngine"/> is exact
/// for Gaussian noise only).
/// </summary>
internal static class DeviceReadNoise
{    /// <summary>
    /// One vector through one plane with a fresh read error drawn for every device:
    /// I = Σ (G + σ·ε)·v. Gaussian pairs draw one ε per position (exact, see <see cref="WeightMapper"/>);
    /// other distributions draw one per physical device.
    /// </summary>
    internal static void DeviceLevelRead(
        Tile tile, Plane plane, ReadOnlySpan<float> v, ReadEngine.Unit unit, bool transposed, bool gaussian, CounterRandom random,
        Span<float> result, float[] z, float[] work)
    {
        int nCols = tile.ColumnCount;
        int lines = unit.End - unit.Start;
        float[][] sigmas = gaussian ? [plane.Sigma!] : plane.DeviceSigmas!;
        if (!transposed)
        {
            for (int j = 0; j < lines; j++)
            {
                int m = unit.Start + j;
                ReadOnlySpan<float> row = plane.G.AsSpan(m * nCols, nCols);
                float acc = TensorPrimitives.Dot(row, v);
                for (int d = 0; d < sigmas.Length; d++)
                {
                    Span<float> eps = z.AsSpan(0, nCols);
                    Draw(random.Child(ReadEngine.KindDeviceRow, (ulong)m, (ulong)d), eps, gaussian);
                    TensorPrimitives.Multiply(eps, sigmas[d].AsSpan(m * nCols, nCols), eps);
                    acc += TensorPrimitives.Dot(eps, v);
                }

                result[j] = acc;
            }

            return;
        }

        result.Clear();
        Span<float> noise = work.AsSpan(0, lines);
        for (int m = 0; m < tile.RowCount; m++)
        {
            float vm = v[m];
            if (vm == 0)
            {
                continue;
            }

            ReadOnlySpan<float> row = plane.G.AsSpan(m * nCols + unit.Start, lines);
            TensorPrimitives.MultiplyAdd(row, vm, result, result);
            for (int d = 0; d < sigmas.Length; d++)
            {
                Span<float> eps = z.AsSpan(0, lines);
                Draw(random.Child(ReadEngine.KindDeviceRow, ((ulong)(uint)m << 20) | (ulong)(uint)(unit.Start / ReadEngine.ChunkLines), (ulong)d), eps, gaussian);
                TensorPrimitives.Multiply(eps, sigmas[d].AsSpan(m * nCols + unit.Start, lines), noise);
                TensorPrimitives.MultiplyAdd(noise, vm, result, result);
            }
        }
    }

    internal static float ReferenceCurrent(float[] reference, float[]? sigma, ReadOnlySpan<float> v, bool gaussian, CounterRandom random, float[] z)
    {
        float current = TensorPrimitives.Dot(reference, v);
        if (sigma is not null)
        {
            Span<float> eps = z.AsSpan(0, reference.Length);
            Draw(random, eps, gaussian);
            TensorPrimitives.Multiply(eps, sigma, eps);
            current += TensorPrimitives.Dot(eps, v);
        }

        return current;
    }

    /// <summary>Unit-variance draws: standard normal, or uniform on [−√3, √3].</summary>
    internal static void Draw(CounterRandom random, Span<float> eps, bool gaussian)
    {
        if (gaussian)
        {
            random.FillNormal(eps);
            return;
        }

        random.FillUniform(eps);
        const float Root3 = 1.7320508f;
        TensorPrimitives.Multiply(eps, 2 * Root3, eps);
        TensorPrimitives.Add(eps, -Root3, eps);
    }
}
