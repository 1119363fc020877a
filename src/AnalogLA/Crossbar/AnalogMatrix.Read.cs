using System.Buffers;
using System.Numerics.Tensors;
using System.Runtime.Intrinsics;
using AnalogLA.Devices;
using AnalogLA.Numerics;
using AnalogLA.Periphery;

namespace AnalogLA.Crossbar;

/// <summary>The read engine: parallel work units over output chunks and vector blocks.</summary>
public sealed partial class AnalogMatrix
{
    /// <summary>Output lines per work unit (and per output-space noise stream); a constant, so results do not depend on threads.</summary>
    private const int ChunkLines = 64;

    /// <summary>Vectors per work unit in the matrix-product path.</summary>
    private const int VectorBlock = 64;

    /// <summary>Units with at least this many vectors use the packed broadcast kernel.</summary>
    private const int MinimumBatchForBroadcastKernel = 4;

    private const ulong KindDeviceRow = 0;
    private const ulong KindOutput = 1;
    private const ulong KindReference = 2;

    private readonly record struct Unit(int TileLine, int Start, int End, int FirstVector, int EndVector);

    private void Run(ReadOnlySpan<double> xs, int count, Span<double> ys, bool transposed)
    {
        if (count < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, "batch count must be ≥ 1.");
        }

        int inLength = transposed ? Rows : Columns;
        int outLength = transposed ? Columns : Rows;
        string what = transposed ? "MultiplyTransposed" : "Multiply";
        if (xs.Length != (long)count * inLength)
        {
            throw new ArgumentException($"{what}: x has {xs.Length} entries, expected {count}×{inLength}.", "x");
        }

        if (ys.Length != (long)count * outLength)
        {
            throw new ArgumentException($"{what}: y has {ys.Length} entries, expected {count}×{outLength}.", "y");
        }

        CheckFinite(xs, "x");
        CalibrateOnRead(xs, count, transposed);

        long firstRead = Interlocked.Add(ref _reads, count) - count;
        bool noise = Options.Device.HasReadNoise;
        bool outputSpace = !noise || Options.Sampling == SamplingMode.Output;
        bool parasitic = Options.Parasitics is not null;   // reads solved as networks: no units, packing or norms
        using var encoded = InputEncoder.Encode(xs, count, inLength, Options.Dac, Options.Mapping.InputSliceBits,
            transposed ? _dacRangeTransposed : _dacRange, needSquares: !parasitic && noise && outputSpace && !_uniformVariance, Options.MaxDegreeOfParallelism);

        var units = new List<Unit>();
        int lineTiles = transposed ? _tileColumns : _tileRows;
        int lineSize = transposed ? Options.Tiling.Columns : Options.Tiling.Rows;
        int vectorBlock = outputSpace ? VectorBlock : 1;
        for (int t = 0; t < (parasitic ? 0 : lineTiles); t++)
        {
            int lines = Math.Min(lineSize, outLength - t * lineSize);
            for (int start = 0; start < lines; start += ChunkLines)
            {
                for (int b = 0; b < count; b += vectorBlock)
                {
                    units.Add(new Unit(t, start, Math.Min(lines, start + ChunkLines), b, Math.Min(count, b + vectorBlock)));
                }
            }
        }

        using var packedInputs = !parasitic && outputSpace && count >= MinimumBatchForBroadcastKernel
            ? PackedInputs.Build(this, encoded, transposed, noise)
            : null;

        if (!parasitic && noise && outputSpace && _uniformVariance)
        {
            // Σ v² per vector and input tile, once per call (every output chunk of the tile needs it).
            int crossTiles = transposed ? _tileRows : _tileColumns;
            int side = transposed ? Options.Tiling.Rows : Options.Tiling.Columns;
            encoded.TileSquaredNorms = new TileNorms(encoded.Voltages.Length, count, crossTiles);
            for (int s = 0; s < encoded.Voltages.Length; s++)
            {
                for (int b = 0; b < count; b++)
                {
                    for (int k = 0; k < crossTiles; k++)
                    {
                        int start = k * side, length = Math.Min(side, inLength - start);
                        encoded.TileSquaredNorms[s][b * crossTiles + k] = TensorPrimitives.SumOfSquares(encoded.Voltages[s].AsSpan(b * inLength + start, length));
                    }
                }
            }
        }

        double[] y = System.Buffers.ArrayPool<double>.Shared.Rent(count * outLength);
        Array.Clear(y, 0, count * outLength);
        long saturations = 0, conversions = 0;
        if (parasitic)
        {
            (saturations, conversions) = RunParasitic(encoded, count, y, firstRead, transposed);
        }

        void Body(Unit unit)
        {
            var (sat, conv) = RunUnit(unit, encoded, packedInputs, y, firstRead, transposed, noise, outputSpace);
            Interlocked.Add(ref saturations, sat);
            Interlocked.Add(ref conversions, conv);
        }

        long work = (long)count * Rows * Columns;
        if (units.Count <= 1 || work < 32768 || Options.MaxDegreeOfParallelism == 1)
        {
            foreach (var unit in units)
            {
                Body(unit);
            }
        }
        else
        {
            Parallel.ForEach(units, new ParallelOptions { MaxDegreeOfParallelism = Options.MaxDegreeOfParallelism }, Body);
        }

        y.AsSpan(0, count * outLength).CopyTo(ys);
        System.Buffers.ArrayPool<double>.Shared.Return(y);
        Diagnostics.AddReads(count, transposed);
        Diagnostics.AddDac((long)count * inLength, encoded.Clips);
        Diagnostics.AddAdc(conversions, saturations);
        Diagnostics.AddCost(ReadEnergy(encoded, count, transposed), count * LatencySecondsPerMvm(transposed));
    }

    private (long Saturations, long Conversions) RunUnit(Unit unit, EncodedInputs encoded, PackedInputs? packedInputs, double[] y, long firstRead, bool transposed, bool noise, bool outputSpace)
    {
        int lines = unit.End - unit.Start;
        int vectors = unit.EndVector - unit.FirstVector;
        int inLength = encoded.Length;
        int outLength = transposed ? Columns : Rows;
        int maxSide = Math.Max(Options.Tiling.Rows, Options.Tiling.Columns);
        var pool = ArrayPool<float>.Shared;
        float[] current = pool.Rent(vectors * lines);
        float[] variance = pool.Rent(vectors * lines);
        float[] z = pool.Rent(maxSide + 2);
        float[] work = pool.Rent(maxSide + 2);
        long saturations = 0, conversions = 0;
        int? adcBits = Options.Adc.Bits;
        bool gaussian = Options.Device.ReadNoiseDistribution == NoiseDistribution.Normal;
        int crossTiles = transposed ? _tileRows : _tileColumns;
        try
        {
            for (int k = 0; k < crossTiles; k++)
            {
                var tile = transposed ? _tiles[k * _tileColumns + unit.TileLine] : _tiles[unit.TileLine * _tileColumns + k];
                if (tile is null)
                {
                    continue;
                }

                int inStart = transposed ? tile.RowStart : tile.ColumnStart;
                int inCount = transposed ? tile.RowCount : tile.ColumnCount;
                int outStart = (transposed ? tile.ColumnStart : tile.RowStart) + unit.Start;
                for (int p = 0; p < tile.Planes.Length; p++)
                {
                    var plane = tile.Planes[p];
                    for (int s = 0; s < encoded.Voltages.Length; s++)
                    {
                        var voltages = encoded.Voltages[s];
                        Span<float> cur = current.AsSpan(0, vectors * lines);
                        if (outputSpace)
                        {
                            Product(tile, plane, variance: false, voltages, packedInputs?.Get(s, squared: false, unit.FirstVector / VectorBlock, k), unit, inLength, transposed, cur);
                            if (noise)
                            {
                                AddOutputNoise(tile, k, p, s, plane, encoded, packedInputs, unit, firstRead, transposed, cur, variance, z, work);
                            }
                        }
                        else
                        {
                            for (int b = 0; b < vectors; b++)
                            {
                                int vectorIndex = unit.FirstVector + b;
                                var random = ReadStream(firstRead + vectorIndex, tile.Index, p, s, transposed);
                                ReadOnlySpan<float> v = voltages.AsSpan(vectorIndex * inLength + inStart, inCount);
                                DeviceLevelRead(tile, plane, v, unit, transposed, gaussian, random, cur.Slice(b * lines, lines), z, work);
                            }
                        }

                        var reference = transposed ? plane.ReferenceTransposed : plane.ReferenceForward;
                        if (reference is not null)
                        {
                            var referenceSigma = transposed ? plane.ReferenceTransposedSigma : plane.ReferenceForwardSigma;
                            for (int b = 0; b < vectors; b++)
                            {
                                int vectorIndex = unit.FirstVector + b;
                                ReadOnlySpan<float> v = voltages.AsSpan(vectorIndex * inLength + inStart, inCount);
                                var random = ReadStream(firstRead + vectorIndex, tile.Index, p, s, transposed).Child(KindReference);
                                float iRef = ReferenceCurrent(reference, referenceSigma, v, gaussian, random, z);
                                TensorPrimitives.Subtract(cur.Slice(b * lines, lines), iRef, cur.Slice(b * lines, lines));
                            }
                        }

                        float range = transposed ? plane.AdcRangeTransposed : plane.AdcRangeForward;
                        conversions += (long)vectors * lines;
                        for (int b = 0; b < vectors; b++)
                        {
                            int vectorIndex = unit.FirstVector + b;
                            Span<float> cb = cur.Slice(b * lines, lines);
                            double factor = plane.Scale * encoded.SliceFactor[s] * encoded.Range[vectorIndex];
                            Span<double> yb = y.AsSpan(vectorIndex * outLength + outStart, lines);
                            if (adcBits is int bits)
                            {
                                saturations += Quantizer.QuantizeAccumulate(cb, range, bits, yb, factor);
                            }
                            else
                            {
                                Accumulate(yb, cb, factor);
                            }
                        }
                    }
                }
            }
        }
        finally
        {
            pool.Return(current);
            pool.Return(variance);
            pool.Return(z);
            pool.Return(work);
        }

        return (saturations, conversions);
    }

    private CounterRandom ReadStream(long read, int tile, int plane, int slice, bool transposed) =>
        _readRoot.Child((ulong)read, (ulong)tile, ((ulong)plane << 16) | ((ulong)slice << 1) | (transposed ? 1UL : 0UL));

    /// <summary>
    /// Output-space read noise: each line gets √(Σ σ²·v²)·z with one standard normal z per line
    /// (exact for Gaussian device noise, whose weighted sum is Gaussian). With state-independent noise
    /// the variance is σ²·Σ v², one number per vector and tile.
    /// </summary>
    private void AddOutputNoise(
        Tile tile, int crossIndex, int p, int s, Plane plane, EncodedInputs encoded, PackedInputs? packedInputs, Unit unit,
        long firstRead, bool transposed, Span<float> current, float[] variance, float[] z, float[] work)
    {
        int vectors = unit.EndVector - unit.FirstVector;
        int lines = unit.End - unit.Start;
        int inLength = encoded.Length;
        int inStart = transposed ? tile.RowStart : tile.ColumnStart;
        int inCount = transposed ? tile.RowCount : tile.ColumnCount;
        Span<float> var = variance.AsSpan(0, vectors * lines);
        if (plane.UniformVariance is null)
        {
            Product(tile, plane, variance: true, encoded.SquaredVoltages![s],
                packedInputs?.Get(s, squared: true, unit.FirstVector / VectorBlock, crossIndex), unit, inLength, transposed, var);
        }

        for (int b = 0; b < vectors; b++)
        {
            int vectorIndex = unit.FirstVector + b;
            var random = ReadStream(firstRead + vectorIndex, tile.Index, p, s, transposed).Child(KindOutput, (ulong)(unit.Start / ChunkLines));
            Span<float> zb = z.AsSpan(0, lines);
            random.FillNormal(zb);
            Span<float> cb = current.Slice(b * lines, lines);
            if (plane.UniformVariance is float common)
            {
                var v = encoded.Voltages[s].AsSpan(vectorIndex * inLength + inStart, inCount);
                float sumOfSquares = encoded.TileSquaredNorms is { } norms
                    ? norms[s][vectorIndex * norms.Stride + crossIndex]
                    : TensorPrimitives.SumOfSquares(v);
                float sd = MathF.Sqrt(common * sumOfSquares);
                TensorPrimitives.MultiplyAdd(zb, sd, cb, cb);
            }
            else
            {
                Span<float> sd = work.AsSpan(0, lines);
                TensorPrimitives.Sqrt(var.Slice(b * lines, lines), sd);
                TensorPrimitives.FusedMultiplyAdd(sd, zb, cb, cb);
            }
        }
    }

    /// <summary>
    /// Noise-free currents (or, with <paramref name="variance"/>, current variances from squared
    /// voltages) of one unit by a matrix product over all the unit's vectors at once: the packed
    /// broadcast kernel for batches, dot products for a single vector.
    /// </summary>
    private static void Product(Tile tile, Plane plane, bool variance, float[] voltages, float[]? packedA, Unit unit, int inLength, bool transposed, Span<float> result)
    {
        int vectors = unit.EndVector - unit.FirstVector;
        int lines = unit.End - unit.Start;
        int inStart = transposed ? tile.RowStart : tile.ColumnStart;
        int inCount = transposed ? tile.RowCount : tile.ColumnCount;
        var a = voltages.AsSpan(unit.FirstVector * inLength + inStart);
        if (packedA is not null)
        {
            // ChunkLines is a multiple of the panel width, so the unit starts on a panel boundary.
            var packed = plane.Packed(tile.RowCount, tile.ColumnCount, transposed, variance);
            Gemm.MultiplyPrepacked(vectors, lines, inCount, packedA, packed, unit.Start / Gemm.PanelWidth, result, lines);
            return;
        }

        float[] g = variance ? plane.Variance! : plane.G;
        if (transposed)
        {
            // I[b, n] = Σ_m V[b, m]·G[m, n] over the tile's rows, for columns n in the unit.
            Gemm.Multiply(vectors, lines, inCount, a, inLength, g.AsSpan(unit.Start), tile.ColumnCount, result, lines);
        }
        else
        {
            // I[b, m] = Σ_n V[b, n]·G[m, n] over the tile's columns, for rows m in the unit.
            Gemm.MultiplyTransposedB(vectors, lines, inCount, a, inLength, g.AsSpan(unit.Start * tile.ColumnCount), tile.ColumnCount, result, lines);
        }
    }

    /// <summary>
    /// One vector through one plane with a fresh read error drawn for every device:
    /// I = Σ (G + σ·ε)·v. Gaussian pairs draw one ε per position (exact, see <see cref="WeightMapper"/>);
    /// other distributions draw one per physical device.
    /// </summary>
    private static void DeviceLevelRead(
        Tile tile, Plane plane, ReadOnlySpan<float> v, Unit unit, bool transposed, bool gaussian, CounterRandom random,
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
                    Draw(random.Child(KindDeviceRow, (ulong)m, (ulong)d), eps, gaussian);
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
                Draw(random.Child(KindDeviceRow, ((ulong)(uint)m << 20) | (ulong)(uint)(unit.Start / ChunkLines), (ulong)d), eps, gaussian);
                TensorPrimitives.Multiply(eps, sigmas[d].AsSpan(m * nCols + unit.Start, lines), noise);
                TensorPrimitives.MultiplyAdd(noise, vm, result, result);
            }
        }
    }

    private static float ReferenceCurrent(float[] reference, float[]? sigma, ReadOnlySpan<float> v, bool gaussian, CounterRandom random, float[] z)
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

    /// <summary>y += factor·c, widening float partial sums to double (digital recombination).</summary>
    private static void Accumulate(Span<double> y, ReadOnlySpan<float> c, double factor)
    {
        int j = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var f = Vector256.Create(factor);
            for (; j <= c.Length - Vector256<float>.Count; j += Vector256<float>.Count)
            {
                var v = Vector256.Create(c.Slice(j, Vector256<float>.Count));
                var (low, high) = Vector256.Widen(v);
                Vector256.FusedMultiplyAdd(low, f, Vector256.Create(y.Slice(j, 4))).CopyTo(y.Slice(j, 4));
                Vector256.FusedMultiplyAdd(high, f, Vector256.Create(y.Slice(j + 4, 4))).CopyTo(y.Slice(j + 4, 4));
            }
        }

        for (; j < c.Length; j++)
        {
            y[j] += factor * c[j];
        }
    }

    /// <summary>Unit-variance draws: standard normal, or uniform on [−√3, √3].</summary>
    private static void Draw(CounterRandom random, Span<float> eps, bool gaussian)
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
