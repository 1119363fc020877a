using System.Buffers;
using System.Numerics.Tensors;
using System.Runtime.Intrinsics;
using AnalogLA.Crossbar;
using AnalogLA.Devices;
using AnalogLA.Numerics;
using AnalogLA.Periphery;

namespace AnalogLA.Stochastic;

/// <summary>
/// A stochastic weight array: each weight's mean on an <see cref="AnalogMatrix"/> (DW-MTJs by default) and its
/// standard deviation on K Bayes-MTJs (<see cref="Devices.StochasticMtj"/>); every <see cref="MultiplyBatch(ReadOnlySpan{float}, int, Span{float})"/> is
/// one fresh sample of W·x with W ~ N(μ, σ²) elementwise.
/// </summary>
/// <remarks>
/// <para>Liu et al., "Bayesian neural networks using magnetic tunnel junction-based probabilistic in-memory
/// computing", Front. Nanotechnol. 4:1021943, 2022: a DW-MTJ holds μ and stochastic MTJs hold σ. A Bayes-MTJ cell
/// contributes ΔG·(s − p)·v (s ∈ {0, 1} drawn at each read, P(s = 1) = p), so K cells per weight give zero mean and
/// variance K·ΔG²·p(1 − p)·v². σ is mapped per layer: one scale c = σ_max,layer/σ_G,max(K) (weight units per siemens),
/// σ_G = σ/c → p → Δ → K_i (<see cref="Devices.StochasticMtj.ProgramFor"/>); with <see cref="StochasticOptions.AnisotropyVariation"/>
/// the programmed K_i is perturbed per device and the realised σ follows from the perturbed p.</para>
/// <para>Reference current: hardware cannot subtract each device's own p (it does not know it); it subtracts the
/// nominal K·p̂·ΔG of each weight, p̂ being the design value the σ map asked for — a reference conductance per weight
/// programmed once from p̂ (equivalently folded into the mean DW-MTJ's programmed value). So with device-to-device
/// anisotropy variation each cell contributes ΔG·(s − p̂) and a column carries the systematic, read-independent error
/// ΔG·Σ_i Σ_d (p_id − p̂_i)·v_i (<see cref="SystematicOffset"/>) besides its zero-mean noise; without variation p = p̂
/// and the error vanishes.</para>
/// <para>Sampling: device-level draws every cell's state (exact); output-space draws √(Σ_i σ_ij²·v_i²)·z per output
/// (z standard normal), the central-limit view, exact in mean and variance. Inputs pass the mean array's DAC
/// (the same <see cref="InputEncoder"/>, bits, range mode and calibrated range); the σ currents are digitised by their own ADC of the mean array's resolution with
/// range ±4·σ_col,max·max|x| (a design choice: in the published array both currents share a column and one ADC).</para>
/// </remarks>
public sealed class StochasticMatrix
{
    private readonly float[] _probability;      // rows·cols·K (device level): telegraph p, or the macrospin read-out table coordinate of Δ
    private readonly float[] _variance;         // rows·cols, realised σ² in weight units
    private readonly float[] _columnSigma;      // per output: √Σ_i σ_ij² (full-scale inputs)
    private readonly float[] _nominal;          // rows·cols, the design probability p̂ the reference subtracts (device level)
    private readonly float[] _offset;           // rows·cols, Σ_d (p_d − p̂)·ΔG·scale in weight units (empty without variation)
    private readonly CounterRandom _root;
    private long _reads;

    private StochasticMatrix(AnalogMatrix mean, int rows, int columns, StochasticOptions options, (float[] Probability, float[] Nominal, float[] Offset) cells, float[] variance, double scale)
    {
        var (probability, nominal, offset) = cells;
        _nominal = nominal;
        _offset = offset;
        Mean = mean;
        Rows = rows;
        Columns = columns;
        Options = options;
        _probability = probability;
        _variance = variance;
        SigmaScale = scale;
        _columnSigma = new float[rows];
        for (int j = 0; j < rows; j++)
        {
            _columnSigma[j] = MathF.Sqrt(TensorPrimitives.Sum(variance.AsSpan(j * columns, columns)));
        }

        _root = new CounterRandom(CounterRandom.Mix(options.Mean.Seed, 0x5354_4f43));
    }

    /// <summary>The mean array.</summary>
    public AnalogMatrix Mean { get; }

    /// <summary>Outputs.</summary>
    public int Rows { get; }

    /// <summary>Inputs.</summary>
    public int Columns { get; }

    /// <summary>The options.</summary>
    public StochasticOptions Options { get; }

    /// <summary>Weight units per siemens of the σ devices (0 when every σ is 0).</summary>
    public double SigmaScale { get; }

    /// <summary>Stochastic MTJ reads (sampling pulses) so far: rows·cols·K per vector (updated atomically).</summary>
    public long Pulses => Interlocked.Read(ref _pulses);

    private long _pulses;

    private long _sigmaConversions;

    private long _sigmaSaturations;

    /// <summary>Conversions of the σ currents' ADC that saturated (the σ current beyond ±4·σ_col·max|x|; atomic).</summary>
    public long SigmaSaturations => Interlocked.Read(ref _sigmaSaturations);

    /// <summary>Conversions of the σ currents' ADC so far (one per output per vector when the ADC has finite bits; atomic).</summary>
    public long SigmaConversions => Interlocked.Read(ref _sigmaConversions);

    /// <summary>
    /// The systematic error per weight (weight units) that device variation leaves after the nominal reference is
    /// subtracted: ΔG·c·Σ_d (p_d − p̂) (row-major rows × columns; all zero without variation).
    /// </summary>
    public float[] SystematicOffset() => _offset.Length > 0 ? (float[])_offset.Clone() : new float[Rows * Columns];

    /// <summary>The σ each weight actually gets (weight units), after the device map and its variation.</summary>
    public float[] RealisedSigma()
    {
        var s = new float[_variance.Length];
        TensorPrimitives.Sqrt(_variance, s);
        return s;
    }

    /// <summary>Programs μ and σ (row-major rows × columns, σ ≥ 0).</summary>
    public static StochasticMatrix Program(ReadOnlySpan<double> mu, ReadOnlySpan<double> sigma, int rows, int columns, StochasticOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (mu.Length != rows * columns || sigma.Length != rows * columns)
        {
            throw new ArgumentException($"μ has {mu.Length} and σ {sigma.Length} entries; a {rows}×{columns} array needs {rows * columns} each.");
        }

        double sigmaMax = 0;
        foreach (double s in sigma)
        {
            if (!(s >= 0) || !double.IsFinite(s))
            {
                throw new ArgumentException($"σ must be finite and ≥ 0, found {s}.", nameof(sigma));
            }

            sigmaMax = Math.Max(sigmaMax, s);
        }

        var mean = AnalogMatrix.Program(mu, rows, columns, options.Mean);
        var device = options.Device;
        int k = options.DevicesPerWeight;
        double gMax = device.MaximumSigmaSiemens(k);
        double scale = sigmaMax > 0 ? sigmaMax / gMax : 0;
        bool deviceLevel = options.Sampling != SamplingMode.Output;
        var probability = new float[deviceLevel ? rows * columns * k : 0];
        var nominal = new float[deviceLevel ? rows * columns : 0];
        var offset = new float[options.AnisotropyVariation > 0 ? rows * columns : 0];
        var variance = new float[rows * columns];
        var variation = options.AnisotropyVariation > 0 ? new float[rows * columns * k] : [];
        new CounterRandom(CounterRandom.Mix(options.Mean.Seed, 0x5349_474d)).FillNormal(variation);

        double swing = device.ConductanceSwingSiemens;
        var readout = device.ReadoutTable();
        for (int i = 0; i < rows * columns; i++)
        {
            if (scale == 0 || sigma[i] == 0)
            {
                continue;
            }

            var program = device.ProgramFor(Math.Min(sigma[i] / scale, gMax), k);
            double realised = 0, drift = 0;
            if (nominal.Length > 0)
            {
                nominal[i] = (float)program.Probability;
            }

            for (int d = 0; d < k; d++)
            {
                double delta = program.ThermalStability;
                if (options.AnisotropyVariation > 0)
                {
                    double ki = program.InterfacialAnisotropy * (1 + options.AnisotropyVariation * variation[i * k + d]);
                    delta = Math.Max(device.ThermalStability(ki), 0);
                }

                double p = options.AnisotropyVariation > 0 ? device.ProbabilityAntiparallel(delta) : program.Probability;
                realised += swing * swing * device.ReadVariance(delta);
                drift += p - program.Probability;
                if (probability.Length > 0)
                {
                    probability[i * k + d] = readout is null ? (float)p : readout.Position(Math.Min(delta, MacrospinReadout.MaximumThermalStability));
                }
            }

            variance[i] = (float)(realised * scale * scale);
            if (offset.Length > 0)
            {
                offset[i] = (float)(swing * scale * drift);
            }
        }

        return new StochasticMatrix(mean, rows, columns, options, (probability, nominal, offset), variance, scale);
    }

    /// <summary>y = W·x for <paramref name="count"/> vectors (row-major count × columns → count × rows), W freshly sampled.</summary>
    public void MultiplyBatch(ReadOnlySpan<float> xs, int count, Span<float> ys) => MultiplyBatch(xs, count, ys, readKey: null);

    /// <summary>
    /// A sample named by <paramref name="readKey"/> (<see cref="AnalogMatrix.ReadKey"/>): the mean array's read and the
    /// σ draws keyed by it instead of by arrival order, so concurrent samples draw the same bits in any order.
    /// </summary>
    internal void MultiplyBatch(ReadOnlySpan<float> xs, int count, Span<float> ys, long? readKey)
    {
        if (xs.Length != count * Columns || ys.Length != count * Rows)
        {
            throw new ArgumentException($"MultiplyBatch: x has {xs.Length} and y {ys.Length} entries; {count} vectors need {count * Columns} and {count * Rows}.");
        }

        if (readKey is long key)
        {
            Mean.MultiplyBatch(xs, count, ys, key);
        }
        else
        {
            Mean.MultiplyBatch(xs, count, ys);
        }

        if (!Options.IncludeSigma || SigmaScale == 0)
        {
            return;
        }

        long read = readKey ?? (Interlocked.Add(ref _reads, count) - count);
        var pool = ArrayPool<float>.Shared;
        float[] noise = pool.Rent(count * Rows);
        try
        {
            if (Options.Sampling != SamplingMode.Output)
            {
                DeviceLevel(xs, count, read, noise);
            }
            else
            {
                OutputSpace(xs, count, read, noise);
            }

            Interlocked.Add(ref _pulses, (long)count * Rows * Columns * Options.DevicesPerWeight);
            TensorPrimitives.Add(ys, noise.AsSpan(0, count * Rows), ys);
        }
        finally
        {
            pool.Return(noise);
        }
    }

    /// <summary>
    /// The inputs as the σ devices see them: through the mean array's own DAC (<see cref="InputEncoder"/> with the mean
    /// array's bits, range mode and calibrated range; no bit slicing: the σ read is one analog pass), so both halves of
    /// a cell see one converter. Writes the quantised inputs in input units into <paramref name="x"/> and returns each vector's range.
    /// </summary>
    private float[] Quantised(ReadOnlySpan<float> xs, int count, Span<float> x)
    {
        using var encoded = InputEncoder.Encode(xs, count, Columns, Options.Mean.Dac, null, Mean.DacRangeForward, needSquares: false, Parallelism.Degree(Options.Mean.MaxDegreeOfParallelism));
        var range = new float[count];
        for (int b = 0; b < count; b++)
        {
            range[b] = (float)encoded.Range[b];
            TensorPrimitives.Multiply(encoded.Voltages[0].AsSpan(b * Columns, Columns), range[b], x.Slice(b * Columns, Columns));
        }

        return range;
    }

    /// <summary>The mean array's parallelism setting (−1: all cores), shared by the σ sampling.</summary>
    private ParallelOptions LoopOptions => Parallelism.Options(Options.Mean.MaxDegreeOfParallelism);

    private int Threads => Parallelism.Degree(Options.Mean.MaxDegreeOfParallelism) is var d && d == -1 ? Environment.ProcessorCount : d;

    /// <summary>An output-space σ read of unprepared inputs into noise[0, count·rows), its moments in pooled buffers.</summary>
    private void OutputSpace(ReadOnlySpan<float> xs, int count, long read, float[] noise)
    {
        var pool = ArrayPool<float>.Shared;
        int size = count * Rows, biases = _offset.Length > 0 ? size : 0;
        float[] bias = pool.Rent(biases), variance = pool.Rent(size);
        try
        {
            var range = MomentsInto(xs, count, bias.AsSpan(0, biases), variance.AsSpan(0, size));
            SampleOutputSpace(range, bias.AsSpan(0, biases), variance.AsSpan(0, size), count, read, noise);
        }
        finally
        {
            pool.Return(bias);
            pool.Return(variance);
        }
    }

    /// <summary>
    /// The read-independent part of an output-space σ read: the DAC-quantised inputs' ranges, the systematic offset of
    /// the nominal reference Σ_i offset_ij·v_i (empty without variation) and the variance Σ_i σ_ij²·v_i².
    /// </summary>
    internal SigmaMoments Moments(ReadOnlySpan<float> xs, int count)
    {
        var bias = new float[_offset.Length > 0 ? count * Rows : 0];
        var variance = new float[count * Rows];
        var range = MomentsInto(xs, count, bias, variance);
        return new SigmaMoments(range, bias, variance, Mean.Converters.Version);
    }

    private float[] MomentsInto(ReadOnlySpan<float> xs, int count, Span<float> bias, Span<float> variance)
    {
        float[] buffer = ArrayPool<float>.Shared.Rent(count * Columns);
        try
        {
            var x = buffer.AsSpan(0, count * Columns);
            var range = Quantised(xs, count, x);
            if (_offset.Length > 0)
            {
                // The read-independent error of the nominal reference: Σ_i offset_ij·v_i (v the DAC-quantised input).
                Gemm.MultiplyTransposedB(count, Rows, Columns, x, Columns, _offset, Columns, bias, Rows, threads: Threads);
            }

            TensorPrimitives.Multiply(x, x, x);
            Gemm.MultiplyTransposedB(count, Rows, Columns, x, Columns, _variance, Columns, variance, Rows, threads: Threads);
            return range;
        }
        finally
        {
            ArrayPool<float>.Shared.Return(buffer);
        }
    }

    /// <summary>One output-space σ sample on precomputed moments into noise[0, count·rows): the offset plus √variance·z per output, digitised.</summary>
    private void SampleOutputSpace(float[] range, ReadOnlySpan<float> bias, ReadOnlySpan<float> variance, int count, long read, float[] noise)
    {
        var pool = ArrayPool<float>.Shared;
        int size = count * Rows;
        float[] z = pool.Rent(size), scratch = pool.Rent(size);
        try
        {
            // One stream per vector (its read index), drawn in blocks of vectors eight streams at a time.
            const int Block = 256;
            Parallel.For(0, (count + Block - 1) / Block, LoopOptions, block =>
            {
                int first = block * Block, vectors = Math.Min(Block, count - first);
                Span<CounterRandom> streams = stackalloc CounterRandom[vectors];
                for (int b = 0; b < vectors; b++)
                {
                    streams[b] = _root.Child((ulong)(read + first + b));
                }

                CounterRandom.FillNormal(streams, Rows, z.AsSpan(first * Rows, vectors * Rows));
            });

            // The shared output-space sampler, onto the systematic offset (or zero).
            var current = noise.AsSpan(0, size);
            if (bias.Length > 0)
            {
                bias.CopyTo(current);
            }
            else
            {
                current.Clear();
            }

            OutputSpaceNoise.Add(current, variance, z.AsSpan(0, size), scratch.AsSpan(0, size));
            Digitise(current, range, count);
        }
        finally
        {
            pool.Return(z);
            pool.Return(scratch);
        }
    }

    /// <summary>
    /// Stages <paramref name="count"/> input vectors for repeated sampling (Monte Carlo passes over the same first-layer
    /// inputs): the mean array's deterministic read part (<see cref="AnalogMatrix.Prepare"/>) and, for output-space
    /// sampling, the σ moments are computed once. Each <see cref="MultiplyBatch(PreparedStochasticInputs, Span{float})"/>
    /// is a fresh sample with the bits of <see cref="MultiplyBatch(ReadOnlySpan{float}, int, Span{float})"/> at the same read index.
    /// </summary>
    public PreparedStochasticInputs Prepare(ReadOnlySpan<float> xs, int count) => new(this, Mean.Prepare(xs, count), count);

    /// <summary>One fresh sample of W·x for prepared inputs; see <see cref="Prepare"/>.</summary>
    public void MultiplyBatch(PreparedStochasticInputs inputs, Span<float> ys) => MultiplyBatch(inputs, ys, readKey: null);

    /// <summary>A keyed sample of prepared inputs (see <see cref="MultiplyBatch(ReadOnlySpan{float}, int, Span{float}, long?)"/>).</summary>
    internal void MultiplyBatch(PreparedStochasticInputs inputs, Span<float> ys, long? readKey)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (!ReferenceEquals(inputs.Matrix, this))
        {
            throw new ArgumentException("the inputs were prepared for another array.", nameof(inputs));
        }

        int count = inputs.Count;
        if (readKey is long key)
        {
            Mean.MultiplyBatch(inputs.MeanInputs, ys, key);
        }
        else
        {
            Mean.MultiplyBatch(inputs.MeanInputs, ys);
        }

        if (!Options.IncludeSigma || SigmaScale == 0)
        {
            return;
        }

        long read = readKey ?? (Interlocked.Add(ref _reads, count) - count);
        var pool = ArrayPool<float>.Shared;
        float[] noise = pool.Rent(count * Rows);
        try
        {
            if (Options.Sampling != SamplingMode.Output)
            {
                DeviceLevel(inputs.MeanInputs.Inputs, count, read, noise);
            }
            else
            {
                var moments = inputs.MomentsFor(Mean.Converters.Version);
                SampleOutputSpace(moments.Range, moments.Bias, moments.Variance, count, read, noise);
            }

            Interlocked.Add(ref _pulses, (long)count * Rows * Columns * Options.DevicesPerWeight);
            TensorPrimitives.Add(ys, noise.AsSpan(0, count * Rows), ys);
        }
        finally
        {
            pool.Return(noise);
        }
    }

    /// <summary>A device-level σ read into result[0, count·rows).</summary>
    private void DeviceLevel(ReadOnlySpan<float> xs, int count, long read, float[] result)
    {
        float[] x = ArrayPool<float>.Shared.Rent(count * Columns);
        try
        {
            DeviceLevel(x, Quantised(xs, count, x.AsSpan(0, count * Columns)), count, read, result);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(x);
        }
    }

    /// <summary>Most cells of one device-level read group (rows with fewer cells are read together).</summary>
    internal const int GroupCells = 2048;

    private void DeviceLevel(float[] x, float[] range, int count, long read, float[] result)
    {
        int k = Options.DevicesPerWeight;
        var readout = Options.Device.ReadoutTable();
        float swing = (float)(Options.Device.ConductanceSwingSiemens * SigmaScale);

        // Vectors in parallel: each has its own counter-based stream (read index b), so the draws do not depend on
        // the thread count or the order in which vectors run. Per output j: Σ_i v_i·(Σ_d s_id − K·p̂_i), the cells
        // read in one pass (StochasticMtj.Read) and weighted by the input of their weight. Rows with few cells (a
        // convolution's outputs) are read in groups of up to GroupCells cells from the stream of the group's first row,
        // so a short row costs no stream set-up and no scalar tail of its own; a row of GroupCells cells or more is a
        // group by itself. The grouping depends only on the array's shape.
        int cells = Columns * k;
        int groupRows = Math.Clamp(GroupCells / cells, 1, Rows);
        Parallel.For(0, count, LoopOptions, () => (Reads: new float[groupRows * cells], Inputs: new float[cells]), (b, _, buffers) =>
        {
            var random = _root.Child((ulong)(read + b), 1);
            var v = x.AsSpan(b * Columns, Columns);
            ExpandInputs(v, k, buffers.Inputs);

            for (int first = 0; first < Rows; first += groupRows)
            {
                int rows = Math.Min(groupRows, Rows - first);
                var reads = buffers.Reads.AsSpan(0, rows * cells);
                StochasticMtj.Read(readout, _probability.AsSpan(first * cells, rows * cells), random.Child((ulong)first), reads);
                for (int r = 0; r < rows; r++)
                {
                    int j = first + r;
                    float reference = k * TensorPrimitives.Dot(_nominal.AsSpan(j * Columns, Columns), v);
                    result[b * Rows + j] = (TensorPrimitives.Dot(reads.Slice(r * cells, cells), buffers.Inputs) - reference) * swing;
                }
            }

            return buffers;
        }, _ => { });

        Digitise(result.AsSpan(0, count * Rows), range, count);
    }

    /// <summary>inputs[i·k + d] = v[i] for every device d of weight i (the inputs of a row's cells, in cell order).</summary>
    private static void ExpandInputs(ReadOnlySpan<float> v, int k, float[] inputs)
    {
        if (k == 4 && Vector128.IsHardwareAccelerated)
        {
            // The default four devices per weight: one 128-bit broadcast store per weight (a span fill each costs more
            // than the read of a short convolution row's cells it feeds).
            for (int i = 0; i < v.Length; i++)
            {
                Vector128.Create(v[i]).StoreUnsafe(ref inputs[i * 4]);
            }

            return;
        }

        for (int i = 0; i < v.Length; i++)
        {
            inputs.AsSpan(i * k, k).Fill(v[i]);
        }
    }

    /// <summary>The σ currents' ADC: range ±4·σ_col·max|x|, the mean array's bits.</summary>
    private void Digitise(Span<float> values, float[] range, int count)
    {
        if (Options.Mean.Adc.Bits is not int bits)
        {
            return;
        }

        Interlocked.Add(ref _sigmaConversions, (long)count * Rows);
        float[] full = ArrayPool<float>.Shared.Rent(count * Rows);
        try
        {
            for (int b = 0; b < count; b++)
            {
                TensorPrimitives.Multiply(_columnSigma, 4 * range[b], full.AsSpan(b * Rows, Rows));
            }

            Interlocked.Add(ref _sigmaSaturations, Quantizer.QuantizeEach(values, full.AsSpan(0, count * Rows), bits));
        }
        finally
        {
            ArrayPool<float>.Shared.Return(full);
        }
    }
}
