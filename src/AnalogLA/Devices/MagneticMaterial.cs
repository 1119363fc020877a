namespace AnalogLA.Devices;

/// <summary>Magnetic parameters of a thin film at one temperature (SI units).</summary>
/// <param name="SaturationMagnetization">M_s in A/m.</param>
/// <param name="ExchangeStiffness">A in J/m.</param>
/// <param name="UniaxialAnisotropy">K_u in J/m³ (perpendicular, before shape anisotropy).</param>
/// <param name="Dmi">Interfacial Dzyaloshinskii–Moriya constant |D| in J/m².</param>
public sealed record MaterialState(double SaturationMagnetization, double ExchangeStiffness, double UniaxialAnisotropy, double Dmi)
{
    /// <summary>Thin-film shape anisotropy ½·µ0·M_s² (J/m³).</summary>
    public double ShapeAnisotropy => 0.5 * PhysicalConstants.VacuumPermeability * SaturationMagnetization * SaturationMagnetization;
}

/// <summary>
/// A ferromagnetic free layer given by its 300 K parameters and Curie temperature, with the usual
/// temperature scaling.
/// </summary>
/// <remarks>
/// M_s(T) = M_s(0)·(1 − (T/T_c)^{3/2}) (Bloch's law), with M_s(0) fixed by the 300 K value;
/// K_u(T) = K_u(300 K)·m³ (Callen–Callen scaling for uniaxial anisotropy, l(l+1)/2 = 3; Callen and
/// Callen, J. Phys. Chem. Solids 27:1271, 1966) and A(T) = A(300 K)·m² (exchange stiffness ∝ M_s²), with
/// m = M_s(T)/M_s(300 K). The DMI constant is scaled like A (both arise from exchange; an assumption,
/// stated because no closed form is established). Valid well below T_c.
/// </remarks>
/// <param name="SaturationMagnetization300K">M_s at 300 K in A/m.</param>
/// <param name="ExchangeStiffness300K">A at 300 K in J/m.</param>
/// <param name="UniaxialAnisotropy300K">K_u at 300 K in J/m³.</param>
/// <param name="Dmi300K">|D| at 300 K in J/m².</param>
/// <param name="CurieTemperatureKelvin">T_c in K.</param>
public sealed record MagneticMaterial(
    double SaturationMagnetization300K,
    double ExchangeStiffness300K,
    double UniaxialAnisotropy300K,
    double Dmi300K,
    double CurieTemperatureKelvin)
{
    /// <summary>Reference temperature of the given parameters.</summary>
    public const double ReferenceKelvin = 300;

    /// <summary>The material at temperature <paramref name="temperatureKelvin"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">T ≤ 0 or T ≥ T_c.</exception>
    public MaterialState At(double temperatureKelvin)
    {
        Validate();
        PhysicalConstants.RequireInRange(temperatureKelvin, double.Epsilon, CurieTemperatureKelvin * (1 - 1e-9), "TemperatureKelvin");
        double m = Bloch(temperatureKelvin) / Bloch(ReferenceKelvin);
        return new MaterialState(
            SaturationMagnetization300K * m,
            ExchangeStiffness300K * m * m,
            UniaxialAnisotropy300K * m * m * m,
            Math.Abs(Dmi300K) * m * m);
    }

    private double Bloch(double t) => 1 - Math.Pow(t / CurieTemperatureKelvin, 1.5);

    /// <summary>Checks parameters; names the offending one and its range.</summary>
    public void Validate()
    {
        PhysicalConstants.RequirePositive(SaturationMagnetization300K, nameof(SaturationMagnetization300K), "(0, ∞) A/m");
        PhysicalConstants.RequirePositive(ExchangeStiffness300K, nameof(ExchangeStiffness300K), "(0, ∞) J/m");
        PhysicalConstants.RequirePositive(UniaxialAnisotropy300K, nameof(UniaxialAnisotropy300K), "(0, ∞) J/m³");
        PhysicalConstants.RequireInRange(Math.Abs(Dmi300K), 0, 1, nameof(Dmi300K));
        PhysicalConstants.RequireInRange(CurieTemperatureKelvin, ReferenceKelvin * 1.01, 5000, nameof(CurieTemperatureKelvin));
    }
}
