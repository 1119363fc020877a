using System.Numerics.Tensors;
using AnalogLA.Numerics;
using Tensor = AnalogLA.Numerics.Tensor;

namespace AnalogLA.Bayesian;

/// <summary>
/// A convolution (a fully connected layer is the 1×1 case on 1×1 inputs) with deterministic weights or a
/// mean-field Gaussian posterior over weights and biases.
/// </summary>
/// <remarks>
/// <para>Posterior q(w) = N(μ, σ²), σ = softplus(ρ) = ln(1 + e^ρ), prior p(w) = N(0, σ_p²). Closed-form
/// KL(q‖p) = Σ [ln(σ_p/σ) + (σ² + μ²)/(2σ_p²) − ½] (Blundell et al., "Weight uncertainty in neural networks",
/// ICML 2015).</para>
/// <para>Sampling uses the local reparameterisation trick (Kingma, Salimans and Welling, NeurIPS 2015): for
/// a pre-activation b = Σ_k w_k·a_k the sum of independent Gaussians is Gaussian with mean Σ μ_k·a_k and
/// variance Σ σ_k²·a_k², so one draws b = m + √v·ε with one ε per output instead of one per weight — lower
/// gradient variance, and exactly what output-space sampling on a stochastic crossbar computes. Convolutions can
/// use Flipout instead (<see cref="WeightEstimator.Flipout"/>, <c>WeightLayer.Flipout.cs</c>).</para>
/// <para>Convolutions run as matrix products through <see cref="ConvGeometry.Im2Col"/> and <see cref="Gemm"/>,
/// one image per task, in parallel over the batch (<c>WeightLayer.Convolution.cs</c>); im2col columns are
/// recomputed in the backward pass rather than stored, and the backward pass sums over fixed chunks of images in
/// order, so gradients do not depend on the thread count.</para>
/// </remarks>
public abstract partial class WeightLayer : Layer
{
    private Tensor? _input;
    private float[]? _noise;
    private float[]? _sd;
    private ConvGeometry _geometry;
    private float[]? _sigma;
    private bool _skipInputGradient;
    private float[]? _biasSigma;
    private float[]? _variance;
    private float[]? _biasVariance;
    private float[]? _rhoSeen;
    private float[]? _biasRhoSeen;

    /// <summary>Creates the layer; <paramref name="bayesian"/> adds the ρ parameters and the prior.</summary>
    protected WeightLayer(int inChannels, int outChannels, int kernel, int stride, int padding, bool bayesian, BayesianOptions? options, ulong seed)
    {
        if (inChannels < 1 || outChannels < 1 || kernel < 1 || stride < 1 || padding < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(inChannels), $"layer shape must be positive: in {inChannels}, out {outChannels}, kernel {kernel}, stride {stride}, padding {padding}.");
        }

        InChannels = inChannels;
        OutChannels = outChannels;
        Kernel = kernel;
        Stride = stride;
        Padding = padding;
        IsBayesian = bayesian;
        Options = options ?? new BayesianOptions();
        int fanIn = inChannels * kernel * kernel;
        WeightMu = new Parameter("weight_mu", outChannels, fanIn);
        BiasMu = new Parameter("bias_mu", outChannels);
        var init = new CounterRandom(seed);
        init.FillNormal(WeightMu.Value);
        TensorPrimitives.Multiply(WeightMu.Value, MathF.Sqrt(2f / fanIn), WeightMu.Value);
        if (bayesian)
        {
            WeightRho = new Parameter("weight_rho", outChannels, fanIn);
            BiasRho = new Parameter("bias_rho", outChannels);
            Array.Fill(WeightRho.Value, (float)Options.InitialRho);
            Array.Fill(BiasRho.Value, (float)Options.InitialRho);
        }
    }

    /// <summary>Input channels (features).</summary>
    public int InChannels { get; }

    /// <summary>Output channels (features).</summary>
    public int OutChannels { get; }

    /// <summary>Kernel side (1 for fully connected).</summary>
    public int Kernel { get; }

    /// <summary>Stride.</summary>
    public int Stride { get; }

    /// <summary>Zero padding.</summary>
    public int Padding { get; }

    /// <summary>Whether weights have a posterior (μ, ρ) or are point values.</summary>
    public bool IsBayesian { get; }

    /// <summary>Prior and initialisation.</summary>
    public BayesianOptions Options { get; }

    /// <summary>Posterior means (or the weights), [out, in·k·k].</summary>
    public Parameter WeightMu { get; }

    /// <summary>Bias means.</summary>
    public Parameter BiasMu { get; }

    /// <summary>ρ of the weights (σ = softplus(ρ)); null for deterministic layers.</summary>
    public Parameter? WeightRho { get; }

    /// <summary>ρ of the biases.</summary>
    public Parameter? BiasRho { get; }

    /// <inheritdoc />
    public override IEnumerable<Parameter> Parameters =>
        IsBayesian ? [WeightMu, WeightRho!, BiasMu, BiasRho!] : [WeightMu, BiasMu];

    /// <summary>σ = softplus(ρ) = ln(1 + e^ρ) to float precision for every ρ.</summary>
    /// <remarks>
    /// Evaluated in double: in float, 1 + e^ρ loses e^ρ's digits below the float epsilon, so ln(1 + e^ρ) was off by
    /// 0.1 % at ρ = −10 and exactly 0 below ρ ≈ −16.6 (σ = 0: an infinite KL, a training run reported as diverged).
    /// Below ρ = −20, softplus(ρ) = e^ρ − e^{2ρ}/2 + … is e^ρ to a relative 10⁻⁹; above ρ = 20 it is ρ to e^{−20}/20.
    /// </remarks>
    public static float Softplus(float rho) => rho switch
    {
        > 20 => rho,
        < -20 => (float)Math.Exp(rho),
        _ => (float)Math.Log(1 + Math.Exp(rho)),
    };

    /// <summary>Current posterior standard deviations of the weights (zeros for deterministic layers).</summary>
    public float[] WeightSigma() => Sigmas(WeightRho, WeightMu.Length);

    /// <summary>Current posterior standard deviations of the biases.</summary>
    public float[] BiasSigma() => Sigmas(BiasRho, BiasMu.Length);

    private static float[] Sigmas(Parameter? rho, int length)
    {
        var s = new float[length];
        if (rho is not null)
        {
            for (int i = 0; i < length; i++)
            {
                s[i] = Softplus(rho.Value[i]);
            }
        }

        return s;
    }

    /// <summary>
    /// σ² of the weights and biases, recomputed only when ρ changed: the ρ values they came from are kept and compared
    /// (a vectorised compare costs far less than softplus's exp and log per weight), so inference with fixed parameters
    /// computes softplus once, and any write to ρ — an optimiser step, a checkpoint load, a user's edit — is seen.
    /// </summary>
    private void RefreshVariances()
    {
        var rho = WeightRho!.Value;
        var biasRho = BiasRho!.Value;
        if (_variance is not null && _rhoSeen is not null && _biasRhoSeen is not null
            && rho.AsSpan().SequenceEqual(_rhoSeen) && biasRho.AsSpan().SequenceEqual(_biasRhoSeen))
        {
            return;
        }

        var sigma = WeightSigma();
        var variance = new float[sigma.Length];
        TensorPrimitives.Multiply(sigma, sigma, variance);
        var biasSigma = BiasSigma();
        var biasVariance = new float[biasSigma.Length];
        TensorPrimitives.Multiply(biasSigma, biasSigma, biasVariance);
        _sigma = sigma;
        _biasSigma = biasSigma;
        _variance = variance;
        _biasVariance = biasVariance;
        _rhoSeen = (float[])rho.Clone();
        _biasRhoSeen = (float[])biasRho.Clone();
        VarianceRefreshes++;
    }

    /// <summary>How many times σ² was computed from ρ (for tests of the cache).</summary>
    internal int VarianceRefreshes { get; private set; }

    /// <summary>The convolution geometry for an input of size H×W.</summary>
    public ConvGeometry GeometryFor(int h, int w) => new(InChannels, h, w, Kernel, Stride, Padding);

    /// <inheritdoc />
    public override (int C, int H, int W) OutputShape(int c, int h, int w)
    {
        if (c != InChannels)
        {
            throw new ArgumentException($"{Describe()}: expects {InChannels} input channels, got {c} (input {c}×{h}×{w}).");
        }

        var g = GeometryFor(h, w);
        if (h + 2 * Padding < Kernel || w + 2 * Padding < Kernel)
        {
            throw new ArgumentException($"{Describe()}: a {h}×{w} input is smaller than the {Kernel}×{Kernel} kernel.");
        }

        return (OutChannels, g.OutHeight, g.OutWidth);
    }

    /// <inheritdoc />
    public override Tensor Forward(Tensor x, PassMode mode, ForwardContext context)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(context);
        var (c, oh, ow) = OutputShape(x.C, x.H, x.W);
        var g = GeometryFor(x.H, x.W);
        var y = new Tensor(x.N, c, oh, ow);
        bool sample = IsBayesian && mode != PassMode.Mean;
        var stream = sample ? context.NextStream() : default;
        if (sample)
        {
            RefreshVariances();
        }

        bool train = mode == PassMode.Train;
        if (sample && UsesFlipout(g))
        {
            ForwardFlipout(x, y, g, stream, train);
            if (train)
            {
                _skipInputGradient = !context.InputGradient && ReferenceEquals(x, context.NetworkInput);
                (_input, _geometry, _noise, _sd) = (x, g, null, null);
            }

            return y;
        }

        bool share = sample && mode == PassMode.Sample && context.ReuseSharedInput && ReferenceEquals(x, context.NetworkInput);
        float[]? mean = null, sd = null;
        if (share && TryReuse(x, out var cachedMean, out var cachedSd))
        {
            (mean, sd) = (cachedMean, cachedSd);
        }
        else
        {
            sd = sample ? new float[y.Data.Length] : null;
            var biasVariance = sample ? _biasVariance : null;
            if (IsFullyConnected(g))
            {
                ForwardFullyConnected(x, y, sd, biasVariance);
            }
            else
            {
                ForwardConvolution(x, y, g, sd, biasVariance);
            }

            if (share)
            {
                Remember(x, y, sd!);
            }
        }

        // Only a training pass keeps ε (for the backward pass); inference draws it per image into scratch.
        float[]? noise = sample && train ? new float[y.Data.Length] : null;
        if (sample)
        {
            AddNoise(y, mean ?? y.Data, sd!, noise, stream);
        }

        if (train)
        {
            _skipInputGradient = !context.InputGradient && ReferenceEquals(x, context.NetworkInput);
            _input = x;
            _geometry = g;
            _noise = noise;
            _sd = sd;
        }

        return y;
    }

    /// <summary>
    /// The local reparameterisation's sample, y = mean + sd ⊙ ε with ε ~ N(0, 1) from the layer's stream, one child
    /// stream per image (so a sample does not depend on the thread count or on which other images share the batch).
    /// ε is kept in <paramref name="noise"/> when given (training), else drawn into per-thread scratch.
    /// </summary>
    private static void AddNoise(Tensor y, float[] mean, float[] sd, float[]? noise, CounterRandom stream)
    {
        int size = y.SampleSize;
        Parallel.For(0, y.N, ParallelOptions, () => noise is null ? new float[size] : null, (n, _, scratch) =>
        {
            var e = noise is null ? scratch.AsSpan() : noise.AsSpan(n * size, size);
            stream.Child((ulong)n).FillNormal(e);
            int offset = n * size;
            TensorPrimitives.FusedMultiplyAdd(sd.AsSpan(offset, size), e, mean.AsSpan(offset, size), y.Data.AsSpan(offset, size));
            return scratch;
        }, _ => { });
    }

    /// <inheritdoc />
    public override Tensor Backward(Tensor gradOutput)
    {
        ArgumentNullException.ThrowIfNull(gradOutput);
        var x = _input ?? throw new InvalidOperationException($"{Describe()}: Backward needs a training forward pass first.");
        var g = _geometry;
        bool flipout = _flipSigns is not null;
        bool sampled = _noise is not null || flipout;
        bool inputGradient = !_skipInputGradient;
        var dx = x.ZerosLike();
        var gradMu = new float[WeightMu.Length];
        var gradVariance = sampled ? new float[WeightMu.Length] : null;
        var gradBiasMu = new float[OutChannels];
        var gradBiasVariance = sampled ? new float[OutChannels] : null;
        if (flipout)
        {
            BackwardFlipout(x, gradOutput, dx, inputGradient, gradMu, gradVariance!, gradBiasMu, gradBiasVariance!);
        }
        else if (IsFullyConnected(g))
        {
            BackwardFullyConnected(x, gradOutput, inputGradient ? dx : null, gradMu, gradVariance, gradBiasMu, gradBiasVariance);
        }
        else
        {
            BackwardConvolution(x, gradOutput, dx, inputGradient, sampled, gradMu, gradVariance, gradBiasMu, gradBiasVariance);
        }

        WeightMu.AccumulateGradient(gradMu);
        BiasMu.AccumulateGradient(gradBiasMu);
        if (sampled)
        {
            // ∂v/∂ρ = 2σ·sigmoid(ρ).
            RhoGradient(WeightRho!, _sigma!, gradVariance!);
            RhoGradient(BiasRho!, _biasSigma!, gradBiasVariance!);
        }

        _input = null;
        _noise = null;
        _sd = null;
        return dx;
    }

    /// <summary>∂L/∂ρ = ∂L/∂v · 2σ·sigmoid(ρ) for v = σ² = softplus(ρ)², with σ from the forward pass's cache.</summary>
    private static void RhoGradient(Parameter rho, float[] sigma, float[] gradVariance)
    {
        var grad = new float[rho.Length];
        TensorPrimitives.Sigmoid(rho.Value, grad);
        TensorPrimitives.Multiply(grad, sigma, grad);
        TensorPrimitives.Multiply(grad, gradVariance, grad);
        TensorPrimitives.Multiply(grad, 2f, grad);
        rho.AccumulateGradient(grad);
    }

    /// <inheritdoc />
    public override double KlDivergence()
    {
        if (!IsBayesian)
        {
            return 0;
        }

        double prior = Options.PriorSigma, kl = 0;
        foreach (var (mu, rho) in new[] { (WeightMu, WeightRho!), (BiasMu, BiasRho!) })
        {
            for (int i = 0; i < mu.Length; i++)
            {
                double s = Softplus(rho.Value[i]), m = mu.Value[i];
                kl += Math.Log(prior / s) + (s * s + m * m) / (2 * prior * prior) - 0.5;
            }
        }

        return kl;
    }

    /// <inheritdoc />
    /// <remarks>
    /// Per weight, KL = log(σ_p/σ) + (σ² + μ²)/(2σ_p²) − ½, ∂KL/∂μ = μ/σ_p², ∂KL/∂ρ = (−1/σ + σ/σ_p²)·sigmoid(ρ)
    /// (σ = softplus(ρ)); σ comes from the per-ρ cache and the transcendental functions run vectorised.
    /// </remarks>
    public override double AccumulateKlGradient(float scale)
    {
        if (!IsBayesian)
        {
            return 0;
        }

        RefreshVariances();
        return KlTerms(WeightMu, WeightRho!, _sigma!, scale) + KlTerms(BiasMu, BiasRho!, _biasSigma!, scale);
    }

    private double KlTerms(Parameter mu, Parameter rho, float[] sigma, float scale)
    {
        double prior = Options.PriorSigma;
        float inversePrior = (float)(1 / (prior * prior));
        int length = mu.Length;
        var gm = new float[length];
        var gr = new float[length];
        var logSigma = new float[length];
        TensorPrimitives.Multiply(mu.Value, scale * inversePrior, gm);
        TensorPrimitives.Sigmoid(rho.Value, gr);
        TensorPrimitives.Log(sigma, logSigma);
        double kl = 0;
        for (int i = 0; i < length; i++)
        {
            float s = sigma[i];
            double m = mu.Value[i];
            kl += Math.Log(prior) - logSigma[i] + ((((double)s * s) + (m * m)) / (2 * prior * prior)) - 0.5;
            gr[i] *= scale * ((s * inversePrior) - (1 / s));
        }

        mu.AccumulateGradient(gm);
        rho.AccumulateGradient(gr);
        return kl;
    }

    /// <summary>Fixed number of image chunks of the backward pass (so its sums do not depend on the thread count).</summary>
    private const int BackwardChunks = 16;

    /// <summary>
    /// Parallelism of the per-image loops: all cores, or the calling thread alone inside
    /// <see cref="Parallelism.Serially{T}"/> (passes that already run side by side). The loops' results do not depend on it.
    /// </summary>
    internal static ParallelOptions ParallelOptions => Parallelism.AllCores;


}
