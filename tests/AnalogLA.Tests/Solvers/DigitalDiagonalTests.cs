using AnalogLA.Crossbar;
using AnalogLA.Solvers;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Solvers;

namespace AnalogLA.Tests.Solvers;

/// <summary>Block-Jacobi with the diagonal of each block inverse applied digitally and the rest programmed.</summary>
public class DigitalDiagonalTests
{
    [TestCase(0)]
    [TestCase(3)]
    public void DigitallyTheSplitIsTheSameInverse(int overlap)
    {
        // Diagonal + off-diagonal remainder is the whole inverse, with and without overlap (where the owned rows'
        // diagonal sits δ columns into the subdomain).
        var a = TestProblems.ConvectionDiffusion2D(8);
        var r = Vector<double>.Build.Dense(64, i => Math.Cos(0.3 * i) + 0.1 * i);
        var plain = new AnalogBlockJacobiPreconditioner(null, 16, new BlockInverseOptions { Overlap = overlap });
        var split = new AnalogBlockJacobiPreconditioner(null, 16, new BlockInverseOptions { Overlap = overlap, DigitalDiagonal = true });
        plain.Initialize(a);
        split.Initialize(a);
        var expected = PreconditionerRuns.Apply(plain, r);
        Assert.That((PreconditionerRuns.Apply(split, r) - expected).L2Norm(), Is.LessThan(1e-12 * expected.L2Norm()));
    }

    [Test]
    public void TheArrayHoldsOnlyTheOffDiagonalAndItsErrorShrinksWithItsRange()
    {
        // Per-application error against the exact inverse, averaged over probe vectors. Programming and read errors are
        // fractions of the programmed full scale, so removing the diagonal should scale the error by about
        // max|offdiag(M)| / max|M| (model expectation; 1.5× margin for the error's dependence on the value pattern).
        var a = TestProblems.Poisson2D(12);   // n = 144, one block
        var exact = a.Inverse();
        double maxAll = exact.Enumerate().Max(Math.Abs);
        var offDiagonal = exact.Clone();
        offDiagonal.SetDiagonal(Vector<double>.Build.Dense(144));
        double ratio = offDiagonal.Enumerate().Max(Math.Abs) / maxAll;
        Assert.That(ratio, Is.LessThan(0.6), "the test needs a diagonal that dominates the inverse");

        double Error(bool split)
        {
            var p = new AnalogBlockJacobiPreconditioner(AnalogOptions.Realistic with { Seed = 11 }, 144, new BlockInverseOptions { DigitalDiagonal = split });
            p.Initialize(a);
            double sum = 0;
            for (int t = 0; t < 8; t++)
            {
                var r = Vector<double>.Build.Dense(144, i => Math.Sin(0.7 * i * (t + 1) + t));
                sum += (PreconditionerRuns.Apply(p, r) - exact * r).L2Norm() / (exact * r).L2Norm();
            }

            return sum / 8;
        }

        double plain = Error(false), withDiagonal = Error(true);
        Assert.That(withDiagonal, Is.LessThan(1.5 * ratio * plain), $"error {withDiagonal} vs {plain}, range ratio {ratio}");
    }

    [Test]
    public void ItCutsFgmresIterationsOnNoisyArrays()
    {
        var a = TestProblems.Poisson2D(16);   // n = 256: one block on one tile
        int Iterations(bool split) => PreconditionerRuns.FgmresIterations(a, new EquilibratedPreconditioner(
            new AnalogBlockJacobiPreconditioner(AnalogOptions.DwMtjRealistic with { Seed = 5 }, 256, new BlockInverseOptions { DigitalDiagonal = split })));

        Assert.That(Iterations(true), Is.LessThan(Iterations(false)));
    }
}
