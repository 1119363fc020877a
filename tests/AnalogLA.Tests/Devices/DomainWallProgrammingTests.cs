using AnalogLA.Devices;
using AnalogLA.Numerics;

namespace AnalogLA.Tests.Devices;

/// <summary>
/// DW-MTJ programming and retention details against independent references: the neighbour a missed write lands on,
/// device-to-device resistance and TMR variation against quadrature of their stated distributions, the notch layout,
/// hop simulation at a rate other than one, the inverse design off room temperature, and the aging limits.
/// </summary>
public class DomainWallProgrammingTests
{
    private static readonly DomainWallMtj Liu = DwMtj.Liu2021Notched;

    /// <summary>Fractions of n writes of <paramref name="state"/>'s level that landed on each level.</summary>
    private static double[] Landing(DomainWallMtj device, int state, int n, ulong seed)
    {
        var levels = device.Levels();
        var programmed = new float[n];
        device.Program(Enumerable.Repeat(levels[state], n).ToArray(), programmed, new CounterRandom(seed));
        var fractions = new double[levels.Length];
        foreach (float g in programmed)
        {
            int nearest = Enumerable.Range(0, levels.Length).MinBy(s => Math.Abs(levels[s] - g));
            fractions[nearest] += 1.0 / n;
        }

        return fractions;
    }

    [Test]
    public void AMissedWriteLandsOnANeighbourEachSideEquallyAndAnEndStateOnItsOnlyNeighbour()
    {
        // Miss probability w = 0.3: an interior state stays with 1 − w and lands on each neighbour with w/2; an end
        // state lands on its one neighbour with w. 40,000 writes: bounds 5 binomial standard errors.
        const int n = 40_000;
        const double w = 0.3;
        var device = Liu with { WriteMissProbability = w };
        int last = device.Levels().Length - 1;
        void Check(double[] fractions, double[] expected, string what)
        {
            for (int s = 0; s < expected.Length; s++)
            {
                double se = Math.Sqrt(expected[s] * (1 - expected[s]) / n);
                Assert.That(fractions[s], Is.EqualTo(expected[s]).Within(5 * se + 1e-12), $"{what}: level {s}");
            }
        }

        var interior = new double[last + 1];
        (interior[1], interior[2], interior[3]) = (w / 2, 1 - w, w / 2);
        Check(Landing(device, 2, n, 11), interior, "interior");
        var first = new double[last + 1];
        (first[0], first[1]) = (1 - w, w);
        Check(Landing(device, 0, n, 12), first, "first");
        var end = new double[last + 1];
        (end[last - 1], end[last]) = (w, 1 - w);
        Check(Landing(device, last, n, 13), end, "last");
    }

    /// <summary>E[f(z)] for z ~ N(0, 1) by the trapezoid rule on [−10, 10] (error far below any bound used here).</summary>
    private static double GaussianMean(Func<double, double> f)
    {
        const int steps = 20_000;
        double h = 20.0 / steps, sum = 0;
        for (int i = 0; i <= steps; i++)
        {
            double z = -10 + (i * h);
            double weight = (i == 0 || i == steps ? 0.5 : 1) * Math.Exp(-0.5 * z * z) / Math.Sqrt(2 * Math.PI);
            sum += weight * f(z);
        }

        return sum * h;
    }

    [Test]
    public void ResistanceAndTmrVariationFollowTheirStatedDistributions()
    {
        // Stated model: R_P scales by max(1 + σ_R·z_R, 0.05) and the TMR by max(1 + σ_T·z_T, 0.05), z ~ N(0, 1); the
        // programmed conductance is normalised to the nominal G_P. At the parallel state (x = 1) g = 1/(1 + σ_R·z); at
        // the antiparallel state (x = 0) g = 1/((1 + σ_R·z_R)(1 + TMR·(1 + σ_T·z_T))). Means and second moments of
        // 100,000 writes against quadrature of those expressions; bounds 5 standard errors.
        const int n = 100_000;
        const double sr = 0.08, st = 0.1;
        var device = Liu with { ResistanceVariation = sr, TmrVariation = st };
        var levels = device.Levels();
        double tmr = device.EffectiveTmr;
        (double Mean, double Second) Moments(int state, ulong seed)
        {
            var programmed = new float[n];
            device.Program(Enumerable.Repeat(levels[state], n).ToArray(), programmed, new CounterRandom(seed));
            return (programmed.Average(g => (double)g), programmed.Average(g => (double)g * g));
        }

        Func<double, double> gp = z => 1 / Math.Max(1 + (sr * z), 0.05);
        double pMean = GaussianMean(gp), pSecond = GaussianMean(z => gp(z) * gp(z));
        var parallel = Moments(levels.Length - 1, 21);
        double pSe = Math.Sqrt((pSecond - (pMean * pMean)) / n);
        Assert.That(parallel.Mean, Is.EqualTo(pMean).Within(5 * pSe), "parallel mean (E[1/(1 + σz)] > 1)");
        Assert.That(parallel.Second, Is.EqualTo(pSecond).Within(5 * pSe * 2 * pMean * 1.5), "parallel second moment");
        Assert.That(pMean - 1, Is.GreaterThan(10 * pSe), "the test resolves the Jensen shift of 1/(1 + σz)");

        Func<double, double> tmrFactor = z => 1 / (1 + (tmr * Math.Max(1 + (st * z), 0.05)));
        double apMean = pMean * GaussianMean(tmrFactor);
        double apSecond = pSecond * GaussianMean(z => tmrFactor(z) * tmrFactor(z));
        var antiparallel = Moments(0, 22);
        double apSe = Math.Sqrt((apSecond - (apMean * apMean)) / n);
        Assert.That(antiparallel.Mean, Is.EqualTo(apMean).Within(5 * apSe), "antiparallel mean");
        Assert.That(antiparallel.Second, Is.EqualTo(apSecond).Within(5 * apSe * 2 * apMean * 1.5), "antiparallel second moment");
    }

    [TestCase(160, 50, new[] { 30.0, 80, 130 })]
    [TestCase(160, 40, new[] { 40.0, 80, 120 })]
    [TestCase(100, 30, new[] { 20.0, 50, 80 })]
    public void NotchesAreEvenlySpacedAndCentred(double length, double pitch, double[] expected)
    {
        // ⌊L/p⌋ notches (one fewer when p divides L, so no notch sits on an end) at pitch p, centred: the first and last
        // are equally far from the ends (the Liu 2021 layout, 30/80/130 nm, is the first case).
        Assert.That(NotchedTrack.EvenlySpaced(length, pitch), Is.EqualTo(expected).Within(1e-9));
    }

    [Test]
    public void HopsAreSimulatedAtTheRateOfTheBarrier()
    {
        // k = 2.5/s (f0 chosen for it) and t = 0.6 s: the Gillespie walk against exp(Q·t); 20,000 walls from the middle.
        var retention = Liu.Retention with { AttemptFrequencyHz = 2.5 * Math.Exp(Liu.Retention.ThermalStability(300)) };
        Assert.That(retention.HopRate(300), Is.EqualTo(2.5).Within(1e-9));
        var exact = retention.TransitionMatrix(0.6, 300).Row(2).ToArray();
        const int walls = 20_000;
        var counts = new int[exact.Length];
        var root = new CounterRandom(77);
        for (int i = 0; i < walls; i++)
        {
            counts[retention.SimulateHops(2, 0.6, 300, root.Child((ulong)i))]++;
        }

        for (int s = 0; s < exact.Length; s++)
        {
            double p = exact[s];
            Assert.That((double)counts[s] / walls, Is.EqualTo(p).Within(5 * Math.Sqrt(p * (1 - p) / walls) + 1e-4), $"state {s}");
        }

        Assert.That(retention.EvolveByUniformisation([0, 0, 1, 0, 0], 0, 300), Is.EqualTo(new[] { 0.0, 0, 1, 0, 0 }), "t = 0 keeps the state");
    }

    [Test]
    public void AnAnisotropyChangeAddsToKeffAndTheInverseDesignHoldsOffRoomTemperature()
    {
        var retention = Liu.Retention with { AnisotropyChange = 2e4 };
        Assert.That(retention.EffectiveAnisotropy(300) - Liu.Retention.EffectiveAnisotropy(300), Is.EqualTo(2e4).Within(1e-6));

        // Designing K_u(300 K) for ten years at 1 % loss at 350 K, then evaluating the forward model there, meets the
        // target: the design inverts K_eff, the ΔK_u offset and the M_s³ temperature scaling of K_u.
        const double tenYears = 10 * 365.25 * 86400;
        double ku = retention.UniaxialAnisotropy300KFor(tenYears, 350);
        var designed = retention with { Material = retention.Material with { UniaxialAnisotropy300K = ku } };
        Assert.That(designed.TimeToLoss(0.01, 350), Is.EqualTo(tenYears).Within(1e-6 * tenYears));
        Assert.That(designed.ThermalStability(350), Is.EqualTo(retention.RequiredThermalStability(tenYears)).Within(1e-9));
    }

    [Test]
    public void AgingIsCheckedAgainstTheCurieTemperatureAndTheBarrier()
    {
        double tc = Liu.Retention.Material.CurieTemperatureKelvin;
        Assert.Throws<ArgumentNullException>(() => Liu.ValidateAging(null!));
        var hot = Assert.Throws<ArgumentOutOfRangeException>(() => Liu.ValidateAging(new AgingOptions(3600, tc + 10), "Mean.Aging"))!;
        Assert.That(hot.ParamName, Is.EqualTo("Mean.Aging.TemperatureKelvin"));
        Assert.That(hot.Message, Does.Contain($"(0, {tc}) K"));
        Assert.DoesNotThrow(() => Liu.ValidateAging(new AgingOptions(0, tc + 10)), "no time, no aging to check");
        Assert.DoesNotThrow(() => Liu.ValidateAging(new AgingOptions(3600, 300)));
        // Just below T_c the shape anisotropy outweighs K_u(T) ∝ M_s³ while the wall still exists: K_eff ≤ 0 is named.
        var weak = Liu with { Retention = Liu.Retention with { AnisotropyChange = -4e5 } };
        Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => weak.ValidateAging(new AgingOptions(3600, 300)))!.ParamName, Is.EqualTo("EffectiveAnisotropy"));
        var strongDmi = Liu.Retention with { Material = Liu.Retention.Material with { Dmi300K = 3e-3 } };
        Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => strongDmi.WallEnergy(300))!.Message, Does.Contain("|D| must be below"));
    }
}
