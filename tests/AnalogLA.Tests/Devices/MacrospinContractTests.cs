using AnalogLA.Devices;
using AnalogLA.Numerics;

namespace AnalogLA.Tests.Devices;

/// <summary>
/// The macrospin integrator's and read-out table's contracts beside their physics (MacrospinTests,
/// MacrospinReadoutTests): refusals by parameter name, the ends of the inverse map, the table coordinate, the Boltzmann
/// moment against a series, the integrator's start and step count.
/// </summary>
public class MacrospinContractTests
{
    private const double Xi = 100;

    private static string? Refused(TestDelegate call) => Assert.Throws<ArgumentOutOfRangeException>(call)!.ParamName;

    [Test]
    public void EveryArgumentOutsideItsRangeIsRefusedByName()
    {
        Action<double> ignore = _ => { };
        Assert.Multiple(() =>
        {
            Assert.That(Refused(() => Macrospin.IntegralRelaxationTime(-0.01, 1)), Is.EqualTo("thermalStability"));
            Assert.That(Refused(() => Macrospin.IntegralRelaxationTime(60.01, 1)), Is.EqualTo("thermalStability"));
            Assert.That(Refused(() => Macrospin.IntegralRelaxationTime(5, 0)), Is.EqualTo("damping"));
            Assert.That(Assert.Throws<ArgumentNullException>(() => Macrospin.Run(5, 1, 0.01, 1, 1, null!))!.ParamName, Is.EqualTo("observe"));
            Assert.That(Refused(() => Macrospin.Run(0.09, 1, 0.01, 1, 1, ignore)), Is.EqualTo("thermalStability"));
            Assert.That(Refused(() => Macrospin.Run(60.5, 1, 0.01, 1, 1, ignore)), Is.EqualTo("thermalStability"));
            Assert.That(Refused(() => Macrospin.Run(5, -1, 0.01, 1, 1, ignore)), Is.EqualTo("damping"));
            Assert.That(Refused(() => Macrospin.Run(5, 1, 0.11, 1, 1, ignore)), Is.EqualTo("timeStep"));
            Assert.That(Refused(() => Macrospin.Run(5, 1, 1e-7, 1, 1, ignore)), Is.EqualTo("timeStep"));
            Assert.That(Refused(() => Macrospin.ReadsAfterReset(5, 0.1, Xi, 0, 0.01, 1)), Is.EqualTo("layers"));
            Assert.That(Refused(() => MacrospinReadout.For(5e-5, Xi)), Is.EqualTo("readTime"));
            Assert.That(Refused(() => MacrospinReadout.For(2e4, Xi)), Is.EqualTo("readTime"));
            Assert.That(Refused(() => MacrospinReadout.For(1.5, 0.5)), Is.EqualTo("resetStiffness"));
            Assert.That(Refused(() => MacrospinReadout.For(1.5, 2e4)), Is.EqualTo("resetStiffness"));
            Assert.That(Refused(() => MacrospinReadout.Solve(-1, 1, Xi)), Is.EqualTo("thermalStability"));
            Assert.That(Refused(() => MacrospinReadout.Solve(61, 1, Xi)), Is.EqualTo("thermalStability"));
            Assert.That(Refused(() => MacrospinReadout.Solve(5, -1, Xi)), Is.EqualTo("readTime"));
            Assert.That(Refused(() => MacrospinReadout.Solve(5, 1, 0.5)), Is.EqualTo("resetStiffness"));
            Assert.That(Refused(() => MacrospinReadout.Solve(5, 1, Xi, cells: 7)), Is.EqualTo("cells"));
            Assert.That(Refused(() => MacrospinReadout.Solve(5, 1, Xi, steps: 3)), Is.EqualTo("steps"));
            var table = MacrospinReadout.For(1.5, Xi);
            Assert.That(Refused(() => table.MeanAntiparallel(60.5)), Is.EqualTo("thermalStability"));
            Assert.That(Refused(() => table.Variance(-0.5)), Is.EqualTo("thermalStability"));
            Assert.That(Refused(() => table.Position(double.NaN)), Is.EqualTo("thermalStability"));
            Assert.Throws<ArgumentException>(() => table.Read(new float[3], new uint[2], new float[3]));
            Assert.Throws<ArgumentException>(() => table.Read(new float[3], new uint[3], new float[2]));
        });

        // The ends of each range are accepted.
        Assert.DoesNotThrow(() => Macrospin.Run(0.1, 1e-3, 0.1, 1, 1, ignore));
        Assert.DoesNotThrow(() => Macrospin.Run(60, 1, 1e-6, 1, 1, ignore));
        Assert.DoesNotThrow(() => Macrospin.IntegralRelaxationTime(0, 1));
        Assert.DoesNotThrow(() => MacrospinReadout.Solve(0, 0, 1, cells: 8, steps: 4));
    }

    [Test]
    public void TheIntegratorStartsAtTheGivenAngleAndObservesEveryStep()
    {
        // After one step of 10⁻⁶ the moment has barely moved from (sin θ0, 0, cos θ0): m_z within 10⁻² of cos θ0.
        foreach (double theta in new[] { 0.0, Math.PI / 3, Math.PI / 2, Math.PI })
        {
            var seen = new List<double>();
            Macrospin.Run(5, 1, 1e-6, 1, 3, seen.Add, theta);
            Assert.That(seen, Has.Count.EqualTo(1));
            Assert.That(seen[0], Is.EqualTo(Math.Cos(theta)).Within(1e-2), $"θ0 = {theta}");
        }

        // Steps across three blocks of normal draws (4,096 steps each): one observation per step, each |m_z| ≤ 1.
        var all = new List<double>();
        Macrospin.Run(2, 1, 0.01, 9000, 4, all.Add, 1.0);
        Assert.That(all, Has.Count.EqualTo(9000));
        Assert.That(all.Max(Math.Abs), Is.LessThanOrEqualTo(1 + 1e-12));
        Macrospin.Run(2, 1, 0.01, 0, 4, _ => Assert.Fail("no step, no observation"));
    }

    [Test]
    public void ReadsAtTheResetFollowTheTruncatedExponential()
    {
        // Read time 0: s = (1 − z0)/2 with 1 − z0 ~ Exp(ξ) truncated to [0, 2] (W0 ∝ e^{ξ z}): E[1 − z0] =
        // 1/ξ − 2e^{−2ξ}/(1 − e^{−2ξ}), P(1 − z0 ≤ x) = (1 − e^{−ξx})/(1 − e^{−2ξ}). ξ = 1.5 so the truncation matters.
        // Bounds: 4 standard errors of the mean; the CDF at five points within 4·√(F(1 − F)/n). The Fokker–Planck
        // solution at t = 0 holds the same density in its cells.
        const double xi = 1.5;
        const int n = 20_000;
        var reads = Macrospin.ReadsAfterReset(4, 0, xi, n, 0.01, 17);
        double norm = -double.ExpM1(-2 * xi), mean = (1 / xi) - (2 * Math.Exp(-2 * xi) / norm);
        var (sampleMean, sampleVariance) = TestData.MeanVariance([.. reads.Select(s => 2 * s)]);
        Assert.That(sampleMean, Is.EqualTo(mean).Within(4 * Math.Sqrt(sampleVariance / n)));
        foreach (double x in new[] { 0.1, 0.4, 0.8, 1.2, 1.8 })
        {
            double f = -double.ExpM1(-xi * x) / norm, empirical = reads.Count(s => 2 * s <= x) / (double)n;
            Assert.That(empirical, Is.EqualTo(f).Within(4 * Math.Sqrt(f * (1 - f) / n)), $"P(1 − z0 ≤ {x})");
        }

        Assert.That(MacrospinReadout.Solve(4, 0, xi).MeanAntiparallel, Is.EqualTo(mean / 2).Within(1e-4));
    }

    [TestCase(0.5)]
    [TestCase(3.0)]
    [TestCase(10.0)]
    [TestCase(40.0)]
    public void TheBoltzmannMomentMatchesItsSeries(double delta)
    {
        // Integration by parts: ∫z²e^{Δz²} = e^Δ/Δ − Z/(2Δ), Z = ∫_{−1}^{1} e^{Δz²} dz = 2·Σ_k Δ^k/(k!(2k + 1)) (the
        // term-wise integral of the exponential series, a method other than the code's Simpson rule).
        double z = 0, term = 1;
        for (int k = 0; k < 400; k++)
        {
            z += 2 * term / ((2 * k) + 1);
            term *= delta / (k + 1);
        }

        double expected = (Math.Exp(delta) / (delta * z)) - (1 / (2 * delta));
        Assert.That(Macrospin.BoltzmannMzSquared(delta), Is.EqualTo(expected).Within(1e-10 * expected));
        Assert.That(Macrospin.BoltzmannMzSquared(0), Is.EqualTo(1.0 / 3).Within(1e-12));
    }

    [Test]
    public void TheVarianceInverseClampsToItsRangeAndThePeakIsTheLargestVariance()
    {
        var table = MacrospinReadout.For(1.5, Xi);
        double peak = table.PeakThermalStability;
        Assert.That(table.MaximumVariance, Is.EqualTo(table.Variance(peak)).Within(1e-15));
        for (double delta = 0; delta <= MacrospinReadout.MaximumThermalStability; delta += 0.25)
        {
            Assert.That(table.Variance(delta), Is.LessThanOrEqualTo(table.MaximumVariance + 1e-15), $"Δ = {delta}");
        }

        Assert.That(table.ThermalStabilityForVariance(2 * table.MaximumVariance), Is.EqualTo(peak));
        Assert.That(table.ThermalStabilityForVariance(table.MaximumVariance), Is.EqualTo(peak));
        Assert.That(table.ThermalStabilityForVariance(0), Is.EqualTo(MacrospinReadout.MaximumThermalStability));
        Assert.That(table.ThermalStabilityForVariance(table.Variance(60)), Is.EqualTo(MacrospinReadout.MaximumThermalStability));
        double mid = table.ThermalStabilityForVariance(0.5 * (table.MaximumVariance + table.Variance(60)));
        Assert.That(mid, Is.GreaterThan(peak).And.LessThan(60));
        Assert.That(table.Variance(mid), Is.EqualTo(0.5 * (table.MaximumVariance + table.Variance(60))).Within(1e-12));
    }

    [Test]
    public void TheTableCoordinateIsQuarterStepsToTwentyThenUnitSteps()
    {
        // Rows: Δ = 0, 0.25, …, 20 (rows 0…80), then 21, …, 60 (rows 81…120).
        var table = MacrospinReadout.For(1.5, Xi);
        Assert.That(table.Position(0), Is.EqualTo(0f));
        Assert.That(table.Position(2.6), Is.EqualTo(10.4f).Within(1e-5));
        Assert.That(table.Position(20), Is.EqualTo(80f).Within(1e-5));
        Assert.That(table.Position(33.3), Is.EqualTo(93.3f).Within(1e-5));
        Assert.That(table.Position(60), Is.EqualTo(120f).Within(1e-5));
        Assert.That(table.ThermalStabilityOf(80), Is.EqualTo(20));
        Assert.That(table.ThermalStabilityOf(81), Is.EqualTo(21));
        Assert.That(table.ThermalStabilityOf(120), Is.EqualTo(60));

        // Between rows the moments are the rows' linear mixture (the sampler draws that mixture).
        double m0 = table.MeanAntiparallel(33), m1 = table.MeanAntiparallel(34);
        Assert.That(table.MeanAntiparallel(33.3), Is.EqualTo((0.7 * m0) + (0.3 * m1)).Within(1e-12));
        double s0 = table.Variance(33) + (m0 * m0), s1 = table.Variance(34) + (m1 * m1), m = (0.7 * m0) + (0.3 * m1);
        Assert.That(table.Variance(33.3), Is.EqualTo((0.7 * s0) + (0.3 * s1) - (m * m)).Within(1e-12));
        Assert.That(table.MeanAntiparallel(60), Is.EqualTo(MacrospinReadout.Solve(60, 1.5, Xi).MeanAntiparallel).Within(1.0 / MacrospinReadout.Pieces));

        // The last row is read at its own knots whatever the fraction above it.
        var bits = new uint[64];
        new CounterRandom(8).FillBits(bits);
        var knots = table.KnotsOf(120);
        foreach (uint b in bits)
        {
            float s = table.Read(table.Position(60), b);
            int j = (int)(b >> 23);
            Assert.That(s, Is.InRange(knots[j], knots[j + 1]));
        }
    }

    [Test]
    public void TheReadoutCdfIsPiecewiseLinearBetweenFaces()
    {
        // Two cells of s: [0, ¼) with mass 0.2 and [¼, 1] with mass 0.8 (faces in z: 1, ½, −1).
        var d = new ReadoutDistribution([1, 0.5, -1], [0.2, 0.8]);
        Assert.That(d.Cdf(-0.1), Is.EqualTo(0));
        Assert.That(d.Cdf(0.125), Is.EqualTo(0.1).Within(1e-15));
        Assert.That(d.Cdf(0.25), Is.EqualTo(0.2).Within(1e-15));
        Assert.That(d.Cdf(0.625), Is.EqualTo(0.6).Within(1e-15));
        Assert.That(d.Cdf(1), Is.EqualTo(1).Within(1e-15));
        Assert.That(d.Cdf(2), Is.EqualTo(1).Within(1e-15));
        // Uniform within cells: E[s] = 0.2·⅛ + 0.8·⅝ = 0.525; E[s²] = 0.2·(1/48) + 0.8·(1/16 + 1/4 + 1)/3.
        Assert.That(d.MeanAntiparallel, Is.EqualTo(0.525).Within(1e-15));
        double second = (0.2 / 48) + (0.8 * (1.0 / 16 + 0.25 + 1) / 3);
        Assert.That(d.Variance, Is.EqualTo(second - (0.525 * 0.525)).Within(1e-15));
    }
}
