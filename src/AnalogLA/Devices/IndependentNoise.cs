namespace AnalogLA.Devices;

/// <summary>
/// Error independent of the conductance: σ = <see cref="SigmaFraction"/>·(G_max − G_min).
/// </summary>
/// <remarks>The "state-independent" error model of CrossSim's generic device
/// (Xiao et al., "Analog architectures for neural network acceleration based on non-volatile
/// memory", Appl. Phys. Rev. 7:031301, 2020, Sec. V).</remarks>
/// <param name="SigmaFraction">σ as a fraction of the conductance window G_max − G_min.</param>
public sealed record IndependentNoise(double SigmaFraction) : ConductanceNoise
{
    /// <inheritdoc />
    public override bool IsZero => SigmaFraction == 0;

    /// <inheritdoc />
    public override double Sigma(double g, double gMin) => SigmaFraction * (1 - gMin);

    /// <inheritdoc />
    public override void Validate(string path) => PhysicalConstants.RequireInRange(SigmaFraction, 0, MaxRelativeSigma, path + ".SigmaFraction");
}

/// <summary>Error proportional to the conductance: σ = <see cref="Alpha"/>·G.</summary>
/// <remarks>The "state-proportional" model of CrossSim (Xiao et al., Appl. Phys. Rev. 7:031301, 2020):
/// relative error is constant, so low conductances are more precise in absolute terms.</remarks>
/// <param name="Alpha">Relative standard deviation σ/G.</param>
public sealed record ProportionalNoise(double Alpha) : ConductanceNoise
{
    /// <inheritdoc />
    public override bool IsZero => Alpha == 0;

    /// <inheritdoc />
    public override double Sigma(double g, double gMin) => Alpha * Math.Abs(g);

    /// <inheritdoc />
    public override void Validate(string path) => PhysicalConstants.RequireInRange(Alpha, 0, MaxRelativeSigma, path + ".Alpha");
}
