using System.Runtime.Intrinsics;
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
/// <para>Reads (<see cref="ReadModel"/>): each read resets the free layer to P and reads it after a window τ_s.
/// <see cref="MtjReadModel.Macrospin"/> (default) takes the antiparallel fraction s = (1 − m_z)/2 of the read from the
/// Fokker–Planck equation of the thermally agitated macrospin (<see cref="MacrospinReadout"/>: Brown 1963; G follows
/// the angle to the reference layer), so the mean p = E[s] and the variance v = Var(s) hold at the low Δ the gate
/// programs, where the layer is not two-state; the time scale is Brown's τ_N = (1 + α²)·M_s·V/(2α·γ·k_B·T)
/// (<see cref="DiffusionTimeSeconds"/>). <see cref="MtjReadModel.Telegraph"/> keeps the published two-state
/// Néel–Brown picture: mean dwell τ = τ0·exp(Δ) (Néel 1949), p = ½·(1 − exp(−2τ_s/τ)), v = p(1 − p), inverse
/// Δ = ln(2τ_s/τ0) − ln(−ln(1 − 2p)).</para>
/// <para>σ → anisotropy map (K devices per weight, their contributions summed): σ_G = ΔG·√(K·v(Δ)), so
/// v = σ_G²/(K·ΔG²) → Δ (telegraph: p = (1 − √(1 − 4v))/2, then Δ(p); macrospin: bisection on v(Δ) over the branch
/// Δ ≥ Δ_peak where v falls with Δ — at long reads v peaks near Δ ≈ 3, where the layer is bimodal, and drops to 1/12
/// at Δ = 0, where m_z is uniform), K_eff = Δ·k_B·T/V, K_i = t_f·(K_eff + ½µ0M_s²(N_z − N_x)) and
/// V_g = (K_i0 − K_i)·t_ox/ξ. The map covers σ_G ∈ [σ_floor, σ_max]: σ_max = ΔG·√(K·v_max) (telegraph: v(Δ = 0), a gate
/// cannot push the barrier below zero); targets above it are rejected. Under the macrospin a programmed layer never
/// reads noise-free: the in-well spread of m_z leaves v(Δ_max = 60) ≈ 1/(16Δ²), and smaller targets get that floor
/// (σ = 0 weights have their devices disconnected).</para>
/// <para>Reference parameters (<see cref="Kwon2022"/>): the UT Austin fabricated stochastic MTJ model as
/// published with Liu, Xiao, Kwon, Debusschere, Agarwal, Incorvia and Bennett, "Bayesian neural networks
/// using magnetic tunnel junction-based probabilistic in-memory computing", Front. Nanotechnol. 4:1021943,
/// 2022: R_P 5 kΩ, TMR 120 %, K_i0 1.0056e−3 J/m², M_s 1.2e6 A/m, t_f 1.1 nm, t_ox 1.5 nm, 50 nm circular,
/// ξ 75 fJ/(V·m), N_z − N_x = 0.968, giving Δ ≈ 20 at 300 K. Assumptions, stated here: Gilbert damping α = 0.01
/// (CoFeB–MgO free layers of about 1 nm: 0.005–0.03; Ikeda et al., Nat. Mater. 9:721, 2010, report ≈ 0.01–0.03), so
/// τ_N = 178 ns; the read window τ_s = 1 µs ≈ 5.6·τ_N, long enough for the layer to relax (at the telegraph model's
/// former 10 ns the macrospin barely leaves P: v ≤ 0.001, σ_max 16× below the two-state value); a reset of stiffness
/// ξ = 100; for the telegraph model τ0 = 1 ns (a conventional attempt time).</para>
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

    /// <summary>Sampling (read) window τ_s in seconds (see remarks for the default).</summary>
    public double SamplingWindowSeconds { get; init; } = 1e-6;

    /// <summary>Which physics gives the read statistics (default: the macrospin).</summary>
    public MtjReadModel ReadModel { get; init; } = MtjReadModel.Macrospin;

    /// <summary>Gilbert damping α of the free layer (macrospin read model; default 0.01, see remarks).</summary>
    public double Damping { get; init; } = 0.01;

    /// <summary>Zeeman stability ξ of the reset that holds the layer at P before a read (macrospin read model).</summary>
    public double ResetStiffness { get; init; } = 100;

    /// <summary>Brown's free-diffusion time τ_N = (1 + α²)·M_s·V/(2α·γ·k_B·T) in seconds (independent of Δ).</summary>
    public double DiffusionTimeSeconds =>
        (1 + (Damping * Damping)) * SaturationMagnetization * VolumeCubicMetres
        / (2 * Damping * PhysicalConstants.GyromagneticRatio * PhysicalConstants.ThermalEnergy(TemperatureKelvin));

    /// <summary>The macrospin read-out table for τ_s/τ_N and ξ (null under the telegraph model).</summary>
    public MacrospinReadout? ReadoutTable() => ReadModel == MtjReadModel.Macrospin ? MacrospinReadout.For(SamplingWindowSeconds / DiffusionTimeSeconds, ResetStiffness) : null;

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

    /// <summary>
    /// p = E[s], the mean antiparallel fraction of a read at Δ: telegraph ½(1 − exp(−2τ_s/(τ0·e^Δ))), the probability of
    /// reading AP; macrospin from the read-out table (Δ above <see cref="MacrospinReadout.MaximumThermalStability"/> reads as it).
    /// </summary>
    public double ProbabilityAntiparallel(double thermalStability) => ReadoutTable() is { } table
        ? table.MeanAntiparallel(Math.Clamp(thermalStability, 0, MacrospinReadout.MaximumThermalStability))
        : -0.5 * double.ExpM1(-2 * SamplingWindowSeconds / (AttemptTimeSeconds * Math.Exp(thermalStability)));

    /// <summary>v = Var(s) of one read at Δ: telegraph p(1 − p); macrospin from the read-out table.</summary>
    public double ReadVariance(double thermalStability)
    {
        if (ReadoutTable() is { } table)
        {
            return table.Variance(Math.Clamp(thermalStability, 0, MacrospinReadout.MaximumThermalStability));
        }

        double p = ProbabilityAntiparallel(thermalStability);
        return p * (1 - p);
    }

    /// <summary>The mean p at the programmable barrier of largest variance (telegraph: Δ = 0; macrospin: Δ_peak).</summary>
    public double MaximumProbability => ProbabilityAntiparallel(ReadoutTable()?.PeakThermalStability ?? 0);

    /// <summary>Δ for a target mean p (telegraph: ln(2τ_s/τ0) − ln(−ln(1 − 2p)); macrospin: bisection over Δ ≥ Δ_peak).</summary>
    public double ThermalStabilityFor(double probability)
    {
        PhysicalConstants.RequireInRange(probability, 1e-300, MaximumProbability, nameof(probability));
        if (ReadoutTable() is not { } table)
        {
            return Math.Log(2 * SamplingWindowSeconds / AttemptTimeSeconds) - Math.Log(-double.LogP1(-2 * probability));
        }

        double lo = table.PeakThermalStability, hi = MacrospinReadout.MaximumThermalStability;
        for (int i = 0; i < 100 && hi - lo > 1e-12; i++)
        {
            double mid = 0.5 * (lo + hi);
            (lo, hi) = table.MeanAntiparallel(mid) > probability ? (mid, hi) : (lo, mid);
        }

        return 0.5 * (lo + hi);
    }

    /// <summary>The largest standard deviation (siemens) K devices can give: ΔG·√(K·v_max).</summary>
    public double MaximumSigmaSiemens(int devices = 1) =>
        ConductanceSwingSiemens * Math.Sqrt(devices * (ReadoutTable()?.MaximumVariance ?? ReadVariance(0)));

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
        double variance = sigmaSiemens * sigmaSiemens / (devices * swing * swing);
        double delta;
        if (ReadoutTable() is { } table)
        {
            delta = variance > 0 ? table.ThermalStabilityForVariance(variance) : ThermalStability();
        }
        else
        {
            double p = 0.5 * (1 - Math.Sqrt(Math.Max(1 - (4 * variance), 0)));
            // σ = 0: keep the ungated barrier (p is then negligible, ~1e−8 at Δ ≈ 20).
            delta = p > 0 ? ThermalStabilityFor(Math.Min(p, MaximumProbability)) : ThermalStability();
        }

        if (variance <= 0)
        {
            return new StochasticMtjProgram(ProbabilityAntiparallel(delta), delta, InterfacialAnisotropy, 0);
        }

        double keff = delta * PhysicalConstants.ThermalEnergy(TemperatureKelvin) / VolumeCubicMetres;
        double ki = (keff + Demagnetizing) * FreeLayerThicknessNm * 1e-9;
        double gate = (InterfacialAnisotropy - ki) * OxideThicknessNm * 1e-9 / VcmaCoefficient;
        return new StochasticMtjProgram(ProbabilityAntiparallel(delta), delta, ki, gate);
    }

    /// <summary>σ (siemens) that a programming gives with K devices: ΔG·√(K·v(Δ(K_i))).</summary>
    public double SigmaSiemens(StochasticMtjProgram program, int devices = 1)
    {
        ArgumentNullException.ThrowIfNull(program);
        return ConductanceSwingSiemens * Math.Sqrt(devices * ReadVariance(Math.Max(ThermalStability(program.InterfacialAnisotropy), 0)));
    }

    /// <summary>
    /// One read of as many cells as <paramref name="contributions"/> holds, each at barrier Δ: contributions
    /// ΔG·(s − p) in siemens (telegraph: s ∈ {0, 1} with P(s = 1) = p; macrospin: s drawn from the read-out distribution).
    /// </summary>
    public void Sample(double thermalStability, Span<double> contributions, CounterRandom random)
    {
        PhysicalConstants.RequireInRange(thermalStability, 0, 1e3, nameof(thermalStability));
        double swing = ConductanceSwingSiemens, p = ProbabilityAntiparallel(thermalStability);
        var table = ReadoutTable();
        float state = table?.Position(Math.Min(thermalStability, MacrospinReadout.MaximumThermalStability)) ?? (float)p;
        var states = new float[contributions.Length];
        Array.Fill(states, state);
        var reads = new float[contributions.Length];
        Read(table, states, random, reads);
        for (int i = 0; i < contributions.Length; i++)
        {
            contributions[i] = swing * (reads[i] - p);
        }
    }

    /// <summary>
    /// The one cell-read sampler every client uses: reads s of cells in <paramref name="states"/> from the stream
    /// <paramref name="random"/>, cell c from its counter c — under the telegraph model (<paramref name="table"/> null)
    /// the state is p and s = 1 when Uniform(c) &lt; p (a Bernoulli draw); under the macrospin it is the table coordinate
    /// (<see cref="MacrospinReadout.Position"/>) and s is drawn by
    /// <see cref="MacrospinReadout.Read(ReadOnlySpan{float}, ReadOnlySpan{uint}, Span{float})"/>.
    /// The reads depend only on the stream and the cell index, not on how the span is processed.
    /// </summary>
    public static void Read(MacrospinReadout? table, ReadOnlySpan<float> states, CounterRandom random, Span<float> reads)
    {
        int n = states.Length;
        if (reads.Length < n)
        {
            throw new ArgumentException($"{n} cells need {n} reads, found {reads.Length}.", nameof(reads));
        }

        const int Chunk = 256;
        Span<uint> bits = stackalloc uint[Math.Min(Chunk, n)];      // short lines (a conv layer's few inputs) do not clear a whole chunk
        for (int c = 0; c < n; c += Chunk)
        {
            int length = Math.Min(Chunk, n - c);
            random.FillBits(bits[..length], (uint)c);
            if (table is null)
            {
                Bernoulli(states.Slice(c, length), bits[..length], reads.Slice(c, length));
            }
            else
            {
                table.Read(states.Slice(c, length), bits[..length], reads.Slice(c, length));
            }
        }
    }

    /// <summary>Telegraph reads: s = 1 when the bits' uniform (<see cref="CounterRandom.UniformOf(uint)"/>) is below p.</summary>
    private static void Bernoulli(ReadOnlySpan<float> probability, ReadOnlySpan<uint> bits, Span<float> reads)
    {
        int c = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            const int Lanes = 8;
            for (; c <= probability.Length - Lanes; c += Lanes)
            {
                var u = CounterRandom.UniformOf(Vector256.Create(bits.Slice(c, Lanes)));
                (Vector256.LessThan(u, Vector256.Create(probability.Slice(c, Lanes))) & Vector256<float>.One).CopyTo(reads.Slice(c, Lanes));
            }
        }

        for (; c < probability.Length; c++)
        {
            reads[c] = CounterRandom.UniformOf(bits[c]) < probability[c] ? 1f : 0f;
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
        PhysicalConstants.RequireInRange(Damping, 1e-4, 1, nameof(Damping));
        PhysicalConstants.RequireInRange(ResetStiffness, 1, 1e4, nameof(ResetStiffness));
        if (!Enum.IsDefined(ReadModel))
        {
            throw new ArgumentOutOfRangeException(nameof(ReadModel), ReadModel, "ReadModel must be Macrospin or Telegraph.");
        }

        if (ReadModel == MtjReadModel.Macrospin)
        {
            PhysicalConstants.RequireInRange(SamplingWindowSeconds / DiffusionTimeSeconds, 1e-4, 1e4, "SamplingWindowSeconds/τ_N");
        }

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
