using AnalogLA.Devices;
using AnalogLA.Numerics;

namespace AnalogLA.Tests.Devices;

public class DomainWallRetentionTests
{
    private static readonly DomainWallRetention Liu = DwMtj.Liu2021Notched.Retention;

    [Test]
    public void BarrierAndDeltaMatchTheHandCalculationAt300K()
    {
        // Liu et al. 2021: Ms 800 kA/m, A 1.3e-11 J/m, Ku 5e5 J/m³, |D| 0.5 mJ/m², 160 × 15 × 3 nm track, Δw = 8 nm.
        // Prism factors N_x = 0.016835, N_z = 0.790452 (Aharoni 1998, evaluated independently); |D| = 0.5 mJ/m² is
        // above D_c = 2µ0Ms²t·ln2/π² = 0.339 mJ/m², so the wall is Néel and N_m = N_x.
        double mu0 = 4e-7 * Math.PI;
        double keff = 5e5 - 0.5 * mu0 * 800e3 * 800e3 * (0.790452 - 0.016835); // 1.889e5 J/m³
        double sigma = 4 * Math.Sqrt(1.3e-11 * keff) - Math.PI * 0.5e-3;        // 4.70e-3 J/m²
        double barrier = sigma * 3e-9 * 8e-9;                                   // 1.13e-19 J
        double delta = barrier / (1.380649e-23 * 300);                         // 27.2
        Assert.That(Liu.Wall(300), Is.EqualTo(WallType.Neel));
        Assert.That(Liu.EffectiveAnisotropy(300), Is.EqualTo(keff).Within(1e-5 * keff));
        Assert.That(Liu.Barrier(300), Is.EqualTo(barrier).Within(1e-5 * barrier));
        Assert.That(Liu.ThermalStability(300), Is.EqualTo(delta).Within(1e-5 * delta));
        Assert.That(delta, Is.EqualTo(27.2).Within(0.1), "the fidelity issue's Δ(300 K) ≈ 27 for a Néel wall");
        Assert.That(Liu.MeanDwellSeconds(300), Is.EqualTo(Math.Exp(delta) / 2e9).Within(1e-4 * Math.Exp(delta) / 2e9));
    }

    [Test]
    public void TheThinFilmLimitReproducesTheInfiniteFilmBarrier()
    {
        // The departure the prism factors correct: K_eff = K_u − ½µ0Ms² gives Δ = 17.0 for the same track.
        double keff = 5e5 - 0.5 * 4e-7 * Math.PI * 800e3 * 800e3;
        double delta = (4 * Math.Sqrt(1.3e-11 * keff) - Math.PI * 0.5e-3) * 3e-9 * 8e-9 / (1.380649e-23 * 300);
        var film = Liu with { ThinFilmLimit = true };
        Assert.That(film.ThermalStability(300), Is.EqualTo(delta).Within(1e-6 * delta));
        Assert.That(delta, Is.EqualTo(17.04).Within(0.01));
        Assert.That(Liu.ThermalStability(300) / film.ThermalStability(300), Is.GreaterThan(1.5));
    }

    [Test]
    public void AWeakDmiGivesABlochWallWhoseMomentSeesTheWidthFactor()
    {
        // |D| = 0.2 mJ/m² < D_c = 0.339 mJ/m²: Bloch, N_m = N_y = 0.192713.
        var weak = Liu with { Material = Liu.Material with { Dmi300K = 0.2e-3 } };
        Assert.That(weak.Wall(300), Is.EqualTo(WallType.Bloch));
        double keff = 5e5 - 0.5 * 4e-7 * Math.PI * 800e3 * 800e3 * (0.790452 - 0.192713);
        Assert.That(weak.EffectiveAnisotropy(300), Is.EqualTo(keff).Within(1e-5 * keff));
    }

    [Test]
    public void DeltaScalesWithTemperatureAsBlochAndCallenCallenPredict()
    {
        const double t = 358, tc = 1000;
        double m = (1 - Math.Pow(t / tc, 1.5)) / (1 - Math.Pow(300 / tc, 1.5));
        double ms = 800e3 * m, a = 1.3e-11 * m * m, ku = 5e5 * m * m * m, d = 0.5e-3 * m * m;
        double keff = ku - 0.5 * 4e-7 * Math.PI * ms * ms * (0.790452 - 0.016835); // Néel at 358 K too (D_c scales as m², like D)
        double sigma = 4 * Math.Sqrt(a * keff) - Math.PI * d;
        double delta = sigma * 3e-9 * 8e-9 / (1.380649e-23 * t);
        Assert.That(Liu.ThermalStability(t), Is.EqualTo(delta).Within(1e-5 * delta));
        Assert.That(Liu.ThermalStability(398), Is.LessThan(Liu.ThermalStability(358)));
    }

    [Test]
    public void RetentionMetricsFollowFromTheHopRate()
    {
        double k = Liu.HopRate(300);
        Assert.That(Liu.ProbabilityMoved(1e-3, 300), Is.EqualTo(1 - Math.Exp(-2 * k * 1e-3)).Within(1e-12));
        Assert.That(Liu.TimeToLoss(0.5, 300), Is.EqualTo(Math.Log(2) / (2 * k)).Within(1e-9 * Math.Log(2) / (2 * k)));
        // Inverse design round trip: a track with the designed depth has exactly 1 % loss after 10 years. (The
        // width stays: it enters the prism factors, so the depth design holds for this track only.)
        double tenYears = 10 * PhysicalConstants.SecondsPerYear;
        double depth = Liu.NotchDepthNmFor(tenYears, 300);
        Assert.That(depth, Is.LessThan(Liu.Track.WidthNm));
        var designed = Liu with { Track = Liu.Track with { NotchDepthNm = depth } };
        Assert.That(designed.ProbabilityMoved(tenYears, 300), Is.EqualTo(0.01).Within(1e-9));
        double ku = Liu.UniaxialAnisotropy300KFor(tenYears, 300);
        var stiffer = Liu with { Material = Liu.Material with { UniaxialAnisotropy300K = ku } };
        Assert.That(stiffer.ProbabilityMoved(tenYears, 300), Is.EqualTo(0.01).Within(1e-9));
    }

    /// <summary>A slow version of the track (f0 chosen so k = 1/s) for path-by-path checks.</summary>
    private static DomainWallRetention Slow() => Liu with { AttemptFrequencyHz = Math.Exp(Liu.ThermalStability(300)) };

    [Test]
    public void EigenAndUniformisationAgree()
    {
        var slow = Slow();
        double[] initial = [0, 1, 0, 0, 0];
        var exact = slow.TransitionMatrix(1.5, 300).Row(1).ToArray();
        var uniformised = slow.EvolveByUniformisation(initial, 1.5, 300);
        Assert.That(uniformised, Is.EqualTo(exact).Within(1e-10));
        Assert.That(exact.Sum(), Is.EqualTo(1).Within(1e-12));
        // Long times reach the uniform stationary distribution.
        Assert.That(slow.TransitionMatrix(1e6, 300).Row(0).ToArray(), Is.EqualTo(Enumerable.Repeat(0.2, 5).ToArray()).Within(1e-9));
    }

    [Test]
    public void SampledHopsMatchTheExactDistribution()
    {
        const int walls = 20_000;
        var slow = Slow();
        Assert.That(slow.HopRate(300), Is.EqualTo(1).Within(1e-9));
        var exact = slow.TransitionMatrix(1.5, 300).Row(1).ToArray();
        var counts = new int[5];
        var root = new CounterRandom(2026);
        for (int i = 0; i < walls; i++)
        {
            counts[slow.SimulateHops(1, 1.5, 300, root.Child((ulong)i))]++;
        }

        for (int s = 0; s < 5; s++)
        {
            double p = exact[s];
            Assert.That((double)counts[s] / walls, Is.EqualTo(p).Within(5 * Math.Sqrt(p * (1 - p) / walls) + 1e-4), $"state {s}");
        }
    }

    [Test]
    public void OutOfRangePhysicsNamesTheParameterAndRange()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => (Liu with { Track = Liu.Track with { ThicknessNm = -1 } }).Barrier(300));
        Assert.That(ex!.Message, Does.Contain("ThicknessNm").And.Contain("(0, ∞)"));
        ex = Assert.Throws<ArgumentOutOfRangeException>(() => (Liu with { Track = Liu.Track with { NotchDepthNm = 20 } }).Barrier(300));
        Assert.That(ex!.Message, Does.Contain("NotchDepthNm").And.Contain("(0, 15)"));
        ex = Assert.Throws<ArgumentOutOfRangeException>(() => (Liu with { Material = Liu.Material with { UniaxialAnisotropy300K = 3e5 } }).Barrier(300));
        Assert.That(ex!.Message, Does.Contain("K_eff").And.Contain("(0, ∞)"));
        ex = Assert.Throws<ArgumentOutOfRangeException>(() => Liu.Barrier(-5));
        Assert.That(ex!.Message, Does.Contain("TemperatureKelvin"));
        ex = Assert.Throws<ArgumentOutOfRangeException>(() => Liu.Barrier(0));
        Assert.That(ex!.Message, Does.Contain("TemperatureKelvin"));
        ex = Assert.Throws<ArgumentOutOfRangeException>(() => (DwMtj.Liu2021Notched with { Tmr = 0 }).Validate());
        Assert.That(ex!.Message, Does.Contain("Tmr").And.Contain("(0, ∞)"));
    }
}
