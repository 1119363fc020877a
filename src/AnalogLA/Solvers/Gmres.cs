using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Solvers;

namespace AnalogLA.Solvers;

/// <summary>
/// Restarted GMRES(m) with right preconditioning, and flexible GMRES (FGMRES) for preconditioners that
/// change between applications.
/// </summary>
/// <remarks>
/// Arnoldi with modified Gram–Schmidt and Givens rotations (Saad and Schultz, SIAM J. Sci. Stat. Comput.
/// 7:856, 1986; Saad, Iterative Methods, Alg. 6.9 and 9.5). Right preconditioning: A·M⁻¹·u = b, x = M⁻¹u.
/// GMRES keeps the Arnoldi basis V and applies M⁻¹ once to V·y; FGMRES (Saad, SIAM J. Sci. Comput. 14:461,
/// 1993, Alg. 9.6) stores Z_j = M⁻¹v_j, so each step may use a different M⁻¹ (analog read noise) and
/// x = x0 + Z·y stays exact. FGMRES forms the iterate after every inner step so that the true residual can be
/// checked (O(n·j) extra work, no preconditioner application). GMRES forms it — one more application of M⁻¹ —
/// only at the end of a cycle and where the Givens estimate |g_{j+1}|/‖b‖ says the iterator would stop, so it
/// applies M⁻¹ once per iteration plus once per cycle (recording the estimate in the residual history in between).
/// A lucky breakdown (h_{j+1,j} = 0) ends the cycle with the exact solution.
/// </remarks>
public sealed class Gmres(int restart = 50, bool flexible = true) : KrylovSolver
{
    /// <summary>Krylov subspace size m before a restart.</summary>
    public int Restart { get; } = restart >= 1 ? restart : throw new ArgumentOutOfRangeException(nameof(restart), restart, "restart must be ≥ 1.");

    /// <summary>Whether the flexible variant is used.</summary>
    public bool Flexible { get; } = flexible;

    /// <inheritdoc />
    protected override SolveStatus? Iterate(Matrix<double> a, Vector<double> b, Vector<double> x, Monitor monitor, IPreconditioner<double> m)
    {
        if (monitor.Start(x))
        {
            return null;
        }

        int n = b.Count, restart = Math.Min(Restart, n);
        var v = new Vector<double>[restart + 1];
        var z = new Vector<double>[restart];
        var h = new double[restart + 1, restart];
        var cs = new double[restart];
        var sn = new double[restart];
        var g = new double[restart + 1];
        var r = Vector<double>.Build.Dense(n);
        var w = Vector<double>.Build.Dense(n);
        var x0 = Vector<double>.Build.Dense(n);
        var trial = Vector<double>.Build.Dense(n);
        var scaled = Vector<double>.Build.Dense(n);       // h_ij·v_i (work vectors allocated once per solve)
        var correction = Vector<double>.Build.Dense(n);
        var work = new Workspace(x0, trial, scaled, correction);
        double bNorm = b.L2Norm() is > 0 and var norm ? norm : 1;
        int iteration = 0;
        while (true)
        {
            monitor.Residual(x, r);
            double beta = r.L2Norm();
            if (beta == 0)
            {
                return null;
            }

            x.CopyTo(x0);
            v[0] ??= Vector<double>.Build.Dense(n);
            r.Divide(beta, v[0]);
            Array.Clear(g);
            g[0] = beta;
            for (int j = 0; j < restart; j++)
            {
                iteration++;
                z[j] ??= Vector<double>.Build.Dense(n);
                m.Approximate(v[j], z[j]);
                a.Multiply(z[j], w);
                for (int i = 0; i <= j; i++)
                {
                    h[i, j] = w.DotProduct(v[i]);
                    v[i].Multiply(h[i, j], scaled);
                    w.Subtract(scaled, w);
                }

                h[j + 1, j] = w.L2Norm();
                bool lucky = h[j + 1, j] <= 1e-14 * beta;
                v[j + 1] ??= Vector<double>.Build.Dense(n);
                if (lucky)
                {
                    v[j + 1].Clear();
                }
                else
                {
                    w.Divide(h[j + 1, j], v[j + 1]);
                }
                if (!GivensLeastSquares.AddColumn(h, cs, sn, g, j))
                {
                    return SolveStatus.Breakdown;
                }

                // Non-flexible GMRES forms x = x0 + M⁻¹(V·y) — one more application of M⁻¹ — only where it must: at
                // the end of a cycle, and when the least-squares residual |g_{j+1}| says the iterator would stop
                // (then the true residual decides). FGMRES's x = x0 + Z·y costs no application and is formed every step.
                double estimate = Math.Abs(g[j + 1]) / bNorm;
                if (!Flexible && !lucky && j < restart - 1 && !monitor.WouldStop(iteration, estimate))
                {
                    monitor.Estimate(iteration, estimate);
                    continue;
                }

                Update(work, j + 1, (h, g), Flexible ? z : v, m, x);
                if (monitor.Check(iteration, x))
                {
                    return null;
                }

                if (lucky)
                {
                    break;
                }
            }
        }
    }

    /// <summary>The cycle's start x0 and the work vectors of <see cref="Update"/> (allocated once per solve).</summary>
    private readonly record struct Workspace(Vector<double> X0, Vector<double> Sum, Vector<double> Scaled, Vector<double> Correction);

    /// <summary>x = x0 + Z·y (flexible) or x0 + M⁻¹(V·y), with y from the triangular system H·y = g.</summary>
    private void Update(Workspace work, int k, (double[,] H, double[] G) system, Vector<double>[] basis, IPreconditioner<double> m, Vector<double> x)
    {
        var y = GivensLeastSquares.BackSubstitute(system.H, system.G, k);
        work.Sum.Clear();
        for (int i = 0; i < k; i++)
        {
            basis[i].Multiply(y[i], work.Scaled);
            work.Sum.Add(work.Scaled, work.Sum);
        }

        if (Flexible)
        {
            work.X0.Add(work.Sum, x);
        }
        else
        {
            m.Approximate(work.Sum, work.Correction);
            work.X0.Add(work.Correction, x);
        }
    }
}
