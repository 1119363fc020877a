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
    public void TheKnotsAreTheFokkerPlanckQuantiles(double delta)
    {
        // A tabulated row (Δ on the table grid), against the Fokker–Planck solution solved afresh and its own CDF
        // (ReadoutDistribution.Cdf, piecewise linear): inner knot j is F⁻¹(j/512) rounded to float, so F just below
        // and just above the float knot brackets j/512. The outer knots keep the end pieces' conditional means:
        // (Q_511 + Q_512)/2 = E[s | s > Q_511] = Q_511 + 512·∫(1 − F) ds over [Q_511, 1], and (Q_0 + Q_1)/2 =
        // Q_1 − 512·∫F ds over [0, Q_1] (trapezoids on 40,000 steps), unless that would leave [0, 1].
        var table = MacrospinReadout.For(1.5, Xi);
        var d = MacrospinReadout.Solve(delta, 1.5, Xi);
        int row = table.RowOf(delta);
        Assert.That(table.ThermalStabilityOf(row), Is.EqualTo(delta));
        var knots = table.KnotsOf(row);
        int pieces = MacrospinReadout.Pieces;
        Assert.That(knots.Length, Is.EqualTo(pieces + 1));
        double total = d.Mass.Sum();
        for (int j = 1; j < pieces; j++)
        {
            double target = (double)j / pieces * total;
            Assert.That(d.Cdf(MathF.BitDecrement(knots[j])), Is.LessThanOrEqualTo(target + 1e-12), $"below knot {j}");
            Assert.That(d.Cdf(MathF.BitIncrement(knots[j])), Is.GreaterThanOrEqualTo(target - 1e-12), $"above knot {j}");
        }

        for (int j = 0; j <= pieces; j++)
        {
            Assert.That(knots[j], Is.InRange(0f, 1f));
            Assert.That(j == 0 || knots[j] >= knots[j - 1], $"knot {j} in order");
        }

        static double Integral(Func<double, double> f, double a, double b)
        {
            const int steps = 40_000;
            double h = (b - a) / steps, sum = (f(a) + f(b)) / 2;
            for (int i = 1; i < steps; i++)
            {
                sum += f(a + (i * h));
            }

            return sum * h;
        }

        double upper = knots[pieces - 1] + (pieces * Integral(x => total - d.Cdf(x), knots[pieces - 1], 1) / total);
        double lower = knots[1] - (pieces * Integral(d.Cdf, 0, knots[1]) / total);
        double scale = knots[pieces] - knots[0];
        if (2 * upper - knots[pieces - 1] < 1)
        {
            Assert.That((knots[pieces - 1] + knots[pieces]) / 2.0, Is.EqualTo(upper).Within(1e-4 * scale + 1e-7), "upper end piece's mean");
        }

        if (2 * lower - knots[1] > 0)
        {
            Assert.That((knots[0] + knots[1]) / 2.0, Is.EqualTo(lower).Within(1e-4 * scale + 1e-7), "lower end piece's mean");
        }
    }

    [TestCase(0.0)]
    [TestCase(2.5)]
    [TestCase(19.0)]
    [TestCase(60.0)]
    public void TheDrawnDistributionDepartsFromTheFokkerPlanckOneByLessThanOnePiece(double delta)
    {
        // The stated departure: the drawn CDF (linear in s between knots) lies within 1/512 of F everywhere, so
        // |ΔE[s]| = |∫(F − F_drawn) ds| ≤ 1/512 and |ΔE[s²]| = |∫2s(F − F_drawn) ds| ≤ 1/512, |ΔVar| ≤ 3/512.
        // Measured on 20,001 points of s; the table's moments are the drawn distribution's.
        var table = MacrospinReadout.For(1.5, Xi);
        var d = MacrospinReadout.Solve(delta, 1.5, Xi);
        var knots = table.KnotsOf(table.RowOf(delta));
        const double piece = 1.0 / MacrospinReadout.Pieces;
        double worst = 0;
        for (int i = 0; i <= 20_000; i++)
        {
            double s = i / 20_000.0;
            int j = Array.BinarySearch(knots, (float)s) is int k && k >= 0 ? k : ~k - 1;
            double drawn = j < 0 ? 0 : j >= MacrospinReadout.Pieces ? 1
                : (j + (knots[j + 1] > knots[j] ? Math.Clamp((s - knots[j]) / (knots[j + 1] - knots[j]), 0, 1) : 1)) * piece;
            worst = Math.Max(worst, Math.Abs(drawn - d.Cdf(s)));
        }

        Assert.That(worst, Is.LessThanOrEqualTo(piece + 1e-6), "sup |F_drawn − F|");
        Assert.That(table.MeanAntiparallel(delta), Is.EqualTo(d.MeanAntiparallel).Within(piece));
        Assert.That(table.Variance(delta), Is.EqualTo(d.Variance).Within(3 * piece));
    }

    [Test]
    public void ReadsOfAGridRowFillEveryPieceEquallyAndUniformly()
    {
        // Δ = 2.5 on the grid: each read lies between two knots; the count in each of the 512 pieces follows 1/512
        // (Pearson χ² with 511 degrees of freedom below its 0.1 % point, ≈ 615 by Wilson–Hilferty), the positions
        // within a piece are uniform (mean fraction within 5 standard errors of ½, SE = √(1/12n)), and the empirical
        // CDF is within the Kolmogorov 0.1 % bound 1.95/√n of the drawn CDF, hence within 1.95/√n + 1/512 of F.
        var table = MacrospinReadout.For(1.5, Xi);
        var knots = table.KnotsOf(table.RowOf(2.5));
        var d = MacrospinReadout.Solve(2.5, 1.5, Xi);
        const int n = 400_000;
        var states = new float[n];
        Array.Fill(states, table.Position(2.5));
        var reads = new float[n];
        StochasticMtj.Read(table, states, new CounterRandom(21), reads);
        int pieces = MacrospinReadout.Pieces;
        var counts = new double[pieces];
        double fractions = 0;
        foreach (float r in reads)
        {
            int j = Math.Clamp(Array.BinarySearch(knots, r) is int i && i >= 0 ? i : ~i - 1, 0, pieces - 1);
            counts[j]++;
            fractions += knots[j + 1] > knots[j] ? (r - knots[j]) / (knots[j + 1] - knots[j]) : 0.5;
        }

        double expected = (double)n / pieces, chi2 = counts.Sum(c => (c - expected) * (c - expected) / expected);
        Assert.That(chi2, Is.LessThan(615), "χ² of the piece counts");
        Assert.That(fractions / n, Is.EqualTo(0.5).Within(5 * Math.Sqrt(1.0 / (12 * n))), "mean position within a piece");
        Array.Sort(reads);
        double ks = 0;
        for (int i = 0; i < n; i += 97)
        {
            double f = d.Cdf(reads[i]);
            ks = Math.Max(ks, Math.Max(Math.Abs(f - ((double)i / n)), Math.Abs(f - ((i + 1.0) / n))));
        }

        Assert.That(ks, Is.LessThan((1.95 / Math.Sqrt(n)) + (1.0 / pieces)), "Kolmogorov distance to the Fokker–Planck CDF");
    }

    [Test]
    public void BetweenRowsAReadIsTheChosenRowsReadAtTheRescaledUniform()
    {
        // The row mixture at k + w: with u < w the read is row k + 1's read at u/w, otherwise row k's at
        // (u − w)/(1 − w) — the within-piece fraction must be uniform given the row (a fraction left at u would tie the
        // position in the piece to the row choice) — and the piece (the top 9 bits) is the same. Row reads at w = 0
        // use u itself; the rescaled uniform is rounded to the 23-bit grid, so reads agree to a piece width × 2⁻²²
        // (< 1e−5).
        var table = MacrospinReadout.For(1.5, Xi);
        var bits = new uint[400];
        new CounterRandom(77).FillBits(bits);
        const uint low = (1u << 23) - 1;
        foreach (double delta in new[] { 2.6, 9.1, 27.5 })
        {
            float position = table.Position(delta);
            int k = (int)position;
            float w = position - k;
            int ups = 0;
            foreach (uint b in bits)
            {
                float u = ((b & low) + 0.5f) / 8388608f;
                bool up = u < w;
                ups += up ? 1 : 0;
                double rescaled = up ? u / w : (u - w) / (1 - w);
                uint grid = (uint)Math.Clamp(Math.Round((rescaled * 8388608) - 0.5), 0, low) | (b & ~low);
                float expected = table.Read(up ? k + 1 : k, grid);
                Assert.That(table.Read(position, b), Is.EqualTo(expected).Within(1e-5), $"Δ = {delta}, u = {u}");
            }

            // The row above is chosen with probability w (binomial, 400 draws, 5 standard deviations).
            Assert.That(ups / 400.0, Is.EqualTo(w).Within(5 * Math.Sqrt(w * (1 - w) / 400) + 1e-9), $"Δ = {delta}");
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
            var bits = new uint[n];
            random.FillBits(bits, 0);
            var reads = new float[n];
            table.Read(states, bits, reads);
            for (int c = 0; c < n; c++)
            {
                Assert.That(reads[c], Is.EqualTo(table.Read(states[c], bits[c])), $"n = {n}, cell {c}");
                Assert.That(reads[c], Is.InRange(0f, 1f));
            }
        }
    }
}
