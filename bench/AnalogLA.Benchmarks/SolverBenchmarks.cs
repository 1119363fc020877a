using AnalogLA.Numerics;
using AnalogLA.Crossbar;
using AnalogLA.Solvers;
using BenchmarkDotNet.Attributes;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Solvers;

namespace AnalogLA.Benchmarks;

/// <summary>
/// Wall time per solve and per preconditioner application on a generated SPD (2-D Poisson) and a
/// nonsymmetric (upwind convection–diffusion) problem, 2304 unknowns, with digital ILU(0) as the baseline.
/// Analog preconditioners run on the realistic DW-MTJ crossbar (time to simulate them, not hardware time).
/// </summary>
public class SolverBenchmarks
{
    private Matrix<double> _a = null!;
    private Vector<double> _b = null!;
    private Vector<double> _z = null!;
    private Ilu0Preconditioner _ilu = null!;
    private AnalogBlockJacobiPreconditioner _blockJacobi = null!;
    private AnalogSpaiPreconditioner _spai = null!;

    [Params("poisson2d:48", "convdiff:48")]
    public string Problem { get; set; } = "poisson2d:48";

    [GlobalSetup]
    public void Setup()
    {
        _a = TestProblems.FromSpec(Problem);
        _b = _a * Vector<double>.Build.Dense(_a.RowCount, 1.0);
        _z = Vector<double>.Build.Dense(_a.RowCount);
        _ilu = new Ilu0Preconditioner();
        _ilu.Initialize(_a);
        _blockJacobi = new AnalogBlockJacobiPreconditioner(AnalogOptions.DwMtjRealistic);
        _blockJacobi.Initialize(_a);
        _spai = new AnalogSpaiPreconditioner(AnalogOptions.DwMtjRealistic);
        _spai.Initialize(_a);
    }

    private int Solve(IPreconditioner<double> preconditioner)
    {
        var x = Vector<double>.Build.Dense(_a.RowCount);
        var solver = new Gmres(50, flexible: true);
        return solver.Run(_a, _b, x, new Iterator<double>(new IterationCountStopCriterion<double>(2000), new RelativeResidualStopCriterion(1e-8)), preconditioner).Iterations;
    }

    [Benchmark(Baseline = true, Description = "solve: FGMRES + digital ILU(0)")]
    public int SolveIlu0() => Solve(_ilu);

    [Benchmark(Description = "solve: FGMRES + analog block-Jacobi")]
    public int SolveBlockJacobi() => Solve(_blockJacobi);

    [Benchmark(Description = "solve: FGMRES + analog SPAI")]
    public int SolveSpai() => Solve(_spai);

    [Benchmark(Description = "apply: digital ILU(0)")]
    public double ApplyIlu0()
    {
        _ilu.Approximate(_b, _z);
        return _z[0];
    }

    [Benchmark(Description = "apply: analog block-Jacobi")]
    public double ApplyBlockJacobi()
    {
        _blockJacobi.Approximate(_b, _z);
        return _z[0];
    }

    [Benchmark(Description = "apply: analog SPAI")]
    public double ApplySpai()
    {
        _spai.Approximate(_b, _z);
        return _z[0];
    }
}
