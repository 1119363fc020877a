namespace AnalogLA.Devices;

/// <summary>
/// A fitted σ(G): σ = max(Σ_k c_k·ĝᵏ, 0) in the units of the fit, with ĝ = G/G_max; the fit's units are
/// <see cref="ReferenceGMax"/> (for example µS at G_max = 25 µS), so σ/G_max = poly(ĝ)/ReferenceGMax.
/// </summary>
/// <remarks>
/// The PCM programming-noise fit σ_prog(ĝ) = max(−1.1731ĝ² + 1.9650ĝ + 0.2635, 0) µS at
/// g_max = 25 µS (Nandakumar et al., "Phase-change memory models for deep learning training and
/// inference", ICECS 2019; Joshi et al., Nat. Commun. 11:2473, 2020; as implemented in IBM aihwkit's
/// PCMLikeNoiseModel) is <see cref="PcmProgramming"/>.
/// </remarks>
/// <param name="Coefficients">c₀, c₁, … (constant term first).</param>
/// <param name="ReferenceGMax">G_max expressed in the fit's units.</param>
public sealed record PolynomialNoise(IReadOnlyList<double> Coefficients, double ReferenceGMax) : ConductanceNoise
{
    /// <summary>PCM programming noise (Nandakumar 2019 / Joshi 2020), coefficients in µS at G_max = 25 µS.</summary>
    public static PolynomialNoise PcmProgramming { get; } = new([0.2635, 1.9650, -1.1731], 25.0);

    /// <inheritdoc />
    public override bool IsZero => Coefficients.All(c => c == 0);

    /// <inheritdoc />
    public override double Sigma(double g, double gMin)
    {
        double acc = 0;
        for (int k = Coefficients.Count - 1; k >= 0; k--)
        {
            acc = acc * g + Coefficients[k];
        }

        return Math.Max(acc, 0) / ReferenceGMax;
    }

    /// <inheritdoc />
    public override void Validate(string path)
    {
        ArgumentNullException.ThrowIfNull(Coefficients, path + ".Coefficients");
        for (int k = 0; k < Coefficients.Count; k++)
        {
            if (!double.IsFinite(Coefficients[k]))
            {
                throw new ArgumentOutOfRangeException($"{path}.Coefficients[{k}]", Coefficients[k], $"{path}.Coefficients[{k}] must be finite.");
            }
        }

        if (!(ReferenceGMax > 0) || !double.IsFinite(ReferenceGMax))
        {
            throw new ArgumentOutOfRangeException(path + ".ReferenceGMax", ReferenceGMax, $"{path}.ReferenceGMax must be finite and > 0.");
        }
    }
}

/// <summary>
/// PCM 1/f read noise at a given time since programming:
/// σ(ĝ) = ĝ·Q_s(ĝ)·sqrt(ln((t + t_read)/(2·t_read))), Q_s = min(0.0088/ĝ^0.65, 0.2), t_read = 250 ns.
/// </summary>
/// <remarks>Joshi et al., "Accurate deep neural network inference using computational phase-change
/// memory", Nat. Commun. 11:2473, 2020 (Methods, read-noise model), with the constants of IBM aihwkit's
/// PCMLikeNoiseModel. Departure, stated: aihwkit draws this accumulated 1/f noise once for the inference time
/// (<see cref="PcmDrift"/> does the same); used as a read-noise model here it is drawn afresh on every read, i.e.
/// treated as white between reads — the `pcm` preset's per-read noise at one hour. The drifting
/// <c>pcm-joshi2020</c> preset follows aihwkit and does not use it.</remarks>
/// <param name="TimeSinceProgrammingSeconds">t, the time since programming at which reads happen.</param>
public sealed record PcmReadNoise(double TimeSinceProgrammingSeconds) : ConductanceNoise
{
    /// <summary>Read duration t_read in seconds (Joshi 2020).</summary>
    public const double ReadTimeSeconds = 250e-9;

    /// <inheritdoc />
    public override double Sigma(double g, double gMin)
    {
        double ga = Math.Abs(g);
        if (ga == 0)
        {
            return 0;
        }

        double qs = Math.Min(0.0088 / Math.Pow(ga, 0.65), 0.2);
        double t = TimeSinceProgrammingSeconds;
        double logTerm = Math.Log((t + ReadTimeSeconds) / (2 * ReadTimeSeconds));
        return ga * qs * Math.Sqrt(Math.Max(logTerm, 0));
    }

    /// <inheritdoc />
    public override void Validate(string path) => RequireNonNegative(TimeSinceProgrammingSeconds, path + ".TimeSinceProgrammingSeconds");
}
