namespace AnalogLA.Bayesian;

/// <summary>Prior and posterior initialisation of Bayesian layers.</summary>
public sealed record BayesianOptions
{
    /// <summary>Prior standard deviation σ_p of N(0, σ_p²).</summary>
    public double PriorSigma { get; init; } = 0.1;

    /// <summary>Initial ρ of every posterior (σ = softplus(ρ); −5 → σ ≈ 0.0067).</summary>
    public double InitialRho { get; init; } = -5;

    /// <summary>How convolutions draw their weight noise (fully connected layers always use the local reparameterisation).</summary>
    public WeightEstimator Estimator { get; init; } = WeightEstimator.LocalReparameterization;
}

/// <summary>Monte Carlo estimators of a Bayesian convolution's output.</summary>
public enum WeightEstimator
{
    /// <summary>
    /// Local reparameterisation (Kingma, Salimans and Welling, NeurIPS 2015): each output is drawn from its exact
    /// marginal, mean μ∗x + b and variance σ²∗x² + σ_b², independently per output.
    /// </summary>
    LocalReparameterization,

    /// <summary>
    /// Flipout (Wen et al., ICLR 2018): one weight perturbation ΔW = σ ⊙ E per minibatch, decorrelated between examples
    /// by random signs per example: y_n = μ∗x_n + b + Δb + r_n ⊙ (ΔW ∗ (x_n ⊙ s_n)).
    /// </summary>
    Flipout,
}

/// <summary>A 2-D convolution with point weights.</summary>
public sealed class Conv2d(int inChannels, int outChannels, int kernel, int stride = 1, int padding = 0, ulong seed = 1)
    : WeightLayer(inChannels, outChannels, kernel, stride, padding, bayesian: false, null, seed)
{
    /// <inheritdoc />
    public override string Describe() => $"Conv2d({InChannels},{OutChannels},k{Kernel},s{Stride},p{Padding})";
}

/// <summary>A fully connected layer with point weights (input N×features×1×1).</summary>
public sealed class Linear(int inFeatures, int outFeatures, ulong seed = 1)
    : WeightLayer(inFeatures, outFeatures, 1, 1, 0, bayesian: false, null, seed)
{
    /// <inheritdoc />
    public override string Describe() => $"Linear({InChannels},{OutChannels})";
}

/// <summary>A 2-D convolution with a mean-field Gaussian posterior (see <see cref="WeightLayer"/>).</summary>
public sealed class BayesianConv2d(int inChannels, int outChannels, int kernel, int stride = 1, int padding = 0, BayesianOptions? options = null, ulong seed = 1)
    : WeightLayer(inChannels, outChannels, kernel, stride, padding, bayesian: true, options, seed)
{
    /// <inheritdoc />
    public override string Describe() => $"BayesianConv2d({InChannels},{OutChannels},k{Kernel},s{Stride},p{Padding})";
}

/// <summary>A fully connected layer with a mean-field Gaussian posterior.</summary>
public sealed class BayesianLinear(int inFeatures, int outFeatures, BayesianOptions? options = null, ulong seed = 1)
    : WeightLayer(inFeatures, outFeatures, 1, 1, 0, bayesian: true, options, seed)
{
    /// <inheritdoc />
    public override string Describe() => $"BayesianLinear({InChannels},{OutChannels})";
}
