using AnalogLA.Crossbar;
using AnalogLA.Devices;

namespace AnalogLA.Stochastic;

/// <summary>Everything that defines a stochastic weight array: the mean array, the standard-deviation devices and the sampling.</summary>
public sealed record StochasticOptions
{
    /// <summary>The array holding the means (DW-MTJ by default; any <see cref="AnalogOptions"/> works).</summary>
    public AnalogOptions Mean { get; init; } = AnalogOptions.DwMtjRealistic;

    /// <summary>The standard-deviation device (Bayes-MTJ).</summary>
    public StochasticMtj Device { get; init; } = StochasticMtj.Kwon2022;

    /// <summary>Stochastic MTJs per weight (their contributions add; K raises σ_max by √K).</summary>
    public int DevicesPerWeight { get; init; } = 4;

    /// <summary>Device-level (a Bernoulli draw per device per read) or output-space (Gaussian per output).</summary>
    public SamplingMode Sampling { get; init; } = SamplingMode.Output;

    /// <summary>Device-to-device variation of the programmed interfacial anisotropy K_i (relative σ); 0 = exact programming.</summary>
    public double AnisotropyVariation { get; init; }

    /// <summary>Whether reads add the σ part at all (false: the mean array alone, for checks).</summary>
    public bool IncludeSigma { get; init; } = true;

    /// <summary>Checks the settings; the message names the field.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Mean, nameof(Mean));
        ArgumentNullException.ThrowIfNull(Device, nameof(Device));
        Mean.Validate();
        Device.Validate();
        if (DevicesPerWeight < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(DevicesPerWeight), DevicesPerWeight, "DevicesPerWeight must be ≥ 1.");
        }

        if (!double.IsFinite(AnisotropyVariation) || AnisotropyVariation < 0 || AnisotropyVariation > 0.1)
        {
            throw new ArgumentOutOfRangeException(nameof(AnisotropyVariation), AnisotropyVariation, "AnisotropyVariation must lie in [0, 0.1].");
        }

        if (!Enum.IsDefined(Sampling))
        {
            throw new ArgumentOutOfRangeException(nameof(Sampling), Sampling, "Sampling must be Device, Output or Auto (Auto samples device level: Bayes-MTJ reads are not Gaussian).");
        }
    }
}
