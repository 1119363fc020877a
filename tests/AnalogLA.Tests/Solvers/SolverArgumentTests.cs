using AnalogLA.Crossbar;
using AnalogLA.Solvers;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Solvers;

namespace AnalogLA.Tests.Solvers;

/// <summary>
/// The solvers' argument contract: every option outside its range is refused by name, every preconditioner refuses a
/// null matrix or vector with <see cref="ArgumentNullException"/> (not a later NullReferenceException), and one used
/// before <c>Initialize</c> says so.
/// </summary>
public class SolverArgumentTests
{
    private static readonly AnalogOptions Ideal = AnalogOptions.Ideal;

    private static TestCaseData Case(string name, TestDelegate action, string field) => new TestCaseData(action, field).SetName(name);

    private static IEnumerable<TestCaseData> BadOptions()
    {
        var o = new SolveOptions();
        yield return Case("Solve.ToleranceZero", () => (o with { Tolerance = 0 }).Validate(), "Tolerance");
        yield return Case("Solve.ToleranceOne", () => (o with { Tolerance = 1 }).Validate(), "Tolerance");
        yield return Case("Solve.ToleranceNaN", () => (o with { Tolerance = double.NaN }).Validate(), "Tolerance");
        yield return Case("Solve.MaxIterationsZero", () => (o with { MaxIterations = 0 }).Validate(), "MaxIterations");
        yield return Case("Solve.MaxIterationsAbove", () => (o with { MaxIterations = SolveOptions.MaxIterationLimit + 1 }).Validate(), "MaxIterations");
        yield return Case("Solve.RestartZero", () => (o with { Restart = 0 }).Validate(), "Restart");
        yield return Case("Solve.RestartAbove", () => (o with { Restart = SolveOptions.MaxIterationLimit + 1 }).Validate(), "Restart");
        yield return Case("Solve.DegreeZero", () => (o with { PolynomialDegree = 0 }).Validate(), "PolynomialDegree");
        yield return Case("Solve.DegreeAbove", () => (o with { PolynomialDegree = SolveOptions.MaxPolynomialDegree + 1 }).Validate(), "PolynomialDegree");
        yield return Case("Solve.BlockSizeZero", () => (o with { BlockSize = 0 }).Validate(), "BlockSize");
        yield return Case("Solve.NullAnalog", () => (o with { Analog = null! }).Validate(), "Analog");
        yield return Case("Solve.BadAnalog", () => (o with { Analog = Ideal with { Dac = null! } }).Validate(), "Dac");
        yield return Case("Solve.ReadRepeatsZero", () => (o with { ReadRepeats = 0 }).Validate(), "ReadRepeats");
        yield return Case("Solve.ReadRepeatsAbove", () => (o with { ReadRepeats = AveragedPreconditioner.MaxReads + 1 }).Validate(), "ReadRepeats");
        yield return Case("Solve.NullBlockInverse", () => (o with { BlockInverse = null! }).Validate(), "BlockInverse");
        yield return Case("Solve.BadBlockInverse", () => (o with { BlockInverse = new BlockInverseOptions { Overlap = -1 } }).Validate(), "Overlap");
        yield return Case("BlockInverse.OverlapAbove", () => new BlockInverseOptions { Overlap = BlockInverseOptions.MaxOverlap + 1 }.Validate(), "Overlap");
        yield return Case("BlockInverse.DropToleranceOne", () => new BlockInverseOptions { DropTolerance = 1 }.Validate(), "DropTolerance");
        yield return Case("BlockInverse.DropToleranceNegative", () => new BlockInverseOptions { DropTolerance = -0.1 }.Validate(), "DropTolerance");
        yield return Case("BlockInverse.BadMonteCarlo", () => new BlockInverseOptions { MonteCarlo = new MonteCarloInverseOptions(Accuracy: 0) }.Validate(), "Accuracy");
        yield return Case("MonteCarlo.AccuracyAbove", () => new MonteCarloInverseOptions(Accuracy: 1.01).Validate(), "Accuracy");
        yield return Case("MonteCarlo.TruncationZero", () => new MonteCarloInverseOptions(Truncation: 0).Validate(), "Truncation");
        yield return Case("MonteCarlo.TruncationOne", () => new MonteCarloInverseOptions(Truncation: 1).Validate(), "Truncation");
        yield return Case("MonteCarlo.ChainsZero", () => new MonteCarloInverseOptions(MaxChains: 0).Validate(), "MaxChains");
        yield return Case("MonteCarlo.ChainsAbove", () => new MonteCarloInverseOptions(MaxChains: 1_000_001).Validate(), "MaxChains");
        yield return Case("MonteCarlo.LengthZero", () => new MonteCarloInverseOptions(MaxLength: 0).Validate(), "MaxLength");
        yield return Case("MonteCarlo.LengthAbove", () => new MonteCarloInverseOptions(MaxLength: 100_001).Validate(), "MaxLength");
        yield return Case("Gmres.RestartZero", () => _ = new Gmres(restart: 0), "restart");
        yield return Case("Polynomial.DegreeZero", () => _ = new AnalogPolynomialPreconditioner(Ideal, degree: 0), "degree");
        yield return Case("Inverse.GainZero", () => _ = new AnalogInversePreconditioner(Ideal, openLoopGain: 0), "openLoopGain");
        yield return Case("Refinement.ToleranceZero", () => _ = new AnalogRefinementPreconditioner(Ideal, innerTolerance: 0), "innerTolerance");
        yield return Case("Refinement.ToleranceOne", () => _ = new AnalogRefinementPreconditioner(Ideal, innerTolerance: 1), "innerTolerance");
        yield return Case("Refinement.IterationsZero", () => _ = new AnalogRefinementPreconditioner(Ideal, innerIterations: 0), "innerIterations");
        yield return Case("Averaged.ReadsZero", () => _ = new AveragedPreconditioner(new JacobiPreconditioner(), 0), "reads");
        yield return Case("Averaged.ReadsAbove", () => _ = new AveragedPreconditioner(new JacobiPreconditioner(), AveragedPreconditioner.MaxReads + 1), "reads");
        yield return Case("Averaged.NullInner", () => _ = new AveragedPreconditioner(null!, 2), "inner");
        yield return Case("Equilibrated.NullInner", () => _ = new EquilibratedPreconditioner(null!), "inner");
        yield return Case("BlockCount.ProbesZero", () => BlockCountSelection.Evaluate(Matrix<double>.Build.DenseIdentity(8), _ => new JacobiPreconditioner(), probes: 0), "probes");
        yield return Case("BlockCount.ProbesAbove", () => BlockCountSelection.Evaluate(Matrix<double>.Build.DenseIdentity(8), _ => new JacobiPreconditioner(), probes: 65), "probes");
        yield return Case("BlockCount.NoCandidateFits", () => BlockCountSelection.Evaluate(Matrix<double>.Build.DenseIdentity(8), _ => new JacobiPreconditioner(), candidates: [9, 0]), "candidates");
        yield return Case("BlockCount.NullMatrix", () => BlockCountSelection.Evaluate(null!, _ => new JacobiPreconditioner()), "matrix");
        yield return Case("BlockCount.NullFactory", () => BlockCountSelection.Evaluate(Matrix<double>.Build.DenseIdentity(8), null!), "create");
    }

    [TestCaseSource(nameof(BadOptions))]
    public void EachBadOptionIsRefusedByName(TestDelegate action, string field)
    {
        var error = Assert.Catch<ArgumentException>(action)!;
        Assert.That(error.ParamName, Is.EqualTo(field));
    }

    [Test]
    public void TheEndsOfEachRangeAreAccepted()
    {
        var o = new SolveOptions();
        Assert.DoesNotThrow(() => (o with { Tolerance = double.Epsilon, MaxIterations = 1, Restart = 1, PolynomialDegree = 1, BlockSize = 1, ReadRepeats = 1 }).Validate());
        Assert.DoesNotThrow(() => (o with { Tolerance = 0.999, MaxIterations = SolveOptions.MaxIterationLimit, Restart = SolveOptions.MaxIterationLimit, PolynomialDegree = SolveOptions.MaxPolynomialDegree, BlockSize = null, ReadRepeats = AveragedPreconditioner.MaxReads }).Validate());
        Assert.DoesNotThrow(() => new BlockInverseOptions { Overlap = 0, DropTolerance = 0 }.Validate());
        Assert.DoesNotThrow(() => new BlockInverseOptions { Overlap = BlockInverseOptions.MaxOverlap, DropTolerance = 0.999 }.Validate());
        Assert.DoesNotThrow(() => new MonteCarloInverseOptions(Accuracy: 1, MaxChains: 1, MaxLength: 1).Validate());
        Assert.DoesNotThrow(() => new MonteCarloInverseOptions(MaxChains: 1_000_000, MaxLength: 100_000).Validate());
    }

    private static IEnumerable<TestCaseData> Preconditioners()
    {
        yield return new TestCaseData((Func<IPreconditioner<double>>)(() => new AnalogBlockJacobiPreconditioner(Ideal, blockSize: 2)), true).SetName("AnalogBlockJacobi");
        yield return new TestCaseData((Func<IPreconditioner<double>>)(() => new AnalogInversePreconditioner(Ideal, blockSize: 2)), true).SetName("AnalogInverse");
        yield return new TestCaseData((Func<IPreconditioner<double>>)(() => new AnalogPolynomialPreconditioner(Ideal, degree: 2)), true).SetName("AnalogPolynomial");
        yield return new TestCaseData((Func<IPreconditioner<double>>)(() => new AnalogRefinementPreconditioner(Ideal)), true).SetName("AnalogRefinement");
        yield return new TestCaseData((Func<IPreconditioner<double>>)(() => new AnalogSpaiPreconditioner(Ideal)), true).SetName("AnalogSpai");
        yield return new TestCaseData((Func<IPreconditioner<double>>)(() => new AveragedPreconditioner(new AnalogSpaiPreconditioner(Ideal), 2)), true).SetName("Averaged");
        yield return new TestCaseData((Func<IPreconditioner<double>>)(() => new EquilibratedPreconditioner(new AnalogSpaiPreconditioner(Ideal))), true).SetName("Equilibrated");
        yield return new TestCaseData((Func<IPreconditioner<double>>)(() => new Ilu0Preconditioner()), false).SetName("Ilu0");
        yield return new TestCaseData((Func<IPreconditioner<double>>)(() => new JacobiPreconditioner()), false).SetName("Jacobi");
    }

    [TestCaseSource(nameof(Preconditioners))]
    public void PreconditionersRefuseNullsAndUseBeforeInitialize(Func<IPreconditioner<double>> create, bool saysInitializeFirst)
    {
        var a = Matrix<double>.Build.DenseOfArray(new double[,] { { 4, 1, 0, 0 }, { 1, 4, 1, 0 }, { 0, 1, 4, 1 }, { 0, 0, 1, 4 } });
        var x = Vector<double>.Build.Dense(4, 1);
        var y = Vector<double>.Build.Dense(4);
        var fresh = create();
        Assert.Throws<ArgumentNullException>(() => fresh.Initialize(null!));
        if (saysInitializeFirst)
        {
            Assert.That(Assert.Catch<InvalidOperationException>(() => fresh.Approximate(x, y))!.Message, Does.Contain("Initialize"));
        }

        var p = create();
        p.Initialize(a);
        Assert.Throws<ArgumentNullException>(() => p.Approximate(null!, y));
        Assert.Throws<ArgumentNullException>(() => p.Approximate(x, null!));
        p.Approximate(x, y);
        Assert.That(y.ForAll(double.IsFinite) && y.L2Norm() > 0, "an initialised preconditioner applies");
        if (saysInitializeFirst)
        {
            Assert.Catch<ArgumentException>(() => p.Approximate(Vector<double>.Build.Dense(5, 1), Vector<double>.Build.Dense(5)), "a vector of another order");
        }
    }
}
