using AnalogLA.Numerics;
using AnalogLA.Crossbar;
using AnalogLA.Solvers;

namespace AnalogLA.Tests.Solvers;

public class SolveCostTests
{
    [Test]
    public void AnalogEnergyPerApplicationFollowsFromTheBlocks()
    {
        // poisson2d:12 (144 unknowns) in blocks of 48: one MVM of a 48×48 block per block and application,
        // so each application converts 144 outputs (ideal ADC, costed at 8 bits) and drives 144 rows (ideal DAC, 8 bits).
        var a = TestProblems.FromSpec("poisson2d:12");
        var b = a * MathNet.Numerics.LinearAlgebra.Vector<double>.Build.Dense(144, 1.0);
        var options = AnalogOptions.Ideal with { Tiling = new TilingOptions(48, 48) };
        var (_, result) = AnalogSolve.Solve(a, b, new SolveOptions
        {
            Solver = SolverKind.Fgmres,
            Preconditioner = PreconditionerKind.AnalogBlockJacobi,
            Analog = options,
            Equilibrate = false,
        });

        Assert.That(result.Converged, Is.True);
        long applications = result.ApplicationsThisSolve;
        Assert.That(applications, Is.EqualTo(result.PreconditionerApplications));
        var cost = CostModel.Isaac;
        Assert.That(result.AnalogEnergy.Adc, Is.EqualTo(applications * 144 * cost.AdcJoules(8)).Within(1e-9 * result.AnalogEnergy.Adc));
        Assert.That(result.AnalogEnergy.Dac, Is.EqualTo(applications * 144 * cost.DacJoules(8)).Within(1e-9 * result.AnalogEnergy.Dac));
        Assert.That(result.AnalogMacs, Is.EqualTo(applications * 3.0 * 48 * 48));
        // Three blocks read one after another: three array latencies per application.
        Assert.That(result.AnalogLatencySeconds / applications, Is.EqualTo(3 * (cost.ReadTimeSeconds + 48 / cost.AdcSamplesPerSecond)).Within(1e-15));
    }

    [Test]
    public void DigitalCounterpartsCostNoAnalogEnergy()
    {
        var a = TestProblems.FromSpec("poisson2d:8");
        var b = a * MathNet.Numerics.LinearAlgebra.Vector<double>.Build.Dense(64, 1.0);
        var (_, result) = AnalogSolve.Solve(a, b, new SolveOptions { Preconditioner = PreconditionerKind.Ilu0 });
        Assert.That(result.AnalogEnergy.Total, Is.Zero);
        Assert.That(result.AnalogJoulesPerApplication, Is.Zero);
    }
}
