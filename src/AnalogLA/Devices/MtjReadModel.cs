namespace AnalogLA.Devices;

/// <summary>Which physics turns a Bayes-MTJ's programmed barrier Δ into the statistics of its reads.</summary>
public enum MtjReadModel
{
    /// <summary>
    /// The thermally agitated macrospin (<see cref="MacrospinReadout"/>): m_z continuous, G from the angle to the
    /// reference layer, relaxation on Brown's τ_N. Valid at every Δ; the default.
    /// </summary>
    Macrospin,

    /// <summary>
    /// The two-state Néel–Brown telegraph with a fixed attempt time τ0: p = ½(1 − exp(−2τ_s/(τ0·e^Δ))). Valid only at
    /// high barriers (Δ ≳ 10); kept to reproduce the published device model and to show the difference.
    /// </summary>
    Telegraph,
}
