using AnalogLA.Numerics;
using System.Text.Json;
using AnalogLA.IO;
using AnalogLA.Crossbar;
using AnalogLA.Solvers;
using MathNet.Numerics.LinearAlgebra;

namespace AnalogLA.Tests.Solvers;

/// <summary>
/// Our CG and GMRES(50) against scipy's iteration counts on real SuiteSparse matrices
/// (`$ANALOGLA_DATA/matrices/baselines.json`: b = A·1, x0 = 0, true relative residual ≤ 1e-8).
/// </summary>
public class SuiteSparseBaselineTests
{
    private static string? Folder()
    {
        string? root = Environment.GetEnvironmentVariable("ANALOGLA_DATA");
        string? folder = root is null ? null : Path.Combine(root, "matrices");
        return folder is not null && File.Exists(Path.Combine(folder, "baselines.json")) ? folder : null;
    }

    [TestCase("nos4", "cg", SolverKind.Cg)]
    [TestCase("gr_30_30", "cg", SolverKind.Cg)]
    [TestCase("bcsstk02", "cg", SolverKind.Cg)]
    [TestCase("Trefethen_500", "cg", SolverKind.Cg)]
    [TestCase("662_bus", "cg", SolverKind.Cg)]
    [TestCase("fs_183_6", "gmres50", SolverKind.Gmres)]
    [TestCase("arc130", "gmres50", SolverKind.Gmres)]
    [TestCase("nos4", "gmres50", SolverKind.Gmres)]
    public void IterationCountsMatchScipy(string name, string baselineKey, SolverKind solver)
    {
        string folder = Folder() ?? throw new IgnoreException("SuiteSparse matrices not found: set ANALOGLA_DATA to the shared data folder (matrices/baselines.json) to run this test.");
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "baselines.json")));
        var entry = json.RootElement.GetProperty("results").EnumerateArray().First(r => r.GetProperty("name").GetString() == name);
        int expected = entry.GetProperty(baselineKey).GetProperty("iters").GetInt32();

        var a = MatrixMarket.Read(Path.Combine(folder, name + ".mtx"));
        var b = a * Vector<double>.Build.Dense(a.RowCount, 1.0);
        var (_, result) = AnalogSolve.Solve(a, b, new SolveOptions { Solver = solver, Restart = 50, Tolerance = 1e-8 });
        Assert.That(result.Converged, Is.True);
        // Same algorithm, same stopping rule: counts agree up to rounding-sensitive drift (2 or 2 %).
        Assert.That(result.Iterations, Is.EqualTo(expected).Within(Math.Max(2, (int)Math.Ceiling(0.02 * expected))));
    }

    /// <summary>
    /// The analog Chebyshev polynomial preconditioner (degree 4, A itself on noisy `dwmtj-realistic` arrays) against
    /// digital ILU(0) under the same FGMRES(50), cap 5,000: on bcsstk15 it needs fewer iterations (measured 984 against
    /// 1,144), on bcsstk13 it converges (3,334) where ILU(0) stalls near 5E-03. Both sides are solved here; the
    /// polynomial needs only the accuracy of A·v, which the arrays deliver, while an inverse-based preconditioner
    /// amplifies the same errors by the blocks' conditioning. A claim about the preconditioner's strength, not a check of
    /// its recurrence: halving the Chebyshev direction coefficient still passes here (FGMRES absorbs a weaker
    /// polynomial); <c>ChebyshevOfDegreeKHasTheResidualPolynomialTkPlusOne</c> pins the recurrence and fails on it.
    /// </summary>
    [Category("Slow")]
    [TestCase("bcsstk15")]
    [TestCase("bcsstk13")]
    public void TheAnalogPolynomialPreconditionerBeatsIlu0WhereIlu0IsWeak(string name)
    {
        string folder = Folder() ?? throw new IgnoreException("SuiteSparse matrices not found: set ANALOGLA_DATA to the shared data folder (matrices/baselines.json) to run this test.");
        var a = MatrixMarket.Read(Path.Combine(folder, name + ".mtx"));
        var b = a * Vector<double>.Build.Dense(a.RowCount, 1.0);
        var settings = new SolveOptions { Solver = SolverKind.Fgmres, Restart = 50, Tolerance = 1e-8, MaxIterations = 5000 };
        var (_, ilu) = AnalogSolve.Solve(a, b, settings with { Preconditioner = PreconditionerKind.Ilu0 });
        var (x, analog) = AnalogSolve.Solve(a, b, settings with { Preconditioner = PreconditionerKind.AnalogPoly, PolynomialDegree = 4 });
        Assert.That(analog.Converged, Is.True, $"analog-poly: {analog.Iterations} iterations, residual {analog.TrueRelativeResidual:E1}");
        Assert.That((b - a * x).L2Norm() / b.L2Norm(), Is.LessThanOrEqualTo(1e-8 * 1.01));
        Assert.That(analog.Iterations, Is.LessThan(ilu.Converged ? ilu.Iterations : int.MaxValue), $"ILU(0): {ilu.Iterations} iterations, converged {ilu.Converged}");
    }

    /// <summary>
    /// The fifth win (2026-12-03): on Trefethen_500 ILU(0) needs 5 iterations; one analog block holding the inverse's
    /// off-diagonal part (<c>--digital-diagonal</c>) on <c>dwmtj-realistic</c> needs 4 once both error floors are pushed
    /// down — compensation whose program-and-verify reads average 1,024 reads (the verify noise sets the static error it
    /// leaves) and 64 averaged reads per application (the fresh read noise falls as 1/√64). With the default 16 verify
    /// reads the same run needs 5, so the test fails when the verify-read noise is dropped from or mis-scaled in the
    /// compensation model in the direction that matters.
    /// </summary>
    [Test]
    public void WithAccurateVerifyReadsAndAveragedReadsOneAnalogBlockBeatsIlu0OnTrefethen500()
    {
        string folder = Folder() ?? throw new IgnoreException("SuiteSparse matrices not found: set ANALOGLA_DATA to the shared data folder (matrices/baselines.json) to run this test.");
        var a = MatrixMarket.Read(Path.Combine(folder, "Trefethen_500.mtx"));
        var b = a * Vector<double>.Build.Dense(a.RowCount, 1.0);
        var settings = new SolveOptions { Solver = SolverKind.Fgmres, Restart = 50, Tolerance = 1e-8, MaxIterations = 100 };
        var (_, ilu) = AnalogSolve.Solve(a, b, settings with { Preconditioner = PreconditionerKind.Ilu0 });
        Assert.That((ilu.Converged, ilu.Iterations), Is.EqualTo((true, 5)), "ILU(0)");
        var device = AnalogOptions.DwMtjRealistic;
        var analogSettings = settings with
        {
            Preconditioner = PreconditionerKind.AnalogBlockJacobi,
            BlockSize = a.RowCount,
            BlockInverse = new BlockInverseOptions { DigitalDiagonal = true },
            ReadRepeats = 64,
        };
        var (x, analog) = AnalogSolve.Solve(a, b, analogSettings with { Analog = device with { Mapping = device.Mapping with { Compensation = 2, VerifyReads = 1024 } } });
        Assert.That(analog.Converged, Is.True);
        Assert.That((b - a * x).L2Norm() / b.L2Norm(), Is.LessThanOrEqualTo(1e-8 * 1.01));
        Assert.That(analog.Iterations, Is.LessThan(ilu.Iterations), $"analog block-Jacobi: residual history {string.Join(", ", analog.ResidualHistory.Select(r => r.ToString("E1", System.Globalization.CultureInfo.InvariantCulture)))}");
        var (_, noisyVerify) = AnalogSolve.Solve(a, b, analogSettings with { Analog = device with { Mapping = device.Mapping with { Compensation = 2, VerifyReads = 16 } } });
        Assert.That(noisyVerify.Iterations, Is.GreaterThanOrEqualTo(ilu.Iterations), "with 16 verify reads the compensation leaves the verify noise behind");
    }
}
