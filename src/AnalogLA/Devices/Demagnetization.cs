namespace AnalogLA.Devices;

/// <summary>Demagnetising factors of a uniformly magnetised body along its three axes (N_x + N_y + N_z = 1).</summary>
/// <param name="Nx">Along the length (x).</param>
/// <param name="Ny">Along the width (y).</param>
/// <param name="Nz">Along the thickness (z, the perpendicular easy axis).</param>
public readonly record struct DemagnetizingFactors(double Nx, double Ny, double Nz);

/// <summary>The in-plane direction of a domain wall's central moment, which sets its magnetostatic energy.</summary>
public enum WallType
{
    /// <summary>Néel wall: the central moment lies along the track (x), selected by a strong enough interfacial DMI.</summary>
    Neel,

    /// <summary>Bloch wall: the central moment lies in the wall plane, across the track (y).</summary>
    Bloch,
}

/// <summary>
/// Demagnetisation of the free layers: closed-form factors of a rectangular prism, and the wall type that the
/// interfacial DMI selects. One helper for the domain-wall track and the stochastic MTJ free layer.
/// </summary>
/// <remarks>
/// <para>Prism factors: Aharoni, "Demagnetizing factors for rectangular ferromagnetic prisms", J. Appl. Phys.
/// 83:3432, 1998, Eq. (1), for a prism of sides 2a × 2b × 2c along x, y, z, with r = √(a² + b² + c²):
/// π·N_z = (b² − c²)/(2bc)·ln((r − a)/(r + a)) + (a² − c²)/(2ac)·ln((r − b)/(r + b))
///        + b/(2c)·ln((√(a²+b²) + a)/(√(a²+b²) − a)) + a/(2c)·ln((√(a²+b²) + b)/(√(a²+b²) − b))
///        + c/(2a)·ln((√(b²+c²) − b)/(√(b²+c²) + b)) + c/(2b)·ln((√(a²+c²) − a)/(√(a²+c²) + a))
///        + 2·arctan(ab/(c·r)) + (a³ + b³ − 2c³)/(3abc) + (a² + b² − 2c²)·r/(3abc)
///        + c/(ab)·(√(a²+c²) + √(b²+c²)) − ((a²+b²)^{3/2} + (b²+c²)^{3/2} + (c²+a²)^{3/2})/(3abc);
/// N_x and N_y follow by cyclic permutation (N_x = N_z(b, c, a), N_y = N_z(c, a, b)). Limits: a cube gives ⅓
/// each; a thin film (c ≪ a, b) N_z → 1; a long rod (a ≫ b, c) N_x → 0. The 160 × 15 × 3 nm Liu 2021 track gives
/// N_x = 0.0168, N_y = 0.1927, N_z = 0.7905.</para>
/// <para>Wall type: in a perpendicular film of thickness t the wall's magnetostatic (Bloch → Néel) cost competes
/// with the DMI gain; the wall is fully Néel for |D| ≥ D_c = 2·µ0·M_s²·t·ln 2/π² (Thiaville, Rohart, Jué, Cros and
/// Fert, EPL 100:57002, 2012, with the thin-film wall demagnetising factor t·ln 2/(π·Δ_w)), Bloch below. In between
/// the wall is intermediate (its moment at cos ψ = |D|/D_c); this helper rounds that range to Bloch, a stated
/// simplification, so <see cref="InPlaneFactor"/> returns N_x for a Néel and N_y for a Bloch wall.</para>
/// </remarks>
public static class Demagnetization
{
    /// <summary>Factors of a rectangular prism with the given full side lengths (any unit, the same for all three).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A side that is not finite and positive.</exception>
    public static DemagnetizingFactors Prism(double length, double width, double thickness)
    {
        PhysicalConstants.RequirePositive(length, nameof(length), "(0, ∞)");
        PhysicalConstants.RequirePositive(width, nameof(width), "(0, ∞)");
        PhysicalConstants.RequirePositive(thickness, nameof(thickness), "(0, ∞)");
        double a = length / 2, b = width / 2, c = thickness / 2;
        return new DemagnetizingFactors(AharoniNz(b, c, a), AharoniNz(c, a, b), AharoniNz(a, b, c));
    }

    /// <summary>
    /// Factors of a circular disc of diameter d and thickness t, approximated by the square prism of equal area and
    /// thickness (side d·√π/2): a stated approximation (the in-plane factors of a thin disc and of its equal-area square
    /// differ by a few per cent of themselves).
    /// </summary>
    public static DemagnetizingFactors DiscAsEqualAreaSquare(double diameter, double thickness)
    {
        PhysicalConstants.RequirePositive(diameter, nameof(diameter), "(0, ∞)");
        double side = diameter * Math.Sqrt(Math.PI) / 2;
        return Prism(side, side, thickness);
    }

    /// <summary>D_c = 2·µ0·M_s²·t·ln 2/π² in J/m² (Thiaville et al. 2012): |D| at and above it makes the wall Néel.</summary>
    public static double CriticalDmi(double saturationMagnetization, double thicknessMetres) =>
        2 * PhysicalConstants.VacuumPermeability * saturationMagnetization * saturationMagnetization * thicknessMetres * Math.Log(2) / (Math.PI * Math.PI);

    /// <summary>Néel when |D| ≥ D_c, else Bloch.</summary>
    public static WallType WallTypeFor(double dmi, double saturationMagnetization, double thicknessMetres) =>
        Math.Abs(dmi) >= CriticalDmi(saturationMagnetization, thicknessMetres) ? WallType.Neel : WallType.Bloch;

    /// <summary>The factor along the wall's central moment: N_x (Néel, along the track) or N_y (Bloch, across it).</summary>
    public static double InPlaneFactor(DemagnetizingFactors factors, WallType wall) => wall == WallType.Neel ? factors.Nx : factors.Ny;

    /// <summary>Aharoni's N_z for half-sides a, b, c (Eq. 1 of the 1998 paper).</summary>
    private static double AharoniNz(double a, double b, double c)
    {
        double a2 = a * a, b2 = b * b, c2 = c * c;
        double r = Math.Sqrt(a2 + b2 + c2), ab = Math.Sqrt(a2 + b2), bc = Math.Sqrt(b2 + c2), ac = Math.Sqrt(a2 + c2);
        double abc = a * b * c;
        double sum = ((b2 - c2) / (2 * b * c) * Math.Log((r - a) / (r + a)))
            + ((a2 - c2) / (2 * a * c) * Math.Log((r - b) / (r + b)))
            + (b / (2 * c) * Math.Log((ab + a) / (ab - a)))
            + (a / (2 * c) * Math.Log((ab + b) / (ab - b)))
            + (c / (2 * a) * Math.Log((bc - b) / (bc + b)))
            + (c / (2 * b) * Math.Log((ac - a) / (ac + a)))
            + (2 * Math.Atan(a * b / (c * r)))
            + ((a2 * a + b2 * b - 2 * c2 * c) / (3 * abc))
            + ((a2 + b2 - 2 * c2) * r / (3 * abc))
            + (c / (a * b) * (ac + bc))
            - ((ab * ab * ab + bc * bc * bc + ac * ac * ac) / (3 * abc));
        return sum / Math.PI;
    }
}
