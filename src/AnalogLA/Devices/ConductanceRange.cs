namespace AnalogLA.Devices;

/// <summary>The conductance window of a device, in siemens.</summary>
/// <param name="GMinSiemens">Lowest programmable conductance (≥ 0).</param>
/// <param name="GMaxSiemens">Highest programmable conductance (&gt; <paramref name="GMinSiemens"/>).</param>
/// <remarks>Simulation works in conductances normalised to G_max (ĝ = G/G_max ∈ [G_min/G_max, 1]);
/// siemens appear only at the device edge and in reports.</remarks>
public sealed record ConductanceRange(double GMinSiemens, double GMaxSiemens)
{
    /// <summary>On/off ratio G_max/G_min (+∞ when G_min = 0).</summary>
    public double OnOffRatio => GMinSiemens == 0 ? double.PositiveInfinity : GMaxSiemens / GMinSiemens;

    /// <summary>G_min/G_max: the lowest normalised conductance.</summary>
    public double GMinNormalized => GMinSiemens / GMaxSiemens;

    /// <summary>Creates a range from G_max and an on/off ratio.</summary>
    public static ConductanceRange FromOnOffRatio(double gMaxSiemens, double onOffRatio)
    {
        if (!(onOffRatio > 1))
        {
            throw new ArgumentOutOfRangeException(nameof(onOffRatio), onOffRatio, "on/off ratio must be > 1.");
        }

        return new ConductanceRange(gMaxSiemens / onOffRatio, gMaxSiemens);
    }

    /// <summary>Checks the range; the message names the offending field.</summary>
    public void Validate(string path = "Device.Range")
    {
        if (!double.IsFinite(GMinSiemens) || GMinSiemens < 0)
        {
            throw new ArgumentOutOfRangeException(path + ".GMinSiemens", GMinSiemens, $"{path}.GMinSiemens must be finite and ≥ 0.");
        }

        if (!double.IsFinite(GMaxSiemens) || GMaxSiemens <= GMinSiemens)
        {
            throw new ArgumentOutOfRangeException(path + ".GMaxSiemens", GMaxSiemens, $"{path}: G_min ({GMinSiemens} S) must be below G_max ({GMaxSiemens} S).");
        }
    }
}
