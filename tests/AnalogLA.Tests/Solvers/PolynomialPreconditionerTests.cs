using AnalogLA.Numerics;
using AnalogLA.Crossbar;
using AnalogLA.Solvers;
using MathNet.Numerics.LinearAlgebra;

namespace AnalogLA.Tests.Solvers;

/// <summary>The polynomial preconditioner against closed forms: the Chebyshev residual polynomial and the Neumann partial sum.</summary>
public class PolynomialPreconditionerTests
{
    /// <summary>T_n(x) by the three-term recurrence (valid inside and outside [−1, 1]).</summary>
    private static double Chebyshev(int n, double x)
    {
        double t0 = 1, t1 = x;
        if (n == 0)
        {
            return 1;
        }

        for (int k = 1; k < n; k++)
        {
            (t0, t1) = (t1, 2 * x * t1 - t0);
        }

        return t1;
    }

    private static Matrix<double> Laplacian1D(int n) =>
        Matrix<double>.Build.Sparse(n, n, (i, j) => i == j ? 2 : Math.Abs(i - j) == 1 ? -1 : 0);

    [TestCase(1)]
    [TestCase(4)]
    [TestCase(7)]
    public void ChebyshevOfDegreeKHasTheResidualPolynomialTkPlusOne(int degree)
    {
        // 1-D Laplacian: D = 2I, D⁻¹A has eigenpairs λ_j = 1 − cos(jπ/(n+1)), v_j(i) = sin(i·jπ/(n+1)). For r = D·v_j,
        // z = p(λ_j)·v_j and 1 − λ_j·p(λ_j) = T_{k+1}((θ − λ_j)/δ)/T_{k+1}(θ/δ) (Saad, Iterative Methods, §12.3).
        const int n = 20;
        var a = Laplacian1D(n);
        var m = new AnalogPolynomialPreconditioner(null, degree);
        m.Initialize(a);
        double lMax = m.LambdaMax, lMin = lMax / m.SpectrumRatio;
        double theta = (lMax + lMin) / 2, delta = (lMax - lMin) / 2;
        foreach (int j in new[] { 1, 5, 13, 20 })
        {
            double lambda = 1 - Math.Cos(j * Math.PI / (n + 1));
            var v = Vector<double>.Build.Dense(n, i => Math.Sin((i + 1) * j * Math.PI / (n + 1)));
            var z = Vector<double>.Build.Dense(n);
            m.Approximate(2 * v, z);
            double p = z.DotProduct(v) / v.DotProduct(v);
            double expected = Chebyshev(degree + 1, (theta - lambda) / delta) / Chebyshev(degree + 1, theta / delta);
            Assert.That(1 - lambda * p, Is.EqualTo(expected).Within(1e-10), $"eigenvalue {j}");
            Assert.That((z - p * v).L2Norm(), Is.LessThan(1e-10 * z.L2Norm() + 1e-14), "z stays along the eigenvector");
        }
    }

    [TestCase(1)]
    [TestCase(3)]
    public void NeumannOfDegreeKIsThePartialSumWithKPlusOneTerms(int degree)
    {
        var a = TestProblems.Poisson2D(5);
        var m = new AnalogPolynomialPreconditioner(null, degree, PolynomialKind.Neumann);
        m.Initialize(a);
        double omega = 1 / m.LambdaMax;
        var dInv = Matrix<double>.Build.DenseOfDiagonalArray(Enumerable.Range(0, a.RowCount).Select(i => 1 / a[i, i]).ToArray());
        var iteration = Matrix<double>.Build.DenseIdentity(a.RowCount) - omega * dInv * Matrix<double>.Build.DenseOfMatrix(a);
        var r = Vector<double>.Build.Dense(a.RowCount, i => Math.Cos(i));
        var expected = Vector<double>.Build.Dense(a.RowCount);
        var term = omega * (dInv * r);
        for (int i = 0; i <= degree; i++)
        {
            expected += term;
            term = iteration * term;
        }

        var z = Vector<double>.Build.Dense(a.RowCount);
        m.Approximate(r, z);
        Assert.That((z - expected).L2Norm(), Is.LessThan(1e-12 * expected.L2Norm()));
    }

    [TestCase(PolynomialKind.Chebyshev, 1)]
    [TestCase(PolynomialKind.Chebyshev, 4)]
    [TestCase(PolynomialKind.Neumann, 3)]
    public void DegreeKCostsKAnalogMvmsPerApplication(PolynomialKind kind, int degree)
    {
        var a = TestProblems.Poisson2D(6);
        var m = new AnalogPolynomialPreconditioner(AnalogOptions.Ideal, degree, kind);
        m.Initialize(a);
        long before = m.AnalogMvms;
        var z = Vector<double>.Build.Dense(a.RowCount);
        for (int k = 0; k < 3; k++)
        {
            m.Approximate(Vector<double>.Build.Dense(a.RowCount, 1.0), z);
        }

        Assert.That(m.AnalogMvms - before, Is.EqualTo(3L * degree));
    }
}
