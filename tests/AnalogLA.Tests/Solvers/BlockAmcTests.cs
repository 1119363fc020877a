using AnalogLA.Crossbar;
using AnalogLA.Solvers;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Solvers;

namespace AnalogLA.Tests.Solvers;

/// <summary>BlockAMC: blocks larger than a tile solved by tile-sized inverse circuits and MVM arrays.</summary>
public class BlockAmcTests
{
    [TestCase(64, 64)]    // one circuit
    [TestCase(64, 32)]    // one stage: A and S of 32
    [TestCase(100, 30)]   // three stages, odd halves: 50 → 25
    public void DigitallyThePartitionedSolveIsTheDirectSolve(int n, int tile)
    {
        // Nonsymmetric, so a swapped B and C or a dropped Schur term cannot cancel.
        var a = TestProblems.ConvectionDiffusion2D((int)Math.Sqrt(n)).SubMatrix(0, n, 0, n) + Matrix<double>.Build.Dense(n, n, (i, j) => i == j ? 0.5 : 0);
        var b = Vector<double>.Build.Dense(n, i => Math.Sin(0.37 * i) + 0.2);
        ulong seed = 0;
        var solver = new BlockAmc(a.ToArray(), tile, null, 1e5, 0, 0, ref seed);
        var x = new double[n];
        solver.Solve(b.ToArray(), x);
        var exact = a.Solve(b);
        Assert.That((Vector<double>.Build.DenseOfArray(x) - exact).L2Norm(), Is.LessThan(1e-10 * exact.L2Norm()));
    }

    [Test]
    public void EveryCircuitFitsATileAndEachApplicationReadsEachArrayOnceOrTwice()
    {
        // n = 128 on 64-row tiles: INV(A) twice, C and B once each, INV(S) once — five reads per application.
        var big = Matrix<double>.Build.Dense(128, 128);
        big.SetSubMatrix(0, 0, TestProblems.Poisson2D(8));
        big.SetSubMatrix(64, 64, TestProblems.Poisson2D(8));
        big[63, 64] = big[64, 63] = -1;
        var options = AnalogOptions.Realistic with { Tiling = AnalogOptions.Realistic.Tiling with { Rows = 64, Columns = 64 }, Seed = 2 };
        var p = new AnalogInversePreconditioner(options, 128, inverse: new BlockInverseOptions { Partitioned = true });
        p.Initialize(big);
        Assert.That(p.Arrays.Count(), Is.EqualTo(4));
        Assert.That(p.Arrays.All(array => array.Rows <= 64 && array.Columns <= 64));
        var z = Vector<double>.Build.Dense(128);
        for (int t = 0; t < 3; t++)
        {
            p.Approximate(Vector<double>.Build.Dense(128, i => Math.Cos(i + t)), z);
        }

        Assert.That(p.AnalogMvms, Is.EqualTo(15));
    }

    [Test]
    public void BlocksThatFitATileAreTheSameCircuitsWithOrWithoutPartitioning()
    {
        var a = TestProblems.ConvectionDiffusion2D(12);   // n = 144: blocks of 48 on 64-row tiles
        var options = AnalogOptions.Realistic with { Tiling = AnalogOptions.Realistic.Tiling with { Rows = 64, Columns = 64 }, Seed = 9 };
        var plain = new AnalogInversePreconditioner(options, 48);
        var partitioned = new AnalogInversePreconditioner(options, 48, inverse: new BlockInverseOptions { Partitioned = true });
        plain.Initialize(a);
        partitioned.Initialize(a);
        var r = Vector<double>.Build.Dense(144, i => Math.Sin(i));
        Vector<double> z1 = Vector<double>.Build.Dense(144), z2 = Vector<double>.Build.Dense(144);
        plain.Approximate(r, z1);
        partitioned.Approximate(r, z2);
        Assert.That(z2, Is.EqualTo(z1));
    }

    [Test]
    public void OnNoisyArraysThePartitionedCircuitPreconditionsFgmres()
    {
        var a = TestProblems.ConvectionDiffusion2D(16);   // n = 256 on 128-row tiles: one stage
        var b = a * Vector<double>.Build.Dense(a.RowCount, 1.0);
        var options = AnalogOptions.IbmHpec2023 with { Tiling = AnalogOptions.IbmHpec2023.Tiling with { Rows = 128, Columns = 128 }, Seed = 4 };
        var p = new EquilibratedPreconditioner(new AnalogInversePreconditioner(options, 256, inverse: new BlockInverseOptions { Partitioned = true }));
        p.Initialize(a);
        var solver = new Gmres(200, flexible: true);
        var x = Vector<double>.Build.Dense(a.RowCount);
        solver.Solve(a, b, x, new Iterator<double>(new IterationCountStopCriterion<double>(200), new RelativeResidualStopCriterion(1e-8)), p);
        Assert.That(solver.LastResult!.TrueRelativeResidual, Is.LessThan(1e-7));
        var none = new Gmres(200, flexible: true);
        var x0 = Vector<double>.Build.Dense(a.RowCount);
        var unit = new UnitPreconditioner<double>();
        unit.Initialize(a);
        none.Solve(a, b, x0, new Iterator<double>(new IterationCountStopCriterion<double>(200), new RelativeResidualStopCriterion(1e-8)), unit);
        Assert.That(solver.LastResult.Iterations, Is.LessThan(none.LastResult!.Iterations / 2));
    }
}
