using Tensor = AnalogLA.Numerics.Tensor;

namespace AnalogLA.Bayesian;

/// <summary>
/// Monte Carlo samples that share an input share the deterministic part of the first layer's work: with the local
/// reparameterisation trick the layer's output is mean + sd ⊙ ε, and for a fixed input and fixed parameters only ε
/// changes from sample to sample, so the mean and sd (the two products, the im2col and the square root) are computed
/// once and every further sample costs one draw of ε and one fused multiply-add.
/// </summary>
/// <remarks>
/// Correctness does not rest on the caller's promise: the layer keeps a copy of the input and of every parameter the
/// mean and sd came from and compares them (a vectorised compare, far cheaper than the products); any difference
/// recomputes. The reused mean and sd are the same floats the full path computes, so a shared sample is bit for bit
/// the sample the full path would give. Only the layer that receives the network's input, in
/// <see cref="PassMode.Sample"/> and with <see cref="ForwardContext.ReuseSharedInput"/>, keeps such a cache.
/// </remarks>
public abstract partial class WeightLayer
{
    private SharedInputWork? _shared;

    /// <summary>How many forward passes reused the shared first-layer work (for tests).</summary>
    internal int SharedReuses { get; private set; }

    private bool TryReuse(Tensor x, out float[] mean, out float[] sd)
    {
        var w = _shared;
        (mean, sd) = (w?.Mean ?? [], w?.Sd ?? []);
        if (w is null || w.Shape != (x.N, x.C, x.H, x.W)
            || !x.Data.AsSpan().SequenceEqual(w.Input)
            || !WeightMu.Value.AsSpan().SequenceEqual(w.WeightMu) || !BiasMu.Value.AsSpan().SequenceEqual(w.BiasMu)
            || !WeightRho!.Value.AsSpan().SequenceEqual(w.WeightRho) || !BiasRho!.Value.AsSpan().SequenceEqual(w.BiasRho))
        {
            return false;
        }

        SharedReuses++;
        return true;
    }

    /// <summary>Keeps copies of the input, the parameters and the pre-noise mean; <paramref name="sd"/> itself (nothing
    /// else holds or writes it in a sampling pass).</summary>
    private void Remember(Tensor x, Tensor y, float[] sd) => _shared = new SharedInputWork(
        (x.N, x.C, x.H, x.W), (float[])x.Data.Clone(),
        (float[])WeightMu.Value.Clone(), (float[])BiasMu.Value.Clone(), (float[])WeightRho!.Value.Clone(), (float[])BiasRho!.Value.Clone(),
        (float[])y.Data.Clone(), sd);

    private sealed record SharedInputWork(
        (int N, int C, int H, int W) Shape, float[] Input,
        float[] WeightMu, float[] BiasMu, float[] WeightRho, float[] BiasRho,
        float[] Mean, float[] Sd);
}
