using AnalogLA.Numerics;
using System.Text.Json;
using AnalogLA.IO;
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
}
