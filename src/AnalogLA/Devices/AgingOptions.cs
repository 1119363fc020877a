namespace AnalogLA.Devices;

/// <summary>
/// Time since programming and the temperature held meanwhile. Programming the same matrix with the same
/// seed and different aging gives the same devices at different ages: the fresh state is drawn from the
/// programming stream and the evolution from its own stream.
/// </summary>
/// <param name="TimeSeconds">Time since programming (≥ 0).</param>
/// <param name="TemperatureKelvin">Storage temperature (&gt; 0).</param>
public sealed record AgingOptions(double TimeSeconds, double TemperatureKelvin = 300)
{
    /// <summary>Highest storage temperature accepted, in kelvin.</summary>
    public const double MaxTemperatureKelvin = 2000;

    /// <summary>Checks the values; names the offending one and its range.</summary>
    public void Validate(string path = "Aging")
    {
        PhysicalConstants.RequireInRange(TimeSeconds, 0, double.MaxValue, path + ".TimeSeconds");
        // 2000 K lies above the Curie temperature of every ferromagnet used here and above PCM's melting point, so
        // no device model holds beyond it; each model checks its own, tighter limit (e.g. T below T_C).
        PhysicalConstants.RequireInRange(TemperatureKelvin, double.Epsilon, MaxTemperatureKelvin, path + ".TemperatureKelvin");
    }
}
