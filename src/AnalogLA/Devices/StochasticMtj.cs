using AnalogLA.Numerics;

namespace AnalogLA.Devices;

/// <summary>
/// The "Bayes-MTJ": a low-barrier stochastic magnetic tunnel junction whose interfacial anisotropy is set
/// non-volatilely by a ferroelectric or ionic gate, so that each read finds it antiparallel with a
/// programmed probability p. A cell contributes ΔG·(s − p) to a column (s ∈ {0, 1}), zero mean and variance
/// ΔG²·p(1 − p): a programmable standard deviation.
/// </summary>
/// <remarks>
/// <para>Thermal stability Δ = K_eff·V/(k_B·T), K_eff = K_i/t_f − ½·µ0·M_s²·(N_z − N_x), V = π·(d/2)²·t_f;
/// the gate sets K_i(V_g) = K_i0 − ξ·V_g/t_ox (voltage-controlled magnetic anisotropy, held
/// non-volatilely by the ferroelectric/ionic layer).</para>
/// <para>Sampling (Néel–Brown statistics): each read resets the free layer to P and waits a sampling
/// window τ_s; the free layer flips between two equal-energy states with mean dwell τ = τ0·exp(Δ)
/// (Néel 1949; Brown, Phys. Rev. 130:1677, 1963), so the telegraph process gives
/// p = P(AP at τ_s) = ½·(1 − exp(−2τ_s/τ)). Inverse: Δ = ln(2τ_s/τ0) − ln(−ln(1 − 2p)).</para>
/// <para>σ → anisotropy map (K devices per weight, their contributions summed): σ_G = ΔG·√(K·p(1 − p)),
/// so p = (1 − √(1 − 4σ_G²/(K·ΔG²)))/2 ∈ [0, ½), then Δ(p), K_eff = Δ·k_B·T/V, K_i = t_f·(K_eff + ½µ0M_s²(N_z − N_x))
/// and V_g = (K_i0 − K_i)·t_ox/ξ. The map covers σ_G ∈ [0, σ_max] with σ_max = ΔG·√(K·p_max(1 − p_max)),
/// p_max = p(Δ = 0) (a gate cannot push the barrier below zero); targets above σ_max are rejected.</para>
/// <para>Reference parameters (<see cref="Kwon2022"/>): the UT Austin fabricated stochastic MTJ model as
/// published with Liu, Xiao, Kwon, Debusschere, Agarwal, Incorvia and Bennett, "Bayesian neural networks
/// using magnetic tunnel junction-based probabilistic in-memory computing", Front. Nanotechnol. 4:1021943,
/// 2022: R_P 5 kΩ, TMR 120 %, K_i0 1.0056e−3 J/m², M_s 1.2e6 A/m, t_f 1.1 nm, t_ox 1.5 nm, 50 nm circular,
/// ξ 75 fJ/(V·m), N_z − N_x = 0.968, giving Δ ≈ 20 at 300 K. τ0 = 1 ns and τ_s = 10 ns are assumptions
/// (a typical attempt time and a sampling window of a few nanoseconds), stated here.</para>
/// </remarks>
public sealed record StochasticMtj
{
    /// <summary>The reference stochastic MTJ (see remarks).</summary>
    public static StochasticMtj Kwon2022 { get; } = new();

    /// <summary>R_P in ohms.</summary>
    public double ParallelResistanceOhms { get; init; } = 5e3;

    /// <summary>TMR ratio (1.2 = 120 %).</summary>
    public double Tmr { get; init; } = 1.2;

    /// <summary>Interfacial anisotropy K_i0 at zero gate voltage, J/m².</summary>
    public double InterfacialAnisotropy { get; init; } = 1.0056e-3;

    /// <summary>M_s in A/m.</summary>
    public double SaturationMagnetization { get; init; } = 1.2e6;

    /// <summary>Free-layer thickness t_f in nm.</summary>
    public double FreeLayerThicknessNm { get; init; } = 1.1;

    /// <summary>Oxide (gate) thickness t_ox in nm.</summary>
    public double OxideThicknessNm { get; init; } = 1.5;

    /// <summary>Diameter of the circular junction in nm.</summary>
    public double DiameterNm { get; init; } = 50;

    /// <summary>VCMA coefficient ξ in J/(V·m) (75 fJ/(V·m)).</summary>
    public double VcmaCoefficient { get; init; } = 75e-15;

    /// <summary>
    /// Demagnetising factor difference N_z − N_x: 0.968 as the reference model publishes it. The shape alone
    /// (<see cref="GeometricDemagnetizingFactorDifference"/>, the <see cref="Demagnetization"/> helper the DW track
    /// uses) gives 0.895 for a 50 nm × 1.1 nm disc, and Δ(300 K) = 54 instead of 20: K_eff is a small difference of
    /// large terms, so the published value is kept to reproduce the published device; set this property to
    /// <see cref="GeometricDemagnetizingFactorDifference"/> for a free layer described by its geometry alone.
    /// </summary>
    public double DemagnetizingFactorDifference { get; init; } = 0.968;

    /// <summary>N_z − N_x of the free layer from its geometry (disc as its equal-area square prism; Aharoni 1998).</summary>
    public double GeometricDemagnetizingFactorDifference
    {
        get
        {
            var n = Demagnetization.DiscAsEqualAreaSquare(DiameterNm, FreeLayerThicknessNm);
            return n.Nz - n.Nx;
        }
    }

    /// <summary>
    /// The free layer's macrospin relaxation time of m_z at thermal stability Δ, in seconds: the exact Fokker–Planck
    /// integral relaxation time (<see cref="Macrospin.IntegralRelaxationTime"/>) times the time unit
    /// (1 + α²)/(γ·µ0·H_K), µ0·H_K = 2K_eff/M_s = 2Δ·k_B·T/(V·M_s). At high barriers the mean dwell in a state is twice it.
    /// </summary>
    /// <param name="thermalStability">Δ at which the layer is programmed.</param>
    /// <param name="damping">Gilbert damping α (CoFeB free layers: about 0.005–0.02).</param>
    public double MacrospinRelaxationSeconds(double thermalStability, double damping)
    {
        Validate();
        PhysicalConstants.RequireInRange(thermalStability, 0.01, 60, nameof(thermalStability));
        double mu0Hk = 2 * thermalStability * PhysicalConstants.ThermalEnergy(TemperatureKelvin) / (VolumeCubicMetres * SaturationMagnetization);
        double unit = (1 + (damping * damping)) / (PhysicalConstants.GyromagneticRatio * mu0Hk);
        return Macrospin.IntegralRelaxationTime(thermalStability, damping) * unit;
    }

    /// <summary>
    /// Attempt time τ0 in seconds (default 1 ns, the conventional value). Measured attempt times of low-barrier
    /// stochastic MTJs reach far below it — tens of picoseconds to sub-nanosecond (Soumah et al., arXiv:2402.03452,
    /// 2024) — and the macrospin relaxation time (<see cref="Macrospin.IntegralRelaxationTime"/>, in units of
    /// (1 + α²)/(γµ0H_K)) gives τ0 from the damping and anisotropy field; set it to the device at hand.
    /// </summary>
    public double AttemptTimeSeconds { get; init; } = 1e-9;

    /// <summary>Sampling window τ_s in seconds.</summary>
    public double SamplingWindowSeconds { get; init; } = 10e-9;

    /// <summary>Operating temperature in kelvin.</summary>
    public double TemperatureKelvin { get; init; } = 300;

    /// <summary>Free-layer volume V = π(d/2)²·t_f in m³.</summary>
    public double VolumeCubicMetres => Math.PI * Math.Pow(DiameterNm * 0.5e-9, 2) * FreeLayerThicknessNm * 1e-9;

    /// <summary>ΔG = G_P − G_AP in siemens.</summary>
    public double ConductanceSwingSiemens => (1 - 1 / (1 + Tmr)) / ParallelResistanceOhms;

    private double Demagnetizing => 0.5 * PhysicalConstants.VacuumPermeability * SaturationMagnetization * SaturationMagnetization * DemagnetizingFactorDifference;

    /// <summary>K_eff = K_i/t_f − ½µ0M_s²(N_z − N_x) in J/m³ for an interfacial anisotropy K_i (J/m²).</summary>
    public double EffectiveAnisotropy(double interfacialAnisotropy) => interfacialAnisotropy / (FreeLayerThicknessNm * 1e-9) - Demagnetizing;

    /// <summary>Δ = K_eff·V/(k_B·T) for an interfacial anisotropy K_i (default: the ungated K_i0).</summary>
    public double ThermalStability(double? interfacialAnisotropy = null)
    {
        Validate();
        return EffectiveAnisotropy(interfacialAnisotropy ?? InterfacialAnisotropy) * VolumeCubicMetres / PhysicalConstants.ThermalEnergy(TemperatureKelvin);
    }

    /// <summary>K_i(V_g) = K_i0 − ξ·V_g/t_ox.</summary>
    public double InterfacialAnisotropyAt(double gateVolts) => InterfacialAnisotropy - VcmaCoefficient * gateVolts / (OxideThicknessNm * 1e-9);

    /// <summary>p = ½(1 − exp(−2τ_s/(τ0·e^Δ))), the probability of reading AP.</summary>
    public double ProbabilityAntiparallel(double thermalStability) =>
        -0.5 * double.ExpM1(-2 * SamplingWindowSeconds / (AttemptTimeSeconds * Math.Exp(thermalStability)));

    /// <summary>The largest p the gate can reach (Δ = 0).</summary>
    public double MaximumProbability => ProbabilityAntiparallel(0);

    /// <summary>Δ for a target p: ln(2τ_s/τ0) − ln(−ln(1 − 2p)).</summary>
    public double ThermalStabilityFor(double probability)
    {
        PhysicalConstants.RequireInRange(probability, 1e-300, MaximumProbability, nameof(probability));
        return Math.Log(2 * SamplingWindowSeconds / AttemptTimeSeconds) - Math.Log(-double.LogP1(-2 * probability));
    }

    /// <summary>The largest standard deviation (siemens) K devices can give.</summary>
    public double MaximumSigmaSiemens(int devices = 1)
    {
        double p = MaximumProbability;
        return ConductanceSwingSiemens * Math.Sqrt(devices * p * (1 - p));
    }

    /// <summary>
    /// The programming for a target σ (siemens) with K devices per weight: p, Δ, K_i and the gate voltage.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">σ outside [0, σ_max]; the message gives σ_max.</exception>
    public StochasticMtjProgram ProgramFor(double sigmaSiemens, int devices = 1)
    {
        if (devices < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(devices), devices, "devices per weight must be ≥ 1.");
        }

        double max = MaximumSigmaSiemens(devices);
        if (!(sigmaSiemens >= 0 && sigmaSiemens <= max))
        {
            throw new ArgumentOutOfRangeException(nameof(sigmaSiemens), sigmaSiemens, $"target σ = {sigmaSiemens:E3} S is outside the allowed range [0, {max:E3}] S for {devices} device(s) per weight.");
        }

        double swing = ConductanceSwingSiemens;
        double ratio = 4 * sigmaSiemens * sigmaSiemens / (devices * swing * swing);
        double p = 0.5 * (1 - Math.Sqrt(Math.Max(1 - ratio, 0)));
        if (p <= 0)
        {
            // σ = 0: keep the ungated barrier (p is then negligible, ~1e−8 at Δ ≈ 20).
            double delta0 = ThermalStability();
            return new StochasticMtjProgram(ProbabilityAntiparallel(delta0), delta0, InterfacialAnisotropy, 0);
        }

        double delta = ThermalStabilityFor(Math.Min(p, MaximumProbability));
        double keff = delta * PhysicalConstants.ThermalEnergy(TemperatureKelvin) / VolumeCubicMetres;
        double ki = (keff + Demagnetizing) * FreeLayerThicknessNm * 1e-9;
        double gate = (InterfacialAnisotropy - ki) * OxideThicknessNm * 1e-9 / VcmaCoefficient;
        return new StochasticMtjProgram(p, delta, ki, gate);
    }

    /// <summary>σ (siemens) that a programming gives with K devices: ΔG·√(K·p(1 − p)).</summary>
    public double SigmaSiemens(StochasticMtjProgram program, int devices = 1)
    {
        ArgumentNullException.ThrowIfNull(program);
        double p = ProbabilityAntiparallel(ThermalStability(program.InterfacialAnisotropy));
        return ConductanceSwingSiemens * Math.Sqrt(devices * p * (1 - p));
    }

    /// <summary>
    /// One read of as many cells as <paramref name="contributions"/> holds, with AP probability p: contributions ΔG·(s − p) in siemens.
    /// </summary>
    public void Sample(double probability, Span<double> contributions, CounterRandom random)
    {
        PhysicalConstants.RequireInRange(probability, 0, 1, nameof(probability));
        var u = new float[contributions.Length];
        random.FillUniform(u);
        double swing = ConductanceSwingSiemens;
        for (int i = 0; i < u.Length; i++)
        {
            double s = u[i] < probability ? 1 : 0;
            contributions[i] = swing * (s - probability);
        }
    }

    /// <summary>Checks parameters; names the offending one and its range.</summary>
    public void Validate()
    {
        PhysicalConstants.RequirePositive(ParallelResistanceOhms, nameof(ParallelResistanceOhms), "(0, ∞) Ω");
        PhysicalConstants.RequirePositive(Tmr, nameof(Tmr), "(0, ∞)");
        PhysicalConstants.RequirePositive(InterfacialAnisotropy, nameof(InterfacialAnisotropy), "(0, ∞) J/m²");
        PhysicalConstants.RequirePositive(SaturationMagnetization, nameof(SaturationMagnetization), "(0, ∞) A/m");
        PhysicalConstants.RequirePositive(FreeLayerThicknessNm, nameof(FreeLayerThicknessNm), "(0, ∞) nm");
        PhysicalConstants.RequirePositive(OxideThicknessNm, nameof(OxideThicknessNm), "(0, ∞) nm");
        PhysicalConstants.RequirePositive(DiameterNm, nameof(DiameterNm), "(0, ∞) nm");
        PhysicalConstants.RequirePositive(VcmaCoefficient, nameof(VcmaCoefficient), "(0, ∞) J/(V·m)");
        PhysicalConstants.RequireInRange(DemagnetizingFactorDifference, 0, 1, nameof(DemagnetizingFactorDifference));
        PhysicalConstants.RequirePositive(AttemptTimeSeconds, nameof(AttemptTimeSeconds), "(0, ∞) s");
        PhysicalConstants.RequirePositive(SamplingWindowSeconds, nameof(SamplingWindowSeconds), "(0, ∞) s");
        PhysicalConstants.RequirePositive(TemperatureKelvin, nameof(TemperatureKelvin), "(0, ∞) K");
        if (!(EffectiveAnisotropy(InterfacialAnisotropy) > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(InterfacialAnisotropy), InterfacialAnisotropy,
                "K_eff = K_i0/t_f − ½µ0M_s²(N_z − N_x) must be > 0 for a perpendicular stochastic MTJ with a barrier.");
        }
    }
}

/// <summary>How one stochastic MTJ is programmed.</summary>
/// <param name="Probability">p, the probability of reading AP.</param>
/// <param name="ThermalStability">Δ after programming.</param>
/// <param name="InterfacialAnisotropy">K_i after programming, J/m².</param>
/// <param name="GateVolts">The equivalent gate voltage V_g that set K_i.</param>
public sealed record StochasticMtjProgram(double Probability, double ThermalStability, double InterfacialAnisotropy, double GateVolts);
