using AnalogLA.Devices;
using AnalogLA.Numerics;
using AnalogLA.Periphery;
using System.Numerics.Tensors;
using System.Runtime.Intrinsics;

namespace AnalogLA.Crossbar;

/// <summary>
/// The read stage: encoded inputs → analog accumulation per tile, plane and input slice with read noise (output-space,
/// or device-level through <see cref="DeviceReadNoise"/>) → reference subtraction → ADC → digital recombination, in
/// parallel work units over output chunks and vector blocks; IR-drop reads go to <see cref="IrDropReader"/>.
/// </summary>
internal sealed partial class ReadEngine(AnalogMatrix m)
{
    /// <summary>Output lines per work unit (and per output-space noise stream); a constant, so results do not depend on threads.</summary>
    internal const int ChunkLines = 64;

    /// <summary>Vectors per work unit in the matrix-product path.</summary>
    internal const int VectorBlock = 64;

    /// <summary>Units with at least this many vectors use the packed broadcast kernel.</summary>
    private const int MinimumBatchForBroadcastKernel = 4;

    internal const ulong KindDeviceRow = 0;
    internal const ulong KindOutput = 1;
    internal const ulong KindReference = 2;
    internal const ulong KindInputNoise = 3;
    internal const ulong KindAdcNoise = 4;

    internal readonly record struct Unit(int TileLine, int Start, int End, int FirstVector, int EndVector);

    [ThreadStatic]
    private static UnitScratch? _scratch;

    /// <summary>Whether reads run aihwkit's iterative bound management (a finite ADC and the option set).</summary>
    private bool BoundManaged => m.Options.Adc.BoundManagement == BoundManagement.Iterative && m.Options.Adc.Bits is not null;

    /// <summary>A work unit's buffers, grown on demand and kept per thread.</summary>
    private sealed class UnitScratch
    {
        private readonly float[][] _buffers = [[], [], [], [], []];
        private ulong[] _keys = [];
        private double[] _factors = [];

        public float[] Get(int which, int length) =>
            _buffers[which].Length >= length ? _buffers[which] : _buffers[which] = new float[Math.Max(length, 2 * _buffers[which].Length)];

        public ulong[] Keys(int length) => _keys.Length >= length ? _keys : _keys = new ulong[Math.Max(length, 2 * _keys.Length)];

        public double[] Factors(int length) => _factors.Length >= length ? _factors : _factors = new double[Math.Max(length, 2 * _factors.Length)];
    }

    /// <summary>A batch read; <paramref name="readKey"/> (from <see cref="AnalogMatrix.ReadKey"/>) names its noise instead of the next read indices.</summary>
    internal void Run<T>(ReadOnlySpan<T> xs, int count, Span<T> ys, bool transposed, long? readKey = null)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        if (count < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, "batch count must be ≥ 1.");
        }

        int inLength = transposed ? m.Rows : m.Columns;
        int outLength = transposed ? m.Columns : m.Rows;
        string what = transposed ? "MultiplyTransposed" : "Multiply";
        if (xs.Length != (long)count * inLength)
        {
            throw new ArgumentException($"{what}: x has {xs.Length} entries, expected {count}×{inLength}.", "x");
        }

        if (ys.Length != (long)count * outLength)
        {
            throw new ArgumentException($"{what}: y has {ys.Length} entries, expected {count}×{outLength}.", "y");
        }

        AnalogMatrix.CheckFinite(xs, "x");
        m.Converters.CalibrateOnRead(xs, count, transposed);
        if (BoundManaged)
        {
            RunManaged(xs, count, ys, transposed, readKey);
            return;
        }

        RunOnce(xs, count, ys, transposed, 1, null, readKey);
    }

    /// <summary>
    /// Iterative bound management (aihwkit's BoundManagementType.ITERATIVE): vectors with a clipped output are read again
    /// with their input halved (the DAC range doubled, so the input keeps fewer of its levels), the result scaled back
    /// digitally, until no output clips or a limit of <see cref="AdcOptions"/> is reached. Every re-read is a counted MVM.
    /// Reads with IR drop take part the same way. Here the whole vector is re-read on every tile of the matrix; aihwkit
    /// re-reads per analog tile (the same when the matrix fits one tile, as every preconditioner block of the
    /// ibm-hpec2023 preset does).
    /// </summary>
    private void RunManaged<T>(ReadOnlySpan<T> xs, int count, Span<T> ys, bool transposed, long? readKey)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var adc = m.Options.Adc;
        int inLength = transposed ? m.Rows : m.Columns;
        int outLength = transposed ? m.Columns : m.Rows;
        var flags = new int[count];
        RunOnce(xs, count, ys, transposed, 1, flags, readKey);
        var pending = Enumerable.Range(0, count).Where(b => flags[b] != 0).ToArray();
        // The DAC step as a fraction of the full input range [−1, 1] (aihwkit's inp_res = 1/(2^b − 2) = 1/(2L)).
        double step = m.Options.Dac.Bits is int dacBits ? 1.0 / (2 * Quantizer.PositiveLevels(dacBits)) : 0;
        double factor = 1;
        while (pending.Length > 0 && 2 * factor <= adc.MaxBoundFactor && 2 * factor * step <= adc.MaxBoundResolution)
        {
            factor *= 2;
            var subX = new T[pending.Length * inLength];
            for (int i = 0; i < pending.Length; i++)
            {
                xs.Slice(pending[i] * inLength, inLength).CopyTo(subX.AsSpan(i * inLength, inLength));
            }

            var subY = new T[pending.Length * outLength];
            var subFlags = new int[pending.Length];
            // A keyed read keys its re-reads by round, so they too are independent of other reads in flight.
            RunOnce<T>(subX, pending.Length, subY, transposed, factor, subFlags, readKey is long key ? AnalogMatrix.ReadKey((ulong)key, (ulong)factor) : null);
            m.Diagnostics.AddBoundManagementReads(pending.Length);
            for (int i = 0; i < pending.Length; i++)
            {
                subY.AsSpan(i * outLength, outLength).CopyTo(ys.Slice(pending[i] * outLength, outLength));
            }

            pending = pending.Where((_, i) => subFlags[i] != 0).ToArray();
        }
    }

    /// <summary>One read of a batch with the DAC range multiplied by <paramref name="inputReduction"/>; <paramref name="clippedVectors"/> (if given) gets 1 for each vector with a saturated output.</summary>
    private void RunOnce<T>(ReadOnlySpan<T> xs, int count, Span<T> ys, bool transposed, double inputReduction, int[]? clippedVectors, long? readKey)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        long firstRead = readKey ?? m.ReserveReads(count);
        using var staged = Stage(xs, count, transposed, inputReduction, firstRead);
        Execute(staged, firstRead, ys, clippedVectors);
    }

    /// <summary>The analog side of a staged read for reads firstRead … firstRead + count − 1: accumulation with noise, reference, ADC, recombination, diagnostics.</summary>
    internal void Execute<T>(StagedRead staged, long firstRead, Span<T> ys, int[]? clippedVectors)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        int count = staged.Count;
        bool transposed = staged.Transposed;
        int inLength = transposed ? m.Rows : m.Columns;
        int outLength = transposed ? m.Columns : m.Rows;
        var encoded = staged.Encoded;
        double[] y = System.Buffers.ArrayPool<double>.Shared.Rent(count * outLength);
        Array.Clear(y, 0, count * outLength);
        long saturations = 0, conversions = 0;
        if (staged.Parasitic)
        {
            (saturations, conversions) = m.IrDrop.Run(encoded, count, y, firstRead, transposed, clippedVectors);
        }

        var units = staged.Units;
        void Body(int index)
        {
            var (sat, conv) = RunUnit(units[index], staged.Cached(index), encoded, staged.Packed, y, firstRead, transposed, staged.Noise, staged.OutputSpace, clippedVectors);
            Interlocked.Add(ref saturations, sat);
            Interlocked.Add(ref conversions, conv);
        }

        long work = (long)count * m.Rows * m.Columns;
        if (units.Count <= 1 || work < 32768 || Parallelism.Degree(m.Options.MaxDegreeOfParallelism) == 1)
        {
            for (int i = 0; i < units.Count; i++)
            {
                Body(i);
            }
        }
        else
        {
            Parallel.For(0, units.Count, Parallelism.Options(m.Options.MaxDegreeOfParallelism), Body);
        }

        TensorPrimitives.ConvertTruncating<double, T>(y.AsSpan(0, count * outLength), ys);
        System.Buffers.ArrayPool<double>.Shared.Return(y);
        m.Diagnostics.AddReads(count, transposed);
        m.Diagnostics.AddDac((long)count * inLength, encoded.Clips);
        m.Diagnostics.AddAdc(conversions, saturations);
        m.Diagnostics.AddCost(staged.Energy, count * m.Cost.LatencySecondsPerMvm(transposed));
    }

    private (long Saturations, long Conversions) RunUnit(Unit unit, CachedCurrents cached, EncodedInputs encoded, PackedInputs? packedInputs, double[] y, long firstRead, bool transposed, bool noise, bool outputSpace, int[]? clippedVectors)
    {
        int lines = unit.End - unit.Start;
        int vectors = unit.EndVector - unit.FirstVector;
        int inLength = encoded.Length;
        int outLength = transposed ? m.Columns : m.Rows;
        int maxSide = Math.Max(m.Options.Tiling.Rows, m.Options.Tiling.Columns);
        // Per-thread scratch (units never nest): the shared array pool's returns cost ~10 % of a hardware MC pass.
        var scratch = _scratch ??= new UnitScratch();
        float[] current = scratch.Get(0, vectors * lines);
        float[] variance = scratch.Get(1, vectors * lines);
        float[] z = scratch.Get(2, maxSide + 2);
        float[] normals = scratch.Get(3, vectors * lines);
        float[] work = scratch.Get(4, Math.Max(maxSide + 2, vectors * lines));
        ulong[] tileKeys = scratch.Keys(vectors);
        double[] factors = scratch.Factors(vectors);
        long saturations = 0, conversions = 0;
        int? adcBits = m.Options.Adc.Bits;
        double outputNoise = m.Options.Adc.Noise;
        bool gaussian = m.Options.Device.ReadNoiseDistribution == NoiseDistribution.Normal;
        int crossTiles = transposed ? m.TileRows : m.TileColumns;
        for (int k = 0; k < crossTiles; k++)
        {
            var tile = transposed ? m.Tiles[k * m.TileColumns + unit.TileLine] : m.Tiles[unit.TileLine * m.TileColumns + k];
            if (tile is null)
            {
                continue;
            }

            int inStart = transposed ? tile.RowStart : tile.ColumnStart;
            int inCount = transposed ? tile.RowCount : tile.ColumnCount;
            int outStart = (transposed ? tile.ColumnStart : tile.RowStart) + unit.Start;
            if (outputSpace && noise)
            {
                // Mix(Mix(root, read), tile) per vector, once per tile: the part of ReadStream every plane and slice shares.
                for (int b = 0; b < vectors; b++)
                {
                    tileKeys[b] = CounterRandom.Mix(CounterRandom.Mix(m.ReadRootKey, (ulong)(firstRead + unit.FirstVector + b)), (ulong)tile.Index);
                }
            }

            for (int p = 0; p < tile.Planes.Length; p++)
            {
                var plane = tile.Planes[p];
                for (int s = 0; s < encoded.Voltages.Length; s++)
                {
                    var voltages = encoded.Voltages[s];
                    Span<float> cur = current.AsSpan(0, vectors * lines);
                    if (outputSpace)
                    {
                        var stored = cached.Currents(k, p, s, deviation: false);
                        var storedDeviation = noise && plane.UniformVariance is null ? cached.Currents(k, p, s, deviation: true) : default;
                        if (!storedDeviation.IsEmpty)
                        {
                            // Repeated inputs: current = stored + σ·z in one pass (the bits of copy, then add).
                            var zs = DrawOutputNormals(p, s, unit, tileKeys, transposed, normals);
                            TensorPrimitives.FusedMultiplyAdd(storedDeviation, zs, stored, cur);
                        }
                        else
                        {
                            if (stored.IsEmpty)
                            {
                                Product(tile, plane, variance: false, voltages, PackedInputs.Block(packedInputs, s, squared: false, unit.FirstVector / VectorBlock, k), unit, inLength, transposed, cur);
                            }
                            else
                            {
                                stored.CopyTo(cur);
                            }

                            if (noise)
                            {
                                AddOutputNoise(tile, k, p, s, plane, encoded, packedInputs, unit, tileKeys, transposed, cur, variance, normals, work);
                            }
                        }
                    }
                    else
                    {
                        for (int b = 0; b < vectors; b++)
                        {
                            int vectorIndex = unit.FirstVector + b;
                            var random = m.ReadStream(firstRead + vectorIndex, tile.Index, p, s, transposed);
                            ReadOnlySpan<float> v = voltages.AsSpan(vectorIndex * inLength + inStart, inCount);
                            DeviceReadNoise.DeviceLevelRead(tile, plane, v, unit, transposed, gaussian, random, cur.Slice(b * lines, lines), z, work);
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
                            var random = m.ReadStream(firstRead + vectorIndex, tile.Index, p, s, transposed).Child(KindReference);
                            float iRef = DeviceReadNoise.ReferenceCurrent(reference, referenceSigma, v, gaussian, random, z);
                            TensorPrimitives.Subtract(cur.Slice(b * lines, lines), iRef, cur.Slice(b * lines, lines));
                        }
                    }

                    float range = transposed ? plane.AdcRangeTransposed : plane.AdcRangeForward;
                    conversions += (long)vectors * lines;
                    if (adcBits is int unitBits && clippedVectors is null && Quantizer.QuantizesRows(range, unitBits))
                    {
                        // The whole unit through the ADC at once (the bits of the per-vector loop below).
                        for (int b = 0; b < vectors; b++)
                        {
                            int vectorIndex = unit.FirstVector + b;
                            if (outputNoise > 0)
                            {
                                AddAdcNoise(m, plane, tile.Index, firstRead + vectorIndex, p, s, transposed, unit.Start, cur.Slice(b * lines, lines), z);
                            }

                            factors[b] = plane.Scale * encoded.SliceFactor[s] * encoded.Range[vectorIndex];
                        }

                        saturations += Quantizer.QuantizeAccumulateRows(cur, lines, range, unitBits, y.AsSpan(unit.FirstVector * outLength + outStart), outLength, factors.AsSpan(0, vectors), normals);
                        continue;
                    }

                    for (int b = 0; b < vectors; b++)
                    {
                        int vectorIndex = unit.FirstVector + b;
                        Span<float> cb = cur.Slice(b * lines, lines);
                        if (outputNoise > 0)
                        {
                            AddAdcNoise(m, plane, tile.Index, firstRead + vectorIndex, p, s, transposed, unit.Start, cb, z);
                        }

                        double factor = plane.Scale * encoded.SliceFactor[s] * encoded.Range[vectorIndex];
                        Span<double> yb = y.AsSpan(vectorIndex * outLength + outStart, lines);
                        if (adcBits is int bits)
                        {
                            long clipped = Quantizer.QuantizeAccumulate(cb, range, bits, yb, factor);
                            saturations += clipped;
                            if (clipped > 0 && clippedVectors is not null)
                            {
                                Volatile.Write(ref clippedVectors[vectorIndex], 1);
                            }
                        }
                        else
                        {
                            Accumulate(yb, cb, factor);
                        }
                    }
                }
            }
        }

        return (saturations, conversions);
    }

    /// <summary>
    /// The output-space normals of one unit, plane and slice: one stream per vector,
    /// ReadStream(read, tile, p, s).Child(KindOutput, chunk) from the hoisted (read, tile) keys, drawn eight vectors at a time.
    /// </summary>
    private static Span<float> DrawOutputNormals(int p, int s, Unit unit, ulong[] tileKeys, bool transposed, float[] normals)
    {
        int vectors = unit.EndVector - unit.FirstVector;
        int lines = unit.End - unit.Start;
        Span<ulong> keys = stackalloc ulong[vectors];
        ulong planeBits = AnalogMatrix.PlaneBits(p, s, transposed), chunk = (ulong)(unit.Start / ChunkLines);
        CounterRandom.Mix(tileKeys.AsSpan(0, vectors), planeBits, keys);
        CounterRandom.Mix(keys, KindOutput, keys);
        CounterRandom.Mix(keys, chunk, keys);
        var zs = normals.AsSpan(0, vectors * lines);
        CounterRandom.FillNormal(keys, lines, zs);
        return zs;
    }

    /// <summary>
    /// Output-space read noise: each line gets √(Σ σ²·v²)·z with one standard normal z per line
    /// (exact for Gaussian device noise, whose weighted sum is Gaussian). With state-independent noise
    /// the variance is σ²·Σ v², one number per vector and tile.
    /// </summary>
    private static void AddOutputNoise(
        Tile tile, int crossIndex, int p, int s, Plane plane, EncodedInputs encoded, PackedInputs? packedInputs, Unit unit,
        ulong[] tileKeys, bool transposed, Span<float> current, float[] variance, float[] normals, float[] work)
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
                PackedInputs.Block(packedInputs, s, squared: true, unit.FirstVector / VectorBlock, crossIndex), unit, inLength, transposed, var);
        }

        var zs = DrawOutputNormals(p, s, unit, tileKeys, transposed, normals);
        if (plane.UniformVariance is float common)
        {
            for (int b = 0; b < vectors; b++)
            {
                int vectorIndex = unit.FirstVector + b;
                var v = encoded.Voltages[s].AsSpan(vectorIndex * inLength + inStart, inCount);
                float sumOfSquares = encoded.TileSquaredNorms is { } norms
                    ? norms[s][vectorIndex * norms.Stride + crossIndex]
                    : TensorPrimitives.SumOfSquares(v);
                OutputSpaceNoise.Add(current.Slice(b * lines, lines), common * sumOfSquares, zs.Slice(b * lines, lines));
            }
        }
        else
        {
            OutputSpaceNoise.Add(current, var, zs, work);
        }
    }

    /// <summary>
    /// aihwkit's out_noise on one chunk of output lines starting at <paramref name="chunkStart"/> (a multiple of
    /// <see cref="ChunkLines"/>): σ_out·(the plane's unit current) at the ADC input, one stream per read, tile, plane, slice
    /// and chunk — shared with <see cref="IrDropReader"/>, so both engines draw the same bits.
    /// </summary>
    internal static void AddAdcNoise(AnalogMatrix m, Plane plane, int tile, long read, int p, int s, bool transposed, int chunkStart, Span<float> current, Span<float> z)
    {
        var zc = z[..current.Length];
        m.ReadStream(read, tile, p, s, transposed).Child(KindAdcNoise, (ulong)(chunkStart / ChunkLines)).FillNormal(zc);
        TensorPrimitives.MultiplyAdd(zc, (float)(m.Options.Adc.Noise * plane.UnitCurrent), current, current);
    }

    /// <summary>
    /// Noise-free currents (or, with <paramref name="variance"/>, current variances from squared
    /// voltages) of one unit by a matrix product over all the unit's vectors at once: the packed
    /// broadcast kernel for batches, dot products for a single vector.
    /// </summary>
    private static void Product(Tile tile, Plane plane, bool variance, float[] voltages, ReadOnlySpan<float> packedA, Unit unit, int inLength, bool transposed, Span<float> result)
    {
        int vectors = unit.EndVector - unit.FirstVector;
        int lines = unit.End - unit.Start;
        int inStart = transposed ? tile.RowStart : tile.ColumnStart;
        int inCount = transposed ? tile.RowCount : tile.ColumnCount;
        var a = voltages.AsSpan(unit.FirstVector * inLength + inStart);
        if (!packedA.IsEmpty)
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

    /// <summary>y += factor·c, widening float partial sums to double (digital recombination).</summary>
    internal static void Accumulate(Span<double> y, ReadOnlySpan<float> c, double factor)
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
}
