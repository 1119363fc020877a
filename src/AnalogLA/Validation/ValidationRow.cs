namespace AnalogLA.Validation;

/// <summary>How a value is compared with its reference.</summary>
public enum Comparison
{
    /// <summary>|value − reference| ≤ tolerance.</summary>
    Within,

    /// <summary>value ≤ reference (a bound; the tolerance is unused and 0).</summary>
    AtMost,
}

/// <summary>One check of a model against an independent reference: a closed form, a published value, a peer's formula or a second method.</summary>
/// <param name="Model">The model or algorithm checked.</param>
/// <param name="Quantity">What is compared.</param>
/// <param name="Reference">The reference value.</param>
/// <param name="Source">Where the reference comes from.</param>
/// <param name="Value">AnalogLA's value.</param>
/// <param name="Tolerance">The allowed difference (and why, in <paramref name="Source"/> when statistical).</param>
/// <param name="Comparison">How value and reference are compared.</param>
public sealed record ValidationRow(string Model, string Quantity, double Reference, string Source, double Value, double Tolerance, Comparison Comparison = Comparison.Within)
{
    /// <summary>Whether the check passes.</summary>
    public bool Pass => double.IsFinite(Value) && (Comparison == Comparison.AtMost ? Value <= Reference : Math.Abs(Value - Reference) <= Tolerance);
}
