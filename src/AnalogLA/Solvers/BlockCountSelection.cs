using AnalogLA.Numerics;
using MathNet.Numerics.LinearAlgebra;

namespace AnalogLA.Solvers;

/// <summary>How <see cref="BlockCountSelection"/> ranks the candidates.</summary>
public enum BlockCountCriterion
{
    /// <summary>The relative residual after a short FGMRES trial solve through the noisy preconditioner (the default).</summary>
    Trial,

    /// <summary>The probed norm ‖I − A·M̃‖ (mean ‖z − A·M̃(z)‖/‖z‖ over random z).</summary>
    Norm,
}

/// <summary>One candidate of <see cref="BlockCountSelection"/>: block count, block size, the probed ‖I − A·M̃‖ and the trial residual.</summary>
public sealed record BlockCountEstimate(int Blocks, int BlockSize, double Estimate, double TrialResidual = double.NaN);

/// <summary>
/// Noise-aware block size (<c>solve --blocks auto</c>): builds the block preconditioner for each candidate block count and
/// measures it noisy, as the solver will use it, two ways: the probed norm ρ̂ = mean ‖z − A·M̃(z)‖/‖z‖ over random z, and
/// the relative residual after a short FGMRES trial solve (<see cref="TrialIterations"/> iterations, b = A·z₀ for a random
/// z₀); it picks the count with the smallest trial residual (<see cref="BlockCountCriterion.Trial"/>, the default) or the
/// smallest ρ̂ (<see cref="BlockCountCriterion.Norm"/>).
/// </summary>
/// <remarks>
/// A right preconditioner M with ‖I − A·M‖ = ρ &lt; 1 makes GMRES's residual shrink at least like ρ^k (Saad, Iterative
/// Methods for Sparse Linear Systems, 2nd ed., Sec. 9.3 and Prop. 6.32 for the normal case), so the count minimising the
/// probed norm is the one the error bound favours; the probes see the analog errors (write noise, read noise, converters)
/// as the solve does, which is why this choice can differ from the digital one ("a stronger digital preconditioner may be
/// less effective after analog scaling, write noise, input/output perturbations, quantization, and clipping", Shah et al.,
/// arXiv 2606.17227, 2026). Random probes give a lower estimate of the operator norm, with no guarantee. Measured on the
/// literature track (solve-track, 2026-12-01), the norm misranks: it charges the structural error of small blocks (which
/// GMRES removes in a few iterations, the spectrum of A·M being clustered with few outliers) the same as the random error of
/// large noisy blocks (which it cannot remove), and picked 60 blocks on gr_30_30 under dwmtj-realistic (68 iterations) where
/// 2–5 blocks need 38. The trial solve measures what the solver will see, at the cost of <see cref="TrialIterations"/>
/// applications per candidate; it is the default, and departs from the norm criterion of the issue that asked for it. The
/// probe and trial reads are not part of the solve's counts (the solver builds its own preconditioner).
/// </remarks>
public static class BlockCountSelection
{
    /// <summary>
    /// Candidate counts tried by default: those of them that give blocks of at least two rows, one count per block size.
    /// The counts above 64 (blocks of a few rows, close to Jacobi) were added on 2026-12-02: on watt_2, where Jacobi
    /// (6 iterations) beats ILU(0) (10), blocks of two rows need 7 and the earlier largest count, 64, needed 50.
    /// </summary>
    public static IReadOnlyList<int> DefaultCandidates { get; } = [1, 2, 4, 5, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192];

    /// <summary>FGMRES iterations of each trial solve.</summary>
    public const int TrialIterations = 10;

    /// <summary>Evaluates every candidate; returns the estimates in candidate order and the index of the best.</summary>
    /// <param name="matrix">A.</param>
    /// <param name="create">Builds the (uninitialised) preconditioner for a block size.</param>
    /// <param name="candidates">Block counts to try, counts above n skipped (null: <see cref="DefaultCandidates"/>, as filtered there).</param>
    /// <param name="probes">Random probe vectors per candidate.</param>
    /// <param name="seed">Seed of the probes.</param>
    /// <param name="cancellationToken">Stops between candidates.</param>
    /// <param name="criterion">How the best candidate is chosen.</param>
    /// <exception cref="ArgumentException">No candidate fits the matrix, or probes outside [1, 64].</exception>
    public static (IReadOnlyList<BlockCountEstimate> Estimates, int Best) Evaluate(
        Matrix<double> matrix, Func<int, MathNet.Numerics.LinearAlgebra.Solvers.IPreconditioner<double>> create,
        IEnumerable<int>? candidates = null, int probes = 4, ulong seed = 1, BlockCountCriterion criterion = BlockCountCriterion.Trial,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        ArgumentNullException.ThrowIfNull(create);
        if (probes < 1 || probes > 64)
        {
            throw new ArgumentOutOfRangeException(nameof(probes), probes, "probes must be in [1, 64].");
        }

        int n = matrix.RowCount;
        var counts = candidates is null
            ? DefaultCandidates.Where(c => c == 1 || (n + c - 1) / c >= 2).DistinctBy(c => (n + c - 1) / c).ToArray()
            : candidates.Where(c => c >= 1 && c <= n).Distinct().ToArray();
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
            double trial = double.IsFinite(estimate) ? Trial(matrix, preconditioner, z[0]) : double.PositiveInfinity;
            estimates.Add(new BlockCountEstimate(count, size, estimate, trial));
            double score = criterion == BlockCountCriterion.Trial ? trial : estimate;
            double bestScore = criterion == BlockCountCriterion.Trial ? estimates[best].TrialResidual : estimates[best].Estimate;
            if (score < bestScore)
            {
                best = estimates.Count - 1;
            }
        }

        return (estimates, best);
    }

    /// <summary>‖b − A·x‖/‖b‖ after <see cref="TrialIterations"/> FGMRES iterations from x = 0, b = A·z₀.</summary>
    private static double Trial(Matrix<double> matrix, MathNet.Numerics.LinearAlgebra.Solvers.IPreconditioner<double> preconditioner, Vector<double> z0)
    {
        var b = matrix * z0;
        var x = Vector<double>.Build.Dense(b.Count);
        var iterator = new MathNet.Numerics.LinearAlgebra.Solvers.Iterator<double>(
            new MathNet.Numerics.LinearAlgebra.Solvers.IterationCountStopCriterion<double>(TrialIterations),
            new RelativeResidualStopCriterion(1e-14),
            new MathNet.Numerics.LinearAlgebra.Solvers.DivergenceStopCriterion<double>());
        var result = new Gmres(TrialIterations, flexible: true).Run(matrix, b, x, iterator, preconditioner);
        return double.IsFinite(result.TrueRelativeResidual) ? result.TrueRelativeResidual : double.PositiveInfinity;
    }
}
