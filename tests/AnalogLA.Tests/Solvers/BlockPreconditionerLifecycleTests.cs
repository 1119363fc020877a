using AnalogLA.Crossbar;
using AnalogLA.Solvers;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Solvers;

namespace AnalogLA.Tests.Solvers;

/// <summary>
/// The block preconditioners' defaults and life cycle: the block size defaults to the smaller side of a tile (256
/// digitally); a second Initialize replaces the first matrix's blocks entirely; and one that fails (a singular block)
/// leaves the preconditioner uninitialised, not half-built on the old matrix.
/// </summary>
public class BlockPreconditionerLifecycleTests
{
    private static readonly AnalogOptions Ideal = AnalogOptions.Ideal;

    private static IEnumerable<TestCaseData> Kinds()
    {
        yield return new TestCaseData((Func<AnalogOptions?, int?, IPreconditioner<double>>)((o, b) => new AnalogBlockJacobiPreconditioner(o, b))).SetName("Lifecycle.BlockJacobi");
        yield return new TestCaseData((Func<AnalogOptions?, int?, IPreconditioner<double>>)((o, b) => new AnalogInversePreconditioner(o, b, openLoopGain: 1e15))).SetName("Lifecycle.Inverse");
    }

    private static int BlockSize(IPreconditioner<double> p) => p switch
    {
        AnalogBlockJacobiPreconditioner j => j.BlockSize,
        AnalogInversePreconditioner i => i.BlockSize,
        _ => throw new ArgumentException("not a block preconditioner"),
    };

    [TestCaseSource(nameof(Kinds))]
    public void TheBlockSizeDefaultsToTheTilesSmallerSide(Func<AnalogOptions?, int?, IPreconditioner<double>> create)
    {
        Assert.That(BlockSize(create(null, null)), Is.EqualTo(256));
        Assert.That(BlockSize(create(Ideal with { Tiling = new TilingOptions(48, 64) }, null)), Is.EqualTo(48));
        Assert.That(BlockSize(create(Ideal with { Tiling = new TilingOptions(64, 32) }, null)), Is.EqualTo(32));
        Assert.That(BlockSize(create(Ideal with { Tiling = new TilingOptions(64, 32) }, 7)), Is.EqualTo(7));
    }

    private static Matrix<double> Tridiagonal(int n, double diagonal) =>
        Matrix<double>.Build.Dense(n, n, (i, j) => i == j ? diagonal : Math.Abs(i - j) == 1 ? -1 : 0);

    [TestCaseSource(nameof(Kinds))]
    public void ASecondInitializeReplacesTheFirstMatrix(Func<AnalogOptions?, int?, IPreconditioner<double>> create)
    {
        var p = create(Ideal, 4);
        p.Initialize(Tridiagonal(12, 3));
        var second = Tridiagonal(8, 5);
        p.Initialize(second);
        Assert.That(((IAnalogPreconditioner)p).Arrays.Count(), Is.EqualTo(2), "two 4×4 blocks of the second matrix, none of the first's three");
        var x = Vector<double>.Build.Dense(8, i => i + 1.0);
        var y = Vector<double>.Build.Dense(8);
        p.Approximate(x, y);
        // Reference: the exact inverse of each 4×4 diagonal block of the second matrix (LU), side by side.
        var expected = Vector<double>.Build.Dense(8);
        for (int start = 0; start < 8; start += 4)
        {
            expected.SetSubVector(start, 4, second.SubMatrix(start, 4, start, 4).LU().Solve(x.SubVector(start, 4)));
        }

        Assert.That(y.ToArray(), Is.EqualTo(expected.ToArray()).Within(1e-5));
    }

    [TestCaseSource(nameof(Kinds))]
    public void AFailedInitializeLeavesItUninitialised(Func<AnalogOptions?, int?, IPreconditioner<double>> create)
    {
        var p = create(Ideal, 4);
        p.Initialize(Tridiagonal(8, 3));
        var singular = Tridiagonal(8, 3);
        singular.SetSubMatrix(4, 4, 4, 4, Matrix<double>.Build.Dense(4, 4));
        Assert.Catch<ArgumentException>(() => p.Initialize(singular));
        var error = Assert.Catch<InvalidOperationException>(() => p.Approximate(Vector<double>.Build.Dense(8, 1), Vector<double>.Build.Dense(8)))!;
        Assert.That(error.Message, Does.Contain("Initialize"));
    }
}
