using System.Text.Json.Serialization;

namespace AnalogLA.Devices;

/// <summary>Shape of a conductance error's distribution.</summary>
public enum NoiseDistribution
{
    /// <summary>Gaussian with standard deviation σ.</summary>
    Normal,

    /// <summary>Uniform on [−σ√3, σ√3], so that σ is still the standard deviation.</summary>
    Uniform,
}

/// <summary>
/// A conductance error model: the standard deviation σ(ĝ) of an additive error as a function of the
/// normalised conductance ĝ = G/G_max, and the shape of its distribution. The same family serves
/// programming error (drawn once when a matrix is programmed) and read noise (drawn on every read).
/// </summary>
/// <remarks>
/// The taxonomy (programming error, drift, read noise, each independent with an ideal null model)
/// follows Sandia CrossSim's device layer and IBM aihwkit's noise models; σ is returned in units of
/// G_max so that models are independent of the absolute conductance scale.
/// </remarks>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(NoNoise), "none")]
[JsonDerivedType(typeof(IndependentNoise), "independent")]
[JsonDerivedType(typeof(ProportionalNoise), "proportional")]
[JsonDerivedType(typeof(PolynomialNoise), "polynomial")]
[JsonDerivedType(typeof(PcmReadNoise), "pcm-read")]
public abstract record ConductanceNoise
{
    /// <summary>The distribution's shape.</summary>
    public NoiseDistribution Distribution { get; init; } = NoiseDistribution.Normal;

    /// <summary>True when this model never perturbs a conductance.</summary>
    [JsonIgnore]
    public virtual bool IsZero => false;

    /// <summary>Standard deviation in units of G_max at normalised conductance <paramref name="g"/>.</summary>
    /// <param name="g">ĝ = G/G_max.</param>
    /// <param name="gMin">G_min/G_max of the device.</param>
    public abstract double Sigma(double g, double gMin);

    /// <summary>Checks parameters; the message names the offending field under <paramref name="path"/>.</summary>
    public abstract void Validate(string path);

    /// <summary>
    /// Largest relative σ accepted (σ as a fraction of the conductance window or of G): 100 is two orders of magnitude
    /// beyond any device reported, and keeps every later sum of squares finite.
    /// </summary>
    public const double MaxRelativeSigma = 100;

    /// <summary>Throws when <paramref name="value"/> is negative or not finite.</summary>
    protected static void RequireNonNegative(double value, string path)
    {
        if (!double.IsFinite(value) || value < 0)
        {
            throw new ArgumentOutOfRangeException(path, value, $"{path} must be finite and ≥ 0 (got {value}).");
        }
    }
}

/// <summary>The ideal null model: no error.</summary>
public sealed record NoNoise : ConductanceNoise
{
    /// <summary>The shared instance.</summary>
    public static NoNoise Instance { get; } = new();

    /// <inheritdoc />
    public override bool IsZero => true;

    /// <inheritdoc />
    public override double Sigma(double g, double gMin) => 0;

    /// <inheritdoc />
    public override void Validate(string path)
    {
    }
}
