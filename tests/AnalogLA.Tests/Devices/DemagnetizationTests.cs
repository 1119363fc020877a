using AnalogLA.Devices;

namespace AnalogLA.Tests.Devices;

/// <summary>Aharoni's prism factors against exact values and limits, and the DMI wall-type criterion.</summary>
public class DemagnetizationTests
{
    private const double SumRule = 1e-12; // N_x + N_y + N_z = 1 holds exactly for any body

    [Test]
    public void ACubeHasOneThirdOnEveryAxis()
    {
        var n = Demagnetization.Prism(7, 7, 7);
        Assert.That(new[] { n.Nx, n.Ny, n.Nz }, Is.All.EqualTo(1.0 / 3).Within(1e-12));
    }

    [TestCase(160, 15, 3)]
    [TestCase(1, 2, 3)]
    [TestCase(50, 50, 1.1)]
    [TestCase(1000, 1, 1)]
    public void TheFactorsSumToOne(double l, double w, double t)
    {
        var n = Demagnetization.Prism(l, w, t);
        Assert.That(n.Nx + n.Ny + n.Nz, Is.EqualTo(1).Within(SumRule * 1e3));
        Assert.That(new[] { n.Nx, n.Ny, n.Nz }, Is.All.InRange(0.0, 1.0));
    }

    [Test]
    public void TheLiu2021TrackHasThePublishedFactors()
    {
        // Values quoted in the fidelity issue (N_x ≈ 0.017, N_y ≈ 0.193, N_z ≈ 0.790) for the 160 × 15 × 3 nm track.
        var n = Demagnetization.Prism(160, 15, 3);
        Assert.That(n.Nx, Is.EqualTo(0.017).Within(0.0005));
        Assert.That(n.Ny, Is.EqualTo(0.193).Within(0.0005));
        Assert.That(n.Nz, Is.EqualTo(0.790).Within(0.0005));
    }

    [Test]
    public void ThinFilmAndLongRodLimits()
    {
        var film = Demagnetization.Prism(1000, 1000, 1);
        Assert.That(film.Nz, Is.GreaterThan(0.99));
        var rod = Demagnetization.Prism(1000, 1, 1);
        Assert.That(rod.Nx, Is.LessThan(0.001));
        Assert.That(rod.Ny, Is.EqualTo(rod.Nz).Within(1e-9));
        Assert.That(rod.Ny, Is.EqualTo(0.5).Within(0.001), "a long square rod: ½ across");
        // Swapping the axes permutes the factors (the cyclic construction must be consistent).
        var p = Demagnetization.Prism(2, 3, 5);
        var q = Demagnetization.Prism(5, 2, 3);
        Assert.That((q.Nx, q.Ny, q.Nz), Is.EqualTo((p.Nz, p.Nx, p.Ny)));
    }

    [Test]
    public void TheWallIsNeelAboveTheCriticalDmi()
    {
        // D_c = 2µ0Ms²t·ln2/π² for Ms = 800 kA/m, t = 3 nm: 3.39e-4 J/m² (Thiaville et al. 2012).
        double dc = 2 * 4e-7 * Math.PI * 800e3 * 800e3 * 3e-9 * Math.Log(2) / (Math.PI * Math.PI);
        Assert.That(Demagnetization.CriticalDmi(800e3, 3e-9), Is.EqualTo(dc).Within(1e-9 * dc)); // µ0 (CODATA 2018) differs from 4π·10⁻⁷ by 5e-10
        Assert.That(dc, Is.EqualTo(3.39e-4).Within(0.01e-4));
        Assert.That(Demagnetization.WallTypeFor(0.5e-3, 800e3, 3e-9), Is.EqualTo(WallType.Neel));
        Assert.That(Demagnetization.WallTypeFor(-0.5e-3, 800e3, 3e-9), Is.EqualTo(WallType.Neel), "the sign of D sets chirality, not type");
        Assert.That(Demagnetization.WallTypeFor(0.3e-3, 800e3, 3e-9), Is.EqualTo(WallType.Bloch));
    }

    [Test]
    public void AtExactlyTheCriticalDmiTheWallIsNeel()
    {
        // Thiaville et al. 2012: the Néel wall is stable for |D| ≥ D_c (the boundary belongs to the Néel side).
        double dc = Demagnetization.CriticalDmi(800e3, 3e-9);
        Assert.That(Demagnetization.WallTypeFor(dc, 800e3, 3e-9), Is.EqualTo(WallType.Neel));
        Assert.That(Demagnetization.WallTypeFor(-dc, 800e3, 3e-9), Is.EqualTo(WallType.Neel));
        Assert.That(Demagnetization.WallTypeFor(Math.BitDecrement(dc), 800e3, 3e-9), Is.EqualTo(WallType.Bloch));
    }

    [TestCase(0, 15, 3, "length")]
    [TestCase(160, -1, 3, "width")]
    [TestCase(160, 15, double.NaN, "thickness")]
    [TestCase(double.PositiveInfinity, 15, 3, "length")]
    public void APrismWithASideThatIsNotPositiveAndFiniteIsRejectedByName(double l, double w, double t, string name)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Demagnetization.Prism(l, w, t))!;
        Assert.That(e.ParamName, Is.EqualTo(name));
    }

    [TestCase(0, 1, "diameter")]
    [TestCase(-5, 1, "diameter")]
    [TestCase(50, 0, "thickness")]
    public void ADiscWithAnInvalidSizeIsRejectedByName(double d, double t, string name)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Demagnetization.DiscAsEqualAreaSquare(d, t))!;
        Assert.That(e.ParamName, Is.EqualTo(name));
    }
}
