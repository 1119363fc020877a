using System.Buffers;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;
using AnalogLA.Crossbar;
using AnalogLA.Numerics;
using AnalogLA.Stochastic;

namespace AnalogLA.Bayesian;

/// <summary>
/// A trained network deployed onto simulated spintronic hardware: every weight layer (with a following BatchNorm
/// folded in) becomes a <see cref="StochasticMatrix"/>; convolutions run as batches of MVMs over im2col patches;
/// activations, pooling and the residual additions stay digital. Each forward pass reads every array afresh,
/// so each pass is one Monte Carlo sample of the hardware posterior; its reads are keyed by (batch, sample), so a pass
/// is a pure function of them (as in software) and samples may run concurrently with the bits of serial runs. The first
/// array stages its images once (<see cref="StochasticMatrix.Prepare"/>) while they repeat across samples.
/// </summary>
/// <remarks>
/// BatchNorm folding (inference statistics): with a = γ/√(σ_B² + ε), w' = a·w, b' = a·(b − µ_B) + β and σ_w' = |a|·σ_w,
/// σ_b' = |a|·σ_b. Biases are added digitally and their σ sampled digitally: one N(0, σ_b²) draw per output
/// channel, position and sample — the distribution of the software's local reparameterisation, in which every
/// output position's pre-activation carries the bias variance independently (each position is also its own array
/// read, so the weight noise is independent per position on both sides). Each array gets its own seed (the
/// options' seed + the layer index).
/// </remarks>
public sealed class HardwareClassifier : IStochasticClassifier
{
    private readonly List<Stage> _stages = [];
    private readonly TensorRecycler _recycler = new();
    private int _inFlight;
    private readonly ulong _seed;
    private ulong _arrays;

    /// <summary>Deploys <paramref name="network"/> with <paramref name="options"/>.</summary>
    public HardwareClassifier(Network network, StochasticOptions options, IProgress<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Network = network;
        Options = options;
        _seed = options.Mean.Seed;
        Build(network.Body.Layers, progress);
    }

    /// <summary>The software network deployed.</summary>
    public Network Network { get; }

    /// <summary>The hardware options.</summary>
    public StochasticOptions Options { get; }

    /// <summary>The programmed arrays, in network order.</summary>
    public IReadOnlyList<StochasticMatrix> Arrays => All(_stages).OfType<ArrayStage>().Select(s => s.Matrix).ToList();

    private static IEnumerable<Stage> All(IEnumerable<Stage> stages) =>
        stages.SelectMany(s => s is ResidualStage r ? All(r.Main) : [s]);

    /// <summary>
    /// Analog energy of all reads so far (J): the mean arrays' cost model, the Bayes-MTJ sampling pulses, and the σ
    /// currents' ADC conversions (at the mean array's ADC resolution and cost model).
    /// </summary>
    public double EnergyJoules => Arrays.Sum(a => a.Mean.Diagnostics.Energy.Total
        + (a.Pulses * a.Mean.Options.Cost.StochasticPulseJoules)
        + (a.Mean.Options.Adc.Bits is int bits ? a.SigmaConversions * a.Mean.Options.Cost.AdcJoules(bits) : 0));

    /// <inheritdoc />
    public void CheckInput(Tensor images) => Network.CheckInput(images);

    /// <inheritdoc />
    /// <remarks>True: every read of a pass is keyed by (batch, sample), so concurrent passes give the bits of serial ones.</remarks>
    public bool SamplesRunConcurrently => true;

    /// <summary>
    /// Calibrates every array's converters on the activations real images produce (a deployment calibration batch,
    /// label-free): the images run through the arrays layer by layer, and each array calibrates its calibrated-mode
    /// DAC and ADC ranges on its own im2col inputs before reading them. Without it the ranges come from synthetic
    /// uniform inputs, which do not look like post-ReLU activations (LeNet-5's conv1 then saturated 3.3 % of its
    /// conversions).
    /// </summary>
    public void Calibrate(Tensor images)
    {
        ArgumentNullException.ThrowIfNull(images);
        var stages = All(_stages).OfType<ArrayStage>().ToList();
        foreach (var stage in stages)
        {
            stage.CalibrateOnNextForward = true;
        }

        try
        {
            Logits(images, int.MaxValue, 0);
        }
        finally
        {
            foreach (var stage in stages)
            {
                stage.CalibrateOnNextForward = false;
            }
        }

        foreach (var array in Arrays)
        {
            array.Mean.Diagnostics.Reset();
        }
    }

    /// <summary>Fraction of the σ arrays' ADC conversions that saturated since programming.</summary>
    public double SigmaAdcSaturationFraction
    {
        get
        {
            long conversions = Arrays.Sum(a => a.SigmaConversions);
            return conversions == 0 ? 0 : (double)Arrays.Sum(a => a.SigmaSaturations) / conversions;
        }
    }

    /// <summary>Fraction of the mean arrays' ADC conversions that saturated since programming or calibration.</summary>
    public double AdcSaturationFraction
    {
        get
        {
            long conversions = Arrays.Sum(a => a.Mean.Diagnostics.AdcConversions);
            return conversions == 0 ? 0 : (double)Arrays.Sum(a => a.Mean.Diagnostics.AdcSaturations) / conversions;
        }
    }

    /// <inheritdoc />
    public Tensor Logits(Tensor images, int batch, int sample)
    {
        ArgumentNullException.ThrowIfNull(images);
        Network.CheckInput(images);
        var x = _recycler.Take(images.N, images.C, images.H, images.W);
        images.Data.CopyTo(x.Data, 0);
        Network.Normalise(x);
        // Every array read of this pass is keyed by (batch, sample): the pass is a pure function of them, like the
        // software classifier's, and samples may run concurrently (SamplesRunConcurrently) with the same bits.
        var context = new ForwardContext(CounterRandom.Mix(_seed, (ulong)batch), (ulong)sample)
        {
            ReadKey = AnalogMatrix.ReadKey(CounterRandom.Mix(_seed, (ulong)batch), (ulong)sample),
        };
        // Each stage owns its input (no one else reads it) and hands it back to the recycler once read; the logits
        // leave the pass. A pass that starts alone spreads its loops over every core; passes side by side run theirs
        // on their own threads (the bits are the same either way).
        Tensor Run()
        {
            var y = x;
            foreach (var stage in _stages)
            {
                y = stage.Forward(y, context, owned: true);
            }

            return y;
        }

        bool alone = Interlocked.Increment(ref _inFlight) == 1;
        try
        {
            return alone ? Run() : Parallelism.Serially(Run);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private void Build(IReadOnlyList<Layer> layers, IProgress<string>? progress)
    {
        foreach (var stage in Stages(layers, progress))
        {
            _stages.Add(stage);
        }

        if (_stages.Count > 0 && _stages[0] is ArrayStage first)
        {
            // Monte Carlo passes feed the first array the same images again and again: stage them once.
            first.ReuseRepeatedInput = true;
        }
    }

    private IEnumerable<Stage> Stages(IReadOnlyList<Layer> layers, IProgress<string>? progress)
    {
        for (int i = 0; i < layers.Count; i++)
        {
            switch (layers[i])
            {
                case WeightLayer w:
                    var bn = i + 1 < layers.Count ? layers[i + 1] as BatchNorm2d : null;
                    if (bn is not null)
                    {
                        i++;
                    }

                    progress?.Report($"programming {w.Describe()}{(bn is null ? "" : " + folded BatchNorm")}");
                    yield return new ArrayStage(w, bn, Options with { Mean = Options.Mean with { Seed = Options.Mean.Seed + ++_arrays } }, _recycler);
                    break;
                case ResidualBlock block:
                    yield return new ResidualStage(block, Stages(block.Main.Layers, progress).ToList(), _recycler);
                    break;
                case BatchNorm2d:
                    throw new NotSupportedException("a BatchNorm that does not follow a weight layer cannot be folded onto an array.");
                default:
                    yield return new DigitalStage(layers[i], _recycler);
                    break;
            }
        }
    }

    private abstract class Stage
    {
        /// <summary>The stage's output (a tensor the caller owns); <paramref name="owned"/>: no one else reads x, so the stage may overwrite or recycle it.</summary>
        public abstract Tensor Forward(Tensor x, ForwardContext context, bool owned);
    }

    private sealed class DigitalStage(Layer layer, TensorRecycler recycler) : Stage
    {
        public override Tensor Forward(Tensor x, ForwardContext context, bool owned)
        {
            if (owned && layer is ReLU)
            {
                // max(x, 0) in place: the values of ReLU.Forward without a fresh tensor.
                TensorPrimitives.Max(x.Data, 0f, x.Data);
                return x;
            }

            // A layer may return a view of its input (Flatten reshapes in place): then the values live on in y.
            var y = layer.Forward(x, PassMode.Mean, context);
            if (owned && !ReferenceEquals(x.Data, y.Data))
            {
                recycler.Return(x);
            }

            return y;
        }
    }

    private sealed class ResidualStage(ResidualBlock block, List<Stage> main, TensorRecycler recycler) : Stage
    {
        public IReadOnlyList<Stage> Main => main;

        public override Tensor Forward(Tensor x, ForwardContext context, bool owned)
        {
            // The block's input feeds the shortcut too: its first stage must leave it alone.
            var y = x;
            for (int i = 0; i < main.Count; i++)
            {
                y = main[i].Forward(y, context, owned: i > 0);
            }

            block.AddShortcut(x, y);
            if (owned && !ReferenceEquals(x.Data, y.Data))
            {
                recycler.Return(x);
            }

            TensorPrimitives.Max(y.Data, 0f, y.Data);
            return y;
        }
    }

    private sealed class ArrayStage : Stage
    {
        private readonly WeightLayer _layer;
        private readonly float[] _biasMu;
        private readonly float[] _biasSigma;

        private readonly TensorRecycler _recycler;

        public ArrayStage(WeightLayer layer, BatchNorm2d? bn, StochasticOptions options, TensorRecycler recycler)
        {
            _layer = layer;
            _recycler = recycler;
            int rows = layer.OutChannels, cols = layer.InChannels * layer.Kernel * layer.Kernel;
            var mu = new double[rows * cols];
            var sigma = new double[rows * cols];
            var weightSigma = layer.WeightSigma();
            var biasSigma = layer.BiasSigma();
            _biasMu = new float[rows];
            _biasSigma = new float[rows];
            for (int o = 0; o < rows; o++)
            {
                double a = 1, shift = 0;
                if (bn is not null)
                {
                    a = bn.Gamma.Value[o] / Math.Sqrt(bn.RunningVariance.Value[o] + bn.Epsilon);
                    shift = bn.Beta.Value[o] - a * bn.RunningMean.Value[o];
                }

                for (int i = 0; i < cols; i++)
                {
                    mu[o * cols + i] = a * layer.WeightMu.Value[o * cols + i];
                    sigma[o * cols + i] = Math.Abs(a) * weightSigma[o * cols + i];
                }

                _biasMu[o] = (float)(a * layer.BiasMu.Value[o] + shift);
                _biasSigma[o] = (float)(Math.Abs(a) * biasSigma[o]);
            }

            Matrix = StochasticMatrix.Program(mu, sigma, rows, cols, options);
        }

        public StochasticMatrix Matrix { get; }

        /// <summary>Calibrate the mean array's converters on the next forward pass's patches (deployment calibration).</summary>
        public bool CalibrateOnNextForward { get; set; }

        /// <summary>
        /// Whether a forward pass whose input equals the previous one (compared value by value) reuses its staged
        /// patches (<see cref="StochasticMatrix.Prepare"/>): a fresh sample with the same bits, without recomputing the
        /// input side of the read. Set for the first array, whose input is the images themselves.
        /// </summary>
        public bool ReuseRepeatedInput { get; set; }

        private readonly object _reuseLock = new();
        private (int N, int C, int H, int W, float[] Data, PreparedStochasticInputs Prepared)? _last;

        public override Tensor Forward(Tensor x, ForwardContext context, bool owned)
        {
            var g = _layer.GeometryFor(x.H, x.W);
            var (c, oh, ow) = _layer.OutputShape(x.C, x.H, x.W);
            int p = g.Positions, k = g.PatchSize;
            // Per-pass temporaries are pooled: at a batch of 250 images each is megabytes, and allocating them afresh
            // on every pass of every layer made the collector's gen-2 work (and the pool trimming it triggers) a fifth
            // of the run (dotnet-trace of bnn eval --hardware spintronic).
            var pool = ArrayPool<float>.Shared;
            int outputs = x.N * p * c, noises = Matrix.Options.IncludeSigma ? outputs : 0;
            float[] productsBuffer = pool.Rent(outputs);
            float[] noiseBuffer = pool.Rent(noises);
            try
            {
                var y = Forward(x, context, g, (c, oh, ow), productsBuffer.AsSpan(0, outputs), noiseBuffer.AsSpan(0, noises));
                if (owned)
                {
                    _recycler.Return(x);
                }

                return y;
            }
            finally
            {
                pool.Return(productsBuffer);
                pool.Return(noiseBuffer);
            }
        }

        private Tensor Forward(Tensor x, ForwardContext context, ConvGeometry g, (int C, int H, int W) shape, Span<float> products, Span<float> biasNoise)
        {
            var (c, oh, ow) = shape;
            int p = g.Positions, k = g.PatchSize;
            long? key = x.N * p <= AnalogMatrix.KeyedReadVectors ? context.ReadKey : null;
            if (ReuseRepeatedInput && !CalibrateOnNextForward)
            {
                PreparedStochasticInputs prepared;
                lock (_reuseLock)
                {
                    if (_last is not { } last || last.N != x.N || last.C != x.C || last.H != x.H || last.W != x.W || !last.Data.AsSpan().SequenceEqual(x.Data))
                    {
                        // The previous staging is left to the collector: a concurrent pass may still be reading it.
                        _last = (x.N, x.C, x.H, x.W, (float[])x.Data.Clone(), Matrix.Prepare(Patches(x, g), x.N * p));
                    }

                    prepared = _last.Value.Prepared;
                }

                Matrix.MultiplyBatch(prepared, products, key);
            }
            else
            {
                float[] buffer = ArrayPool<float>.Shared.Rent(x.N * p * k);
                try
                {
                    var patches = buffer.AsSpan(0, x.N * p * k);
                    FillPatches(x, g, buffer);
                    if (CalibrateOnNextForward)
                    {
                        Matrix.Mean.Calibrate(patches, x.N * p);
                    }

                    Matrix.MultiplyBatch(patches, x.N * p, products, key);
                }
                finally
                {
                    ArrayPool<float>.Shared.Return(buffer);
                }
            }

            var y = _recycler.Take(x.N, c, oh, ow);
            // One bias draw per output position, as the software's local reparameterisation folds the bias variance
            // into every position's pre-activation: the same distribution on hardware and in software.
            if (Matrix.Options.IncludeSigma)
            {
                context.NextStream().FillNormal(biasNoise);
            }

            for (int n = 0; n < x.N; n++)
            {
                for (int o = 0; o < c; o++)
                {
                    var target = y.Data.AsSpan((n * c + o) * p, p);
                    var noise = biasNoise.Length > 0 ? biasNoise.Slice((n * c + o) * p, p) : default;
                    for (int q = 0; q < p; q++)
                    {
                        float bias = _biasMu[o] + (noise.IsEmpty ? 0 : _biasSigma[o] * noise[q]);
                        target[q] = products[(n * p + q) * c + o] + bias;
                    }
                }
            }

            return y;
        }

        private static float[] Patches(Tensor x, ConvGeometry g)
        {
            var patches = new float[x.N * g.Positions * g.PatchSize];
            FillPatches(x, g, patches);
            return patches;
        }

        /// <summary>im2row of every image into the first N·positions·patch entries of <paramref name="patches"/>.</summary>
        private static void FillPatches(Tensor x, ConvGeometry g, float[] patches)
        {
            int p = g.Positions, k = g.PatchSize;
            Parallel.For(0, x.N, Parallelism.AllCores, n => g.Im2Row(x.Sample(n), patches.AsSpan(n * p * k, p * k)));
        }
    }
}
