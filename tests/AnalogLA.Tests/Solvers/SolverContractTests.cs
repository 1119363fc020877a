using AnalogLA.Crossbar;
using AnalogLA.Solvers;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Solvers;

namespace AnalogLA.Tests.Solvers;

/// <summary>
/// The one-call solve, the Krylov base class, the stop criterion, the digital operator and the LU singularity check:
/// argument checks by name and message, the options that pick the preconditioner's wrapping, cancellation, a zero
/// right-hand side, the per-solve cost of a counted preconditioner reused across solves, and the singularity threshold at
/// its boundary. Expected values come from hand arithmetic, not from the code under test.
/// </summary>
public class SolverContractTests
{
    private static readonly Matrix<double> A = TestProblems.FromSpec("poisson2d:6");

    private static Vector<double> B => A * Vector<double>.Build.Dense(A.RowCount, 1.0);

    private static Iterator<double> Iterator(int iterations = 200, double tolerance = 1e-10) => new(
        new IterationCountStopCriterion<double>(iterations), new RelativeResidualStopCriterion(tolerance));

    [Test]
    public void AnalogSolveRefusesBadCallsByName()
    {
        Assert.That(Assert.Catch<ArgumentNullException>(() => AnalogSolve.Solve(null!, B))!.ParamName, Is.EqualTo("a"));
        Assert.That(Assert.Catch<ArgumentNullException>(() => AnalogSolve.Solve(A, null!))!.ParamName, Is.EqualTo("b"));
        var shortB = Assert.Catch<ArgumentException>(() => AnalogSolve.Solve(A, Vector<double>.Build.Dense(5, 1)))!;
        Assert.That(shortB.ParamName, Is.EqualTo("b"));
        Assert.That(shortB.Message, Does.Contain("b has 5 entries, the matrix has 36 rows"));
        var badTolerance = Assert.Catch<ArgumentOutOfRangeException>(() => AnalogSolve.Solve(A, B, new SolveOptions { Tolerance = 2 }))!;
        Assert.That(badTolerance.ParamName, Is.EqualTo("Tolerance"));
        Assert.Throws<ArgumentNullException>(() => AnalogSolve.CreateSolver(null!));
        Assert.Throws<ArgumentNullException>(() => AnalogSolve.CreatePreconditioner(null!));
        Assert.That(Assert.Catch<ArgumentOutOfRangeException>(() => AnalogSolve.CreateSolver(new SolveOptions { Solver = (SolverKind)99 }))!.Message, Does.Contain("unknown solver"));
        Assert.That(Assert.Catch<ArgumentOutOfRangeException>(() => AnalogSolve.CreatePreconditioner(new SolveOptions { Preconditioner = (PreconditionerKind)99 }))!.Message, Does.Contain("unknown preconditioner"));
    }

    [Test]
    public void EachOptionMessageNamesItsFlagAndRange()
    {
        var o = new SolveOptions();
        string Message(SolveOptions bad) => Assert.Catch<ArgumentOutOfRangeException>(bad.Validate)!.Message;
        Assert.That(Message(o with { Tolerance = 0 }), Does.Contain("--tol").And.Contain("(0, 1)"));
        Assert.That(Message(o with { MaxIterations = 0 }), Does.Contain("--max-iter").And.Contain("[1, 1000000]"));
        Assert.That(Message(o with { Restart = 0 }), Does.Contain("--restart").And.Contain("[1, 1000000]"));
        Assert.That(Message(o with { PolynomialDegree = 0 }), Does.Contain("--degree").And.Contain("[1, 64]"));
        Assert.That(Message(o with { BlockSize = 0 }), Does.Contain("BlockSize must be ≥ 1, got 0"));
        Assert.That(Message(o with { ReadRepeats = 0 }), Does.Contain("--read-repeats").And.Contain("[1, 1024]"));
    }

    [Test]
    public void KrylovRunRefusesBadCallsByName()
    {
        var solver = new ConjugateGradient();
        var x = Vector<double>.Build.Dense(A.RowCount);
        Assert.That(Assert.Catch<ArgumentNullException>(() => solver.Run(null!, B, x, Iterator()))!.ParamName, Is.EqualTo("matrix"));
        Assert.That(Assert.Catch<ArgumentNullException>(() => solver.Run(A, null!, x, Iterator()))!.ParamName, Is.EqualTo("input"));
        Assert.That(Assert.Catch<ArgumentNullException>(() => solver.Run(A, B, null!, Iterator()))!.ParamName, Is.EqualTo("result"));
        Assert.That(Assert.Catch<ArgumentNullException>(() => solver.Run(A, B, x, null!))!.ParamName, Is.EqualTo("iterator"));
        var shortX = Assert.Catch<ArgumentException>(() => solver.Run(A, B, Vector<double>.Build.Dense(3), Iterator()))!;
        Assert.That(shortX.ParamName, Is.EqualTo("x"));
        Assert.That(shortX.Message, Does.Contain("x has 3 entries, the matrix has 36 columns"));
        var wide = Matrix<double>.Build.Dense(36, 37);
        var notSquare = Assert.Catch<ArgumentException>(() => solver.Run(wide, B, Vector<double>.Build.Dense(37), Iterator()))!;
        Assert.That(notSquare.ParamName, Is.EqualTo("matrix"));
        Assert.That(notSquare.Message, Does.Contain("square, got 36×37"));
    }

    [Test]
    public void AnIteratorIsResetBeforeEachRun()
    {
        // The same iterator, already Converged after the first solve, must let the second solve iterate from its own start.
        var iterator = Iterator();
        var first = new ConjugateGradient().Run(A, B, Vector<double>.Build.Dense(A.RowCount), iterator);
        var second = new ConjugateGradient().Run(A, B, Vector<double>.Build.Dense(A.RowCount), iterator);
        Assert.That(first.Converged && second.Converged);
        Assert.That(second.Iterations, Is.EqualTo(first.Iterations));
        Assert.That(second.TrueRelativeResidual, Is.EqualTo(second.ResidualHistory[^1]), "the result's residual is the last one recorded");
        Assert.That(second.TrueRelativeResidual, Is.LessThanOrEqualTo(1e-10));
    }

    [Test]
    public void AZeroRightHandSideConvergesAtOnceOnTheAbsoluteResidual()
    {
        // ‖b‖ = 0: x = 0 is exact; a relative residual 0/0 must not be formed.
        var (x, result) = AnalogSolve.Solve(A, Vector<double>.Build.Dense(A.RowCount), new SolveOptions { Preconditioner = PreconditionerKind.Jacobi });
        Assert.That(result.Status, Is.EqualTo(SolveStatus.Converged));
        Assert.That(result.Iterations, Is.Zero);
        Assert.That(result.ResidualHistory, Is.EqualTo(new[] { 0.0 }));
        Assert.That(x.L2Norm(), Is.Zero);
    }

    [Test]
    public void ACancelledSolveStopsAndReturnsItsIterate()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        var (_, stopped) = AnalogSolve.Solve(A, B, new SolveOptions { Preconditioner = PreconditionerKind.Jacobi }, cancelled.Token);
        Assert.That(stopped.Status, Is.EqualTo(SolveStatus.Stopped));
        var (_, done) = AnalogSolve.Solve(A, B, new SolveOptions { Preconditioner = PreconditionerKind.Jacobi }, CancellationToken.None);
        Assert.That(done.Status, Is.EqualTo(SolveStatus.Converged));
        Assert.That(stopped.Iterations, Is.LessThan(done.Iterations));
    }

    [Test]
    public void OptionsChooseTheWrappingOfAnAnalogPreconditioner()
    {
        var o = new SolveOptions { Preconditioner = PreconditionerKind.AnalogBlockJacobi, Analog = AnalogOptions.Ideal };
        Assert.That(new SolveOptions().Equilibrate, Is.True, "equilibration is on by default");
        Assert.That(AnalogSolve.CreatePreconditioner(o), Is.TypeOf<EquilibratedPreconditioner>());
        Assert.That(AnalogSolve.CreatePreconditioner(o with { Equilibrate = false }), Is.TypeOf<AnalogBlockJacobiPreconditioner>());
        var averaged = AnalogSolve.CreatePreconditioner(o with { Equilibrate = false, ReadRepeats = 2 });
        Assert.That(averaged, Is.TypeOf<AveragedPreconditioner>());
        Assert.That(((AveragedPreconditioner)averaged).Reads, Is.EqualTo(2));
        Assert.That(AnalogSolve.CreatePreconditioner(o with { Equilibrate = false, ReadRepeats = 1 }), Is.Not.TypeOf<AveragedPreconditioner>());
        Assert.That(AnalogSolve.CreatePreconditioner(o with { Preconditioner = PreconditionerKind.Jacobi }), Is.TypeOf<JacobiPreconditioner>(), "digital ones are never wrapped");
        Assert.That(new AveragedPreconditioner(new JacobiPreconditioner(), AveragedPreconditioner.MaxReads).Reads, Is.EqualTo(1024));
        Assert.That(Assert.Catch<ArgumentOutOfRangeException>(() => _ = new AveragedPreconditioner(new JacobiPreconditioner(), 0))!.Message, Does.Contain("[1, 1024]"));
    }

    [Test]
    public void ACountedPreconditionerReusedAcrossSolvesChargesEachSolveItsOwnWork()
    {
        // Ideal blocks of 12 rows on a 36-row problem: three 12×12 reads per application, 36 ADC conversions (8-bit cost).
        var options = AnalogOptions.Ideal with { Tiling = new TilingOptions(12, 12) };
        var counted = new CountingPreconditioner(new AnalogBlockJacobiPreconditioner(options, 12));
        counted.Initialize(A);
        var first = new Gmres(20, flexible: true).Run(A, B, Vector<double>.Build.Dense(36), Iterator(), counted);
        var second = new Gmres(20, flexible: true).Run(A, B, Vector<double>.Build.Dense(36), Iterator(), counted);
        Assert.That(first.Converged && second.Converged);
        Assert.That(second.PreconditionerApplications, Is.EqualTo(first.PreconditionerApplications + second.ApplicationsThisSolve), "the counter is cumulative");
        Assert.That(second.ApplicationsThisSolve, Is.EqualTo(first.ApplicationsThisSolve), "the same ideal solve twice");
        long applications = second.ApplicationsThisSolve;
        var cost = CostModel.Isaac;
        Assert.That(second.AnalogEnergy.Adc, Is.EqualTo(applications * 36 * cost.AdcJoules(8)).Within(1e-9 * second.AnalogEnergy.Adc));
        Assert.That(second.AnalogMacs, Is.EqualTo(applications * 3.0 * 12 * 12));
        Assert.That(second.AnalogLatencySeconds, Is.EqualTo(applications * 3 * (cost.ReadTimeSeconds + 12 / cost.AdcSamplesPerSecond)).Within(1e-12 * second.AnalogLatencySeconds));
        Assert.That(second.AnalogJoulesPerApplication, Is.EqualTo(second.AnalogEnergy.Total / applications));
        Assert.That(second.AnalogJoulesPerApplication, Is.EqualTo(first.AnalogJoulesPerApplication).Within(1e-12 * first.AnalogJoulesPerApplication));
        var none = new KrylovResult(SolveStatus.Converged, 0, 0, [0.0], 0, 0, 0) { AnalogEnergy = second.AnalogEnergy };
        Assert.That(none.AnalogJoulesPerApplication, Is.Zero, "no applications: no energy per application");
    }

    [Test]
    public void TheStopCriterionComparesTheTwoNormRatioInclusively()
    {
        foreach (double bad in new[] { 0.0, -1e-3, double.NaN, double.PositiveInfinity })
        {
            Assert.That(Assert.Catch<ArgumentOutOfRangeException>(() => _ = new RelativeResidualStopCriterion(bad))!.ParamName, Is.EqualTo("tolerance"));
        }

        var b = Vector<double>.Build.DenseOfArray([3, 4]);                 // ‖b‖ = 5
        var r = Vector<double>.Build.DenseOfArray([1.5, 2]);               // ‖r‖ = 2.5, ratio 0.5 exactly
        var x = Vector<double>.Build.Dense(2);
        Assert.That(new RelativeResidualStopCriterion(0.5).DetermineStatus(1, x, b, r), Is.EqualTo(IterationStatus.Converged));
        Assert.That(new RelativeResidualStopCriterion(0.4999).DetermineStatus(1, x, b, r), Is.EqualTo(IterationStatus.Continue));
        // A zero right-hand side: the absolute residual decides.
        var zero = Vector<double>.Build.Dense(2);
        Assert.That(new RelativeResidualStopCriterion(3).DetermineStatus(1, x, zero, r), Is.EqualTo(IterationStatus.Converged));
        Assert.That(new RelativeResidualStopCriterion(2).DetermineStatus(1, x, zero, r), Is.EqualTo(IterationStatus.Continue));
        var criterion = new RelativeResidualStopCriterion(0.5);
        criterion.DetermineStatus(1, x, b, r);
        criterion.Reset();
        Assert.That(criterion.Status, Is.EqualTo(IterationStatus.Continue));
        Assert.That(((RelativeResidualStopCriterion)criterion.Clone()).Tolerance, Is.EqualTo(0.5));
    }

    [Test]
    public void TheDigitalOperatorMultipliesBothWaysAndCountsItsProducts()
    {
        var m = Matrix<double>.Build.DenseOfArray(new double[,] { { 1, 2, 3 }, { 4, 5, 6 } });
        var op = new MatrixOperator(m);
        Assert.That((op.Rows, op.Columns), Is.EqualTo((2, 3)));
        var y = new double[2];
        op.Multiply([1, 0, -1], y);
        Assert.That(y, Is.EqualTo(new[] { -2.0, -2.0 }));
        var yt = new double[3];
        op.MultiplyTransposed([1, -1], yt);
        Assert.That(yt, Is.EqualTo(new[] { -3.0, -3.0, -3.0 }));
        Assert.That(op.Mvms, Is.EqualTo(2));
        Assert.That(MatrixOperator.Create(m, null), Is.TypeOf<MatrixOperator>());
        Assert.That(MatrixOperator.AnalogMvms(op), Is.Zero, "digital products are not analog MVMs");
        var analog = MatrixOperator.Create(m, AnalogOptions.Ideal);
        analog.Multiply([1, 0, -1], y);
        Assert.That(MatrixOperator.AnalogMvms(analog), Is.EqualTo(1));
        Assert.Throws<ArgumentNullException>(() => _ = new MatrixOperator(null!));
    }

    [TestCase(1.0, 1e-15, true, TestName = "LuChecks.PivotBelowThreshold")]
    [TestCase(1.0, 1e-14, false, TestName = "LuChecks.PivotAtThresholdIsNotSingular")]
    [TestCase(4.0, 3.6e-14, true, TestName = "LuChecks.ThresholdScalesWithTheLargestPivot")]
    [TestCase(1e-20, 1e-20, false, TestName = "LuChecks.SmallButWellConditioned")]
    [TestCase(1.0, 0.0, true, TestName = "LuChecks.ZeroPivot")]
    [TestCase(1.0, double.NaN, true, TestName = "LuChecks.NaNPivot")]
    [TestCase(double.PositiveInfinity, 1.0, true, TestName = "LuChecks.InfinitePivot")]
    public void SingularityIsAPivotBelowTenToTheMinusFourteenOfTheLargest(double first, double second, bool singular)
    {
        // A diagonal matrix is its own U (no pivoting needed when the larger entry comes first).
        var lu = Matrix<double>.Build.DenseOfDiagonalArray([first, second]).LU();
        Assert.That(LuChecks.IsSingular(lu), Is.EqualTo(singular));
    }
}
