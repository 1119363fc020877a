using AnalogLA.Numerics;
using MathNet.Numerics.LinearAlgebra;

namespace AnalogLA.Solvers;

/// <summary>One candidate of <see cref="BlockCountSelection"/>: block count, block size and the estimated ‖I − A·M̃‖.</summary>
public sealed record BlockCountEstimate(int Blocks, int BlockSize, double Estimate);

/// <summary>
/// Noise-aware block size (<c>solve --blocks auto</c>): builds the block preconditioner for each candidate block count,
/// applies it — noisy, as the solver will — to a few random probe vectors z and estimates the quality of the realised
/// preconditioner by ρ̂ = mean ‖z − A·M̃(z)‖/‖z‖, then picks the count with the smallest ρ̂.
/// </summary>
/// <remarks>
/// A right preconditioner M with ‖I − A·M‖ = ρ &lt; 1 makes GMRES's residual shrink at least like ρ^k (Saad, Iterative
/// Methods for Sparse Linear Systems, 2nd ed., Sec. 9.3 and Prop. 6.32 for the normal case), so the count minimising the
/// probed norm is the one the error bound favours; the probes see the analog errors (write noise, read noise, converters)
/// as the solve does, which is why this choice can differ from the digital one ("a stronger digital preconditioner may be
/// less effective after analog scaling, write noise, input/output perturbations, quantization, and clipping", Shah et al.,
/// arXiv 2606.17227, 2026). Random probes give a lower estimate of the operator norm, with no guarantee; the probe reads
/// are not counted in the solve's MVMs but the preconditioner returned is the one that was probed, with its counters reset.
/// </remarks>
public static class BlockCountSelection
{
    /// <summary>Candidate counts tried by default (those that give blocks of at least one row).</summary>
    public static IReadOnlyList<int> DefaultCandidates { get; } = [1, 2, 4, 5, 8, 16, 32, 64];

    /// <summary>Evaluates every candidate; returns the estimates in candidate order and the index of the best.</summary>
    /// <param name="matrix">A.</param>
    /// <param name="create">Builds the (uninitialised) preconditioner for a block size.</param>
    /// <param name="candidates">Block counts to try (null: <see cref="DefaultCandidates"/>); counts above n are skipped.</param>
    /// <param name="probes">Random probe vectors per candidate.</param>
    /// <param name="seed">Seed of the probes.</param>
    /// <param name="cancellationToken">Stops between candidates.</param>
    /// <exception cref="ArgumentException">No candidate fits the matrix, or probes outside [1, 64].</exception>
    public static (IReadOnlyList<BlockCountEstimate> Estimates, int Best) Evaluate(
        Matrix<double> matrix, Func<int, MathNet.Numerics.LinearAlgebra.Solvers.IPreconditioner<double>> create,
        IEnumerable<int>? candidates = null, int probes = 4, ulong seed = 1, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        ArgumentNullException.ThrowIfNull(create);
        if (probes < 1 || probes > 64)
        {
            throw new ArgumentOutOfRangeException(nameof(probes), probes, "probes must be in [1, 64].");
        }

        int n = matrix.RowCount;
        var counts = (candidates ?? DefaultCandidates).Where(c => c >= 1 && c <= n).Distinct().ToArray();
        if (counts.Length == 0)
        {
            throw new ArgumentException($"no candidate block count fits a matrix of {n} rows.", nameof(candidates));
        }

        var z = new Vector<double>[probes];
        var u = new float[n];
        for (int p = 0; p < probes; p++)
        {
            new CounterRandom(CounterRandom.Mix(seed, 0xB10C + (ulong)p)).FillNormal(u);
            z[p] = Vector<double>.Build.Dense(n, i => u[i]);
        }

        var estimates = new List<BlockCountEstimate>();
        var lhs = Vector<double>.Build.Dense(n);
        int best = 0;
        foreach (int count in counts)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int size = (n + count - 1) / count;
            var preconditioner = create(size);
            double sum = 0;
            try
            {
                preconditioner.Initialize(matrix);
                foreach (var probe in z)
                {
                    preconditioner.Approximate(probe, lhs);
                    sum += (probe - matrix * lhs).L2Norm() / probe.L2Norm();
                }
            }
            catch (ArgumentException)
            {
                // A singular block: this count cannot be used.
                sum = double.PositiveInfinity;
            }

            double estimate = double.IsFinite(sum) ? sum / probes : double.PositiveInfinity;
            estimates.Add(new BlockCountEstimate(count, size, estimate));
            if (estimate < estimates[best].Estimate)
            {
                best = estimates.Count - 1;
            }
        }

        return (estimates, best);
    }
}
