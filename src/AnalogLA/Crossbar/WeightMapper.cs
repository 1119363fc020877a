using System.Numerics.Tensors;
using AnalogLA.Devices;
using AnalogLA.Numerics;

namespace AnalogLA.Crossbar;

/// <summary>
/// Turns one block of signed weights into programmed planes: sign mapping, bit slicing, device
/// programming (levels and programming error) and the read-noise statistics of each device.
/// </summary>
/// <remarks>
/// With w' = w/w_max ∈ [−1, 1], ĝ_min = G_min/G_max and swing s = 1 − ĝ_min:
/// differential ĝ⁺ = ĝ_min + s·max(w', 0), ĝ⁻ = ĝ_min + s·max(−w', 0), so w = (ĝ⁺ − ĝ⁻)·w_max/s;
/// offset ĝ = ĝ_min + s·(w' + 1)/2 against a reference ĝ_ref = ĝ_min + s/2, so w = 2(ĝ − ĝ_ref)·w_max/s;
/// bit slicing Q = round(|w'|·(2^(kb) − 1)), digit Q_s = ⌊Q/2^(bs)⌋ mod 2^b mapped differentially with
/// sign(w), recombined with w_max·(2^b − 1)·2^(bs)/((2^(kb) − 1)·s).
/// Differential pairs are stored as the difference G⁺ − G⁻ and the combined variance σ⁺² + σ⁻²:
/// for Gaussian read noise a sum of two independent Gaussians is one Gaussian of the summed variance,
/// so drawing one number per pair is exact in distribution.
/// </remarks>
internal static class WeightMapper
{
    public static Plane[] Map(
        ReadOnlySpan<double> block, int rows, int cols, double weightScale, AnalogOptions options, CounterRandom random)
    {
        var device = options.Device;
        double gMin = device.GMinNormalized;
        double swing = 1 - gMin;
        double w = weightScale > 0 ? weightScale : 1;
        int n = rows * cols;
        var mapping = options.Mapping;

        if (mapping.Sign == SignMapping.Offset)
        {
            var target = new double[n];
            for (int i = 0; i < n; i++)
            {
                target[i] = gMin + swing * (block[i] / w + 1) / 2;
            }

            var g = new float[n];
            device.Program(target, g, random.Child(0), options.Aging);
            double gRef = gMin + swing / 2;
            var refForward = ProgramConstant(device, gRef, cols, random.Child(1), options.Aging);
            var refTransposed = ProgramConstant(device, gRef, rows, random.Child(2), options.Aging);
            var (sigma, variance, deviceSigmas) = ReadStatistics(device, [g], options.Aging);
            float? uniformOffset = Uniform(variance);
            var (byColumn, byRow) = Totals([g], rows, cols);
            TensorPrimitives.Add(byColumn, refForward, byColumn);
            TensorPrimitives.Add(byRow, refTransposed, byRow);
            return
            [
                new Plane
                {
                    G = g,
                    Devices = options.Parasitics is null ? null : [g],
                    TotalByColumn = byColumn,
                    TotalByRow = byRow,
                    Sigma = sigma,
                    Variance = variance,
                    UniformVariance = uniformOffset,
                    DeviceSigmas = deviceSigmas,
                    ReferenceForward = refForward,
                    ReferenceForwardSigma = device.HasReadNoise ? SigmaOf(device, refForward, options.Aging) : null,
                    ReferenceTransposed = refTransposed,
                    ReferenceTransposedSigma = device.HasReadNoise ? SigmaOf(device, refTransposed, options.Aging) : null,
                    Scale = 2 * w / swing,
                    UnitCurrent = (float)(swing / 2),
                    MaxCurrentForward = (float)(cols * swing / 2),
                    MaxCurrentTransposed = (float)(rows * swing / 2),
                },
            ];
        }

        int slices = mapping.Slicing?.Slices ?? 1;
        int bitsPerSlice = mapping.Slicing?.BitsPerSlice ?? 0;
        var planes = new Plane[slices];
        var plus = new double[n];
        var minus = new double[n];
        for (int s = 0; s < slices; s++)
        {
            double planeScale;
            if (mapping.Slicing is null)
            {
                for (int i = 0; i < n; i++)
                {
                    double v = block[i] / w;
                    plus[i] = gMin + swing * Math.Max(v, 0);
                    minus[i] = gMin + swing * Math.Max(-v, 0);
                }

                planeScale = w / swing;
            }
            else
            {
                long full = (1L << (slices * bitsPerSlice)) - 1;
                long digitMax = (1L << bitsPerSlice) - 1;
                int shift = bitsPerSlice * s;
                for (int i = 0; i < n; i++)
                {
                    double v = block[i] / w;
                    long q = (long)Math.Round(Math.Abs(v) * full);
                    double digit = ((q >> shift) & digitMax) / (double)digitMax;
                    plus[i] = gMin + swing * (v >= 0 ? digit : 0);
                    minus[i] = gMin + swing * (v < 0 ? digit : 0);
                }

                planeScale = w * digitMax * Math.Pow(2, shift) / (full * swing);
            }

            var gPlus = new float[n];
            var gMinus = new float[n];
            device.Program(plus, gPlus, random.Child((ulong)s, 0), options.Aging);
            device.Program(minus, gMinus, random.Child((ulong)s, 1), options.Aging);
            var (sigma, variance, deviceSigmas) = ReadStatistics(device, [gPlus, gMinus], options.Aging);
            var (totalByColumn, totalByRow) = Totals([gPlus, gMinus], rows, cols);
            float[][]? devices = options.Parasitics is null ? null : [(float[])gPlus.Clone(), gMinus];
            var g = gPlus;
            for (int i = 0; i < n; i++)
            {
                g[i] = gPlus[i] - gMinus[i];
            }

            planes[s] = new Plane
            {
                G = g,
                Devices = devices,
                TotalByColumn = totalByColumn,
                TotalByRow = totalByRow,
                Sigma = sigma,
                Variance = variance,
                UniformVariance = Uniform(variance),
                DeviceSigmas = deviceSigmas,
                Scale = planeScale,
                UnitCurrent = (float)swing,
                MaxCurrentForward = (float)(cols * swing),
                MaxCurrentTransposed = (float)(rows * swing),
            };
        }

        return planes;
    }

    /// <summary>Σ over all physical devices of the normalised conductance per column and per row (read energy).</summary>
    private static (float[] ByColumn, float[] ByRow) Totals(float[][] arrays, int rows, int cols)
    {
        var byColumn = new float[cols];
        var byRow = new float[rows];
        foreach (var a in arrays)
        {
            for (int i = 0; i < rows; i++)
            {
                var row = a.AsSpan(i * cols, cols);
                byRow[i] += TensorPrimitives.Sum(row);
                TensorPrimitives.Add(byColumn, row, byColumn);
            }
        }

        return (byColumn, byRow);
    }

    /// <summary>The common value when every entry is equal (state-independent noise), else null.</summary>
    private static float? Uniform(float[]? variance)
    {
        if (variance is null || variance.Length == 0)
        {
            return null;
        }

        float first = variance[0];
        return variance.AsSpan().ContainsAnyExcept(first) ? null : first;
    }

    private static float[] ProgramConstant(DeviceModel device, double g, int count, CounterRandom random, AgingOptions? aging)
    {
        var target = new double[count];
        Array.Fill(target, g);
        var programmed = new float[count];
        device.Program(target, programmed, random, aging);
        return programmed;
    }

    private static float[] SigmaOf(DeviceModel device, float[] g, AgingOptions? aging)
    {
        var sigma = new float[g.Length];
        device.ReadSigma(g, sigma, aging);
        return sigma;
    }

    private static (float[]? Sigma, float[]? Variance, float[][]? DeviceSigmas) ReadStatistics(DeviceModel device, float[][] arrays, AgingOptions? aging)
    {
        if (!device.HasReadNoise)
        {
            return (null, null, null);
        }

        int n = arrays[0].Length;
        var perDevice = new float[arrays.Length][];
        var variance = new float[n];
        for (int d = 0; d < arrays.Length; d++)
        {
            perDevice[d] = SigmaOf(device, arrays[d], aging);
            for (int i = 0; i < n; i++)
            {
                variance[i] += perDevice[d][i] * perDevice[d][i];
            }
        }

        var sigma = new float[n];
        for (int i = 0; i < n; i++)
        {
            sigma[i] = MathF.Sqrt(variance[i]);
        }

        bool gaussian = device.ReadNoiseDistribution == NoiseDistribution.Normal;
        return (sigma, variance, gaussian ? null : perDevice);
    }
}
