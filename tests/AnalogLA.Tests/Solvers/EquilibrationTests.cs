using AnalogLA.Crossbar;
using AnalogLA.Solvers;
using MathNet.Numerics.LinearAlgebra;

namespace AnalogLA.Tests.Solvers;

/// <summary>
/// Symmetric Jacobi scaling around a preconditioner: the scaling vector by hand, and M⁻¹ = S·(SAS)⁻¹·S = A⁻¹ for an
/// exact inner inverse, on a dense and a sparse matrix whose diagonal spans four orders of magnitude.
/// </summary>
public class EquilibrationTests
{
    private static Matrix<double> Badly(bool sparse)
    {
        var a = Matrix<double>.Build.DenseOfArray(new double[,]
        {
            { 100, 2, 0, 0 },
            { 3, 0.01, 0.02, 0 },
            { 0, -4, 0, 1 },
            { 0, 0, 0.5, 9 },
        });
        return sparse ? Matrix<double>.Build.SparseOfMatrix(a) : a;
    }

    [Test]
    public void TheScalingIsTheInverseRootOfTheDiagonalOrOfTheRowMaximum()
    {
        // Rows 0, 1, 3: 1/√|a_ii|; row 2 has a zero diagonal: 1/√(max_j |a_2j|) = 1/√4; an all-zero row would keep 1.
        var s = EquilibratedPreconditioner.Scaling(Badly(sparse: false));
        Assert.That(s.ToArray(), Is.EqualTo(new[] { 0.1, 10, 0.5, 1 / 3.0 }).Within(1e-12));
        var withZeroRow = Matrix<double>.Build.DenseOfArray(new double[,] { { 4, 0 }, { 0, 0 } });
        Assert.That(EquilibratedPreconditioner.Scaling(withZeroRow).ToArray(), Is.EqualTo(new[] { 0.5, 1 }).Within(1e-12));
        Assert.Throws<ArgumentNullException>(() => EquilibratedPreconditioner.Scaling(null!));
    }

    [TestCase(false)]
    [TestCase(true)]
    public void AroundAnExactInverseTheScalingCancels(bool sparse)
    {
        // The inner preconditioner is block-Jacobi with one block on an ideal array, i.e. (SAS)⁻¹ to rounding; the
        // equilibrated operator must then be A⁻¹ (compared with an LU solve).
        var a = Badly(sparse);
        var p = new EquilibratedPreconditioner(new AnalogBlockJacobiPreconditioner(null, blockSize: 4));
        p.Initialize(a);
        var r = Vector<double>.Build.DenseOfArray([1, -2, 0.5, 3]);
        var z = Vector<double>.Build.Dense(4);
        p.Approximate(r, z);
        var exact = Matrix<double>.Build.DenseOfMatrix(a).LU().Solve(r);
        Assert.That((z - exact).L2Norm() / exact.L2Norm(), Is.LessThan(1e-10));
    }
}
