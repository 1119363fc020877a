using AnalogLA.Numerics;
using AnalogLA.Periphery;
using System.Numerics.Tensors;

namespace AnalogLA.Crossbar;

/// <summary>
/// The read stage's input side, separable from the analog side so that repeated reads of the same inputs share it:
/// <see cref="Stage"/> (encoding, units, packing, norms, energy), <see cref="CacheCurrents"/> (noise-free currents) and
/// the read of <see cref="PreparedInputs"/>.
/// </summary>
internal sealed partial class ReadEngine
{
    /// <summary>A read of prepared inputs: the shared deterministic part when it can be shared, else a full read of the stored copy.</summary>
    internal void Run(PreparedInputs prepared, Span<float> ys, long? readKey = null)
    {
        int outLength = prepared.Transposed ? m.Columns : m.Rows;
        if (ys.Length != (long)prepared.Count * outLength)
        {
            throw new ArgumentException($"MultiplyBatch: y has {ys.Length} entries, expected {prepared.Count}×{outLength}.", nameof(ys));
        }

        m.Converters.CalibrateOnRead<float>(prepared.Inputs, prepared.Count, prepared.Transposed);
        bool shareable = m.Options.Dac.Noise == 0
            && m.Options.Parasitics is null
            && !(m.Options.Device.HasReadNoise && m.EffectiveSampling != SamplingMode.Output)
            && !BoundManaged
            && !m.Converters.ReadCalibrationPending(prepared.Transposed);
        var staged = prepared.Staged(this, shareable);
        if (staged is null)
        {
            Run<float>(prepared.Inputs, prepared.Count, ys, prepared.Transposed, readKey);
            return;
        }

        Execute(staged, readKey ?? m.ReserveReads(prepared.Count), ys, clippedVectors: null);
    }

    /// <summary>
    /// The input side of a read: the DAC encoding (with its input noise, drawn for <paramref name="firstRead"/>; null
    /// when the DAC has none), the work units, the packed inputs, the per-tile Σ v² and the read energy.
    /// </summary>
    internal StagedRead Stage<T>(ReadOnlySpan<T> xs, int count, bool transposed, double inputReduction, long? firstRead)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        int inLength = transposed ? m.Rows : m.Columns;
        bool noise = m.Options.Device.HasReadNoise;
        bool outputSpace = !noise || m.EffectiveSampling == SamplingMode.Output;
        bool parasitic = m.Options.Parasitics is not null;   // reads solved as networks: no units, packing or norms
        var encoded = InputEncoder.EncodeCore(xs, count, inLength, m.Options.Dac, m.Options.Mapping.InputSliceBits,
            m.Converters.DacRange(transposed), needSquares: !parasitic && noise && outputSpace && !m.UniformVariance, Parallelism.Degree(m.Options.MaxDegreeOfParallelism), inputReduction);
        if (m.Options.Dac.Noise > 0)
        {
            // One analog input line per matrix column (row, transposed) drives every tile along it.
            long read = firstRead ?? throw new InvalidOperationException("DAC input noise needs the read index.");
            InputEncoder.AddNoise(encoded, m.Options.Dac.Noise, (b, s) => m.ReadStream(read + b, 0, 0, s, transposed).Child(KindInputNoise));
        }

        var units = new List<Unit>();
        int lineTiles = transposed ? m.TileColumns : m.TileRows;
        int outLength = transposed ? m.Columns : m.Rows;
        int lineSize = transposed ? m.Options.Tiling.Columns : m.Options.Tiling.Rows;
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

        var packedInputs = !parasitic && outputSpace && count >= MinimumBatchForBroadcastKernel
            ? PackedInputs.Build(m, encoded, transposed, noise)
            : null;

        if (!parasitic && noise && outputSpace && m.UniformVariance)
        {
            // Σ v² per vector and input tile, once per call (every output chunk of the tile needs it).
            int crossTiles = transposed ? m.TileRows : m.TileColumns;
            int side = transposed ? m.Options.Tiling.Rows : m.Options.Tiling.Columns;
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

        return new StagedRead(encoded, packedInputs, units, count, transposed, noise, outputSpace, parasitic, m.Cost.ReadEnergy(encoded, count, transposed));
    }

    /// <summary>
    /// The noise-free currents (and the standard deviations of their read noise) of every unit, tile, plane and slice of a staged read, computed
    /// once so that repeated reads of the same inputs (<see cref="PreparedInputs"/>) only draw noise and convert;
    /// false (nothing cached) when they would exceed <paramref name="maximumFloats"/>.
    /// </summary>
    internal bool CacheCurrents(StagedRead staged, long maximumFloats)
    {
        if (staged.Parasitic || !staged.OutputSpace)
        {
            return false;
        }

        bool transposed = staged.Transposed;
        int crossTiles = transposed ? m.TileRows : m.TileColumns;
        int planes = m.Tiles.Max(t => t?.Planes.Length ?? 0);
        int slices = staged.Encoded.Voltages.Length;
        bool variances = staged.Noise && !m.UniformVariance;
        var offsets = new long[staged.Units.Count + 1];
        for (int i = 0; i < staged.Units.Count; i++)
        {
            var u = staged.Units[i];
            offsets[i + 1] = offsets[i] + ((long)(u.End - u.Start) * (u.EndVector - u.FirstVector) * crossTiles * planes * slices * (variances ? 2 : 1));
        }

        if (offsets[^1] > Math.Min(maximumFloats, Array.MaxLength))
        {
            return false;
        }

        var cache = new float[offsets[^1]];
        var encoded = staged.Encoded;
        Parallel.For(0, staged.Units.Count, Parallelism.Options(m.Options.MaxDegreeOfParallelism), i =>
        {
            var unit = staged.Units[i];
            int block = (unit.End - unit.Start) * (unit.EndVector - unit.FirstVector);
            long at = offsets[i];
            for (int k = 0; k < crossTiles; k++)
            {
                var tile = transposed ? m.Tiles[k * m.TileColumns + unit.TileLine] : m.Tiles[unit.TileLine * m.TileColumns + k];
                for (int p = 0; p < planes; p++)
                {
                    for (int s = 0; s < slices; s++, at += block * (variances ? 2 : 1))
                    {
                        if (tile is null || p >= tile.Planes.Length)
                        {
                            continue;
                        }

                        var plane = tile.Planes[p];
                        Product(tile, plane, variance: false, encoded.Voltages[s], PackedInputs.Block(staged.Packed, s, squared: false, unit.FirstVector / VectorBlock, k), unit, encoded.Length, transposed, cache.AsSpan((int)at, block));
                        if (variances && plane.UniformVariance is null)
                        {
                            var deviation = cache.AsSpan((int)(at + block), block);
                            Product(tile, plane, variance: true, encoded.SquaredVoltages![s], PackedInputs.Block(staged.Packed, s, squared: true, unit.FirstVector / VectorBlock, k), unit, encoded.Length, transposed, deviation);
                            // Stored as σ = √variance: every repeated read needs σ, not the variance.
                            TensorPrimitives.Sqrt(deviation, deviation);
                        }
                    }
                }
            }
        });
        staged.SetCache(cache, offsets, planes, variances);
        return true;
    }
}
