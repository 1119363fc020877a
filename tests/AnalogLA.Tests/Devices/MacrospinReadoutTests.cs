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
        var states = new float[n];
        Array.Fill(states, table.Position(2.6));
        var reads = new float[n];
        StochasticMtj.Read(table, states, new CounterRandom(9), reads);
        var s = reads.Select(r => (double)r).ToArray();

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
    [TestCase(60.0)]
    public void TheAliasTableDrawsEachCellWithItsFokkerPlanckMass(double delta)
    {
        // A tabulated row (Δ on the table grid), against the Fokker–Planck solution solved afresh: the probability
        // with which the alias slots give each cell (t/512 kept, (1 − t)/512 to the alias) is the cell's mass, up to
        // the float rounding of t (2⁻²⁴ per slot).
        var table = MacrospinReadout.For(1.5, Xi);
        var d = MacrospinReadout.Solve(delta, 1.5, Xi);
        var drawn = table.DrawnCellMass(table.RowOf(delta));
        Assert.That(drawn.Length, Is.EqualTo(d.Mass.Length));
        for (int c = 0; c < d.Mass.Length; c++)
        {
            Assert.That(drawn[c], Is.EqualTo(d.Mass[c]).Within(1e-9 + (1e-6 * d.Mass[c])), $"cell {c}");
        }
    }

    [Test]
    public void ReadsOfAGridRowFallInTheirCellsWithTheCellsFrequencies()
    {
        // Δ = 2.5 on the grid: each read lies in a cell [s_lo, s_hi] of the grid; the count in each of the 400 cells
        // follows the cell's mass (Pearson χ² with 399 degrees of freedom below its 0.1 % point, ≈ 489), and the
        // positions within a cell are uniform (the mean fraction within 5 standard errors of ½, SE = √(1/12n)).
        var table = MacrospinReadout.For(1.5, Xi);
        var d = MacrospinReadout.Solve(2.5, 1.5, Xi);
        const int n = 400_000;
        var states = new float[n];
        Array.Fill(states, table.Position(2.5));
        var reads = new float[n];
        StochasticMtj.Read(table, states, new CounterRandom(21), reads);
        int cells = d.Mass.Length;
        var lower = Enumerable.Range(0, cells + 1).Select(i => (1 - Math.Cos(Math.PI * i / cells)) / 2).ToArray();
        var counts = new double[cells];
        double fractions = 0;
        foreach (float r in reads)
        {
            int c = Math.Clamp(Array.BinarySearch(lower, (double)r) is int i && i >= 0 ? i : ~i - 1, 0, cells - 1);
            counts[c]++;
            fractions += (r - lower[c]) / (lower[c + 1] - lower[c]);
        }

        double chi2 = 0;
        for (int c = 0; c < cells; c++)
        {
            double expected = n * d.Mass[c];
            chi2 += expected > 1e-9 ? (counts[c] - expected) * (counts[c] - expected) / expected : counts[c];
        }

        Assert.That(chi2, Is.LessThan(489), "χ² of the cell counts");
        Assert.That(fractions / n, Is.EqualTo(0.5).Within(5 * Math.Sqrt(1.0 / (12 * n)) + 1e-3), "mean position within a cell");
    }

    [Test]
    public void BetweenRowsAReadIsTheChosenRowsReadAtTheRescaledUniform()
    {
        // The row mixture at k + w: with u < w the read is row k + 1's read at u/w, otherwise row k's at
        // (u − w)/(1 − w) — the within-cell fraction must be uniform given the row (a fraction left at u would tie the
        // position in the cell to the row choice). Row reads at w = 0 use u itself; bits for the rescaled uniform are
        // rounded to the 24-bit grid, so reads agree to a cell width × 2⁻²³ (< 1e−5).
        var table = MacrospinReadout.For(1.5, Xi);
        var bits = new uint[400];
        new CounterRandom(77).FillBits(bits);
        foreach (double delta in new[] { 2.6, 9.1, 27.5 })
        {
            float position = table.Position(delta);
            int k = (int)position;
            float w = position - k;
            for (int i = 0; i < bits.Length; i += 2)
            {
                float u = ((bits[i] >> 8) + 0.5f) / 16777216f;
                bool up = u < w;
                double rescaled = up ? u / w : (u - w) / (1 - w);
                uint grid = (uint)Math.Clamp(Math.Round((rescaled * 16777216) - 0.5), 0, 16777215) << 8;
                float expected = table.Read(up ? k + 1 : k, grid, bits[i + 1]);
                Assert.That(table.Read(position, bits[i], bits[i + 1]), Is.EqualTo(expected).Within(1e-5), $"Δ = {delta}, u = {u}");
            }
        }
    }

    [Test]
    public void TheVectorPathReadsWhatTheScalarReadGivesBitForBit()
    {
        // Every length from 0 to beyond two vectors, positions on and between rows and at both ends of the table.
        var table = MacrospinReadout.For(1.5, Xi);
        float[] positions = [.. new[] { 0.0, 0.1, 2.6, 7.75, 19.9, 20.0, 33.3, 59.99, 60.0 }.Select(table.Position)];
        var random = new CounterRandom(5);
        for (int n = 0; n <= 20; n++)
        {
            var states = Enumerable.Range(0, n).Select(i => positions[i % positions.Length]).ToArray();
            var first = new uint[n];
            var second = new uint[n];
            random.FillBits(first, 0);
            random.FillBits(second, (uint)n);
            var reads = new float[n];
            table.Read(states, first, second, reads);
            for (int c = 0; c < n; c++)
            {
                Assert.That(reads[c], Is.EqualTo(table.Read(states[c], first[c], second[c])), $"n = {n}, cell {c}");
                Assert.That(reads[c], Is.InRange(0f, 1f));
            }
        }
    }
}
