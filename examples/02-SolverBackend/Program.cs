// A MathNet.Numerics user's solve, first with digital ILU(0), then with an analog preconditioner:
// the only change is the IPreconditioner<double> passed to the solver.
using AnalogLA.Numerics;
using AnalogLA.Crossbar;
using AnalogLA.Solvers;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Solvers;

var a = TestProblems.ConvectionDiffusion2D(48);          // 2304 unknowns, nonsymmetric
var b = a * Vector<double>.Build.Dense(a.RowCount, 1.0);

Iterator<double> Stop() => new(new IterationCountStopCriterion<double>(2000), new RelativeResidualStopCriterion(1e-8));

Report("digital ILU(0)", new Ilu0Preconditioner());
// Swap in the analog preconditioner: block inverses programmed on 256×256 DW-MTJ tiles (1-bit slices,
// write misses, device variation, read noise, 8-bit converters). FGMRES because read noise changes
// the preconditioner on every application.
Report("analog block-Jacobi", new AnalogBlockJacobiPreconditioner(AnalogOptions.DwMtjRealistic));
Report("analog inverse circuit", new AnalogInversePreconditioner(AnalogOptions.DwMtjRealistic));

void Report(string name, IPreconditioner<double> preconditioner)
{
    preconditioner.Initialize(a);
    var x = Vector<double>.Build.Dense(a.RowCount);
    var solver = new Gmres(restart: 50, flexible: true);   // also an IIterativeSolver<double>: solver.Solve(a, b, x, Stop(), preconditioner)
    var r = solver.Run(a, b, x, Stop(), preconditioner);   // returns the result; applications and analog MVMs counted
    Console.WriteLine($"{name,-24} {r.Status,-10} iterations {r.Iterations,4}  true residual {r.TrueRelativeResidual:E2}  analog MVMs {r.AnalogMvms,6}  {r.Seconds:F2} s");
}
