using AnalogLA.Devices;
using AnalogLA.Numerics;

namespace AnalogLA.Tests.Devices;

/// <summary>
/// The Fokker–Planck read-out against closed forms (free diffusion, Boltzmann) and against a second method: the
/// stochastic LLG integrator run from the same reset.
/// </summary>
public class MacrospinReadoutTests
{
    private const double Xi = 100;

    /// <summary>Langevin function L(ξ) = coth ξ − 1/ξ: ⟨z⟩ of W ∝ exp(ξz) on [−1, 1].</summary>
    private static double Langevin(double xi) => (1 / Math.Tanh(xi)) - (1 / xi);

    [TestCase(0.05)]
    [TestCase(0.5)]
    [TestCase(2.0)]
    public void AtZeroBarrierTheMomentsDecayAsLegendreModes(double t)
    {
        // Δ = 0 is free rotational diffusion: ⟨P_l(z)⟩ decays as exp(−l(l + 1)t/2) in units of τ_N. From
        // W0 ∝ e^{ξz}: ⟨z⟩0 = L(ξ), ⟨P2⟩0 = 1 − 3L(ξ)/ξ. Then E[s] = (1 − ⟨z⟩)/2, Var(s) = (⟨z²⟩ − ⟨z⟩²)/4 with
        // ⟨z²⟩ = (1 + 2⟨P2⟩)/3.
        double z = Langevin(Xi) * Math.Exp(-t);
        double p2 = (1 - (3 * Langevin(Xi) / Xi)) * Math.Exp(-3 * t);
        double z2 = (1 + (2 * p2)) / 3;
        var d = MacrospinReadout.Solve(0, t, Xi);
        Assert.That(d.MeanAntiparallel, Is.EqualTo((1 - z) / 2).Within(2e-4));
        Assert.That(d.Variance, Is.EqualTo((z2 - (z * z)) / 4).Within(2e-4 + (1e-3 * (z2 - (z * z)) / 4)));
    }

    [TestCase(1.0)]
    [TestCase(5.0)]
    [TestCase(8.0)]
    public void LongReadsReachTheBoltzmannDistribution(double delta)
    {
        // t ≫ the relaxation time: W → e^{Δz²}/Z, symmetric, so E[s] = ½ and Var(s) = ⟨z²⟩/4 (quadrature).
        double t = 20 * Macrospin.IntegralRelaxationTime(delta, 1) / Macrospin.DiffusionTime(delta, 1);
        var d = MacrospinReadout.Solve(delta, t, Xi, steps: 2000);
        Assert.That(d.MeanAntiparallel, Is.EqualTo(0.5).Within(1e-3));
        Assert.That(d.Variance, Is.EqualTo(Macrospin.BoltzmannMzSquared(delta) / 4).Within(1e-3));
    }

    [TestCase(1.0, 0.5)]
    [TestCase(3.0, 1.0)]
    [TestCase(8.0, 0.3)]
    public void TheFokkerPlanckReadAgreesWithTheStochasticLlgFromTheSameReset(double delta, double t)
    {
        // Second method: 6,000 macrospins (α = 1; the z marginal does not depend on α for axial anisotropy), each from
        // a polar angle drawn from the reset density (1 − z ~ Exp(ξ) truncated to [0, 2]), integrated for t·τ_N =
        // t·Δ/α; s = (1 − m_z)/2 at the read. Bounds: 4 standard errors plus 0.004 for the time step.
        const int n = 6000;
        var reads = Macrospin.ReadsAfterReset(delta, t, Xi, n, 0.002, 5);
        var (mean, variance) = TestData.MeanVariance(reads);
        var d = MacrospinReadout.Solve(delta, t, Xi);
        double fourth = reads.Select(r => Math.Pow(r - mean, 4)).Average();
        Assert.That(d.MeanAntiparallel, Is.EqualTo(mean).Within((4 * Math.Sqrt(variance / n)) + 0.004), "E[s]");
        Assert.That(d.Variance, Is.EqualTo(variance).Within((4 * Math.Sqrt((fourth - (variance * variance)) / n)) + 0.004), "Var(s)");
        // The whole distribution: the CDF at the quartiles of the simulated reads, within 4·√(q(1 − q)/n) + 0.01.
        var sorted = reads.Order().ToArray();
        foreach (double q in new[] { 0.25, 0.5, 0.75, 0.95 })
        {
            double x = sorted[(int)(q * n)];
            Assert.That(d.Cdf(x), Is.EqualTo(q).Within((4 * Math.Sqrt(q * (1 - q) / n)) + 0.01), $"CDF at the {q} quantile");
        }
    }

    [Test]
    public void TheSamplerDrawsTheTabulatedDistribution()
    {
        // Inverse-CDF draws at Δ = 2.6 (between table rows: a row mixture) must have the table's mean and variance
        // within 5 standard errors, and the Fokker–Planck CDF at their median.
        var table = MacrospinReadout.For(1.5, Xi);
        const int n = 200_000;
        var u = new float[2 * n];
        new CounterRandom(9).FillUniform(u);
        float position = table.Position(2.6);
        var s = new double[n];
        for (int i = 0; i < n; i++)
        {
            s[i] = table.Sample(position, u[2 * i], u[(2 * i) + 1]);
        }

        var (mean, variance) = TestData.MeanVariance(s);
        Assert.That(mean, Is.EqualTo(table.MeanAntiparallel(2.6)).Within(5 * Math.Sqrt(variance / n)));
        Assert.That(variance, Is.EqualTo(table.Variance(2.6)).Within(5 * Math.Sqrt(2.0 / n) * variance + 1e-4));
        Assert.That(table.MeanAntiparallel(2.6), Is.EqualTo(MacrospinReadout.Solve(2.6, 1.5, Xi).MeanAntiparallel).Within(2e-3));
        Assert.That(table.Variance(2.6), Is.EqualTo(MacrospinReadout.Solve(2.6, 1.5, Xi).Variance).Within(2e-3));
    }

    [Test]
    public void VarianceFallsWithTheBarrierAboveItsPeakAndTheInverseRoundTrips()
    {
        var table = MacrospinReadout.For(5.6, Xi);
        double previous = double.PositiveInfinity;
        for (double delta = table.PeakThermalStability; delta <= 60; delta += 0.5)
        {
            double v = table.Variance(delta);
            Assert.That(v, Is.LessThanOrEqualTo(previous), $"Δ = {delta}");
            previous = v;
        }

        foreach (double delta in new[] { 4.0, 7.3, 15.0, 33.0 })
        {
            Assert.That(table.ThermalStabilityForVariance(table.Variance(delta)), Is.EqualTo(delta).Within(1e-6));
        }

        // In-well floor at high Δ: no switching in 5.6·τ_N at Δ = 60, so the read sees the Boltzmann density of the P
        // well, W ∝ e^{Δz²} on z ∈ (0, 1] (midpoint quadrature here); to leading order Var(s) = 1/(16Δ²).
        double m0 = 0, m1 = 0, m2 = 0;
        const int q = 200_000;
        for (int i = 0; i < q; i++)
        {
            double z = (i + 0.5) / q, w = Math.Exp(60 * ((z * z) - 1));
            m0 += w;
            m1 += w * z;
            m2 += w * z * z;
        }

        double floor = ((m2 / m0) - ((m1 / m0) * (m1 / m0))) / 4;
        Assert.That(floor, Is.EqualTo(1 / (16.0 * 3600)).Within(0.1 / (16.0 * 3600)));
        Assert.That(table.Variance(60), Is.EqualTo(floor).Within(0.01 * floor));
    }

    [TestCase(0.0)]
    [TestCase(2.5)]
    [TestCase(7.75)]
    [TestCase(19.0)]
    public void TheGuidedInversionFindsTheCellABinarySearchFinds(double delta)
    {
        // A tabulated row (Δ on the 0.25 grid: no row mixture), rebuilt from the Fokker–Planck solution, inverted by a
        // binary search over the faces for many u (uniform draws and the CDF's own faces, the edge cases).
        var table = MacrospinReadout.For(1.5, Xi);
        var d = MacrospinReadout.Solve(delta, 1.5, Xi);
        int cells = d.Mass.Length;
        var cdf = new double[cells + 1];
        for (int c = 0; c < cells; c++)
        {
            cdf[c + 1] = cdf[c] + d.Mass[c];
        }

        var us = new float[4000];
        new CounterRandom(12).FillUniform(us);
        var probes = us.Concat(cdf.Select(v => (float)(v / cdf[cells]))).Where(u => u > 0 && u < 1).ToArray();
        float position = table.Position(delta);
        Assert.That(position, Is.EqualTo(MathF.Round(position)), "Δ on the table grid");
        foreach (float u in probes)
        {
            double target = u * cdf[cells];
            int lo = 0, hi = cells;
            while (hi - lo > 1)
            {
                int mid = (lo + hi) >> 1;
                if (cdf[mid] <= target)
                {
                    lo = mid;
                }
                else
                {
                    hi = mid;
                }
            }

            double mass = cdf[lo + 1] - cdf[lo];
            double f = mass > 0 ? (target - cdf[lo]) / mass : 0;
            // The table's read-out coordinate s of each face: (1 − cos(π·i/cells))/2, s = 0 first (its remarks).
            double s0 = (1 - Math.Cos(Math.PI * lo / cells)) / 2, s1 = (1 - Math.Cos(Math.PI * (lo + 1) / cells)) / 2;
            float expected = (float)(s0 + (f * (s1 - s0)));
            Assert.That(table.Sample(position, 0.5f, u), Is.EqualTo(expected), $"u = {u}");
        }
    }
}
