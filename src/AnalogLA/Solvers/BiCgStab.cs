using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Solvers;

namespace AnalogLA.Solvers;

/// <summary>Right-preconditioned BiCGStab for nonsymmetric systems.</summary>
/// <remarks>van der Vorst, SIAM J. Sci. Stat. Comput. 13:631, 1992; Saad, Iterative Methods, Alg. 7.7 with
/// right preconditioning. ρ = r̂·r or ω = 0 is a breakdown, reported as a status.</remarks>
public sealed class BiCgStab : KrylovSolver
{
    /// <inheritdoc />
    protected override SolveStatus? Iterate(Matrix<double> a, Vector<double> b, Vector<double> x, Monitor monitor, IPreconditioner<double> m)
    {
        if (monitor.Start(x))
        {
            return null;
        }

        int n = b.Count;
        var r = Vector<double>.Build.Dense(n);
        monitor.Residual(x, r);
        var rHat = r.Clone();
        var p = Vector<double>.Build.Dense(n);
        var v = Vector<double>.Build.Dense(n);
        var pHat = Vector<double>.Build.Dense(n);
        var sHat = Vector<double>.Build.Dense(n);
        var t = Vector<double>.Build.Dense(n);
        double rho = 1, alpha = 1, omega = 1;
        for (int k = 1; ; k++)
        {
            double rhoNew = rHat.DotProduct(r);
            if (rhoNew == 0 || omega == 0)
            {
                return SolveStatus.Breakdown;
            }

            double beta = rhoNew / rho * (alpha / omega);
            rho = rhoNew;
            // p = r + β(p − ωv)
            p.Subtract(v.Multiply(omega), p);
            p.Multiply(beta, p);
            p.Add(r, p);
            m.Approximate(p, pHat);
            a.Multiply(pHat, v);
            double rv = rHat.DotProduct(v);
            if (rv == 0)
            {
                return SolveStatus.Breakdown;
            }

            alpha = rho / rv;
            var s = r - v.Multiply(alpha);
            m.Approximate(s, sHat);
            a.Multiply(sHat, t);
            double tt = t.DotProduct(t);
            omega = tt > 0 ? t.DotProduct(s) / tt : 0;
            x.Add(pHat.Multiply(alpha) + sHat.Multiply(omega), x);
            s.Subtract(t.Multiply(omega), r);
            if (monitor.Check(k, x))
            {
                return null;
            }
        }
    }
}
