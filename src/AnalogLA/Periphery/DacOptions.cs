namespace AnalogLA.Periphery;

/// <summary>How a DAC chooses its full-scale input range.</summary>
public enum DacRangeMode
{
    /// <summary>R = max|x| of each input vector (per-vector scaling, no clipping).</summary>
    Dynamic,

    /// <summary>R = <see cref="DacOptions.FixedRange"/>, in the units of x; values beyond it clip.</summary>
    Fixed,

    /// <summary>R = max|x| over calibration inputs; later values beyond it clip.</summary>
    Calibrated,
}

/// <summary>
/// Digital-to-analog conversion of the input vector into row voltages.
/// </summary>
/// <remarks>
/// v = q(x)/R ∈ [−1, 1] (a fraction of the read voltage), with q the signed quantiser of
/// <see cref="Quantizer"/>; the digital side multiplies results by R again. With <see cref="Bits"/> null
/// the DAC is ideal (no quantisation). Bit-serial input streaming is a mapping option
/// (<see cref="Crossbar.MappingOptions.InputSliceBits"/>) that reuses this DAC's resolution as the total.
/// </remarks>
public sealed record DacOptions
{
    /// <summary>The ideal converter.</summary>
    public static DacOptions Ideal { get; } = new();

    /// <summary>Resolution in bits including sign, 1–24; null for an ideal DAC.</summary>
    public int? Bits { get; init; }

    /// <summary>How the range is chosen.</summary>
    public DacRangeMode RangeMode { get; init; } = DacRangeMode.Dynamic;

    /// <summary>Full-scale input for <see cref="DacRangeMode.Fixed"/>, in the units of x.</summary>
    public double FixedRange { get; init; } = 1.0;

    /// <summary>
    /// σ of Gaussian noise on each analog input after conversion, as a fraction of full scale (v ← q(x/R) + σ·ξ, drawn
    /// afresh on every read, not clipped): aihwkit's <c>inp_noise</c> ("noisiness of the analog input at the stage after
    /// DAC and before the multiplication", IOParameters). 0: none.
    /// </summary>
    public double Noise { get; init; }

    /// <summary>Checks parameters; the message names the offending field.</summary>
    public void Validate(string path = "Dac")
    {
        Quantizer.ValidateBits(Bits, path + ".Bits");
        if (!(FixedRange > 0) || !double.IsFinite(FixedRange))
        {
            throw new ArgumentOutOfRangeException(path + ".FixedRange", FixedRange, $"{path}.FixedRange must be finite and > 0.");
        }

        if (!(Noise >= 0 && Noise <= 1))
        {
            throw new ArgumentOutOfRangeException(path + ".Noise", Noise, $"{path}.Noise must be in [0, 1] (a fraction of full scale).");
        }
    }
}
