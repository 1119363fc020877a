using AnalogLA.Solvers;
using MathNet.Numerics.LinearAlgebra;

namespace AnalogLA.Tests.Solvers;

public class LiteratureProblemsTests
{
    private static Matrix<double> Tridiagonal(int n, double alpha)
    {
        var t = Matrix<double>.Build.Dense(n, n);
        for (int i = 0; i < n; i++)
        {
            t[i, i] = 2;
            if (i > 0)
            {
                t[i, i - 1] = -1 + alpha;
            }

            if (i < n - 1)
            {
                t[i, i + 1] = -1 - alpha;
            }
        }

        return t;
    }

    [Test]
    public void Fd3dIsTheKroneckerSumOfItsDefinition()
    {
        // Second method: MathNet's dense Kronecker products of the tridiagonal factors.
        int nx = 3, ny = 4, nz = 2;
        var (ix, iy, iz) = (Matrix<double>.Build.DenseIdentity(nx), Matrix<double>.Build.DenseIdentity(ny), Matrix<double>.Build.DenseIdentity(nz));
        var expected = iz.KroneckerProduct(iy).KroneckerProduct(Tridiagonal(nx, 0.1))
            + iz.KroneckerProduct(Tridiagonal(ny, 1.2)).KroneckerProduct(ix)
            + Tridiagonal(nz, 0.3).KroneckerProduct(iy).KroneckerProduct(ix)
            - (0.7 * Matrix<double>.Build.DenseIdentity(nx * ny * nz));
        var a = LiteratureProblems.Fd3d(nx, ny, nz, (0.1, 1.2, 0.3), 0.7);
        Assert.That((a - expected).FrobeniusNorm(), Is.LessThan(1e-12));
        // The 2-D form (nz = 1) has no z term: diagonal 4 − shift.
        var flat = TestProblems.FromSpec("fd3d:50,50,1,0.1,1.2,0.3,0.1");
        Assert.That(flat.RowCount, Is.EqualTo(2500));
        Assert.That(flat[0, 0], Is.EqualTo(3.9).Within(1e-15));
        Assert.That(flat[1, 0], Is.EqualTo(-0.9).Within(1e-15));   // sub-diagonal of T_x: −1 + α_x
        Assert.That(flat[0, 50], Is.EqualTo(-2.2).Within(1e-15));  // super-diagonal of T_y: −1 − α_y
    }

    [Test]
    public void LowRankLaplaceIsTheLaplacianPlusARankTenUpdateOfTheStatedDensity()
    {
        const int n = 32;
        var a = TestProblems.FromSpec("lowrank-laplace:32");
        var update = a - LiteratureProblems.Fd3d(n, n, 1, (0, 0, 0), 0);
        var x = LiteratureProblems.LowRankFactor(n * n);
        // Density 0.1 of 10,240 entries: within 5 binomial standard deviations.
        double nonzeros = x.EnumerateIndexed(MathNet.Numerics.LinearAlgebra.Zeros.AllowSkip).Count();
        double mean = 0.1 * n * n * 10, sd = Math.Sqrt(mean * 0.9);
        Assert.That(nonzeros, Is.InRange(mean - (5 * sd), mean + (5 * sd)));
        Assert.That((update - x.TransposeAndMultiply(x)).FrobeniusNorm(), Is.LessThan(1e-10));
        // Rank ≤ 10 and PSD: the 11th-largest eigenvalue of the symmetric update is 0, the smallest not below 0.
        var eigen = update.ToArray();
        var values = Matrix<double>.Build.DenseOfArray(eigen).Evd(Symmetricity.Symmetric).EigenValues.Select(v => v.Real).OrderDescending().ToArray();
        Assert.That(values[9], Is.GreaterThan(1e-6));
        Assert.That(Math.Abs(values[10]), Is.LessThan(1e-8 * values[0]));
        Assert.That(values[^1], Is.GreaterThan(-1e-8 * values[0]));
        Assert.Throws<ArgumentException>(() => TestProblems.FromSpec("fd3d:50,50,1,0.1,1.2"));
        Assert.Throws<ArgumentException>(() => TestProblems.FromSpec("fd3d:5000,5000,1,0,0,0,0"));
    }
}
