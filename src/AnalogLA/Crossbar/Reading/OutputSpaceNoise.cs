using System.Numerics.Tensors;

namespace AnalogLA.Crossbar;

/// <summary>
/// Output-space sampling, shared by every array client (<see cref="ReadEngine"/> for crossbar read noise,
/// <see cref="Stochastic.StochasticMatrix"/> for Bayes-MTJ currents): a line current that is a sum of independent
/// zero-mean device errors, Σ_i ε_i·v_i with Var(ε_i) = σ_i², is drawn as one Gaussian √(Σ_i σ_i²·v_i²)·z per line.
/// </summary>
/// <remarks>Exact in distribution when every ε_i is Gaussian; otherwise exact in mean and variance (the central-limit
/// view). The caller owns the random stream layout (so each client keeps its seeded bits) and supplies z.</remarks>
public static class OutputSpaceNoise
{
    /// <summary>current[j] += √variance[j]·z[j]; <paramref name="scratch"/> holds at least current.Length values.</summary>
    public static void Add(Span<float> current, ReadOnlySpan<float> variance, ReadOnlySpan<float> z, Span<float> scratch)
    {
        var sd = scratch[..current.Length];
        TensorPrimitives.Sqrt(variance[..current.Length], sd);
        TensorPrimitives.FusedMultiplyAdd(sd, z[..current.Length], current, current);
    }

    /// <summary>current[j] += √variance·z[j] for a variance common to every line (state-independent noise).</summary>
    public static void Add(Span<float> current, float variance, ReadOnlySpan<float> z)
    {
        float sd = MathF.Sqrt(variance);
        if (current.Length >= 16)
        {
            TensorPrimitives.MultiplyAdd(z[..current.Length], sd, current, current);
            return;
        }

        // A unit of a few lines (LeNet's conv1 has six): the call costs more than the arithmetic; the same operations.
        for (int j = 0; j < current.Length; j++)
        {
            current[j] = (z[j] * sd) + current[j];
        }
    }
}
