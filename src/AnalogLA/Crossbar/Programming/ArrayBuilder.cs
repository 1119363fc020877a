using AnalogLA.Numerics;
using MathNet.Numerics.LinearAlgebra;

namespace AnalogLA.Crossbar;

/// <summary>
/// The programming stage: a matrix (dense or sparse) → tiles → per-tile scaling → sign mapping and bit slicing →
/// device programming (<see cref="WeightMapper"/>) → optional drift compensation of aged arrays; all-zero tiles are
/// not programmed.
/// </summary>
internal static class ArrayBuilder
{
    internal static void CheckSize(int rows, int columns)
    {
        if (rows <= 0 || columns <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(rows), $"matrix size must be positive, got {rows}×{columns}.");
        }
    }

    internal static AnalogMatrix FromRowMajor(double[] data, int rows, int cols, AnalogOptions options)
    {
        CheckSize(rows, cols);
        options.Validate();
        double wMax = 0;
        for (int i = 0; i < data.Length; i++)
        {
            double v = data[i];
            if (!double.IsFinite(v))
            {
                throw new ArgumentException($"matrix entry ({i / cols}, {i % cols}) is {v}; entries must be finite.", "matrix");
            }

            wMax = Math.Max(wMax, Math.Abs(v));
        }

        return Build(rows, cols, options, wMax, (r0, c0, nr, nc, block) =>
        {
            bool any = false;
            for (int r = 0; r < nr; r++)
            {
                var src = data.AsSpan((r0 + r) * cols + c0, nc);
                src.CopyTo(block.AsSpan(r * nc, nc));
                any |= src.ContainsAnyExcept(0.0);
            }

            return any;
        });
    }

    internal static AnalogMatrix FromSparse(Matrix<double> matrix, AnalogOptions options)
    {
        int rows = matrix.RowCount, cols = matrix.ColumnCount;
        CheckSize(rows, cols);
        options.Validate();
        int tr = options.Tiling.Rows, tc = options.Tiling.Columns;
        int tileCols = (cols + tc - 1) / tc;
        var buckets = new Dictionary<int, List<(int Row, int Column, double Value)>>();
        double wMax = 0;
        foreach (var (i, j, v) in matrix.EnumerateIndexed(MathNet.Numerics.LinearAlgebra.Zeros.AllowSkip))
        {
            if (!double.IsFinite(v))
            {
                throw new ArgumentException($"matrix entry ({i}, {j}) is {v}; entries must be finite.", nameof(matrix));
            }

            if (v == 0)
            {
                continue;
            }

            wMax = Math.Max(wMax, Math.Abs(v));
            int key = (i / tr) * tileCols + (j / tc);
            if (!buckets.TryGetValue(key, out var list))
            {
                buckets[key] = list = [];
            }

            list.Add((i, j, v));
        }

        return Build(rows, cols, options, wMax, (r0, c0, nr, nc, block) =>
        {
            int key = (r0 / tr) * tileCols + (c0 / tc);
            if (!buckets.TryGetValue(key, out var list))
            {
                return false;
            }

            Array.Clear(block, 0, nr * nc);
            foreach (var (i, j, v) in list)
            {
                block[(i - r0) * nc + (j - c0)] = v;
            }

            return true;
        });
    }

    private delegate bool BlockSource(int rowStart, int columnStart, int rowCount, int columnCount, double[] block);

    private static AnalogMatrix Build(int rows, int cols, AnalogOptions options, double wMax, BlockSource source)
    {
        int tr = options.Tiling.Rows, tc = options.Tiling.Columns;
        int tileRows = (rows + tr - 1) / tr;
        int tileCols = (cols + tc - 1) / tc;
        var tiles = new Tile?[tileRows * tileCols];
        var programRoot = new CounterRandom(CounterRandom.Mix(options.Seed, AnalogMatrix.PurposeProgram));
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.MaxDegreeOfParallelism };
        bool compensate = options.DriftCompensation && options.Aging is not null;
        var freshSums = new double[rows];
        var agedSums = new double[rows];
        Parallel.For(0, tiles.Length, parallel, index =>
        {
            int r0 = (index / tileCols) * tr, c0 = (index % tileCols) * tc;
            int nr = Math.Min(tr, rows - r0), nc = Math.Min(tc, cols - c0);
            var block = new double[nr * nc];
            if (!source(r0, c0, nr, nc, block))
            {
                return;
            }

            // Per-tile scaling: each array uses its own max|w| (a digital gain per tile), so blocks of small
            // entries keep their resolution instead of rounding to zero against the global maximum.
            double scale = (options.Mapping.ScalePerTile ? MaxAbs(block) : wMax) / options.Mapping.Headroom;
            var root = programRoot.Child((ulong)index);
            var planes = WeightMapper.Map(block, nr, nc, scale, options, root);
            // The same devices just after programming (same streams, no aging): what a verify read and the drift
            // compensation's reference readout see.
            var fresh = options.Aging is null ? planes
                : compensate || options.Mapping.Compensation > 0 ? WeightMapper.Map(block, nr, nc, scale, options with { Aging = null }, root)
                : null;
            if (options.Mapping.Compensation > 0)
            {
                (planes, fresh) = Compensate(block, nr, nc, planes, fresh!, options, root);
            }

            tiles[index] = new Tile { Index = index, RowStart = r0, RowCount = nr, ColumnStart = c0, ColumnCount = nc, Planes = planes };
            if (compensate)
            {
                lock (freshSums)
                {
                    AddAllOnesReadout(planes, nr, nc, r0, agedSums);
                    AddAllOnesReadout(fresh!, nr, nc, r0, freshSums);
                }
            }
        });

        if (compensate)
        {
            double reference = freshSums.Sum(Math.Abs), now = agedSums.Sum(Math.Abs);
            double factor = now > 0 ? reference / now : 1;
            foreach (var plane in tiles.Where(t => t is not null).SelectMany(t => t!.Planes))
            {
                plane.Scale *= factor;
            }
        }

        var result = new AnalogMatrix(rows, cols, options, wMax, tiles, tileRows, tileCols);
        result.Converters.SetInitialAdcRanges();
        return result;
    }

    /// <summary>
    /// Error-compensating programming (<see cref="MappingOptions.Compensation"/>): verify-read the planes written so far
    /// (the devices just after programming, <paramref name="fresh"/>, each read's noise averaged over
    /// <see cref="MappingOptions.VerifyReads"/>), program the measured error at its own scale onto new planes, repeat.
    /// Returns the planes as read (aged, when aging is set) and their fresh counterparts.
    /// </summary>
    private static (Plane[] Planes, Plane[] Fresh) Compensate(double[] block, int rows, int cols, Plane[] planes, Plane[] fresh, AnalogOptions options, CounterRandom root)
    {
        var all = new List<Plane>(planes);
        var verified = new List<Plane>(fresh);
        double verifyNoise = 1 / Math.Sqrt(options.Mapping.VerifyReads);
        var residual = new double[block.Length];
        for (int k = 1; k <= options.Mapping.Compensation; k++)
        {
            var verify = root.Child(0xC0DE_0000UL + (ulong)k);
            Array.Copy(block, residual, block.Length);
            for (int p = 0; p < verified.Count; p++)
            {
                SubtractReadBack(verified[p], rows, cols, verifyNoise, verify.Child((ulong)p), residual);
            }

            double stageScale = MaxAbs(residual);
            if (stageScale == 0)
            {
                break;
            }

            var stream = root.Child(0xC0DE_1000UL + (ulong)k);
            var stage = WeightMapper.Map(residual, rows, cols, stageScale, options, stream);
            all.AddRange(stage);
            verified.AddRange(options.Aging is null ? stage : WeightMapper.Map(residual, rows, cols, stageScale, options with { Aging = null }, stream));
        }

        return ([.. all], [.. verified]);
    }

    /// <summary>residual −= the verify read of one plane: Scale·(G − reference + σ·z/√reads) per weight.</summary>
    private static void SubtractReadBack(Plane plane, int rows, int cols, double verifyNoise, CounterRandom random, double[] residual)
    {
        var z = new float[cols];
        for (int r = 0; r < rows; r++)
        {
            if (plane.Sigma is not null)
            {
                random.Child((ulong)r).FillNormal(z);
            }

            for (int c = 0; c < cols; c++)
            {
                int i = r * cols + c;
                double g = plane.G[i] - (plane.ReferenceForward?[c] ?? 0);
                if (plane.Sigma is { } sigma)
                {
                    g += sigma[i] * verifyNoise * z[c];
                }

                residual[i] -= plane.Scale * g;
            }
        }
    }

    private static double MaxAbs(double[] values)
    {
        double max = 0;
        foreach (double v in values)
        {
            max = Math.Max(max, Math.Abs(v));
        }

        return max;
    }

    /// <summary>Adds the noise-free output for an all-ones input (in weight units) of <paramref name="planes"/> to <paramref name="sums"/>.</summary>
    private static void AddAllOnesReadout(Plane[] planes, int rows, int cols, int rowStart, double[] sums)
    {
        foreach (var plane in planes)
        {
            double reference = plane.ReferenceForward?.Sum(v => (double)v) ?? 0;
            for (int r = 0; r < rows; r++)
            {
                double sum = 0;
                for (int c = 0; c < cols; c++)
                {
                    sum += plane.G[r * cols + c];
                }

                sums[rowStart + r] += plane.Scale * (sum - reference);
            }
        }
    }
}
