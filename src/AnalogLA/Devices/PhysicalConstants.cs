namespace AnalogLA.Devices;

/// <summary>SI constants used by the device physics (CODATA 2018 exact or recommended values).</summary>
public static class PhysicalConstants
{
    /// <summary>Boltzmann constant k_B in J/K (exact in SI 2019).</summary>
    public const double BoltzmannJoulesPerKelvin = 1.380649e-23;

    /// <summary>Vacuum permeability µ0 in T·m/A (CODATA 2018: 1.25663706212e-6).</summary>
    public const double VacuumPermeability = 1.25663706212e-6;

    /// <summary>Electron gyromagnetic ratio |γ_e| in rad/(s·T) (CODATA 2018: 1.76085963023e11).</summary>
    public const double GyromagneticRatio = 1.76085963023e11;

    /// <summary>Seconds in a Julian year (365.25 days).</summary>
    public const double SecondsPerYear = 365.25 * 86400;

    /// <summary>Thermal energy k_B·T in joules; throws unless T &gt; 0.</summary>
    public static double ThermalEnergy(double temperatureKelvin)
    {
        RequirePositive(temperatureKelvin, "TemperatureKelvin", "(0, ∞) K");
        return BoltzmannJoulesPerKelvin * temperatureKelvin;
    }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the parameter and the allowed range unless value &gt; 0 and finite.</summary>
    public static void RequirePositive(double value, string name, string range)
    {
        if (!(value > 0) || !double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} = {value} is outside the allowed range {range}.");
        }
    }

    /// <summary>Throws unless min ≤ value ≤ max (and finite), naming the parameter and range.</summary>
    public static void RequireInRange(double value, double min, double max, string name)
    {
        if (!(value >= min && value <= max) || !double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} = {value} is outside the allowed range [{min}, {max}].");
        }
    }
}
