using AnalogLA.Crossbar;
using AnalogLA.Solvers;
using MathNet.Numerics.LinearAlgebra;

namespace AnalogLA.Tests.Solvers;

/// <summary>The Monte Carlo approximate inverse against the exact inverse, its chain formulas, and its use in block-Jacobi.</summary>
public class MonteCarloInverseTests
{
    /// <summary>
    /// Diagonal 4, 5, 6, 4, 5, 6, …, super-diagonal −1, sub-diagonal +1: C = I − D⁻¹A has entries of both signs, a varying
    /// D and ‖C‖∞ = 2/4 = 0.5, so the Neumann series converges geometrically.
    /// </summary>
    private static double[,] Tridiagonal(int n) => Matrix<double>.Build.Dense(n, n, (i, j) => i == j ? 4 + i % 3 : j == i + 1 ? -1 : j == i - 1 ? 1 : 0).ToArray();

    private static double MaxError(double[,] estimate, Matrix<double> exact)
    {
        // A NaN would pass Is.LessThan (NUnit orders NaN below every number): report it as infinite.
        double error = (Matrix<double>.Build.DenseOfArray(estimate) - exact).Enumerate().Max(Math.Abs) / exact.Enumerate().Max(Math.Abs);
        return double.IsNaN(error) ? double.PositiveInfinity : error;
    }

    [Test]
    public void ChainsAndLengthFollowTheFormulas()
    {
        // N = ⌈(0.6745/ε/(1 − ‖C‖))²⌉ = ⌈(0.6745/0.1/0.5)²⌉ = ⌈181.98⌉ = 182; T = ⌈ln 1e-3 / ln 0.5⌉ = ⌈9.97⌉ = 10.
        var (_, chains, length) = MonteCarloInverse.Estimate(Tridiagonal(20), new MonteCarloInverseOptions(0.1, 1e-3), 1);
        Assert.That(chains, Is.EqualTo(182));
        Assert.That(length, Is.EqualTo(10));
    }

    [Test]
    public void TheEstimateConvergesToTheInverseAtTheMonteCarloRate()
    {
        var a = Tridiagonal(20);
        var exact = Matrix<double>.Build.DenseOfArray(a).Inverse();
        var options = new MonteCarloInverseOptions(Accuracy: 0.05, Truncation: 1e-6, MaxChains: 1_000_000);
        var (coarse, n1, _) = MonteCarloInverse.Estimate(a, options, 3);
        var (fine, n2, _) = MonteCarloInverse.Estimate(a, options with { Accuracy = 0.0125 }, 3);
        Assert.That(n2, Is.EqualTo(16 * n1).Within(16), "ε/4 asks for 16× the chains");
        double e1 = MaxError(coarse, exact), e2 = MaxError(fine, exact);
        TestContext.Out.WriteLine($"max relative entry error {e1:E2} ({n1} chains) → {e2:E2} ({n2} chains)");
        Assert.That(e2, Is.LessThan(0.02));
        Assert.That(e1 / e2, Is.InRange(2.0, 8.0), "the error falls like 1/√N (×4 expected)");
    }

    [Test]
    public void BlockJacobiWithMonteCarloInversesConvergesBetweenExactAndNone()
    {
        var a = TestProblems.FromSpec("convdiff:16");
        var b = a * Vector<double>.Build.Dense(a.RowCount, 1.0);
        int Iterations(SolveOptions o) => AnalogSolve.Solve(a, b, o with { Tolerance = 1e-10, MaxIterations = 400, Restart = 400 }).Result.Iterations;
        var baseOptions = new SolveOptions { Preconditioner = PreconditionerKind.AnalogBlockJacobi, Analog = AnalogOptions.Ideal, BlockSize = 64 };
        int exact = Iterations(baseOptions);
        int monteCarlo = Iterations(baseOptions with { BlockInverse = new BlockInverseOptions { MonteCarlo = new MonteCarloInverseOptions(0.05) } });
        int none = Iterations(baseOptions with { Preconditioner = PreconditionerKind.None });
        TestContext.Out.WriteLine($"exact {exact}, MCAI {monteCarlo}, none {none}");
        Assert.That(monteCarlo, Is.GreaterThanOrEqualTo(exact).And.LessThan(none));
    }

    [Test]
    public void DropToleranceZeroesTheSmallEntriesOfEachBlockInverse()
    {
        // A = diag(2, 4) ⊕ …: one 2×2 block [[2, 1], [1, 2]]; inverse [[2, −1], [−1, 2]]/3; τ = 0.6 drops the −1/3 entries.
        var a = Matrix<double>.Build.DenseOfArray(new double[,] { { 2, 1 }, { 1, 2 } });
        var p = new AnalogBlockJacobiPreconditioner(null, 2, new BlockInverseOptions { DropTolerance = 0.6 });
        p.Initialize(a);
        var z = Vector<double>.Build.Dense(2);
        p.Approximate(Vector<double>.Build.DenseOfArray([3, 0]), z);
        Assert.That(z[0], Is.EqualTo(2).Within(1e-12));
        Assert.That(z[1], Is.EqualTo(0).Within(1e-12), "−1/3 < 0.6 × 2/3 was dropped");
        Assert.Throws<ArgumentOutOfRangeException>(() => new BlockInverseOptions { DropTolerance = 1 }.Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new MonteCarloInverseOptions(Accuracy: 0).Validate());
        Assert.Throws<ArgumentException>(() => MonteCarloInverse.Estimate(new double[,] { { 0, 1 }, { 1, 0 } }, new MonteCarloInverseOptions(), 1));
    }
}
