using AnalogLA.Numerics;
using AnalogLA.Crossbar;
using AnalogLA.Devices;
using AnalogLA.Solvers;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Solvers;

namespace AnalogLA.Tests.Solvers;

public class KrylovSolverTests
{
    private static Vector<double> Ones(int n) => Vector<double>.Build.Dense(n, 1.0);

    private static KrylovResult Run(KrylovSolver solver, Matrix<double> a, IPreconditioner<double> preconditioner, double tolerance, int cap = 5000)
    {
        var b = a * Ones(a.RowCount);
        var p = new CountingPreconditioner(preconditioner);
        p.Initialize(a);
        var x = Vector<double>.Build.Dense(a.RowCount);
        solver.Solve(a, b, x, new Iterator<double>(new IterationCountStopCriterion<double>(cap), new RelativeResidualStopCriterion(tolerance)), p);
        return solver.LastResult!;
    }

    public static IEnumerable<TestCaseData> DigitalCases()
    {
        foreach (var problem in new[] { "poisson2d:16", "anisotropic:12", "convdiff:16", "poisson3d:6" })
        {
            bool spd = !problem.StartsWith("convdiff", StringComparison.Ordinal);
            foreach (var solver in new[] { SolverKind.Cg, SolverKind.Fcg, SolverKind.Gmres, SolverKind.Fgmres, SolverKind.BiCgStab })
            {
                if (!spd && solver is SolverKind.Cg or SolverKind.Fcg)
                {
                    continue;
                }

                foreach (var precond in new[] { PreconditionerKind.None, PreconditionerKind.Jacobi, PreconditionerKind.Ilu0 })
                {
                    yield return new TestCaseData(problem, solver, precond).SetName($"{{m}}({problem},{solver},{precond})");
                }
            }
        }
    }

    [TestCaseSource(nameof(DigitalCases))]
    public void EverySolverReachesTenToTheMinusTenWithDigitalPreconditioners(string problem, SolverKind solver, PreconditionerKind precond)
    {
        var a = TestProblems.FromSpec(problem);
        var options = new SolveOptions { Solver = solver, Preconditioner = precond, Tolerance = 1e-10 };
        var (x, result) = AnalogSolve.Solve(a, a * Ones(a.RowCount), options);
        Assert.That(result.Status, Is.EqualTo(SolveStatus.Converged));
        Assert.That(result.TrueRelativeResidual, Is.LessThanOrEqualTo(1e-10));
        Assert.That((x - Ones(a.RowCount)).InfinityNorm(), Is.LessThan(1e-6));
        Assert.That(result.ResidualHistory, Has.Count.EqualTo(result.Iterations + 1));
    }

    [TestCase(16)]
    [TestCase(32)]
    public void CgOnPoissonNeedsTheTextbookNumberOfIterations(int n)
    {
        // κ(A) = cot²(πh/2), h = 1/(N + 1); CG needs at most ½·√κ·ln(2/ε) iterations, and on this problem
        // (eigenvalues spread over the whole interval) at least N of them.
        double h = 1.0 / (n + 1);
        double kappa = Math.Pow(1 / Math.Tan(Math.PI * h / 2), 2);
        double bound = 0.5 * Math.Sqrt(kappa) * Math.Log(2 / 1e-10);
        var result = Run(new ConjugateGradient(), TestProblems.Poisson2D(n), new UnitPreconditioner<double>(), 1e-10);
        Assert.That(result.Converged, Is.True);
        Assert.That(result.Iterations, Is.InRange(n, (int)Math.Ceiling(bound)));
    }

    private static IPreconditioner<double> Analog(string kind, AnalogOptions? options) => kind switch
    {
        "block-jacobi" => new AnalogBlockJacobiPreconditioner(options, 64),
        "spai" => new AnalogSpaiPreconditioner(options),
        "poly" => new AnalogPolynomialPreconditioner(options, 4),
        // Ideal comparison: an ideal amplifier too (the finite-gain leak is circuit physics, not rounding).
        "inverse" => new AnalogInversePreconditioner(options, 64, openLoopGain: options?.Device.Name == "ideal" ? 1e15 : 1e5),
        _ => new AnalogRefinementPreconditioner(options),
    };

    [TestCase("block-jacobi")]
    [TestCase("inverse")]
    public void IdealBlockPreconditionersApplyTheExactBlockDiagonalInverse(string kind)
    {
        // Independent oracle: blockdiag(A_11⁻¹, …, A_kk⁻¹) built with MathNet's dense inverse, applied to random
        // vectors. Ideal arrays compute in float32: 1e-4 relative agreement. (An op-amp inverse circuit with an ideal
        // amplifier settles to the same block inverse.)
        var a = TestProblems.Poisson2D(16);
        const int block = 64;
        var m = Analog(kind, AnalogOptions.Ideal with { Tiling = new TilingOptions(block, block) });
        m.Initialize(a);
        var dense = Matrix<double>.Build.DenseOfMatrix(a);
        var inverse = Matrix<double>.Build.Dense(a.RowCount, a.RowCount);
        for (int start = 0; start < a.RowCount; start += block)
        {
            inverse.SetSubMatrix(start, start, dense.SubMatrix(start, block, start, block).Inverse());
        }

        for (int trial = 0; trial < 3; trial++)
        {
            var r = Vector<double>.Build.DenseOfArray(TestData.Uniform(a.RowCount, 40 + (ulong)trial));
            var z = Vector<double>.Build.Dense(a.RowCount);
            m.Approximate(r, z);
            var expected = inverse * r;
            Assert.That((z - expected).L2Norm(), Is.LessThan(1e-4 * expected.L2Norm()), $"trial {trial}");
        }
    }

    [Test]
    public void IdealRefinementPreconditionerSolvesToItsInnerTolerance()
    {
        // The refinement preconditioner's defining property: z solves A·z = r to the inner relative residual 1e-2
        // (checked against the exact digital A, not the analog copy it solves with).
        var a = TestProblems.Poisson2D(12);
        var m = Analog("refinement", AnalogOptions.Ideal with { Tiling = new TilingOptions(64, 64) });
        m.Initialize(a);
        var r = Vector<double>.Build.DenseOfArray(TestData.Uniform(a.RowCount, 44));
        var z = Vector<double>.Build.Dense(a.RowCount);
        m.Approximate(r, z);
        Assert.That((a * z - r).L2Norm() / r.L2Norm(), Is.LessThanOrEqualTo(1.05e-2));
    }

    [TestCase("block-jacobi")]
    [TestCase("spai")]
    [TestCase("poly")]
    [TestCase("inverse")]
    [TestCase("refinement")]
    public void IdealAnalogPreconditionersReproduceTheirDigitalCounterparts(string kind)
    {
        var a = TestProblems.Poisson2D(16);
        var digital = Run(new Gmres(30), a, Analog(kind, null), 1e-10);
        var ideal = Run(new Gmres(30), a, Analog(kind, AnalogOptions.Ideal with { Tiling = new TilingOptions(64, 64) }), 1e-10);
        Assert.That(digital.Converged && ideal.Converged, Is.True);
        // float32 analog arithmetic (relative rounding ~1e-7): the histories agree to 1e-4 relative while the
        // residual is well above that rounding level.
        int compare = Math.Min(6, digital.ResidualHistory.Count);
        for (int k = 0; k < compare && digital.ResidualHistory[k] > 1e-5; k++)
        {
            Assert.That(ideal.ResidualHistory[k], Is.EqualTo(digital.ResidualHistory[k]).Within(1e-4 * digital.ResidualHistory[k] + 1e-12), $"iteration {k}");
        }

        Assert.That(ideal.Iterations, Is.InRange(digital.Iterations - 1, digital.Iterations + 1));
    }

    [TestCase(10)]
    [TestCase(50)]
    public void GmresAppliesThePreconditionerOncePerIterationPlusOncePerCycle(int restart)
    {
        // Right-preconditioned GMRES needs M⁻¹ once per Arnoldi step and once to form x = x0 + M⁻¹(V·y) per cycle
        // (Saad, Alg. 9.5); forming x after every step would double the count.
        var a = TestProblems.ConvectionDiffusion2D(16);
        var b = a * Ones(a.RowCount);
        var options = new SolveOptions { Solver = SolverKind.Gmres, Restart = restart, Preconditioner = PreconditionerKind.Jacobi, Tolerance = 1e-8 };
        var (_, gmres) = AnalogSolve.Solve(a, b, options);
        var (_, fgmres) = AnalogSolve.Solve(a, b, options with { Solver = SolverKind.Fgmres });
        int cycles = (gmres.Iterations + restart - 1) / restart;
        Assert.That(gmres.Status, Is.EqualTo(SolveStatus.Converged));
        Assert.That(gmres.TrueRelativeResidual, Is.LessThanOrEqualTo(1e-8));
        Assert.That(gmres.PreconditionerApplications, Is.InRange(gmres.Iterations + cycles, gmres.Iterations + cycles + 1));
        Assert.That(fgmres.PreconditionerApplications, Is.EqualTo(fgmres.Iterations), "FGMRES: one application per iteration");
        // With a fixed preconditioner GMRES and FGMRES build the same Krylov space (Saad 1993).
        Assert.That(gmres.Iterations, Is.InRange(fgmres.Iterations - 1, fgmres.Iterations + 1));
    }

    [TestCase(SolverKind.Fgmres)]
    [TestCase(SolverKind.Fcg)]
    public void FlexibleSolversConvergeWithRealisticAnalogNoise(SolverKind kind)
    {
        var a = TestProblems.Poisson2D(16);
        var options = new SolveOptions
        {
            Solver = kind,
            Preconditioner = PreconditionerKind.AnalogBlockJacobi,
            BlockSize = 64,
            Analog = AnalogOptions.DwMtjRealistic with { Tiling = new TilingOptions(64, 64), Seed = 4 },
        };
        var (_, result) = AnalogSolve.Solve(a, a * Ones(a.RowCount), options);
        Assert.That(result.Status, Is.EqualTo(SolveStatus.Converged));
        Assert.That(result.TrueRelativeResidual, Is.LessThanOrEqualTo(1e-8));
        Assert.That(result.AnalogMvms, Is.EqualTo(4 * result.PreconditionerApplications)); // four blocks, one MVM each
    }

    [Test]
    public void RefinementReachesTenToTheMinusTenWithAHundredthAccurateInnerSolve()
    {
        // Well-conditioned SPD system (Poisson shifted by 4I, κ ≈ 3) on a noisy crossbar: 1 % read noise,
        // 8-bit converters. Each inner GMRES stops at a 1e-2 relative residual; the double-precision outer loop
        // still reaches 1e-10.
        var a = TestProblems.Poisson2D(12) + 4 * Matrix<double>.Build.SparseIdentity(144);
        var analog = AnalogOptions.Realistic with { Device = DevicePresets.Generic with { ProgrammingNoise = NoNoise.Instance, ReadNoise = new IndependentNoise(0.01) }, Seed = 9 };
        var inner = new AnalogRefinementPreconditioner(analog, innerTolerance: 1e-2);
        var result = Run(new IterativeRefinement(), a, inner, 1e-10, cap: 200);
        Assert.That(result.Status, Is.EqualTo(SolveStatus.Converged));
        Assert.That(result.TrueRelativeResidual, Is.LessThanOrEqualTo(1e-10));
        // Linear convergence at roughly the inner accuracy: about 5–12 outer steps for 10 decades.
        Assert.That(result.Iterations, Is.InRange(4, 20));
        Assert.That(result.AnalogMvms, Is.GreaterThan(result.Iterations));
    }

    [Test]
    public void BreakdownIsAStatusNotAnException()
    {
        var indefinite = Matrix<double>.Build.DenseOfArray(new double[,] { { 1, 0 }, { 0, -1 } });
        var result = Run(new ConjugateGradient(), indefinite, new UnitPreconditioner<double>(), 1e-10);
        Assert.That(result.Status, Is.EqualTo(SolveStatus.Breakdown));
    }

    [Test]
    public void BadInputIsRejectedWithAClearMessage()
    {
        var a = TestProblems.Poisson2D(4);
        var ex = Assert.Throws<ArgumentException>(() => AnalogSolve.Solve(Matrix<double>.Build.Dense(3, 4), Ones(3)));
        Assert.That(ex!.Message, Does.Contain("square"));
        ex = Assert.Throws<ArgumentException>(() => AnalogSolve.Solve(a, Ones(5)));
        Assert.That(ex!.Message, Does.Contain("b has 5"));
        var b = Ones(16);
        b[3] = double.NaN;
        ex = Assert.Throws<ArgumentException>(() => AnalogSolve.Solve(a, b));
        Assert.That(ex!.Message, Does.Contain("b[3]"));
        var bad = a.Clone();
        bad[2, 2] = double.PositiveInfinity;
        ex = Assert.Throws<ArgumentException>(() => AnalogSolve.Solve(bad, Ones(16)));
        Assert.That(ex!.Message, Does.Contain("A(2, 2)"));
        var zeroDiagonal = a.Clone();
        zeroDiagonal[5, 5] = 0;
        ex = Assert.Throws<ArgumentException>(() => AnalogSolve.Solve(zeroDiagonal, Ones(16), new SolveOptions { Preconditioner = PreconditionerKind.Jacobi }));
        Assert.That(ex!.Message, Does.Contain("A(5, 5)"));
        var singular = Matrix<double>.Build.Dense(4, 4);
        ex = Assert.Throws<ArgumentException>(() => AnalogSolve.Solve(singular, Ones(4), new SolveOptions { Preconditioner = PreconditionerKind.AnalogBlockJacobi }));
        Assert.That(ex!.Message, Does.Contain("singular"));
    }
}

public class Ilu0PreconditionerTests
{
    [Test]
    public void MatchesMathNetsIlu0()
    {
        var a = TestProblems.ConvectionDiffusion2D(9);
        var ours = new Ilu0Preconditioner();
        var theirs = new MathNet.Numerics.LinearAlgebra.Double.Solvers.ILU0Preconditioner();
        ours.Initialize(a);
        theirs.Initialize(a);
        var r = Vector<double>.Build.DenseOfArray(TestData.Uniform(81, 91));
        var x = Vector<double>.Build.Dense(81);
        var y = Vector<double>.Build.Dense(81);
        ours.Approximate(r, x);
        theirs.Approximate(r, y);
        Assert.That((x - y).InfinityNorm(), Is.LessThan(1e-12 * y.InfinityNorm()));
    }

    [Test]
    public void ZeroPivotNamesTheRow()
    {
        var a = Matrix<double>.Build.SparseOfArray(new double[,] { { 1, 1 }, { 1, 1 } });
        var ex = Assert.Throws<ArgumentException>(() => new Ilu0Preconditioner().Initialize(a));
        Assert.That(ex!.Message, Does.Contain("row 1"));
    }
}

public class EquilibratedPreconditionerTests
{
    [Test]
    public void ScalingIsTheInverseSquareRootOfTheDiagonalAndPreservesAnExactInverse()
    {
        var a = TestProblems.ConvectionDiffusion2D(6) * 250.0;
        var s = EquilibratedPreconditioner.Scaling(a);
        Assert.That(s[0], Is.EqualTo(1 / Math.Sqrt(Math.Abs(a[0, 0]))).Within(1e-15));
        // An exact inverse of S·A·S, scaled back, is the exact inverse of A: GMRES converges in one step.
        var exact = new EquilibratedPreconditioner(new AnalogBlockJacobiPreconditioner(null, 36));
        var solver = new Gmres(10);
        var b = a * Vector<double>.Build.Dense(36, 1.0);
        var x = Vector<double>.Build.Dense(36);
        exact.Initialize(a);
        solver.Solve(a, b, x, new Iterator<double>(new IterationCountStopCriterion<double>(10), new RelativeResidualStopCriterion(1e-12)), exact);
        Assert.That(solver.LastResult!.Iterations, Is.EqualTo(1));
        Assert.That(solver.LastResult.TrueRelativeResidual, Is.LessThan(1e-12));
    }
}
