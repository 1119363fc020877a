using AnalogLA.Numerics;

namespace AnalogLA.Devices;

/// <summary>
/// A statistical device: a conductance window, optional finite levels, a programming-error model and
/// a read-noise model, each independent and each with an ideal null model.
/// </summary>
/// <remarks>
/// Programming: ĝ_q = quantise(ĝ_target) to <see cref="Levels"/> equally spaced levels between G_min and
/// G_max (ĝ_q = ĝ_min + round((ĝ − ĝ_min)/(1 − ĝ_min)·(N − 1))/(N − 1)·(1 − ĝ_min)), then
/// ĝ_prog = ĝ_q + σ_prog(ĝ_q)·ε with ε standard normal or uniform with unit variance, then, if
/// <see cref="ClipToRange"/>, ĝ_prog is clipped to [ĝ_min, 1] (a device cannot be programmed outside
/// its window; CrossSim clips the same way), then, when aged and <see cref="Drift"/> is set, drift and the
/// accumulated 1/f noise of <see cref="PcmDrift"/> (drawn once for the inference time).
/// Read: ĝ_read = ĝ_prog + σ_read(ĝ_prog)·ε, fresh ε each
/// read, not clipped (so that output-space sampling is exact for Gaussian read noise).
/// </remarks>
public sealed record GenericDevice : DeviceModel
{
    /// <inheritdoc />
    public override string Name { get; init; } = "generic";

    /// <inheritdoc />
    public override ConductanceRange Range { get; init; } = new(0, 25e-6);

    /// <summary>Number of programmable levels (≥ 2), or null for a continuous device.</summary>
    public int? Levels { get; init; }

    /// <summary>Error applied once when programmed.</summary>
    public ConductanceNoise ProgrammingNoise { get; init; } = NoNoise.Instance;

    /// <summary>Error drawn afresh on every read.</summary>
    public ConductanceNoise ReadNoise { get; init; } = NoNoise.Instance;

    /// <summary>Conductance drift over time (null: none). Applied after programming error when aged.</summary>
    public PcmDrift? Drift { get; init; }

    /// <summary>Clip programmed conductances to [floor, G_max], the floor set by <see cref="ClipFloor"/>.</summary>
    public bool ClipToRange { get; init; } = true;

    /// <summary>
    /// The lower clipping bound: G_min (a device cannot be programmed below its window; the default) or zero
    /// conductance (CrossSim's convention: its programming error may take a device below G_min, never below 0).
    /// </summary>
    public ClipFloor ClipFloor { get; init; } = ClipFloor.WindowMinimum;

    /// <inheritdoc />
    public override bool HasReadNoise => !ReadNoise.IsZero;

    /// <inheritdoc />
    public override NoiseDistribution ReadNoiseDistribution => ReadNoise.Distribution;

    /// <inheritdoc />
    public override void Program(ReadOnlySpan<double> target, Span<float> programmed, CounterRandom random, AgingOptions? aging = null)
    {
        if (programmed.Length != target.Length)
        {
            throw new ArgumentException("target and programmed must have the same length.", nameof(programmed));
        }

        double gMin = GMinNormalized;
        double span = 1 - gMin;
        float[]? noise = null;
        if (!ProgrammingNoise.IsZero)
        {
            noise = new float[target.Length];
            if (ProgrammingNoise.Distribution == NoiseDistribution.Normal)
            {
                random.FillNormal(noise);
            }
            else
            {
                random.FillUniform(noise);
            }
        }

        for (int i = 0; i < target.Length; i++)
        {
            double g = target[i];
            if (Levels is int levels)
            {
                double steps = levels - 1;
                double f = Math.Clamp((g - gMin) / span, 0, 1);
                g = gMin + Math.Round(f * steps) / steps * span;
            }

            if (noise is not null)
            {
                double eps = ProgrammingNoise.Distribution == NoiseDistribution.Normal
                    ? noise[i]
                    : (2.0 * noise[i] - 1.0) * Math.Sqrt(3.0);
                g += ProgrammingNoise.Sigma(g, gMin) * eps;
            }

            if (ClipToRange)
            {
                g = Math.Clamp(g, ClipFloor == ClipFloor.Zero ? 0 : gMin, 1.0);
            }

            programmed[i] = (float)g;
        }

        if (aging is not null)
        {
            ValidateAging(aging);
        }

        if (aging is not null && Drift is not null)
        {
            Drift.Apply(programmed, aging.TimeSeconds, random.Child(ulong.MaxValue));
        }
    }

    /// <inheritdoc />
    public override void ReadSigma(ReadOnlySpan<float> programmed, Span<float> sigma, AgingOptions? aging = null)
    {
        double gMin = GMinNormalized;
        // 1/f read noise grows with the time since programming: evaluate it at the device's age.
        var model = aging is not null && ReadNoise is PcmReadNoise pcm ? pcm with { TimeSinceProgrammingSeconds = Math.Max(aging.TimeSeconds, PcmReadNoise.ReadTimeSeconds * 2) } : ReadNoise;
        for (int i = 0; i < programmed.Length; i++)
        {
            sigma[i] = (float)model.Sigma(programmed[i], gMin);
        }
    }

    /// <summary>PCM's drift and 1/f models are room-temperature fits: another storage temperature is rejected, not ignored.</summary>
    public override void ValidateAging(AgingOptions aging, string path = "Aging")
    {
        ArgumentNullException.ThrowIfNull(aging);
        if ((Drift is not null || ReadNoise is PcmReadNoise) && Math.Abs(aging.TemperatureKelvin - PcmDrift.CalibrationKelvin) > 1e-9)
        {
            throw new ArgumentOutOfRangeException(path + ".TemperatureKelvin", aging.TemperatureKelvin,
                $"{path}.TemperatureKelvin = {aging.TemperatureKelvin} K: the PCM drift and 1/f noise models (Joshi et al. 2020, aihwkit) are calibrated at {PcmDrift.CalibrationKelvin} K only; temperature-accelerated drift is not modelled.");
        }
    }

    /// <inheritdoc />
    public override void Validate(string path = "Device")
    {
        ArgumentNullException.ThrowIfNull(Range, path + ".Range");
        Range.Validate(path + ".Range");
        if (Levels is int levels && levels < 2)
        {
            throw new ArgumentOutOfRangeException(path + ".Levels", levels, $"{path}.Levels must be ≥ 2 (or null for a continuous device).");
        }

        ArgumentNullException.ThrowIfNull(ProgrammingNoise, path + ".ProgrammingNoise");
        ArgumentNullException.ThrowIfNull(ReadNoise, path + ".ReadNoise");
        ProgrammingNoise.Validate(path + ".ProgrammingNoise");
        ReadNoise.Validate(path + ".ReadNoise");
        if (Drift is not null)
        {
            Drift.Validate(path + ".Drift");
            if (ReadNoise is PcmReadNoise)
            {
                throw new ArgumentException($"{path}: Drift already draws the accumulated 1/f read noise at the inference time (aihwkit PCMLikeNoiseModel); a PcmReadNoise on top would count it twice. Set ReadNoise to NoNoise or drop Drift.", path + ".ReadNoise");
            }
        }
    }
}

/// <summary>Where programmed conductances are clipped from below.</summary>
public enum ClipFloor
{
    /// <summary>At G_min, the bottom of the device's window.</summary>
    WindowMinimum,

    /// <summary>At zero conductance (Sandia CrossSim's convention).</summary>
    Zero,
}
