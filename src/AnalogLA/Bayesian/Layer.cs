using AnalogLA.Numerics;

namespace AnalogLA.Bayesian;

/// <summary>How a forward pass runs.</summary>
public enum PassMode
{
    /// <summary>Training: batch statistics in BatchNorm, sampled weights, caches kept for backward.</summary>
    Train,

    /// <summary>Monte Carlo inference: running BatchNorm statistics, sampled weights.</summary>
    Sample,

    /// <summary>Inference with the posterior means only.</summary>
    Mean,
}

/// <summary>One differentiable stage of a network.</summary>
/// <remarks>Forward keeps what Backward needs (only in <see cref="PassMode.Train"/>); Backward receives
/// ∂L/∂output, accumulates parameter gradients and returns ∂L/∂input.</remarks>
public abstract class Layer
{
    /// <summary>Short architecture description, recorded in checkpoints.</summary>
    public abstract string Describe();

    /// <summary>Output shape (C, H, W) for an input of shape (C, H, W); throws with a clear message when the input does not fit.</summary>
    public abstract (int C, int H, int W) OutputShape(int c, int h, int w);

    /// <summary>Forward pass over a batch.</summary>
    public abstract Tensor Forward(Tensor x, PassMode mode, ForwardContext context);

    /// <summary>Backward pass; call after a training forward pass.</summary>
    public abstract Tensor Backward(Tensor gradOutput);

    /// <summary>Trainable parameters.</summary>
    public virtual IEnumerable<Parameter> Parameters => [];

    /// <summary>Non-trained state saved in checkpoints (BatchNorm running statistics).</summary>
    public virtual IEnumerable<Parameter> Buffers => [];

    /// <summary>KL divergence of the posterior from the prior (0 for deterministic layers).</summary>
    public virtual double KlDivergence() => 0;

    /// <summary>
    /// Adds ∂KL/∂θ·<paramref name="scale"/> to the parameter gradients and returns the KL at the current parameters
    /// (the same value as <see cref="KlDivergence"/>, from the same softplus evaluations, so reporting it is free).
    /// </summary>
    public virtual double AccumulateKlGradient(float scale) => 0;

    /// <summary>The layers inside this one, depth first (itself for a leaf).</summary>
    public virtual IEnumerable<Layer> Flatten() => [this];
}

/// <summary>Randomness of one forward pass: a counter-based stream per layer and sample.</summary>
public sealed class ForwardContext
{
    /// <summary>Creates a context for pass <paramref name="pass"/> under <paramref name="seed"/>.</summary>
    public ForwardContext(ulong seed, ulong pass)
    {
        Root = new Numerics.CounterRandom(Numerics.CounterRandom.Mix(seed, pass));
    }

    /// <summary>The pass's root stream; layers take children by their index.</summary>
    public Numerics.CounterRandom Root { get; }

    /// <summary>Index handed to the next layer that asks (layers call <see cref="NextStream"/> once per forward).</summary>
    private ulong _next;

    /// <summary>A stream for the next random layer.</summary>
    public Numerics.CounterRandom NextStream() => Root.Child(Interlocked.Increment(ref _next));

    /// <summary>
    /// Lets the layer that receives the network's input reuse the deterministic part of its work from an earlier
    /// sample of the same input (Monte Carlo inference; see <c>WeightLayer.SharedInput.cs</c>). Results are identical
    /// either way; only the time differs.
    /// </summary>
    public bool ReuseSharedInput { get; init; }

    /// <summary>
    /// For simulated hardware: the read key (<c>AnalogMatrix.ReadKey</c>) that names this pass's array reads, so a pass
    /// draws the same noise whatever other passes run beside it (null: reads numbered by arrival).
    /// </summary>
    internal long? ReadKey { get; init; }

    /// <summary>
    /// Whether a training pass must return ∂L/∂input from the network's first layer (default). Training sets it false:
    /// the first layer then skips its input-gradient products and returns zeros for the input gradient.
    /// </summary>
    public bool InputGradient { get; init; } = true;

    /// <summary>The tensor the network's first layer receives (set by <see cref="Network.Forward"/>).</summary>
    internal Numerics.Tensor? NetworkInput { get; set; }
}
