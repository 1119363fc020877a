using AnalogLA.Numerics;
using AnalogLA.Periphery;
using MathNet.Numerics.LinearAlgebra;

namespace AnalogLA.Crossbar;

/// <summary>
/// A matrix programmed onto simulated analog crossbar tiles, multiplied in situ.
/// </summary>
/// <remarks>
/// <para>Pipeline (DESIGN.md): W → scale by w_max → sign mapping / bit slicing → device programming
/// (levels, programming error: once) → per read: DAC (range, quantisation, optional bit-serial
/// streaming) → Σ G·V per output line with fresh read noise (device-level or output-space sampling)
/// → analog subtraction of the differential or reference current → ADC per tile, plane and input
/// slice → digital recombination of slices and tiles in double precision.</para>
/// <para>The analog path runs in float32 (device errors are orders of magnitude above its rounding);
/// inputs, outputs and recombination are double. Tiles that hold only zeros are not programmed.
/// Every random draw derives from <see cref="AnalogOptions.Seed"/>, the read index, the tile and the
/// position, so a seeded run gives the same bits on any number of threads. Reads are numbered in
/// call order (a batch of B vectors takes B consecutive read numbers).</para>
/// </remarks>
public sealed partial class AnalogMatrix : ILinearOperator
{
    private const ulong PurposeProgram = 1;
    private const ulong PurposeRead = 2;
    private const ulong PurposeCalibrate = 3;

    private readonly Tile?[] _tiles;
    private readonly int _tileRows;
    private readonly int _tileColumns;
    private readonly CounterRandom _readRoot;
    private readonly bool _uniformVariance;
    private long _reads;
    private double? _dacRange;
    private double? _dacRangeTransposed;

    private AnalogMatrix(int rows, int columns, AnalogOptions options, double weightScale, Tile?[] tiles, int tileRows, int tileColumns)
    {
        Rows = rows;
        Columns = columns;
        Options = options;
        WeightScale = weightScale;
        _tiles = tiles;
        _tileRows = tileRows;
        _tileColumns = tileColumns;
        _readRoot = new CounterRandom(CounterRandom.Mix(options.Seed, PurposeRead));
        _uniformVariance = tiles.All(t => t is null || t.Planes.All(p => p.Variance is null || p.UniformVariance is not null));
    }

    /// <inheritdoc />
    public int Rows { get; }

    /// <inheritdoc />
    public int Columns { get; }

    /// <summary>The options this matrix was programmed with.</summary>
    public AnalogOptions Options { get; }

    /// <summary>w_max = max|w|: the weight that maps to the full conductance swing.</summary>
    public double WeightScale { get; }

    /// <summary>Tiles in the grid (including all-zero blocks that were not programmed).</summary>
    public int TileCount => _tiles.Length;

    /// <summary>Tiles actually programmed.</summary>
    public int ProgrammedTileCount => _tiles.Count(t => t is not null);

    /// <summary>Counters of reads and converter events.</summary>
    public CrossbarDiagnostics Diagnostics { get; } = new();

    /// <summary>Programs a dense matrix.</summary>
    /// <exception cref="ArgumentException">An entry is NaN or infinite, or the matrix is empty.</exception>
    public static AnalogMatrix Program(double[,] matrix, AnalogOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        int rows = matrix.GetLength(0), cols = matrix.GetLength(1);
        var data = new double[rows * cols];
        Buffer.BlockCopy(matrix, 0, data, 0, data.Length * sizeof(double));
        return FromRowMajor(data, rows, cols, options ?? AnalogOptions.Ideal);
    }

    /// <summary>Programs a dense row-major matrix.</summary>
    /// <exception cref="ArgumentException">Wrong length, a NaN or infinite entry, or non-positive sizes.</exception>
    public static AnalogMatrix Program(ReadOnlySpan<double> rowMajor, int rows, int columns, AnalogOptions? options = null)
    {
        CheckSize(rows, columns);
        if (rowMajor.Length != (long)rows * columns)
        {
            throw new ArgumentException($"matrix data has {rowMajor.Length} entries, expected rows × columns = {rows}×{columns} = {(long)rows * columns}.", nameof(rowMajor));
        }

        return FromRowMajor(rowMajor.ToArray(), rows, columns, options ?? AnalogOptions.Ideal);
    }

    /// <summary>Programs a MathNet matrix, dense or sparse; sparse matrices program only the tiles their nonzeros touch.</summary>
    public static AnalogMatrix Program(Matrix<double> matrix, AnalogOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        options ??= AnalogOptions.Ideal;
        if (!matrix.Storage.IsDense)
        {
            return FromSparse(matrix, options);
        }

        return FromRowMajor(matrix.ToRowMajorArray(), matrix.RowCount, matrix.ColumnCount, options);
    }

    private static void CheckSize(int rows, int columns)
    {
        if (rows <= 0 || columns <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(rows), $"matrix size must be positive, got {rows}×{columns}.");
        }
    }

    private static AnalogMatrix FromRowMajor(double[] data, int rows, int cols, AnalogOptions options)
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

    private static AnalogMatrix FromSparse(Matrix<double> matrix, AnalogOptions options)
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
        var programRoot = new CounterRandom(CounterRandom.Mix(options.Seed, PurposeProgram));
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
            double scale = options.Mapping.ScalePerTile ? MaxAbs(block) : wMax;
            var planes = WeightMapper.Map(block, nr, nc, scale, options, programRoot.Child((ulong)index));
            tiles[index] = new Tile { Index = index, RowStart = r0, RowCount = nr, ColumnStart = c0, ColumnCount = nc, Planes = planes };
            if (compensate)
            {
                // The same devices just after programming (same streams, no aging), for the reference readout.
                var fresh = WeightMapper.Map(block, nr, nc, scale, options with { Aging = null }, programRoot.Child((ulong)index));
                lock (freshSums)
                {
                    AddAllOnesReadout(planes, nr, nc, r0, agedSums);
                    AddAllOnesReadout(fresh, nr, nc, r0, freshSums);
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
        result.SetInitialAdcRanges();
        return result;
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

    /// <summary>
    /// The matrix the arrays hold now, read without noise: Σ_planes scale·(G − G_ref). Shows programming
    /// error and level quantisation; useful to separate static from read errors.
    /// </summary>
    public double[,] ProgrammedMatrix()
    {
        var w = new double[Rows, Columns];
        foreach (var tile in _tiles)
        {
            if (tile is null)
            {
                continue;
            }

            foreach (var plane in tile.Planes)
            {
                for (int r = 0; r < tile.RowCount; r++)
                {
                    for (int c = 0; c < tile.ColumnCount; c++)
                    {
                        double g = plane.G[r * tile.ColumnCount + c];
                        if (plane.ReferenceForward is { } reference)
                        {
                            g -= reference[c];
                        }

                        w[tile.RowStart + r, tile.ColumnStart + c] += plane.Scale * g;
                    }
                }
            }
        }

        return w;
    }

    /// <summary>y = A·x with fresh read noise.</summary>
    public void Multiply(ReadOnlySpan<double> x, Span<double> y) => MultiplyBatch(x, 1, y);

    /// <summary>y = A·x into a new array.</summary>
    public double[] Multiply(ReadOnlySpan<double> x)
    {
        var y = new double[Rows];
        Multiply(x, y);
        return y;
    }

    /// <summary>y = Aᵀ·x, the same arrays read from the other side, with fresh read noise.</summary>
    public void MultiplyTransposed(ReadOnlySpan<double> x, Span<double> y) => MultiplyTransposedBatch(x, 1, y);

    /// <summary>
    /// Many products in one call: <paramref name="xs"/> holds <paramref name="count"/> input vectors
    /// of length <see cref="Columns"/> back to back; <paramref name="ys"/> receives the outputs back to
    /// back. Each vector sees its own fresh read noise.
    /// </summary>
    public void MultiplyBatch(ReadOnlySpan<double> xs, int count, Span<double> ys) => Run(xs, count, ys, transposed: false);

    /// <summary>Batched Aᵀ·x; see <see cref="MultiplyBatch"/>.</summary>
    public void MultiplyTransposedBatch(ReadOnlySpan<double> xs, int count, Span<double> ys) => Run(xs, count, ys, transposed: true);

    private static void CheckFinite(ReadOnlySpan<double> values, string name)
    {
        // x − x is 0 exactly when x is finite (∞ − ∞ and NaN − NaN are NaN): a vectorised scan that only
        // falls back to the scalar loop to name the offending index.
        int i = 0;
        if (System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated)
        {
            for (; i <= values.Length - 4; i += 4)
            {
                var v = System.Runtime.Intrinsics.Vector256.Create(values.Slice(i, 4));
                if (!System.Runtime.Intrinsics.Vector256.EqualsAll(v - v, System.Runtime.Intrinsics.Vector256<double>.Zero))
                {
                    break;
                }
            }
        }

        for (; i < values.Length; i++)
        {
            if (!double.IsFinite(values[i]))
            {
                throw new ArgumentException($"{name}[{i}] is {values[i]}; inputs must be finite.", name);
            }
        }
    }
}
