using AnalogLA.Devices;
using AnalogLA.Numerics;

namespace AnalogLA.Tests.Devices;

/// <summary>
/// The Bayes-MTJ's σ → p → Δ → K_i → V_g map and its reads, each against an independent relation: the conductance
/// swing from the two resistances, the VCMA law run forwards, the macrospin inverse against the forward table, the
/// Landau–Lifshitz time unit against Brown's diffusion time, the unprogrammed (σ = 0) cell, and the telegraph read's
/// scalar tail.
/// </summary>
public class StochasticMtjMappingTests
{
    private static readonly StochasticMtj Macrospin = BayesMtj.Kwon2022;
    private static readonly StochasticMtj Telegraph = BayesMtj.Kwon2022Telegraph;

    [Test]
    public void TheSwingIsTheDifferenceOfTheTwoConductances()
    {
        // ΔG = 1/R_P − 1/R_AP with R_AP = R_P·(1 + TMR): Kwon 2022, 5 kΩ and 120 %.
        Assert.That(Macrospin.ConductanceSwingSiemens, Is.EqualTo((1 / 5e3) - (1 / (5e3 * 2.2))).Within(1e-15));
    }

    [Test]
    public void TheGateVoltageReproducesTheProgrammedAnisotropyThroughTheVcmaLaw()
    {
        // K_i(V) = K_i0 − ξ·V/t_ox (Kwon: ξ = 75 fJ/(V·m), t_ox = 1.5 nm): 0.5 V lowers K_i by 2.5e−5 J/m².
        Assert.That(Macrospin.InterfacialAnisotropyAt(0.5), Is.EqualTo(1.0056e-3 - 2.5e-5).Within(1e-15));
        foreach (var device in new[] { Macrospin, Telegraph })
        {
            foreach (double fraction in new[] { 0.2, 0.7, 1.0 })
            {
                var program = device.ProgramFor(fraction * device.MaximumSigmaSiemens(2), 2);
                Assert.That(device.InterfacialAnisotropyAt(program.GateVolts), Is.EqualTo(program.InterfacialAnisotropy).Within(1e-12 * program.InterfacialAnisotropy), $"{device.ReadModel} at {fraction}");
                Assert.That(device.ThermalStability(program.InterfacialAnisotropy), Is.EqualTo(program.ThermalStability).Within(1e-9 * program.ThermalStability));
                Assert.That(device.SigmaSiemens(program, 2), Is.EqualTo(fraction * device.MaximumSigmaSiemens(2)).Within(1e-6 * device.MaximumSigmaSiemens(2)));
            }
        }
    }

    [TestCase(0.05)]
    [TestCase(0.2)]
    [TestCase(0.35)]
    public void TheMacrospinInverseFindsTheBarrierOfATargetMean(double p)
    {
        // Bisection over Δ ≥ Δ_peak against the forward table's mean: p(Δ(p)) = p, and Δ(p) lies above the peak.
        double delta = Macrospin.ThermalStabilityFor(p);
        Assert.That(Macrospin.ProbabilityAntiparallel(delta), Is.EqualTo(p).Within(1e-9));
        Assert.That(delta, Is.GreaterThanOrEqualTo(Macrospin.ReadoutTable()!.PeakThermalStability));
    }

    [Test]
    public void TheLargestMeanIsTheOneAtTheVariancePeakAndNoTargetBeyondItIsAccepted()
    {
        var table = Macrospin.ReadoutTable()!;
        Assert.That(Macrospin.MaximumProbability, Is.EqualTo(Macrospin.ProbabilityAntiparallel(table.PeakThermalStability)));
        Assert.That(Telegraph.MaximumProbability, Is.EqualTo(Telegraph.ProbabilityAntiparallel(0)));
        Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => Macrospin.ThermalStabilityFor(Macrospin.MaximumProbability * 1.01))!.ParamName, Is.EqualTo("probability"));
        Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => Macrospin.MacrospinRelaxationSeconds(0.001, 0.01))!.ParamName, Is.EqualTo("thermalStability"));
        Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => Macrospin.Sample(-1, new double[4], new CounterRandom(1)))!.ParamName, Is.EqualTo("thermalStability"));
        Assert.Throws<ArgumentNullException>(() => Macrospin.SigmaSiemens(null!));
        Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => (Macrospin with { Tmr = 0 }).ThermalStability())!.ParamName, Is.EqualTo("Tmr"));
        Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => (Macrospin with { Tmr = 0 }).MacrospinRelaxationSeconds(5, 0.01))!.ParamName, Is.EqualTo("Tmr"));
    }

    [TestCase(2.0, 0.01)]
    [TestCase(10.0, 0.05)]
    public void TheRelaxationTimeUnitIsBrownsDiffusionTimeOverTheBarrier(double delta, double damping)
    {
        // (1 + α²)/(γ·µ0H_K) with µ0H_K = 2Δk_BT/(V·M_s) equals α·τ_N/Δ, τ_N = (1 + α²)M_sV/(2αγk_BT) (Brown 1963).
        var device = Macrospin with { Damping = damping };
        double unit = device.MacrospinRelaxationSeconds(delta, damping) / AnalogLA.Devices.Macrospin.IntegralRelaxationTime(delta, damping);
        Assert.That(unit, Is.EqualTo(damping * device.DiffusionTimeSeconds / delta).Within(1e-9 * unit));
    }

    [Test]
    public void AZeroSigmaKeepsTheUngatedBarrier()
    {
        foreach (var device in new[] { Macrospin, Telegraph })
        {
            var program = device.ProgramFor(0, 4);
            Assert.That(program.ThermalStability, Is.EqualTo(device.ThermalStability()).Within(1e-12), device.ReadModel.ToString());
            Assert.That(program.GateVolts, Is.Zero);
            Assert.That(program.InterfacialAnisotropy, Is.EqualTo(device.InterfacialAnisotropy));
        }
    }

    [Test]
    public void TelegraphReadsOfEveryCellIncludingTheScalarTailHaveMeanP()
    {
        // 13 cells (one 8-wide vector and a 5-cell scalar tail) of p = 0.3, 20,000 reads: each cell's mean within 5 se.
        const int cells = 13, reads = 20_000;
        var p = Enumerable.Repeat(0.3f, cells).ToArray();
        var sums = new double[cells];
        var buffer = new float[cells + 3];   // longer than needed is allowed
        var root = new CounterRandom(5);
        for (int r = 0; r < reads; r++)
        {
            StochasticMtj.Read(null, p, root.Child((ulong)r), buffer);
            for (int i = 0; i < cells; i++)
            {
                sums[i] += buffer[i];
            }
        }

        double se = Math.Sqrt(0.3 * 0.7 / reads);
        for (int i = 0; i < cells; i++)
        {
            Assert.That(sums[i] / reads, Is.EqualTo(0.3).Within(5 * se), $"cell {i}");
        }

        Assert.That(Assert.Throws<ArgumentException>(() => StochasticMtj.Read(null, p, root, new float[cells - 1]))!.Message, Does.Contain("13 cells need 13 reads"));
    }
}
