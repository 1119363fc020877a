namespace AnalogLA.Crossbar;

/// <summary>Where the drivers and the sense amplifiers connect to the wires of an array.</summary>
public enum LineEnds
{
    /// <summary>At one end of each line (rows driven from the left, columns sensed at the bottom).</summary>
    One,

    /// <summary>At both ends of each line (halves the longest wire path; costs a second driver or sense input).</summary>
    Both,
}

/// <summary>
/// Wire resistance of the array lines (IR drop). Null in <see cref="AnalogOptions.Parasitics"/> means ideal
/// wires, the default.
/// </summary>
/// <remarks>
/// <para>Give the resistance of one wire segment (between two neighbouring cells) either in ohms
/// (<see cref="WireOhms"/>, needs the device's G_max in siemens) or as a ratio to the lowest device resistance
/// (<see cref="WireRatio"/> = r_w·G_max, the normalisation of CrossSim; Xiao et al., Appl. Phys. Rev. 7:031301,
/// 2020). Reads then solve the nodal equations of the whole array for every input vector (see
/// <see cref="IrDropSolver"/>) and use the solved column currents. Scale of r_w: ρ·ℓ/(w·t) for a copper line
/// (bulk ρ = 1.7e-8 Ω·m) of 28 nm × 56 nm cross-section over a 0.2 µm cell pitch is ≈ 2 Ω, and size effects in
/// narrow lines raise ρ severalfold; against device resistances of kΩ–MΩ that is r_w·G_max ≈ 1e-6–1e-3.</para>
/// <para>Read noise is added to the solved currents in output space (first order: a device's noise current sees
/// the same attenuation as its signal only to within the IR-drop error itself). Reference lines of the offset
/// mapping are read without wire resistance.</para>
/// </remarks>
public sealed record ParasiticOptions
{
    /// <summary>Resistance of one wire segment in ohms (set this or <see cref="WireRatio"/>).</summary>
    public double? WireOhms { get; init; }

    /// <summary>Segment resistance relative to the lowest device resistance 1/G_max (set this or <see cref="WireOhms"/>).</summary>
    public double? WireRatio { get; init; }

    /// <summary>Where each row is driven.</summary>
    public LineEnds InputSide { get; init; } = LineEnds.One;

    /// <summary>Where each column's current is sensed.</summary>
    public LineEnds OutputSide { get; init; } = LineEnds.One;

    /// <summary>Residual ‖b − A·x‖/‖b − A·x₀‖ (x₀ the wire-free node voltages) at which the iterative nodal solver stops.</summary>
    public double Tolerance { get; init; } = 1e-9;

    /// <summary>Iteration limit of the iterative nodal solver; a read that reaches it is counted as not converged.</summary>
    public int MaxIterations { get; init; } = 2000;

    /// <summary>r_w·G_max for a device whose G_max is <paramref name="gMaxSiemens"/>.</summary>
    public double RatioFor(double gMaxSiemens) => WireRatio ?? WireOhms!.Value * gMaxSiemens;

    /// <summary>Largest accepted segment resistance relative to 1/G_max (a segment as resistive as the best device).</summary>
    public const double MaxWireRatio = 1;

    /// <summary>Largest accepted segment resistance in ohms.</summary>
    public const double MaxWireOhms = 1e6;

    /// <summary>Checks the values; names the offending field and its range.</summary>
    public void Validate(string path = "Parasitics")
    {
        if (WireOhms is null == WireRatio is null)
        {
            throw new ArgumentException($"{path}: set exactly one of WireOhms and WireRatio.", path);
        }

        // Beyond these bounds a wire segment out-resists every device it connects and the array no longer computes a
        // product: the bounds reject typing errors (1e300), not physics.
        if (WireOhms is double ohms && !(ohms >= 0 && ohms <= MaxWireOhms))
        {
            throw new ArgumentOutOfRangeException(path + ".WireOhms", ohms, $"{path}.WireOhms must be finite and ≥ 0 Ω, at most {MaxWireOhms:G3} Ω, got {ohms}.");
        }

        if (WireRatio is double ratio && !(ratio >= 0 && ratio <= MaxWireRatio))
        {
            throw new ArgumentOutOfRangeException(path + ".WireRatio", ratio, $"{path}.WireRatio must be finite and ≥ 0, at most {MaxWireRatio} (segment resistance × G_max), got {ratio}.");
        }

        if (!Enum.IsDefined(InputSide) || !Enum.IsDefined(OutputSide))
        {
            throw new ArgumentOutOfRangeException(path, $"{path}: InputSide and OutputSide must be One or Both.");
        }

        if (!(Tolerance > 0 && Tolerance < 1))
        {
            throw new ArgumentOutOfRangeException(path + ".Tolerance", Tolerance, $"{path}.Tolerance must lie in (0, 1).");
        }

        if (MaxIterations < 1)
        {
            throw new ArgumentOutOfRangeException(path + ".MaxIterations", MaxIterations, $"{path}.MaxIterations must be ≥ 1.");
        }
    }
}
