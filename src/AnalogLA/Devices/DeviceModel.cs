using System.Text.Json.Serialization;
using AnalogLA.Numerics;

namespace AnalogLA.Devices;

/// <summary>
/// A conductance device: how a target conductance becomes a programmed one (levels and programming
/// error, applied once) and how much a read perturbs it (read noise, fresh on every read).
/// </summary>
/// <remarks>
/// <para>All conductances are normalised to G_max: ĝ = G/G_max. The crossbar asks a device model
/// two things: <see cref="Program"/> (target ĝ → programmed ĝ for a whole array, with the array's
/// random stream) and <see cref="ReadSigma"/> (the standard deviation of the additive read error of
/// each programmed device). Any device physics that can answer those two questions slots in:
/// the generic statistical device here, and the spintronic devices (notched domain-wall MTJ,
/// stochastic Bayes-MTJ) whose level sets and error statistics come from their own physics.</para>
/// <para>Error taxonomy after Sandia CrossSim and IBM aihwkit: programming error (once), drift and
/// retention (a function of time and temperature; added by models that have it), read noise (every
/// read). Each part has an ideal null model.</para>
/// </remarks>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "model")]
[JsonDerivedType(typeof(GenericDevice), "generic")]
[JsonDerivedType(typeof(DomainWallMtj), "dw-mtj")]
public abstract record DeviceModel
{
    /// <summary>A short name for reports.</summary>
    public abstract string Name { get; init; }

    /// <summary>The programmable conductance window.</summary>
    public abstract ConductanceRange Range { get; init; }

    /// <summary>G_min/G_max.</summary>
    [JsonIgnore]
    public double GMinNormalized => Range.GMinNormalized;

    /// <summary>Whether reads are noisy at all (lets the crossbar skip noise work).</summary>
    [JsonIgnore]
    public abstract bool HasReadNoise { get; }

    /// <summary>Distribution of the read error.</summary>
    [JsonIgnore]
    public abstract NoiseDistribution ReadNoiseDistribution { get; }

    /// <summary>
    /// Programs devices: <paramref name="programmed"/>[i] is the conductance (normalised to G_max) that
    /// a write aimed at <paramref name="target"/>[i] leaves behind, after <paramref name="aging"/> (time
    /// since programming at a temperature; null: just programmed) if the device drifts. Random draws use
    /// <paramref name="random"/> only, so the result is reproducible, and the fresh state does not depend
    /// on the aging (so the same seed shows the same devices at different ages).
    /// </summary>
    public abstract void Program(ReadOnlySpan<double> target, Span<float> programmed, CounterRandom random, AgingOptions? aging = null);

    /// <summary>Per-device standard deviation of the additive read error (units of G_max), at the given age.</summary>
    public abstract void ReadSigma(ReadOnlySpan<float> programmed, Span<float> sigma, AgingOptions? aging = null);

    /// <summary>Checks parameters; the message names the offending field under <paramref name="path"/>.</summary>
    public abstract void Validate(string path = "Device");

    /// <summary>
    /// Checks that this device's models hold at the given aging (time and temperature) before any array is
    /// programmed, so that an out-of-range temperature is a named error up front rather than one thrown inside a
    /// parallel programming loop. The default accepts any aging.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The aging lies outside the models' range; names the field.</exception>
    public virtual void ValidateAging(AgingOptions aging, string path = "Aging")
    {
    }
}
