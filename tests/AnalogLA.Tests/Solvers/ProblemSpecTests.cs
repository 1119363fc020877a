using AnalogLA.Solvers;
using MathNet.Numerics.LinearAlgebra;

namespace AnalogLA.Tests.Solvers;

/// <summary>
/// The problem specs every solve and sweep starts from: the smallest instance of each generator written out by hand
/// from its stated stencil, and every refusal (size range, unknown limit, coefficients, syntax) with its message, at the
/// boundary where it changes.
/// </summary>
public class ProblemSpecTests
{
    private static double[,] Dense(string spec) => TestProblems.FromSpec(spec).ToArray();

    [Test]
    public void TheSmallestInstancesAreTheirStencilsWrittenOut()
    {
        // poisson2d:2: 4 unknowns, diagonal 4, grid neighbours −1 (row j·2 + i).
        Assert.That(Dense("poisson2d:2"), Is.EqualTo(new double[,] { { 4, -1, -1, 0 }, { -1, 4, 0, -1 }, { -1, 0, 4, -1 }, { 0, -1, -1, 4 } }));
        // POISSON3D:2 (names are case-blind): 8 unknowns, diagonal 6, three neighbours each.
        var cube = TestProblems.FromSpec("POISSON3D:2");
        Assert.That((cube.RowCount, cube.ColumnCount), Is.EqualTo((8, 8)));
        Assert.That(Enumerable.Range(0, 8).Select(i => cube[i, i]), Is.All.EqualTo(6.0));
        Assert.That(Enumerable.Range(0, 8).Select(i => cube.Row(i).Sum()), Is.All.EqualTo(3.0));
        // fd3d with nz = 1 is 2-D: T_x = tridiag(−1 + α_x, 2, −1 − α_x) plus 2 from y, minus the shift.
        Assert.That(Dense("fd3d:2,1,1,0.5,0,0,1"), Is.EqualTo(new double[,] { { 3, -1.5 }, { -0.5, 3 } }));
        Assert.That(Dense("fd3d:1,2,1,0,0.25,0,0"), Is.EqualTo(new double[,] { { 4, -1.25 }, { -0.75, 4 } }));
        var fd3 = TestProblems.FromSpec("fd3d:1,1,2,0,0,0.5,0");
        Assert.That(fd3.ToArray(), Is.EqualTo(new double[,] { { 6, -1.5 }, { -0.5, 6 } }), "nz > 1 makes it 3-D: diagonal 6");
        // lowrank-laplace:2: the 2×2-grid Laplacian plus X·Xᵀ, X drawn from seed 1.
        var x = LiteratureProblems.LowRankFactor(4);
        var expected = Matrix<double>.Build.DenseOfArray(new double[,] { { 4, -1, -1, 0 }, { -1, 4, 0, -1 }, { -1, 0, 4, -1 }, { 0, -1, -1, 4 } }) + (x * x.Transpose());
        Assert.That(Dense("lowrank-laplace:2"), Is.EqualTo(expected.ToArray()).Within(1e-12));
        Assert.That(x.ColumnCount, Is.EqualTo(LiteratureProblems.LowRank));
    }

    [Test]
    public void TheLowRankFactorHasTheStatedDensity()
    {
        // 4,000 rows × 10 entries, each nonzero with probability 0.1: 4,000 ± 3·√(40,000·0.09) = 4,000 ± 180.
        var x = LiteratureProblems.LowRankFactor(4000, seed: 3);
        int nonzeros = x.EnumerateIndexed(MathNet.Numerics.LinearAlgebra.Zeros.AllowSkip).Count(t => t.Item3 != 0);
        Assert.That(nonzeros, Is.InRange(3820, 4180));
        Assert.That(LiteratureProblems.LowRankFactor(50, seed: 3).ToArray(), Is.Not.EqualTo(LiteratureProblems.LowRankFactor(50, seed: 4).ToArray()));
    }

    private static TestCaseData Refused(string spec, string message) => new TestCaseData(spec, message).SetName("Spec." + spec.Replace(',', '_').Replace(':', '_'));

    private static IEnumerable<TestCaseData> Bad()
    {
        yield return Refused("poisson2d:1", "NAME:N with N in [2, 2000]");
        yield return Refused("poisson2d:2001", "NAME:N with N in [2, 2000]");
        yield return Refused("poisson2d", "got 'poisson2d'");
        yield return Refused("poisson2d:x", "got 'poisson2d:x'");
        yield return Refused("poisson3d:159", "4,019,679 unknowns; the limit is 4,000,000 (poisson3d: N ≤ 158)");
        yield return Refused("helmholtz:8", "unknown problem 'helmholtz'");
        yield return Refused("fd3d:0,2,2,0,0,0,0", "fd3d: nx = 0 is outside [1, 2000]");
        yield return Refused("fd3d:2,2001,1,0,0,0,0", "fd3d: ny = 2001 is outside [1, 2000]");
        yield return Refused("fd3d:2,2,0,0,0,0,0", "fd3d: nz = 0 is outside [1, 2000]");
        yield return Refused("fd3d:1,1,1,0,0,0,0", "fd3d: 1×1×1 = 1 unknowns; allowed 2 to 4,000,000");
        yield return Refused("fd3d:2000,2000,2,0,0,0,0", "= 8,000,000 unknowns");
        yield return Refused("fd3d:2,1,1,NaN,0,0,0", "must be finite");
        yield return Refused("fd3d:2,1,1,0,Infinity,0,0", "must be finite");
        yield return Refused("fd3d:2,1,1,0,0,NaN,0", "must be finite");
        yield return Refused("fd3d:2,1,1,0,0,0,-Infinity", "must be finite");
        yield return Refused("fd3d:2,1,1,0,0,0", "fd3d takes nx,ny,nz,αx,αy,αz,shift");
        yield return Refused("lowrank-laplace:1", "lowrank-laplace: N = 1 is outside [2, 2000]");
        yield return Refused("lowrank-laplace:2001", "lowrank-laplace: N = 2001 is outside [2, 2000]");
        yield return Refused("lowrank-laplace:two", "lowrank-laplace takes N");
    }

    [TestCaseSource(nameof(Bad))]
    public void EachBadSpecIsRefusedWithItsCause(string spec, string message)
    {
        var error = Assert.Throws<ArgumentException>(() => TestProblems.FromSpec(spec))!;
        Assert.That(error.Message, Does.Contain(message));
    }

    [Test]
    public void TheSmallestSizesAreAccepted()
    {
        Assert.That(TestProblems.FromSpec("fd3d:2,1,1,0,0,0,0").RowCount, Is.EqualTo(2));
        Assert.That(TestProblems.FromSpec("fd3d:1,2,1,0,0,0,0").RowCount, Is.EqualTo(2));
        Assert.That(TestProblems.FromSpec("anisotropic:2").RowCount, Is.EqualTo(4));
        Assert.That(TestProblems.FromSpec("convdiff:2").RowCount, Is.EqualTo(4));
        Assert.Throws<ArgumentNullException>(() => TestProblems.FromSpec(null!));
    }
}
