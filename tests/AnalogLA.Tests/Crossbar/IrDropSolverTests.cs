using AnalogLA.Crossbar;

namespace AnalogLA.Tests.Crossbar;

public class IrDropSolverTests
{
    private static double[,] Random(int m, int n, ulong seed, double gMin = 1e-6, double gMax = 1e-4)
    {
        var u = TestData.Uniform(m * n, seed, gMin, gMax);
        var g = new double[m, n];
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                g[i, j] = u[i * n + j];
            }
        }

        return g;
    }

    [Test]
    public void OneDeviceIsASeriesCircuit()
    {
        // Driver → one row segment → device → one column segment → ground: I = V/(2r + 1/G).
        double[,] g = { { 1e-4 } };
        double r = 250;
        double expected = 0.3 / (2 * r + 1e4);
        Assert.That(IrDropSolver.SolveDirect(g, [0.3], r).ColumnCurrents[0], Is.EqualTo(expected).Within(1e-15));
        Assert.That(IrDropSolver.SolveIterative(g, [0.3], r).ColumnCurrents[0], Is.EqualTo(expected).Within(1e-15));
    }

    [Test]
    public void OneByTwoMatchesTheHandSolution()
    {
        // One row, two columns. Each device in series with its column's ground segment acts as
        // Ge_j = G_j·g_w/(G_j + g_w); then r1 = g_w·r0/(g_w + Ge1) and g_w(V − r0) = g_w(r0 − r1) + Ge0·r0.
        double g0 = 2e-4, g1 = 5e-5, r = 100, v = 0.2, gw = 1 / r;
        double ge0 = g0 * gw / (g0 + gw), ge1 = g1 * gw / (g1 + gw);
        double k = gw / (gw + ge1);                           // r1 = k·r0
        double r0 = gw * v / (gw + gw * (1 - k) + ge0);
        double r1 = k * r0;
        double[] expected = [ge0 * r0, ge1 * r1];
        double[,] g = { { g0, g1 } };
        Assert.That(IrDropSolver.SolveDirect(g, [v], r).ColumnCurrents, Is.EqualTo(expected).Within(1e-15));
        Assert.That(IrDropSolver.SolveIterative(g, [v], r).ColumnCurrents, Is.EqualTo(expected).Within(1e-15));
    }

    [Test]
    public void IterativeAgreesWithTheDirectSolve()
    {
        var g = Random(12, 10, 5);
        double[] v = TestData.Uniform(12, 6, -0.2, 0.2);
        var direct = IrDropSolver.SolveDirect(g, v, 5.0);
        var iterative = IrDropSolver.SolveIterative(g, v, 5.0);
        Assert.That(iterative.Converged, Is.True);
        double scale = direct.ColumnCurrents.Max(Math.Abs);
        Assert.That(iterative.ColumnCurrents, Is.EqualTo(direct.ColumnCurrents).Within(1e-9 * scale));
    }

    [Test]
    public void ErrorVanishesWithoutWiresAndGrowsWithSizeAndResistance()
    {
        double Error(int size, double ohms)
        {
            var g = Random(size, size, 7);
            var v = Enumerable.Repeat(0.1, size).ToArray();
            var ideal = IrDropSolver.Ideal(g, v);
            var solved = IrDropSolver.SolveIterative(g, v, ohms);
            Assert.That(solved.Converged, Is.True);
            return TestData.RelativeError(solved.ColumnCurrents, ideal);
        }

        Assert.That(Error(16, 0), Is.EqualTo(0));
        Assert.That(Error(16, 1e-9), Is.LessThan(1e-9));
        double small = Error(16, 1), large = Error(64, 1), larger = Error(64, 4);
        Assert.That(small, Is.GreaterThan(0));
        Assert.That(large, Is.GreaterThan(2 * small));   // longer wires, more current through them
        Assert.That(larger, Is.GreaterThan(2 * large));
    }

    [Test]
    public void NonConvergenceIsReportedNotHidden()
    {
        var g = Random(64, 64, 8);
        var result = IrDropSolver.SolveIterative(g, Enumerable.Repeat(0.1, 64).ToArray(), 10, maxIterations: 1);
        Assert.That(result.Converged, Is.False);
        Assert.That(result.Iterations, Is.EqualTo(1));
    }

    [Test]
    public void BadInputIsRejected()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => IrDropSolver.SolveDirect(new double[,] { { 1e-5 } }, [0.1], -1));
        Assert.That(ex!.Message, Does.Contain("wire resistance"));
        var ex2 = Assert.Throws<ArgumentException>(() => IrDropSolver.SolveDirect(new double[,] { { 1e-5 } }, [0.1, 0.2], 1));
        Assert.That(ex2!.Message, Does.Contain("2 voltages for 1 rows"));
    }
}

public class IrDropTopologyTests
{
    [Test]
    public void BothEndsPutTwoSegmentsInParallel()
    {
        // Driven from both ends and sensed at both ends, the single device sees r/2 on each side: I = V/(r + 1/G).
        double[,] g = { { 1e-4 } };
        double r = 250;
        double expected = 0.3 / (r + 1e4);
        var direct = IrDropSolver.SolveDirect(g, [0.3], r, LineEnds.Both, LineEnds.Both);
        var iterative = IrDropSolver.SolveIterative(g, [0.3], r, inputSide: LineEnds.Both, outputSide: LineEnds.Both);
        Assert.That(direct.ColumnCurrents[0], Is.EqualTo(expected).Within(1e-15));
        Assert.That(iterative.ColumnCurrents[0], Is.EqualTo(expected).Within(1e-15));
    }

    [TestCase(LineEnds.One, LineEnds.Both)]
    [TestCase(LineEnds.Both, LineEnds.One)]
    [TestCase(LineEnds.Both, LineEnds.Both)]
    public void IterativeMatchesDirectForEveryTopology(LineEnds input, LineEnds output)
    {
        var u = TestData.Uniform(12 * 9, 31, 1e-6, 1e-4);
        var g = new double[12, 9];
        for (int k = 0; k < u.Length; k++)
        {
            g[k / 9, k % 9] = u[k];
        }

        var v = TestData.Uniform(12, 32, -0.2, 0.2);
        var direct = IrDropSolver.SolveDirect(g, v, 20, input, output);
        var iterative = IrDropSolver.SolveIterative(g, v, 20, inputSide: input, outputSide: output);
        Assert.That(iterative.Converged, Is.True);
        for (int j = 0; j < 9; j++)
        {
            Assert.That(iterative.ColumnCurrents[j], Is.EqualTo(direct.ColumnCurrents[j]).Within(1e-10 * Math.Abs(direct.ColumnCurrents[j]) + 1e-16));
        }
    }

    [Test]
    public void DrivingBothEndsReducesTheDrop()
    {
        var u = TestData.Uniform(32 * 32, 41, 1e-5, 1e-4);
        var g = new double[32, 32];
        for (int k = 0; k < u.Length; k++)
        {
            g[k / 32, k % 32] = u[k];
        }

        var v = Enumerable.Repeat(0.2, 32).ToArray();
        var ideal = IrDropSolver.Ideal(g, v);
        double Loss(LineEnds i, LineEnds o) => 1 - IrDropSolver.SolveIterative(g, v, 5, inputSide: i, outputSide: o).ColumnCurrents.Sum() / ideal.Sum();
        double one = Loss(LineEnds.One, LineEnds.One), both = Loss(LineEnds.Both, LineEnds.Both);
        Assert.That(one, Is.GreaterThan(0));
        Assert.That(both, Is.LessThan(0.5 * one));
    }
}

/// <summary>Very conductive wires: the iterative solve must still converge to the direct one (it once stopped at its start).</summary>
public class IrDropConductiveWireTests
{
    [TestCase(1, 7)]
    [TestCase(16, 16)]
    public void AWireRatioOf1e10MatchesTheDirectSolveAndTheIdealCurrents(int rows, int cols)
    {
        var u = TestData.Uniform(rows * cols, 91, 0.1, 1);
        var g = new double[rows, cols];
        for (int i = 0; i < rows; i++)
        {
            for (int j = 0; j < cols; j++)
            {
                g[i, j] = 1e-4 * u[i * cols + j];
            }
        }

        var v = TestData.Uniform(rows, 92, 0.1, 0.3);
        const double wireOhms = 1e-6;   // r_w·G_max = 1e-10
        var direct = IrDropSolver.SolveDirect(g, v, wireOhms);
        var iterative = IrDropSolver.SolveIterative(g, v, wireOhms, tolerance: new ParasiticOptions { WireRatio = 1e-10 }.Tolerance);
        for (int j = 0; j < cols; j++)
        {
            double ideal = Enumerable.Range(0, rows).Sum(i => g[i, j] * v[i]);
            Assert.That(iterative.ColumnCurrents[j], Is.EqualTo(direct.ColumnCurrents[j]).Within(1e-6 * ideal), $"column {j}");
            Assert.That(iterative.ColumnCurrents[j], Is.EqualTo(ideal).Within(1e-6 * ideal));
        }

        Assert.That(iterative.Iterations, Is.GreaterThan(0), "the wire-free start is not the answer");
    }
}
