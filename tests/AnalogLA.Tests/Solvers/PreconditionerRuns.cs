using AnalogLA.Solvers;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Solvers;

namespace AnalogLA.Tests.Solvers;

/// <summary>What the block-preconditioner tests do with a preconditioner: apply it once, or run FGMRES with it.</summary>
internal static class PreconditionerRuns
{
    /// <summary>z = M⁻¹·r.</summary>
    public static Vector<double> Apply(IPreconditioner<double> p, Vector<double> r)
    {
        var z = Vector<double>.Build.Dense(r.Count);
        p.Approximate(r, z);
        return z;
    }

    /// <summary>Unrestarted FGMRES iterations to 1e-8 with b = A·1 (the true residual checked), <paramref name="p"/> initialised here.</summary>
    public static int FgmresIterations(Matrix<double> a, IPreconditioner<double> p, int cap = 400)
    {
        var b = a * Vector<double>.Build.Dense(a.RowCount, 1.0);
        p.Initialize(a);
        var solver = new Gmres(cap, flexible: true);
        var x = Vector<double>.Build.Dense(a.RowCount);
        solver.Solve(a, b, x, new Iterator<double>(new IterationCountStopCriterion<double>(cap), new RelativeResidualStopCriterion(1e-8)), p);
        Assert.That(solver.LastResult!.TrueRelativeResidual, Is.LessThan(1e-7));
        return solver.LastResult.Iterations;
    }
}
