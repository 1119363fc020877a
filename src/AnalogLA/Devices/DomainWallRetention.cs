using AnalogLA.Numerics;
using MathNet.Numerics.LinearAlgebra;

namespace AnalogLA.Devices;

/// <summary>
/// Thermal retention of a domain wall pinned in the notches of a track: barrier, Arrhenius hopping,
/// the exact distribution of the wall's notch over time, sampling, and inverse design.
/// </summary>
/// <remarks>
/// <para>Barrier: E_b = σ_DW·t·Δw, the wall energy saved in the narrower notch (wall energy per area ×
/// thickness × width reduction), with σ_DW = 4·√(A·K_eff) − π·|D| (Bloch/Néel wall energy lowered by
/// interfacial DMI; Thiaville et al., EPL 100:57002, 2012) and K_eff = K_u + ΔK_u − ½·µ0·M_s²·(N_z − N_m): the
/// perpendicular anisotropy net of the shape anisotropy of the track, a rectangular prism L × W × t with Aharoni's
/// closed-form factors, N_m being the factor along the wall's central moment — N_x (along the track) for a Néel wall,
/// N_y (across it) for a Bloch wall, the type set by |D| against D_c = 2µ0M_s²t·ln 2/π² (see
/// <see cref="Demagnetization"/>). ΔK_u is the change made by ionic or ferroelectric gating. With
/// <see cref="ThinFilmLimit"/> the infinite-film value ½·µ0·M_s² (N_z − N_m = 1) is used instead, as earlier
/// versions did: for the Liu 2021 track it overstates the shape term by 29 % and gives Δ(300 K) = 17 instead of 27.
/// Material parameters follow <see cref="MagneticMaterial"/>'s temperature scaling.</para>
/// <para>Hopping: a wall escapes to each neighbouring stable position at the Arrhenius–Néel rate
/// k = f0·exp(−E_b/(k_B·T)) with attempt frequency f0 (default 1 GHz). Stable positions form a
/// birth–death continuous-time Markov chain with generator Q (Q_{i,i±1} = k, Q_ii = −Σ); the state
/// distribution evolves as p(t) = p(0)·exp(Q·t), computed by eigendecomposition of the symmetric Q or by
/// uniformisation (Jensen 1953; Grassmann 1977), and sampled exactly by drawing from a row of exp(Q·t), or
/// path by path (Gillespie 1977) for checks. Every stable state has the same barrier (uniform notches; the
/// ends are taken as pinned like a notch).</para>
/// <para>Retention metrics: Δ = E_b/(k_B·T); mean dwell 1/(2k) for an interior state; probability the state
/// has moved by t, 1 − exp(−2k·t); time to a loss fraction q, −ln(1 − q)/(2k). Ten-year retention at 1 % loss
/// needs Δ ≥ ln(2·f0·t₁₀/−ln 0.99) ≈ 45.6 at 1 GHz, in line with the 40–60 k_B·T rule of thumb (DESIGN.md).</para>
/// </remarks>
public sealed record DomainWallRetention
{
    /// <summary>Free-layer material (300 K parameters).</summary>
    public required MagneticMaterial Material { get; init; }

    /// <summary>Track geometry.</summary>
    public required NotchedTrack Track { get; init; }

    /// <summary>Anisotropy change ΔK_u from ionic/ferroelectric gating, J/m³ (0 when ungated).</summary>
    public double AnisotropyChange { get; init; }

    /// <summary>Attempt frequency f0 in Hz.</summary>
    public double AttemptFrequencyHz { get; init; } = 1e9;

    /// <summary>Use the infinite thin-film shape anisotropy ½·µ0·M_s² instead of the track's prism factors (see remarks).</summary>
    public bool ThinFilmLimit { get; init; }

    /// <summary>Demagnetising factors of the track (L × W × t prism; Aharoni 1998).</summary>
    public DemagnetizingFactors Factors => Demagnetization.Prism(Track.LengthNm, Track.WidthNm, Track.ThicknessNm);

    /// <summary>The wall type the DMI selects at temperature T (Néel for |D| ≥ D_c).</summary>
    public WallType Wall(double temperatureKelvin)
    {
        var m = Material.At(temperatureKelvin);
        return Demagnetization.WallTypeFor(m.Dmi, m.SaturationMagnetization, Track.ThicknessNm * 1e-9);
    }

    /// <summary>The shape term ½·µ0·M_s(T)²·(N_z − N_m) in J/m³ (N_z − N_m = 1 in the thin-film limit).</summary>
    public double ShapeAnisotropy(double temperatureKelvin)
    {
        var m = Material.At(temperatureKelvin);
        if (ThinFilmLimit)
        {
            return m.ShapeAnisotropy;
        }

        var n = Factors;
        return m.ShapeAnisotropy * (n.Nz - Demagnetization.InPlaneFactor(n, Wall(temperatureKelvin)));
    }

    /// <summary>K_eff = K_u(T) + ΔK_u − ½·µ0·M_s(T)²·(N_z − N_m), J/m³.</summary>
    /// <exception cref="ArgumentOutOfRangeException">K_eff ≤ 0 (no perpendicular pinned wall), or T out of range.</exception>
    public double EffectiveAnisotropy(double temperatureKelvin)
    {
        var m = Material.At(temperatureKelvin);
        double keff = m.UniaxialAnisotropy + AnisotropyChange - ShapeAnisotropy(temperatureKelvin);
        if (!(keff > 0))
        {
            throw new ArgumentOutOfRangeException("EffectiveAnisotropy", keff,
                $"K_eff = K_u + ΔK_u − ½µ0M_s²(N_z − N_m) = {keff:E3} J/m³ at {temperatureKelvin} K is outside the allowed range (0, ∞): a pinned perpendicular wall needs K_eff > 0.");
        }

        return keff;
    }

    /// <summary>σ_DW = 4·√(A·K_eff) − π·|D| in J/m².</summary>
    public double WallEnergy(double temperatureKelvin)
    {
        var m = Material.At(temperatureKelvin);
        double sigma = 4 * Math.Sqrt(m.ExchangeStiffness * EffectiveAnisotropy(temperatureKelvin)) - Math.PI * m.Dmi;
        if (!(sigma > 0))
        {
            throw new ArgumentOutOfRangeException("Dmi300K", Material.Dmi300K,
                $"σ_DW = 4√(A·K_eff) − π|D| = {sigma:E3} J/m² is not positive at {temperatureKelvin} K: |D| must be below 4√(A·K_eff)/π.");
        }

        return sigma;
    }

    /// <summary>E_b = σ_DW·t·Δw in joules.</summary>
    public double Barrier(double temperatureKelvin)
    {
        Validate();
        return WallEnergy(temperatureKelvin) * Track.ThicknessNm * 1e-9 * Track.NotchDepthNm * 1e-9;
    }

    /// <summary>Thermal stability Δ = E_b/(k_B·T).</summary>
    public double ThermalStability(double temperatureKelvin) => Barrier(temperatureKelvin) / PhysicalConstants.ThermalEnergy(temperatureKelvin);

    /// <summary>Hop rate to each neighbour, k = f0·exp(−Δ), in 1/s.</summary>
    public double HopRate(double temperatureKelvin) => AttemptFrequencyHz * Math.Exp(-ThermalStability(temperatureKelvin));

    /// <summary>Mean dwell time of an interior state, 1/(2k), in seconds.</summary>
    public double MeanDwellSeconds(double temperatureKelvin) => 1 / (2 * HopRate(temperatureKelvin));

    /// <summary>Probability that an interior state has moved (left at least once) by time t: 1 − exp(−2k·t).</summary>
    public double ProbabilityMoved(double seconds, double temperatureKelvin) => 0.0 - double.ExpM1(-2 * HopRate(temperatureKelvin) * seconds);

    /// <summary>Time until a fraction <paramref name="lossFraction"/> of interior states has moved: −ln(1 − q)/(2k).</summary>
    public double TimeToLoss(double lossFraction, double temperatureKelvin)
    {
        PhysicalConstants.RequireInRange(lossFraction, 1e-15, 1 - 1e-15, nameof(lossFraction));
        return -double.LogP1(-lossFraction) / (2 * HopRate(temperatureKelvin));
    }

    /// <summary>The Δ needed so that at most <paramref name="lossFraction"/> of interior states move within <paramref name="seconds"/>.</summary>
    public double RequiredThermalStability(double seconds, double lossFraction = 0.01) =>
        Math.Log(2 * AttemptFrequencyHz * seconds / -double.LogP1(-lossFraction));

    /// <summary>
    /// Inverse design: the notch depth Δw (nm) that gives the required Δ at <paramref name="temperatureKelvin"/>
    /// with this material and thickness: Δw = Δ_req·k_B·T/(σ_DW·t). It may exceed the track width (then
    /// the geometry cannot reach the target and the material or thickness must change).
    /// </summary>
    public double NotchDepthNmFor(double seconds, double temperatureKelvin, double lossFraction = 0.01)
    {
        double energy = RequiredThermalStability(seconds, lossFraction) * PhysicalConstants.ThermalEnergy(temperatureKelvin);
        return energy / (WallEnergy(temperatureKelvin) * Track.ThicknessNm * 1e-9) * 1e9;
    }

    /// <summary>
    /// Inverse design: the 300 K uniaxial anisotropy K_u (J/m³) that gives the required Δ at
    /// <paramref name="temperatureKelvin"/> with this geometry: solve 4√(A·K_eff) = E_req/(t·Δw) + π|D| for K_eff,
    /// then K_u(T) = K_eff − ΔK_u + ½µ0M_s²(N_z − N_m), scaled back to 300 K by m³.
    /// </summary>
    public double UniaxialAnisotropy300KFor(double seconds, double temperatureKelvin, double lossFraction = 0.01)
    {
        var m = Material.At(temperatureKelvin);
        double energy = RequiredThermalStability(seconds, lossFraction) * PhysicalConstants.ThermalEnergy(temperatureKelvin);
        double sigma = energy / (Track.ThicknessNm * 1e-9 * Track.NotchDepthNm * 1e-9);
        double keff = Math.Pow((sigma + Math.PI * m.Dmi) / 4, 2) / m.ExchangeStiffness;
        double kuAtT = keff - AnisotropyChange + ShapeAnisotropy(temperatureKelvin);
        double scale = m.SaturationMagnetization / Material.SaturationMagnetization300K;
        return kuAtT / (scale * scale * scale);
    }

    /// <summary>Generator Q of the notch chain (n×n, symmetric tridiagonal) at temperature T.</summary>
    public Matrix<double> Generator(double temperatureKelvin)
    {
        int n = Track.StateFractions().Length;
        double k = HopRate(temperatureKelvin);
        var q = Matrix<double>.Build.Dense(n, n);
        for (int i = 0; i < n; i++)
        {
            if (i > 0)
            {
                q[i, i - 1] = k;
            }

            if (i < n - 1)
            {
                q[i, i + 1] = k;
            }

            q[i, i] = -((i > 0 ? k : 0) + (i < n - 1 ? k : 0));
        }

        return q;
    }

    /// <summary>Transition matrix P(t) = exp(Q·t) by eigendecomposition (exact for any t).</summary>
    public Matrix<double> TransitionMatrix(double seconds, double temperatureKelvin)
    {
        PhysicalConstants.RequireInRange(seconds, 0, double.MaxValue, nameof(seconds));
        var q = Generator(temperatureKelvin);
        var evd = q.Evd(MathNet.Numerics.LinearAlgebra.Symmetricity.Symmetric);
        var v = evd.EigenVectors;
        var lambda = evd.EigenValues.Map(c => Math.Exp(Math.Min(c.Real, 0) * seconds));
        var p = v * Matrix<double>.Build.DenseOfDiagonalVector(lambda) * v.Transpose();
        // Clean rounding: probabilities are non-negative and rows sum to one.
        for (int i = 0; i < p.RowCount; i++)
        {
            double sum = 0;
            for (int j = 0; j < p.ColumnCount; j++)
            {
                p[i, j] = Math.Max(p[i, j], 0);
                sum += p[i, j];
            }

            for (int j = 0; j < p.ColumnCount; j++)
            {
                p[i, j] /= sum;
            }
        }

        return p;
    }

    /// <summary>
    /// p(t) = p(0)·exp(Q·t) by uniformisation: Σ_j Poisson(j; Λt)·p(0)·Uʲ with U = I + Q/Λ, truncated when the
    /// Poisson tail is below 1e−13. Needs Λt ≤ 10⁶ (else use <see cref="TransitionMatrix"/>).
    /// </summary>
    public double[] EvolveByUniformisation(ReadOnlySpan<double> initial, double seconds, double temperatureKelvin)
    {
        var q = Generator(temperatureKelvin);
        int n = q.RowCount;
        if (initial.Length != n)
        {
            throw new ArgumentException($"initial distribution has {initial.Length} entries, the track has {n} states.", nameof(initial));
        }

        double lambda = -q.Diagonal().Minimum();
        double lt = lambda * seconds;
        if (lt > 1e6)
        {
            throw new ArgumentOutOfRangeException(nameof(seconds), seconds, $"Λt = {lt:E2} is too large for uniformisation (≤ 1e6); use TransitionMatrix.");
        }

        var u = Matrix<double>.Build.DenseIdentity(n) + q / Math.Max(lambda, double.Epsilon);
        var term = Vector<double>.Build.DenseOfArray(initial.ToArray());
        var result = Vector<double>.Build.Dense(n);
        // Poisson weights computed in log space to avoid overflow for large Λt.
        double cumulative = 0;
        for (int j = 0; ; j++)
        {
            double weight = Math.Exp(-lt + j * Math.Log(Math.Max(lt, double.Epsilon)) - MathNet.Numerics.SpecialFunctions.GammaLn(j + 1));
            if (lt == 0)
            {
                weight = j == 0 ? 1 : 0;
            }

            result += weight * term;
            cumulative += weight;
            if ((cumulative > 1 - 1e-13 && j > lt) || j > lt + 50 * Math.Sqrt(lt) + 100)
            {
                break;
            }

            term = u.TransposeThisAndMultiply(term);
        }

        return result.ToArray();
    }

    /// <summary>Samples a wall's final state after <paramref name="seconds"/> by simulating its hops (Gillespie); for checks and small k·t.</summary>
    public int SimulateHops(int initialState, double seconds, double temperatureKelvin, CounterRandom random, int maxHops = 1_000_000)
    {
        int n = Track.StateFractions().Length;
        double k = HopRate(temperatureKelvin);
        int state = initialState;
        double time = 0;
        for (uint draw = 0; draw < 2 * (uint)maxHops; draw += 2)
        {
            int neighbours = (state > 0 ? 1 : 0) + (state < n - 1 ? 1 : 0);
            time += -Math.Log(random.Uniform(draw)) / (neighbours * k);
            if (time > seconds)
            {
                return state;
            }

            bool left = state == n - 1 || (state > 0 && random.Uniform(draw + 1) < 0.5);
            state += left ? -1 : 1;
        }

        throw new InvalidOperationException($"more than {maxHops} hops in {seconds} s; use TransitionMatrix for this k·t.");
    }

    /// <summary>Checks the parameters; names the offending one and its range.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Material);
        ArgumentNullException.ThrowIfNull(Track);
        Material.Validate();
        Track.Validate();
        PhysicalConstants.RequirePositive(AttemptFrequencyHz, nameof(AttemptFrequencyHz), "(0, ∞) Hz");
        if (!double.IsFinite(AnisotropyChange))
        {
            throw new ArgumentOutOfRangeException(nameof(AnisotropyChange), AnisotropyChange, "ΔK_u must be finite.");
        }
    }
}
