using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Solvers;

namespace AnalogLA.Solvers;

/// <summary>
/// Preconditioned conjugate gradients for symmetric positive definite systems, and its flexible variant
/// for preconditioners that change between applications (analog read noise).
/// </summary>
/// <remarks>
/// Standard PCG (Hestenes and Stiefel 1952; Saad, Iterative Methods for Sparse Linear Systems, 2nd ed.,
/// Alg. 9.1): α = (r·z)/(p·Ap), x += αp, r −= αAp, z = M⁻¹r, β = (r_new·z_new)/(r·z), p = z + βp.
/// Flexible CG (Notay, SIAM J. Sci. Comput. 22:1444, 2000) replaces β by the Polak–Ribière form
/// β = z_new·(r_new − r)/(r·z), which keeps convergence when M⁻¹ varies. A non-positive p·Ap (matrix not
/// SPD) or r·z (preconditioner not SPD) is a breakdown, reported as a status.
/// </remarks>
public sealed class ConjugateGradient(bool flexible = false) : KrylovSolver
{
    /// <summary>Whether the Polak–Ribière (flexible) β is used.</summary>
    public bool Flexible { get; } = flexible;

    /// <inheritdoc />
    protected override SolveStatus? Iterate(Matrix<double> a, Vector<double> b, Vector<double> x, Monitor monitor, IPreconditioner<double> m)
    {
        if (monitor.Start(x))
        {
            return null;
        }

        var r = Vector<double>.Build.Dense(b.Count);
        monitor.Residual(x, r);
        var z = Vector<double>.Build.Dense(b.Count);
        m.Approximate(r, z);
        var p = z.Clone();
        var ap = Vector<double>.Build.Dense(b.Count);
        var rPrevious = Vector<double>.Build.Dense(b.Count);
        double rz = r.DotProduct(z);
        for (int k = 1; ; k++)
        {
            a.Multiply(p, ap);
            double pap = p.DotProduct(ap);
            if (!(pap > 0) || !(rz > 0))
            {
                return SolveStatus.Breakdown;
            }

            double alpha = rz / pap;
            x.Add(p.Multiply(alpha), x);
            r.CopyTo(rPrevious);
            r.Subtract(ap.Multiply(alpha), r);
            if (monitor.Check(k, x))
            {
                return null;
            }

            m.Approximate(r, z);
            double rzNew = r.DotProduct(z);
            double beta = Flexible ? z.DotProduct(r - rPrevious) / rz : rzNew / rz;
            rz = rzNew;
            p.Multiply(beta, p);
            p.Add(z, p);
        }
    }
}
