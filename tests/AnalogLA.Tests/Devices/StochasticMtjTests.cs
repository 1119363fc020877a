using AnalogLA.Devices;
using AnalogLA.Numerics;

namespace AnalogLA.Tests.Devices;

public class StochasticMtjTests
{
    private static readonly StochasticMtj Device = BayesMtj.Kwon2022;
    private static readonly StochasticMtj Telegraph = BayesMtj.Kwon2022Telegraph;

    [Test]
    public void ThermalStabilityIsTwentyAt300KByHand()
    {
        double keff = 1.0056e-3 / 1.1e-9 - 0.5 * 4e-7 * Math.PI * 1.2e6 * 1.2e6 * 0.968;
        double volume = Math.PI * 25e-9 * 25e-9 * 1.1e-9;
        double delta = keff * volume / (1.380649e-23 * 300);
        // µ0 = 4π·1e−7 here vs CODATA 1.25663706212e−6 in the library: 5e−10 relative, amplified ~20× by K_i/t_f − shape.
        Assert.That(Device.ThermalStability(), Is.EqualTo(delta).Within(1e-7 * delta));
        Assert.That(delta, Is.EqualTo(20).Within(0.05));
        // The gate lowers K_i by ξV/t_ox.
        Assert.That(Device.InterfacialAnisotropyAt(1.0), Is.EqualTo(1.0056e-3 - 75e-15 / 1.5e-9).Within(1e-15));
    }

    [TestCase(1.0)]
    [TestCase(2.3)]
    [TestCase(4.0)]
    public void TelegraphProbabilityMatchesADirectSimulationOfTheProcess(double delta)
    {
        // Néel–Brown: the free layer dwells an exponential time of mean τ = τ0·e^Δ in each state. Simulate 100,000
        // independent free layers from P for the sampling window τ_s, counting flips; the fraction found AP must
        // equal ProbabilityAntiparallel(Δ) within 4 standard errors √(p(1 − p)/N).
        const int n = 100_000;
        double tau = Telegraph.AttemptTimeSeconds * Math.Exp(delta), window = Telegraph.SamplingWindowSeconds;
        var u = new float[64];
        int antiparallel = 0;
        for (int trial = 0; trial < n; trial++)
        {
            var random = new CounterRandom(CounterRandom.Mix(77, (ulong)trial));
            random.FillUniform(u);
            double t = 0;
            int flips = 0;
            for (int k = 0; k < u.Length; k++)
            {
                t += -tau * Math.Log(1 - u[k]);
                if (t > window)
                {
                    break;
                }

                flips++;
            }

            antiparallel += flips % 2;
        }

        double p = Telegraph.ProbabilityAntiparallel(delta);
        double observed = (double)antiparallel / n;
        Assert.That(observed, Is.EqualTo(p).Within(4 * Math.Sqrt(p * (1 - p) / n)));
    }

    [Test]
    public void TheGeometricShapeTermDiffersFromThePublishedOne()
    {
        // The published model's N_z − N_x = 0.968; the disc's own shape (equal-area square prism, side 44.3 nm,
        // Aharoni factors 0.0350 / 0.0350 / 0.9300, evaluated independently) gives 0.895, which raises K_eff and Δ.
        Assert.That(Device.GeometricDemagnetizingFactorDifference, Is.EqualTo(0.89498).Within(1e-4));
        var geometric = Device with { DemagnetizingFactorDifference = Device.GeometricDemagnetizingFactorDifference };
        double keff = 1.0056e-3 / 1.1e-9 - 0.5 * 4e-7 * Math.PI * 1.2e6 * 1.2e6 * 0.89498;
        double delta = keff * Math.PI * 25e-9 * 25e-9 * 1.1e-9 / (1.380649e-23 * 300);
        Assert.That(geometric.ThermalStability(), Is.EqualTo(delta).Within(1e-3 * delta));
        Assert.That(delta, Is.EqualTo(54.3).Within(0.5));
    }

    [TestCase(0.02)]
    [TestCase(0.25)]
    [TestCase(0.45)]
    public void SampledContributionsHaveZeroMeanAndVarianceDeltaGSquaredPQ(double p)
    {
        const int n = 400_000;
        var contributions = new double[n];
        Telegraph.Sample(Telegraph.ThermalStabilityFor(p), contributions, new CounterRandom(31));
        double dg = Telegraph.ConductanceSwingSiemens;
        double variance = dg * dg * p * (1 - p);
        var (mean, sampleVariance) = TestData.MeanVariance(contributions);
        Assert.That(mean, Is.EqualTo(0).Within(5 * Math.Sqrt(variance / n)));
        // Bernoulli: Var of the sample variance ≈ (μ4 − σ⁴)/n with μ4 = ΔG⁴·pq(1 − 3pq).
        double mu4 = Math.Pow(dg, 4) * p * (1 - p) * (1 - 3 * p * (1 - p));
        Assert.That(sampleVariance, Is.EqualTo(variance).Within(5 * Math.Sqrt((mu4 - variance * variance) / n)));
    }

    [TestCase(1e-6, 1)]
    [TestCase(2e-5, 1)]
    [TestCase(5e-5, 1)]
    [TestCase(9e-5, 4)]
    public void SigmaToAnisotropyMapRoundTrips(double sigma, int devices)
    {
        var program = Telegraph.ProgramFor(sigma, devices);
        Assert.That(Telegraph.SigmaSiemens(program, devices), Is.EqualTo(sigma).Within(1e-9 * sigma));
        Assert.That(program.ThermalStability, Is.InRange(0, Telegraph.ThermalStability()));
        Assert.That(program.GateVolts, Is.GreaterThanOrEqualTo(0));
    }

    [TestCase(3e-6, 1)]
    [TestCase(2e-5, 1)]
    [TestCase(3.5e-5, 1)]
    [TestCase(8e-5, 4)]
    public void MacrospinSigmaMapRoundTripsOnTheFallingBranch(double sigma, int devices)
    {
        // σ → Δ → σ through the macrospin read-out (the inverse is a bisection, the forward an interpolated table).
        var program = Device.ProgramFor(sigma, devices);
        Assert.That(Device.SigmaSiemens(program, devices), Is.EqualTo(sigma).Within(1e-6 * sigma));
        Assert.That(program.ThermalStability, Is.InRange(Device.ReadoutTable()!.PeakThermalStability, MacrospinReadout.MaximumThermalStability));
    }

    [Test]
    public void SigmaBeyondTheReachableRangeIsRejectedWithTheRange()
    {
        double max = Telegraph.MaximumSigmaSiemens();
        Assert.That(max, Is.EqualTo(Telegraph.ConductanceSwingSiemens / 2).Within(1e-3 * max));
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Telegraph.ProgramFor(1.01 * max));
        Assert.That(ex!.Message, Does.Contain("allowed range"));
        Assert.That(Telegraph.ProgramFor(2 * max, devices: 4).Probability, Is.LessThan(0.5));
        ex = Assert.Throws<ArgumentOutOfRangeException>(() => Device.ProgramFor(1.01 * Device.MaximumSigmaSiemens()));
        Assert.That(ex!.Message, Does.Contain("allowed range"));
    }

    [Test]
    public void TheMacrospinReachesLessThanTheTelegraphAndNeedsALongRead()
    {
        // Macrospin at τ_s = 1 µs ≈ 5.6·τ_N: the largest read variance is below the two-state ¼ (m_z continuous; the
        // bimodal peak sits at a few k_BT) and above the uniform-sphere 1/12 of Δ = 0. At the telegraph model's 10 ns
        // window the layer barely leaves P (free diffusion for t = τ_s/τ_N: Var(s) ≤ (1 − e^{−3t})/12 + O(1/ξ)).
        double v = Device.ReadoutTable()!.MaximumVariance;
        Assert.That(v, Is.InRange(1.0 / 12, 0.25));
        Assert.That(Device.ReadVariance(0), Is.EqualTo(1.0 / 12).Within(0.002));
        var shortRead = Device with { SamplingWindowSeconds = 10e-9 };
        double t = 10e-9 / Device.DiffusionTimeSeconds;
        Assert.That(shortRead.ReadoutTable()!.MaximumVariance, Is.LessThan((-double.ExpM1(-3 * t) / 12) + 0.01));
        Assert.That(shortRead.MaximumSigmaSiemens(), Is.LessThan(Telegraph.MaximumSigmaSiemens() / 10));
    }

    [TestCase(4.0)]
    [TestCase(12.0)]
    public void MacrospinContributionsHaveZeroMeanAndTheReadVariance(double delta)
    {
        const int n = 200_000;
        var contributions = new double[n];
        Device.Sample(delta, contributions, new CounterRandom(37));
        double dg = Device.ConductanceSwingSiemens, variance = dg * dg * Device.ReadVariance(delta);
        var (mean, sampleVariance) = TestData.MeanVariance(contributions);
        Assert.That(mean, Is.EqualTo(0).Within(5 * Math.Sqrt(variance / n)));
        // s ∈ [0, 1], so μ4 ≤ σ²·1 and the sample variance's standard error is below ΔG²·√(v/n).
        Assert.That(sampleVariance, Is.EqualTo(variance).Within(5 * dg * dg * Math.Sqrt(Device.ReadVariance(delta) / n)));
    }

    [Test]
    public void BadParametersAreRejectedByName()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => (Device with { Tmr = -0.5 }).Validate());
        Assert.That(ex!.Message, Does.Contain("Tmr"));
        ex = Assert.Throws<ArgumentOutOfRangeException>(() => (Device with { InterfacialAnisotropy = 5e-4 }).Validate());
        Assert.That(ex!.Message, Does.Contain("K_eff"));
        ex = Assert.Throws<ArgumentOutOfRangeException>(() => (Device with { TemperatureKelvin = 0 }).Validate());
        Assert.That(ex!.Message, Does.Contain("TemperatureKelvin"));
    }
}
