using AnalogLA.Crossbar;
using AnalogLA.Solvers;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Solvers;

namespace AnalogLA.Tests.Solvers;

/// <summary>Block-Jacobi with overlapping subdomains (restricted additive Schwarz).</summary>
public class OverlapTests
{
    [Test]
    public void OwnedRowsComeFromTheSubdomainSolveAndFullOverlapIsTheExactInverse()
    {
        var a = TestProblems.ConvectionDiffusion2D(8);   // n = 64, nonsymmetric
        var r = Vector<double>.Build.Dense(64, i => Math.Sin(i + 1));
        // δ = 3 with blocks of 16: row 20 (block 1, rows 16–31) is row 20 − 13 of the solve on rows 13–34.
        var ras = new AnalogBlockJacobiPreconditioner(null, 16, new BlockInverseOptions { Overlap = 3 });
        ras.Initialize(a);
        var z = PreconditionerRuns.Apply(ras, r);
        var local = a.SubMatrix(13, 22, 13, 22).Solve(r.SubVector(13, 22));
        Assert.That(z[20], Is.EqualTo(local[20 - 13]).Within(1e-12));
        Assert.That(z[31], Is.EqualTo(local[31 - 13]).Within(1e-12));
        // The first block clips at row 0: rows 0–18.
        var first = a.SubMatrix(0, 19, 0, 19).Solve(r.SubVector(0, 19));
        Assert.That(z[5], Is.EqualTo(first[5]).Within(1e-12));

        // A subdomain of the whole matrix: every block solves A exactly.
        var full = new AnalogBlockJacobiPreconditioner(null, 16, new BlockInverseOptions { Overlap = 64 });
        full.Initialize(a);
        var exact = a.Solve(r);
        Assert.That((PreconditionerRuns.Apply(full, r) - exact).L2Norm(), Is.LessThan(1e-10 * exact.L2Norm()));
    }

    [Test]
    public void OverlapCutsFgmresIterationsIdealAndOnAnalogArrays()
    {
        var a = TestProblems.Poisson2D(24);   // n = 576, 4 blocks of 6 grid lines
        int Iterations(AnalogOptions? options, int overlap) => PreconditionerRuns.FgmresIterations(a, new EquilibratedPreconditioner(
            new AnalogBlockJacobiPreconditioner(options, 144, new BlockInverseOptions { Overlap = overlap })));

        int none = Iterations(null, 0), one = Iterations(null, 24), two = Iterations(null, 48);
        Assert.That(one, Is.LessThan(none));
        Assert.That(two, Is.LessThan(one));
        var analog = AnalogOptions.IbmHpec2023 with { Seed = 3 };
        Assert.That(Iterations(analog, 48), Is.LessThan(Iterations(analog, 0)));
    }

    [Test]
    public void ABadOverlapIsNamed()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new AnalogBlockJacobiPreconditioner(null, 4, new BlockInverseOptions { Overlap = -1 }).Initialize(TestProblems.Poisson2D(4)));
        Assert.That(e!.Message, Does.Contain("--overlap"));
    }
}
