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
/// <para>Threads: <see cref="Multiply(ReadOnlySpan{double}, Span{double})"/> and the other reads may be called from
/// many threads at once — read numbers are reserved atomically, the counters are atomic and read-time calibration
/// (<see cref="Periphery.AdcOptions.CalibrationReads"/>) is serialised — and concurrent reads give the sequential
/// reads' outputs in some order (tested). <see cref="Calibrate(double[,], bool)"/> rewrites the converter ranges and
/// must not run while another thread reads the same matrix.</para>
/// </remarks>
public sealed class AnalogMatrix : ILinearOperator
{
    internal const ulong PurposeProgram = 1;
    internal const ulong PurposeRead = 2;
    internal const ulong PurposeCalibrate = 3;

    private readonly CounterRandom _readRoot;
    private readonly ReadEngine _reader;
    private long _reads;

    internal AnalogMatrix(int rows, int columns, AnalogOptions options, double weightScale, Tile?[] tiles, int tileRows, int tileColumns)
    {
        Rows = rows;
        Columns = columns;
        Options = options;
        WeightScale = weightScale;
        Tiles = tiles;
        TileRows = tileRows;
        TileColumns = tileColumns;
        _readRoot = new CounterRandom(CounterRandom.Mix(options.Seed, PurposeRead));
        UniformVariance = tiles.All(t => t is null || t.Planes.All(p => p.Variance is null || p.UniformVariance is not null));
        Converters = new ConverterCalibration(this);
        Cost = new CrossbarCost(this);
        IrDrop = new IrDropReader(this);
        _reader = new ReadEngine(this);
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
    public int TileCount => Tiles.Length;

    /// <summary>Tiles actually programmed.</summary>
    public int ProgrammedTileCount => Tiles.Count(t => t is not null);

    /// <summary>Latency of one MVM in seconds (<see cref="CrossbarCost.LatencySecondsPerMvm"/>).</summary>
    public double LatencySecondsPerMvm(bool transposed = false) => Cost.LatencySecondsPerMvm(transposed);

    /// <summary>Chip area of the programmed arrays and their converters (mm²): cells, ADCs and row DACs.</summary>
    public double AreaMm2 => Cost.AreaMm2;

    /// <summary>
    /// The sampling the reads use: <see cref="AnalogOptions.Sampling"/>, with <see cref="SamplingMode.Auto"/> resolved to
    /// output space for Gaussian (or absent) read noise — exact there and 10–300× faster — and to device level otherwise.
    /// </summary>
    public SamplingMode EffectiveSampling => Options.ResolvedSampling;

    /// <summary>The tile grid, row-major (null: an all-zero block, not programmed).</summary>
    internal Tile?[] Tiles { get; }

    /// <summary>Tile rows of the grid.</summary>
    internal int TileRows { get; }

    /// <summary>Tile columns of the grid.</summary>
    internal int TileColumns { get; }

    /// <summary>Whether every plane's read variance is state-independent (one σ² per plane).</summary>
    internal bool UniformVariance { get; }

    /// <summary>The readout stage's ranges and calibration.</summary>
    internal ConverterCalibration Converters { get; }

    /// <summary>Energy, latency and area.</summary>
    internal CrossbarCost Cost { get; }

    /// <summary>The IR-drop read engine (used when <see cref="AnalogOptions.Parasitics"/> is set).</summary>
    internal IrDropReader IrDrop { get; }

    /// <summary>The DAC range fixed by calibration for forward reads (null when the range is dynamic or fixed).</summary>
    internal double? DacRangeForward => Converters.DacRange(transposed: false);

    /// <summary>Per output row: Σ over tiles of the ADC rounding variance Δ²/12.</summary>
    internal double[] AdcQuantizationVariance() => Converters.AdcQuantizationVariance();

    /// <summary>Vectors one keyed read may hold (the low bits of its read indices).</summary>
    internal const int KeyedReadVectors = 1 << 24;

    /// <summary>
    /// The first read index of a read named by (<paramref name="a"/>, <paramref name="b"/>) rather than by arrival order
    /// (e.g. Monte Carlo sample b of batch a): the top bit set (never a sequential index), 39 hashed bits, and 24 low
    /// bits zero for the vectors of the read. Reads keyed this way draw the same noise whatever runs beside them.
    /// </summary>
    internal static long ReadKey(ulong a, ulong b) =>
        (long)((CounterRandom.Mix(a, b) | (1UL << 63)) & ~((ulong)KeyedReadVectors - 1));

    /// <summary>A keyed read of prepared inputs (see <see cref="ReadKey"/>; at most <see cref="KeyedReadVectors"/> vectors).</summary>
    internal void MultiplyBatch(PreparedInputs inputs, Span<float> ys, long readKey)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (!ReferenceEquals(inputs.Matrix, this) || inputs.Count > KeyedReadVectors)
        {
            throw new ArgumentException("the inputs were prepared for another matrix, or exceed one keyed read.", nameof(inputs));
        }

        _reader.Run(inputs, ys, readKey);
    }

    /// <summary>A keyed batch read (see <see cref="ReadKey"/>; at most <see cref="KeyedReadVectors"/> vectors).</summary>
    internal void MultiplyBatch(ReadOnlySpan<float> xs, int count, Span<float> ys, long readKey)
    {
        if (count > KeyedReadVectors)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, $"one keyed read holds at most {KeyedReadVectors} vectors.");
        }

        _reader.Run(xs, count, ys, transposed: false, readKey);
    }

    /// <summary>Reserves <paramref name="count"/> consecutive read numbers; returns the first.</summary>
    internal long ReserveReads(int count) => Interlocked.Add(ref _reads, count) - count;

    /// <summary>The random stream of one read of one tile, plane, input slice and direction.</summary>
    internal CounterRandom ReadStream(long read, int tile, int plane, int slice, bool transposed) =>
        _readRoot.Child((ulong)read, (ulong)tile, PlaneBits(plane, slice, transposed));

    /// <summary>The key <see cref="ReadStream"/> mixes first (read), exposed so hot loops can hoist it: ReadStream = Mix(Mix(Mix(root, read), tile), PlaneBits).</summary>
    internal ulong ReadRootKey => _readRoot.Key;

    internal static ulong PlaneBits(int plane, int slice, bool transposed) => ((ulong)plane << 16) | ((ulong)slice << 1) | (transposed ? 1UL : 0UL);

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
        return ArrayBuilder.FromRowMajor(data, rows, cols, options ?? AnalogOptions.Ideal);
    }

    /// <summary>Programs a dense row-major matrix.</summary>
    /// <exception cref="ArgumentException">Wrong length, a NaN or infinite entry, or non-positive sizes.</exception>
    public static AnalogMatrix Program(ReadOnlySpan<double> rowMajor, int rows, int columns, AnalogOptions? options = null)
    {
        ArrayBuilder.CheckSize(rows, columns);
        if (rowMajor.Length != (long)rows * columns)
        {
            throw new ArgumentException($"matrix data has {rowMajor.Length} entries, expected rows × columns = {rows}×{columns} = {(long)rows * columns}.", nameof(rowMajor));
        }

        return ArrayBuilder.FromRowMajor(rowMajor.ToArray(), rows, columns, options ?? AnalogOptions.Ideal);
    }

    /// <summary>Programs a MathNet matrix, dense or sparse; sparse matrices program only the tiles their nonzeros touch.</summary>
    public static AnalogMatrix Program(Matrix<double> matrix, AnalogOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        options ??= AnalogOptions.Ideal;
        if (!matrix.Storage.IsDense)
        {
            return ArrayBuilder.FromSparse(matrix, options);
        }

        return ArrayBuilder.FromRowMajor(matrix.ToRowMajorArray(), matrix.RowCount, matrix.ColumnCount, options);
    }

    /// <summary>
    /// The matrix the arrays hold now, read without noise: Σ_planes scale·(G − G_ref). Shows programming
    /// error and level quantisation; useful to separate static from read errors.
    /// </summary>
    public double[,] ProgrammedMatrix()
    {
        var w = new double[Rows, Columns];
        foreach (var tile in Tiles)
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

    /// <summary>
    /// Calibrates the converter ranges that are in calibrated mode on the user's representative inputs
    /// (rows of <paramref name="inputs"/>, each of length <see cref="Columns"/>, or <see cref="Rows"/>
    /// when <paramref name="transposed"/>): the DAC range becomes the largest |x| and each ADC range
    /// headroom × the largest noise-free |current| of its tile and plane.
    /// </summary>
    public void Calibrate(double[,] inputs, bool transposed = false)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        int count = inputs.GetLength(0), length = inputs.GetLength(1);
        int expected = transposed ? Rows : Columns;
        if (length != expected || count < 1)
        {
            throw new ArgumentException($"calibration inputs must be a (count ≥ 1)×{expected} array, got {count}×{length}.", nameof(inputs));
        }

        var flat = new double[count * length];
        Buffer.BlockCopy(inputs, 0, flat, 0, flat.Length * sizeof(double));
        CheckFinite(flat, "inputs");
        Converters.Calibrate(flat, count, transposed);
    }

    /// <summary>
    /// Calibrates on <paramref name="count"/> row-major input vectors (the vectors the array will actually see, e.g.
    /// a network layer's activations or a preconditioner's residuals); see <see cref="Calibrate(double[,], bool)"/>.
    /// </summary>
    public void Calibrate(ReadOnlySpan<float> inputs, int count, bool transposed = false)
    {
        int length = transposed ? Rows : Columns;
        if (count < 1 || inputs.Length != (long)count * length)
        {
            throw new ArgumentException($"calibration inputs must hold count ≥ 1 vectors of {length} values, got {inputs.Length} values for {count}.", nameof(inputs));
        }

        var flat = new double[inputs.Length];
        for (int i = 0; i < flat.Length; i++)
        {
            flat[i] = inputs[i];
        }

        CheckFinite(flat, "inputs");
        Converters.Calibrate(flat, count, transposed);
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
    public void MultiplyBatch(ReadOnlySpan<double> xs, int count, Span<double> ys) => _reader.Run(xs, count, ys, transposed: false);

    /// <summary>
    /// The float API (the BNN and the stochastic arrays): the same reads from float inputs, which the DAC encodes
    /// directly, into float outputs (recombined digitally in double, then rounded once). Same bits as the double API
    /// for inputs that are floats.
    /// </summary>
    public void MultiplyBatch(ReadOnlySpan<float> xs, int count, Span<float> ys) => _reader.Run(xs, count, ys, transposed: false);

    /// <summary>
    /// Stages <paramref name="count"/> input vectors (row-major, length <see cref="Columns"/>, or <see cref="Rows"/> when
    /// <paramref name="transposed"/>) for repeated reads: see <see cref="PreparedInputs"/>. The inputs are copied.
    /// </summary>
    public PreparedInputs Prepare(ReadOnlySpan<float> xs, int count, bool transposed = false)
    {
        int length = transposed ? Rows : Columns;
        if (count < 1 || xs.Length != (long)count * length)
        {
            throw new ArgumentException($"Prepare: x has {xs.Length} entries, expected count ≥ 1 vectors of {length}.", nameof(xs));
        }

        CheckFinite(xs, "x");
        return new PreparedInputs(this, xs.ToArray(), count, transposed);
    }

    /// <summary>
    /// One fresh read of prepared inputs (A·x, or Aᵀ·x when they were prepared transposed) into <paramref name="ys"/>
    /// (count × outputs): the same bits as reading the inputs themselves at this read index.
    /// </summary>
    public void MultiplyBatch(PreparedInputs inputs, Span<float> ys)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (!ReferenceEquals(inputs.Matrix, this))
        {
            throw new ArgumentException("the inputs were prepared for another matrix.", nameof(inputs));
        }

        _reader.Run(inputs, ys);
    }

    /// <summary>Batched Aᵀ·x from float inputs; see <see cref="MultiplyBatch(ReadOnlySpan{float}, int, Span{float})"/>.</summary>
    public void MultiplyTransposedBatch(ReadOnlySpan<float> xs, int count, Span<float> ys) => _reader.Run(xs, count, ys, transposed: true);

    /// <summary>Batched Aᵀ·x; see <see cref="MultiplyBatch(ReadOnlySpan{double}, int, Span{double})"/>.</summary>
    public void MultiplyTransposedBatch(ReadOnlySpan<double> xs, int count, Span<double> ys) => _reader.Run(xs, count, ys, transposed: true);

    internal static void CheckFinite<T>(ReadOnlySpan<T> values, string name)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(double))
        {
            CheckFinite(System.Runtime.InteropServices.MemoryMarshal.Cast<T, double>(values), name);
            return;
        }

        for (int i = 0; i < values.Length; i++)
        {
            if (!T.IsFinite(values[i]))
            {
                throw new ArgumentException($"{name}[{i}] is {values[i]}; inputs must be finite.", name);
            }
        }
    }

    internal static void CheckFinite(ReadOnlySpan<double> values, string name)
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
