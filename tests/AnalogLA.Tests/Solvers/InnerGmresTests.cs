using AnalogLA.Crossbar;
using AnalogLA.Solvers;
using MathNet.Numerics.LinearAlgebra;

namespace AnalogLA.Tests.Solvers;

/// <summary>
/// The inner GMRES cycle of <see cref="AnalogRefinementPreconditioner"/> against independent references: after k steps
/// its iterate is the minimiser of ‖b − A·x‖ over the Krylov space span{b, Ab, …, A^(k−1)b} (Saad, Sec. 6.5), computed
/// here by a QR least-squares solve on the explicit Krylov basis; after n steps it is A⁻¹b (LU); it stops as soon as the
/// tolerance is met (counted products) and at a lucky breakdown.
/// </summary>
public class InnerGmresTests
{
    private static Matrix<double> Nonsymmetric(int n)
    {
        var random = new Random(11);
        return Matrix<double>.Build.Dense(n, n, (i, j) => (i == j ? 4 : 0) + random.NextDouble() - 0.5);
    }

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    public void KStepsGiveTheKrylovLeastSquaresMinimiser(int k)
    {
        var a = Nonsymmetric(6);
        var b = Vector<double>.Build.DenseOfArray([1, -2, 0.5, 3, 0, 1]);
        var krylov = Matrix<double>.Build.Dense(6, k);
        var column = b.Clone();
        for (int j = 0; j < k; j++)
        {
            krylov.SetColumn(j, column / column.L2Norm());
            column = a * column;
        }

        var y = (a * krylov).QR().Solve(b);
        var expected = krylov * y;
        var x = AnalogRefinementPreconditioner.InnerGmres(new MatrixOperator(a), b.ToArray(), 1e-15, k);
        Assert.That(x, Is.EqualTo(expected.ToArray()).Within(1e-10));
    }

    [Test]
    public void NStepsSolveExactly()
    {
        var a = Nonsymmetric(6);
        var b = Vector<double>.Build.DenseOfArray([1, -2, 0.5, 3, 0, 1]);
        var op = new MatrixOperator(a);
        var x = AnalogRefinementPreconditioner.InnerGmres(op, b.ToArray(), 1e-15, 6);
        Assert.That(x, Is.EqualTo(a.LU().Solve(b).ToArray()).Within(1e-10));
        Assert.That(op.Mvms, Is.EqualTo(6));
    }

    [Test]
    public void ItStopsAtTheToleranceAndAtALuckyBreakdown()
    {
        var a = Nonsymmetric(40);
        var b = Vector<double>.Build.Dense(40, i => Math.Sin(i));
        var op = new MatrixOperator(a);
        var x = AnalogRefinementPreconditioner.InnerGmres(op, b.ToArray(), 1e-2, 40);
        double relative = (b - (a * Vector<double>.Build.DenseOfArray(x))).L2Norm() / b.L2Norm();
        Assert.That(relative, Is.LessThanOrEqualTo(1e-2));
        Assert.That(op.Mvms, Is.LessThan(10), "a diagonally dominant matrix meets 1e-2 in a few steps and stops there");

        // A = 2I: the first step spans the solution (w = 0 after orthogonalisation), x = b/2 after one product.
        var twice = new MatrixOperator(Matrix<double>.Build.DiagonalIdentity(5) * 2);
        var half = AnalogRefinementPreconditioner.InnerGmres(twice, [2, 4, 6, 8, 10], 1e-15, 5);
        Assert.That(half, Is.EqualTo(new[] { 1.0, 2, 3, 4, 5 }).Within(1e-14));
        Assert.That(twice.Mvms, Is.EqualTo(1));
        Assert.That(AnalogRefinementPreconditioner.InnerGmres(twice, new double[5], 1e-2, 5), Is.All.Zero, "b = 0 gives x = 0 without a product");
        Assert.That(twice.Mvms, Is.EqualTo(1));
    }

    [Test]
    public void OneInnerIterationIsAccepted()
    {
        var p = new AnalogRefinementPreconditioner(AnalogOptions.Ideal, innerIterations: 1);
        Assert.That(p.InnerIterations, Is.EqualTo(1));
        Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => _ = new AnalogRefinementPreconditioner(AnalogOptions.Ideal, innerTolerance: 0))!.Message, Does.Contain("(0, 1)"));
        Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => _ = new AnalogRefinementPreconditioner(AnalogOptions.Ideal, innerIterations: 0))!.Message, Does.Contain("≥ 1"));
        Assert.Throws<ArgumentNullException>(() => p.Initialize(null!));
    }
}
