using AnalogLA.Solvers;
using MathNet.Numerics.LinearAlgebra;

namespace AnalogLA.Tests.Solvers;

/// <summary>Gauss–Jordan inverse against MathNet's LU inverse and the identity.</summary>
public class DenseInverseTests
{
    [TestCase(1)]
    [TestCase(7)]
    [TestCase(90)]
    [TestCase(300)]
    public void TheInverseMatchesMathNetsAndGivesTheIdentity(int n)
    {
        // A random nonsymmetric matrix that needs pivoting (small diagonal).
        var u = TestData.Uniform(n * n, (ulong)n);
        var a = Matrix<double>.Build.Dense(n, n, (i, j) => u[i * n + j] + (i == j ? 0.01 : 0));
        var mine = Matrix<double>.Build.DenseOfArray(DenseInverse.Invert(a.ToArray())!);
        var theirs = a.Inverse();
        double scale = theirs.L1Norm();
        Assert.That((mine - theirs).L1Norm() / scale, Is.LessThan(1e-9));
        Assert.That((a * mine - Matrix<double>.Build.DenseIdentity(n)).InfinityNorm(), Is.LessThan(1e-8 * a.InfinityNorm() * mine.InfinityNorm()));
    }

    [Test]
    public void AZeroLeadingPivotIsHandledByRowExchange()
    {
        var inverse = DenseInverse.Invert(new double[,] { { 0, 2 }, { 4, 0 } })!;
        Assert.That(inverse, Is.EqualTo(new double[,] { { 0, 0.25 }, { 0.5, 0 } }));
    }

    [Test]
    public void ASingularBlockIsReportedNotInverted()
    {
        var a = new double[,] { { 1, 2, 3 }, { 2, 4, 6 }, { 1, 0, 1 } };
        Assert.That(DenseInverse.Invert(a), Is.Null);
        Assert.That(DenseInverse.Invert(new double[,] { { 1, 0 }, { 0, 1e-20 } }), Is.Null, "a pivot below 1e−14 of the largest");
        var e = Assert.Throws<ArgumentException>(() => new AnalogBlockJacobiPreconditioner(null, 3).Initialize(Matrix<double>.Build.DenseOfArray(a)));
        Assert.That(e!.Message, Does.Contain("diagonal block 0 (rows 0–2) is singular"));
    }
}
