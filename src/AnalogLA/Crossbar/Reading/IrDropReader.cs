using AnalogLA.Numerics;
using AnalogLA.Periphery;
using System.Numerics.Tensors;

namespace AnalogLA.Crossbar;

/// <summary>Reads with wire resistance: every array solved as a resistive network (<see cref="IrDropSolver"/>).</summary>
internal sealed class IrDropReader(AnalogMatrix m)
{
    [ThreadStatic]
    private static IrDropWorkspace? t_workspace;

    /// <summary>
    /// One work item per (vector, output tile line): for each input tile, plane, device array and input slice the
    /// array's nodal equations are solved for that vector's voltages; the signed column currents of the arrays of a
    /// plane are combined, read noise is added in output space, the reference subtracted and the ADC applied.
    /// </summary>
    internal (long Saturations, long Conversions) Run(EncodedInputs encoded, int count, double[] y, long firstRead, bool transposed, int[]? clippedVectors = null)
    {
        var parasitics = m.Options.Parasitics!;
        double ratio = parasitics.RatioFor(m.Options.Device.Range.GMaxSiemens);
        int lineTiles = transposed ? m.TileColumns : m.TileRows;
        int outLength = transposed ? m.Columns : m.Rows;
        long saturations = 0, conversions = 0, solves = 0, failures = 0;
        int maxIterations = 0;
        var items = new List<(int Vector, int Line)>();
        for (int b = 0; b < count; b++)
        {
            for (int t = 0; t < lineTiles; t++)
            {
                items.Add((b, t));
            }
        }

        void Body((int Vector, int Line) item)
        {
            var r = RunParasiticItem(item.Vector, item.Line, encoded, y, outLength, firstRead, transposed, ratio, parasitics);
            if (r.Saturations > 0 && clippedVectors is not null)
            {
                Volatile.Write(ref clippedVectors[item.Vector], 1);
            }

            Interlocked.Add(ref saturations, r.Saturations);
            Interlocked.Add(ref conversions, r.Conversions);
            Interlocked.Add(ref solves, r.Solves);
            Interlocked.Add(ref failures, r.Failures);
            int current;
            while (r.MaxIterations > (current = Volatile.Read(ref maxIterations)) && Interlocked.CompareExchange(ref maxIterations, r.MaxIterations, current) != current)
            {
            }
        }

        if (items.Count == 1 || m.Options.MaxDegreeOfParallelism == 1)
        {
            items.ForEach(Body);
        }
        else
        {
            Parallel.ForEach(items, new ParallelOptions { MaxDegreeOfParallelism = m.Options.MaxDegreeOfParallelism }, Body);
        }

        m.Diagnostics.AddIrDrop(solves, failures, maxIterations);
        return (saturations, conversions);
    }

    private (long Saturations, long Conversions, long Solves, long Failures, int MaxIterations) RunParasiticItem(
        int vector, int lineTile, EncodedInputs encoded, double[] y, int outLength, long firstRead, bool transposed, double ratio, ParasiticOptions parasitics)
    {
        int inLength = encoded.Length;
        int crossTiles = transposed ? m.TileRows : m.TileColumns;
        long saturations = 0, conversions = 0, solves = 0, failures = 0;
        int maxIterations = 0;
        bool noise = m.Options.Device.HasReadNoise;
        for (int k = 0; k < crossTiles; k++)
        {
            var tile = transposed ? m.Tiles[k * m.TileColumns + lineTile] : m.Tiles[lineTile * m.TileColumns + k];
            if (tile is null)
            {
                continue;
            }

            int inStart = transposed ? tile.RowStart : tile.ColumnStart;
            int inCount = transposed ? tile.RowCount : tile.ColumnCount;
            int lines = transposed ? tile.ColumnCount : tile.RowCount;
            int outStart = transposed ? tile.ColumnStart : tile.RowStart;
            var current = new float[lines];
            var solved = new double[lines];
            var v = new double[inCount];
            var z = new float[ReadEngine.ChunkLines];
            for (int p = 0; p < tile.Planes.Length; p++)
            {
                var plane = tile.Planes[p];
                for (int s = 0; s < encoded.Voltages.Length; s++)
                {
                    var vs = encoded.Voltages[s].AsSpan(vector * inLength + inStart, inCount);
                    for (int i = 0; i < inCount; i++)
                    {
                        v[i] = vs[i];
                    }

                    Array.Clear(current);
                    var devices = plane.Devices!;
                    for (int d = 0; d < devices.Length; d++)
                    {
                        var (converged, iterations) = SolveArray(devices[d], tile, transposed, v, ratio, parasitics, solved);
                        solves++;
                        failures += converged ? 0 : 1;
                        maxIterations = Math.Max(maxIterations, iterations);
                        float sign = d == 0 ? 1 : -1;
                        for (int j = 0; j < lines; j++)
                        {
                            current[j] += sign * (float)solved[j];
                        }
                    }

                    if (noise)
                    {
                        AddParasiticNoise(plane, tile, vs, transposed, firstRead + vector, p, s, current, z);
                    }

                    var reference = transposed ? plane.ReferenceTransposed : plane.ReferenceForward;
                    if (reference is not null)
                    {
                        float iRef = TensorPrimitives.Dot(reference, vs);
                        TensorPrimitives.Subtract(current, iRef, current);
                    }

                    if (m.Options.Adc.Noise > 0)
                    {
                        for (int start = 0; start < lines; start += ReadEngine.ChunkLines)
                        {
                            ReadEngine.AddAdcNoise(m, plane, tile.Index, firstRead + vector, p, s, transposed, start,
                                current.AsSpan(start, Math.Min(ReadEngine.ChunkLines, lines - start)), z);
                        }
                    }

                    double factor = plane.Scale * encoded.SliceFactor[s] * encoded.Range[vector];
                    var yb = y.AsSpan(vector * outLength + outStart, lines);
                    conversions += lines;
                    if (m.Options.Adc.Bits is int bits)
                    {
                        saturations += Quantizer.QuantizeAccumulate(current, transposed ? plane.AdcRangeTransposed : plane.AdcRangeForward, bits, yb, factor);
                    }
                    else
                    {
                        ReadEngine.Accumulate(yb, current, factor);
                    }
                }
            }
        }

        return (saturations, conversions, solves, failures, maxIterations);
    }

    /// <summary>Column currents of one device array (normalised units: ĝ and g_w = 1/(r_w·G_max)).</summary>
    private static (bool Converged, int Iterations) SolveArray(float[] device, Tile tile, bool transposed, double[] v, double ratio, ParasiticOptions parasitics, double[] currents)
    {
        // Network rows are the driven lines: matrix columns for forward reads, matrix rows for transposed reads.
        int m = transposed ? tile.RowCount : tile.ColumnCount;
        int n = transposed ? tile.ColumnCount : tile.RowCount;
        if (ratio == 0)
        {
            Array.Clear(currents);
            for (int i = 0; i < m; i++)
            {
                for (int j = 0; j < n; j++)
                {
                    currents[j] += (transposed ? device[i * n + j] : device[j * m + i]) * v[i];
                }
            }

            return (true, 0);
        }

        var w = t_workspace;
        if (w is null || w.M != m || w.N != n)
        {
            w = t_workspace = new IrDropWorkspace(m, n);
        }

        // The stored block is row-major in matrix rows: the network's row-major layout for transposed reads, its column-major layout for forward reads.
        var target = transposed ? w.GRow : w.GColumn;
        for (int i = 0; i < device.Length; i++)
        {
            target[i] = device[i];
        }

        if (transposed)
        {
            w.FillColumnMajorFromRowMajor();
        }
        else
        {
            w.FillRowMajorFromColumnMajor();
        }

        var (converged, iterations, _) = IrDropSolver.Relax(w, v, 1 / ratio, parasitics.Tolerance, parasitics.MaxIterations, parasitics.InputSide, parasitics.OutputSide, currents);
        return (converged, iterations);
    }

    /// <summary>Output-space read noise on solved currents: √(Σ σ²·v²)·z per line, one stream per 64-line chunk.</summary>
    private void AddParasiticNoise(Plane plane, Tile tile, ReadOnlySpan<float> v, bool transposed, long read, int p, int s, float[] current, float[] z)
    {
        int lines = current.Length;
        int cols = tile.ColumnCount;
        for (int start = 0; start < lines; start += ReadEngine.ChunkLines)
        {
            int count = Math.Min(ReadEngine.ChunkLines, lines - start);
            var zc = z.AsSpan(0, count);
            m.ReadStream(read, tile.Index, p, s, transposed).Child(ReadEngine.KindOutput, (ulong)(start / ReadEngine.ChunkLines)).FillNormal(zc);
            for (int j = 0; j < count; j++)
            {
                int line = start + j;
                double variance = 0;
                if (plane.UniformVariance is float common)
                {
                    variance = common * TensorPrimitives.SumOfSquares(v);
                }
                else if (transposed)
                {
                    for (int i = 0; i < v.Length; i++)
                    {
                        variance += plane.Variance![i * cols + line] * v[i] * v[i];
                    }
                }
                else
                {
                    var row = plane.Variance.AsSpan(line * cols, cols);
                    for (int i = 0; i < v.Length; i++)
                    {
                        variance += row[i] * v[i] * v[i];
                    }
                }

                current[line] += (float)Math.Sqrt(variance) * zc[j];
            }
        }
    }
}
