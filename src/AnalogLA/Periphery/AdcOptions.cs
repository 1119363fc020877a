namespace AnalogLA.Periphery;

/// <summary>How an ADC chooses its full-scale current range.</summary>
public enum AdcRangeMode
{
    /// <summary>The largest current the column can carry: every input at full scale on every device at full swing.</summary>
    MaxPossible,

    /// <summary>
    /// Headroom × the largest |current| seen over calibration inputs (by default inputs uniform in
    /// [−1, 1] drawn at programming time; <c>AnalogMatrix.CalibrateAdc</c> takes the user's own).
    /// </summary>
    Calibrated,

    /// <summary><see cref="AdcOptions.FixedFraction"/> × the maximum possible current.</summary>
    Fixed,
}

/// <summary>
/// Analog-to-digital conversion of one column's (or differential pair's) current.
/// </summary>
/// <remarks>
/// One range per tile, per plane (bit slice) and per read direction: every column of a tile shares an
/// ADC design. Codes follow <see cref="Quantizer"/>; currents beyond the range saturate and are counted
/// in the diagnostics, never thrown. <see cref="Bits"/> null is the ideal converter.
/// Range calibration follows CrossSim's practice of calibrating ADC limits on representative inputs
/// (Xiao et al., Appl. Phys. Rev. 7:031301, 2020, Sec. VI).
/// </remarks>
public sealed record AdcOptions
{
    /// <summary>The ideal converter.</summary>
    public static AdcOptions Ideal { get; } = new();

    /// <summary>Resolution in bits including sign, 1–24; null for an ideal ADC.</summary>
    public int? Bits { get; init; }

    /// <summary>How the range is chosen.</summary>
    public AdcRangeMode RangeMode { get; init; } = AdcRangeMode.MaxPossible;

    /// <summary>For <see cref="AdcRangeMode.Fixed"/>: range as a fraction of the maximum possible current, in (0, 1].</summary>
    public double FixedFraction { get; init; } = 1.0;

    /// <summary>For <see cref="AdcRangeMode.Calibrated"/>: multiplier on the largest calibration current (≥ 1 leaves headroom).</summary>
    public double CalibrationHeadroom { get; init; } = 1.0;

    /// <summary>For <see cref="AdcRangeMode.Calibrated"/>: how many random calibration inputs to draw at programming time.</summary>
    public int CalibrationSamples { get; init; } = 32;

    /// <summary>
    /// For <see cref="AdcRangeMode.Calibrated"/>: recalibrate on the first K vectors actually read (0: only the
    /// synthetic set drawn at programming) — e.g. a preconditioner's first K residuals.
    /// </summary>
    public int CalibrationReads { get; init; }

    /// <summary>Checks parameters; the message names the offending field.</summary>
    public void Validate(string path = "Adc")
    {
        Quantizer.ValidateBits(Bits, path + ".Bits");
        if (!(FixedFraction > 0 && FixedFraction <= 1))
        {
            throw new ArgumentOutOfRangeException(path + ".FixedFraction", FixedFraction, $"{path}.FixedFraction must be in (0, 1].");
        }

        if (!(CalibrationHeadroom > 0) || !double.IsFinite(CalibrationHeadroom))
        {
            throw new ArgumentOutOfRangeException(path + ".CalibrationHeadroom", CalibrationHeadroom, $"{path}.CalibrationHeadroom must be finite and > 0.");
        }

        if (CalibrationReads is < 0 or > 4096)
        {
            throw new ArgumentOutOfRangeException(path + ".CalibrationReads", CalibrationReads, $"{path}.CalibrationReads must be in [0, 4096].");
        }

        if (CalibrationSamples < 1)
        {
            throw new ArgumentOutOfRangeException(path + ".CalibrationSamples", CalibrationSamples, $"{path}.CalibrationSamples must be ≥ 1.");
        }
    }
}
