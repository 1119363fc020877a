using System.Text.Json.Serialization;
using AnalogLA.Numerics;

namespace AnalogLA.Devices;

/// <summary>
/// A notched domain-wall magnetic tunnel junction: the wall position x along the free-layer track sets the
/// conductance, notches pin it at a few repeatable positions (the device's levels), and thermal hopping
/// between notches makes the stored level drift over time.
/// </summary>
/// <remarks>
/// <para>Conductance: G(x) = (x/L)·G_P + (1 − x/L)·G_AP (the parallel and antiparallel parts of the
/// junction conduct side by side), G_P = 1/R_P, R_P = RA/area, G_AP = G_P/(1 + TMR). Optional bias roll-off
/// TMR(V) = TMR₀/(1 + (V/V_h)²) (the empirical Lorentzian bias dependence of MgO junctions, e.g. Yuasa et al.,
/// Nat. Mater. 3:868, 2004). G_max = G_P and G_min = G_AP at the read voltage; ĝ = G/G_P.</para>
/// <para>Programming: the target ĝ is rounded to the nearest stable state; with probability
/// <see cref="WriteMissProbability"/> the wall lands on a neighbouring notch instead (a stochastic depinning
/// miss); each device has its own R_P·(1 + σ_R·z₁) and TMR·(1 + σ_TMR·z₂) (device-to-device variation).
/// Aging moves the wall by the notch Markov chain of <see cref="Retention"/> (an exact draw from
/// exp(Q·t) at the storage temperature). Read noise: <see cref="ReadNoise"/>, as for the generic device.</para>
/// <para>Sources: device concept and experimental 4–5 notch states (Leonard et al., shape-dependent
/// multi-weight DW-MTJ synapses; Alamdar et al., APL 118:112401, 2021); notched track micromagnetics
/// (Liu et al., APL 118:202405, 2021). Not modelled: wall dynamics during writes (write energy and time),
/// stochastic pinning strength per notch, current-induced heating, Joule and spin-orbit-torque effects
/// on retention.</para>
/// </remarks>
public sealed record DomainWallMtj : DeviceModel
{
    /// <inheritdoc />
    public override string Name { get; init; } = "dw-mtj";

    /// <summary>Resistance–area product RA of the junction in Ω·µm².</summary>
    public double ResistanceAreaOhmSquareMicron { get; init; } = 29;

    /// <summary>Junction area in µm².</summary>
    public double JunctionAreaSquareMicron { get; init; } = 0.01;

    /// <summary>Tunnel magnetoresistance ratio (1.71 = 171 %) at zero bias.</summary>
    public double Tmr { get; init; } = 1.71;

    /// <summary>Bias at which TMR halves (V_h, volts); null: no roll-off.</summary>
    public double? TmrHalfBiasVolts { get; init; }

    /// <summary>Read voltage in volts (for the TMR roll-off).</summary>
    public double ReadVoltage { get; init; } = 0.1;

    /// <summary>The notched track, its material and its thermal hopping.</summary>
    public required DomainWallRetention Retention { get; init; }

    /// <summary>Probability that a write lands on a neighbouring notch.</summary>
    public double WriteMissProbability { get; init; }

    /// <summary>Device-to-device σ of R_P as a fraction.</summary>
    public double ResistanceVariation { get; init; }

    /// <summary>Device-to-device σ of TMR as a fraction.</summary>
    public double TmrVariation { get; init; }

    /// <summary>Read noise (σ as a function of ĝ, like the generic device).</summary>
    public ConductanceNoise ReadNoise { get; init; } = NoNoise.Instance;

    /// <summary>R_P = RA/area in ohms.</summary>
    [JsonIgnore]
    public double ParallelResistanceOhms => ResistanceAreaOhmSquareMicron / JunctionAreaSquareMicron;

    /// <summary>TMR at the read voltage.</summary>
    [JsonIgnore]
    public double EffectiveTmr => TmrHalfBiasVolts is double vh ? Tmr / (1 + Math.Pow(ReadVoltage / vh, 2)) : Tmr;

    /// <summary>[G_AP, G_P] at the read voltage. Set by RA, area and TMR; it cannot be assigned.</summary>
    [JsonIgnore]
    public override ConductanceRange Range
    {
        get
        {
            double gp = 1 / ParallelResistanceOhms;
            return new ConductanceRange(gp / (1 + EffectiveTmr), gp);
        }

        init => throw new NotSupportedException("a DW-MTJ's conductance range follows from its RA, junction area and TMR; set those instead.");
    }

    /// <inheritdoc />
    public override bool HasReadNoise => !ReadNoise.IsZero;

    /// <inheritdoc />
    public override NoiseDistribution ReadNoiseDistribution => ReadNoise.Distribution;

    /// <summary>The stable levels ĝ_s = ĝ_min + x_s·(1 − ĝ_min), increasing.</summary>
    public double[] Levels()
    {
        double gMin = GMinNormalized;
        return Retention.Track.StateFractions().Select(x => gMin + x * (1 - gMin)).ToArray();
    }

    /// <inheritdoc />
    public override void Program(ReadOnlySpan<double> target, Span<float> programmed, CounterRandom random, AgingOptions? aging = null)
    {
        Validate();
        if (programmed.Length != target.Length)
        {
            throw new ArgumentException("target and programmed must have the same length.", nameof(programmed));
        }

        int n = target.Length;
        var fractions = Retention.Track.StateFractions();
        var levels = Levels();
        int states = levels.Length;
        var miss = new float[n];
        var age = new float[n];
        var zR = new float[n];
        var zT = new float[n];
        random.Child(0).FillUniform(miss);
        random.Child(1).FillUniform(age);
        random.Child(2).FillNormal(zR);
        random.Child(3).FillNormal(zT);

        double[,]? cumulative = null;
        if (aging is not null && aging.TimeSeconds > 0)
        {
            aging.Validate();
            var p = Retention.TransitionMatrix(aging.TimeSeconds, aging.TemperatureKelvin);
            cumulative = new double[states, states];
            for (int i = 0; i < states; i++)
            {
                double sum = 0;
                for (int j = 0; j < states; j++)
                {
                    sum += p[i, j];
                    cumulative[i, j] = sum;
                }
            }
        }

        double tmr = EffectiveTmr;
        for (int i = 0; i < n; i++)
        {
            int state = Nearest(levels, target[i]);
            if (miss[i] < WriteMissProbability)
            {
                // Land on a neighbour: each side equally likely; an end state has one neighbour.
                bool left = state == states - 1 || (state > 0 && miss[i] < WriteMissProbability / 2);
                state += left ? -1 : 1;
            }

            if (cumulative is not null)
            {
                int next = 0;
                while (next < states - 1 && age[i] > cumulative[state, next])
                {
                    next++;
                }

                state = next;
            }

            double x = fractions[state];
            double gp = 1 / Math.Max(1 + ResistanceVariation * zR[i], 0.05);
            double gap = gp / (1 + tmr * Math.Max(1 + TmrVariation * zT[i], 0.05));
            // Normalised to the nominal G_P.
            programmed[i] = (float)(x * gp + (1 - x) * gap);
        }
    }

    private static int Nearest(double[] levels, double g)
    {
        int best = 0;
        for (int s = 1; s < levels.Length; s++)
        {
            if (Math.Abs(levels[s] - g) < Math.Abs(levels[best] - g))
            {
                best = s;
            }
        }

        return best;
    }

    /// <inheritdoc />
    public override void ReadSigma(ReadOnlySpan<float> programmed, Span<float> sigma, AgingOptions? aging = null)
    {
        double gMin = GMinNormalized;
        for (int i = 0; i < programmed.Length; i++)
        {
            sigma[i] = (float)ReadNoise.Sigma(programmed[i], gMin);
        }
    }

    /// <summary>The retention model must hold at the storage temperature: below T_c, with a positive barrier.</summary>
    public override void ValidateAging(AgingOptions aging, string path = "Aging")
    {
        ArgumentNullException.ThrowIfNull(aging);
        if (aging.TimeSeconds <= 0)
        {
            return;
        }

        double tc = Retention.Material.CurieTemperatureKelvin;
        if (!(aging.TemperatureKelvin < tc))
        {
            throw new ArgumentOutOfRangeException(path + ".TemperatureKelvin", aging.TemperatureKelvin,
                $"{path}.TemperatureKelvin = {aging.TemperatureKelvin} K is outside the allowed range (0, {tc}) K: the free layer's Curie temperature is {tc} K.");
        }

        // Evaluates K_eff and σ_DW, which name their own failure (K_eff ≤ 0, |D| too large) at this temperature.
        _ = Retention.Barrier(aging.TemperatureKelvin);
    }

    /// <inheritdoc />
    public override void Validate(string path = "Device")
    {
        PhysicalConstants.RequirePositive(ResistanceAreaOhmSquareMicron, path + ".ResistanceAreaOhmSquareMicron", "(0, ∞) Ω·µm²");
        PhysicalConstants.RequirePositive(JunctionAreaSquareMicron, path + ".JunctionAreaSquareMicron", "(0, ∞) µm²");
        PhysicalConstants.RequirePositive(Tmr, path + ".Tmr", "(0, ∞)");
        if (TmrHalfBiasVolts is double vh)
        {
            PhysicalConstants.RequirePositive(vh, path + ".TmrHalfBiasVolts", "(0, ∞) V");
        }

        PhysicalConstants.RequireInRange(ReadVoltage, 0, 10, path + ".ReadVoltage");
        PhysicalConstants.RequireInRange(WriteMissProbability, 0, 1, path + ".WriteMissProbability");
        PhysicalConstants.RequireInRange(ResistanceVariation, 0, 1, path + ".ResistanceVariation");
        PhysicalConstants.RequireInRange(TmrVariation, 0, 1, path + ".TmrVariation");
        ArgumentNullException.ThrowIfNull(Retention, path + ".Retention");
        Retention.Validate();
        ArgumentNullException.ThrowIfNull(ReadNoise, path + ".ReadNoise");
        ReadNoise.Validate(path + ".ReadNoise");
    }
}
