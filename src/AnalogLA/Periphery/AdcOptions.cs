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

    /// <summary>
    /// ±<see cref="AdcOptions.Bound"/> in units of the current of one full-scale weight driven at full-scale input
    /// (aihwkit's <c>out_bound</c>): independent of the array size, so long columns can clip.
    /// </summary>
    Bound,
}

/// <summary>What the periphery does when an output clips.</summary>
public enum BoundManagement
{
    /// <summary>Nothing: the clipped code is the result (counted as a saturation).</summary>
    None,

    /// <summary>
    /// aihwkit's <c>BoundManagementType.ITERATIVE</c>: "the MAC is iteratively recomputed with inputs iteratively
    /// halved, when the output bound was hit" (IOParameters), until no output of the vector clips, the reduction factor
    /// would pass <see cref="AdcOptions.MaxBoundFactor"/>, or the DAC step times the factor would pass
    /// <see cref="AdcOptions.MaxBoundResolution"/>. The digital side multiplies the result by the factor.
    /// </summary>
    Iterative,
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

    /// <summary>Largest <see cref="CalibrationHeadroom"/> the CLI accepts (a range 64× the signal leaves 2 of 8 bits).</summary>
    public const double MaxCalibrationHeadroom = 64;

    /// <summary>For <see cref="AdcRangeMode.Calibrated"/>: how many random calibration inputs to draw at programming time.</summary>
    public int CalibrationSamples { get; init; } = 32;

    /// <summary>
    /// For <see cref="AdcRangeMode.Calibrated"/>: recalibrate on the first K vectors actually read (0: only the
    /// synthetic set drawn at programming) — e.g. a preconditioner's first K residuals.
    /// </summary>
    public int CalibrationReads { get; init; }

    /// <summary>For <see cref="AdcRangeMode.Bound"/>: the range in units of one full-scale weight × full-scale input (aihwkit's <c>out_bound</c>).</summary>
    public double Bound { get; init; } = 20;

    /// <summary>
    /// σ of Gaussian noise added to every output before conversion, in units of one full-scale weight × full-scale input,
    /// drawn afresh on every read: aihwkit's <c>out_noise</c> ("noisiness of device summation at the output",
    /// IOParameters). 0: none.
    /// </summary>
    public double Noise { get; init; }

    /// <summary>What happens when an output clips (aihwkit's <c>bound_management</c>).</summary>
    public BoundManagement BoundManagement { get; init; } = BoundManagement.None;

    /// <summary>Largest input reduction factor of iterative bound management (aihwkit's <c>max_bm_factor</c>, 1000).</summary>
    public int MaxBoundFactor { get; init; } = 1000;

    /// <summary>
    /// Iterative bound management stops before the DAC step (in units of the full input range) times the reduction
    /// factor passes this (aihwkit's <c>max_bm_res</c>, 0.25: "the max effective resolution number of the inputs").
    /// </summary>
    public double MaxBoundResolution { get; init; } = 0.25;

    /// <summary>Checks parameters; the message names the offending field.</summary>
    public void Validate(string path = "Adc")
    {
        Quantizer.ValidateBits(Bits, path + ".Bits");
        if (!Enum.IsDefined(RangeMode))
        {
            throw new ArgumentOutOfRangeException(path + ".RangeMode", RangeMode, $"{path}.RangeMode is not a known mode.");
        }

        if (!Enum.IsDefined(BoundManagement))
        {
            throw new ArgumentOutOfRangeException(path + ".BoundManagement", BoundManagement, $"{path}.BoundManagement is not a known mode.");
        }

        if (!(Bound > 0 && Bound <= 1e6))
        {
            throw new ArgumentOutOfRangeException(path + ".Bound", Bound, $"{path}.Bound must be in (0, 1e6].");
        }

        if (!(Noise >= 0 && Noise <= 1e3))
        {
            throw new ArgumentOutOfRangeException(path + ".Noise", Noise, $"{path}.Noise must be in [0, 1000].");
        }

        if (MaxBoundFactor < 1 || MaxBoundFactor > 1 << 20)
        {
            throw new ArgumentOutOfRangeException(path + ".MaxBoundFactor", MaxBoundFactor, $"{path}.MaxBoundFactor must be in [1, {1 << 20}].");
        }

        if (!(MaxBoundResolution > 0 && MaxBoundResolution <= 1))
        {
            throw new ArgumentOutOfRangeException(path + ".MaxBoundResolution", MaxBoundResolution, $"{path}.MaxBoundResolution must be in (0, 1].");
        }
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
