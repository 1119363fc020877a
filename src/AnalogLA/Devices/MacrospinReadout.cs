using System.Collections.Concurrent;

namespace AnalogLA.Devices;

/// <summary>
/// What a read finds in a low-barrier free layer: the distribution of the antiparallel fraction s = (1 − m_z)/2 at the
/// read time after a reset to P, from the Fokker–Planck equation of the thermally agitated macrospin; tabulated over
/// the thermal stability Δ for one read time, with its mean, variance and a sampler (quantile knots: MacrospinReadout.Sampling.cs).
/// </summary>
/// <remarks>
/// <para>Equation (Brown, Phys. Rev. 130:1677, 1963; Coffey et al., Phys. Rev. E 49:1869, 1994): for a uniaxial
/// macrospin the density W(z, t) of z = m_z obeys, for any damping, ∂W/∂t = (1/2τ_N)·∂_z[(1 − z²)(∂_z W − 2Δz·W)]
/// with τ_N = (1 + α²)·M_s·V/(2α·γ·k_B·T) (precession does not move z when the anisotropy is axial). Time below is in
/// units of τ_N, so the read time is τ_s/τ_N.</para>
/// <para>Conductance: G follows the angle θ between free and reference layer, G(θ) = G_AP + ΔG·(1 + cos θ)/2
/// (Slonczewski, Phys. Rev. B 39:6995, 1989), so a read gives G_P − ΔG·s; in the two-state limit s ∈ {0, 1} and
/// the telegraph picture returns. The read is taken as instantaneous: shorter than the longitudinal relaxation inside a
/// well (≈ τ_N/(2Δ), a few ns for the <see cref="StochasticMtj.Kwon2022"/> layer at α = 0.01), so the in-well spread
/// of m_z is part of what the read sees (at Δ = 20 it leaves a floor σ_s ≈ 1/(4Δ)).</para>
/// <para>Reset: the layer is held at P by a reset field of Zeeman stability ξ (energy −ξ·m_z in k_B·T) until t = 0, so
/// W(z, 0) ∝ exp(ξ·z) (default ξ = 100: a cone of ⟨1 − m_z⟩ = 1/ξ; an assumption, stated).</para>
/// <para>Method (a second method to the stochastic LLG integrator of <see cref="Macrospin"/>, which checks it): finite
/// volumes on a grid uniform in θ (cells fine at the poles), face fluxes J = −D·√(W_eq,i·W_eq,i+1)·(W_i+1/W_eq,i+1 −
/// W_i/W_eq,i)/Δz with D = (1 − z²)/2 and W_eq = exp(Δ(z² − 1)) — this conserves probability and keeps the
/// Boltzmann density exactly stationary — and Crank–Nicolson in time after four backward-Euler half steps (Rannacher
/// start, which damps the stiff modes of the narrow reset density).</para>
/// </remarks>
public sealed partial class MacrospinReadout
{
    /// <summary>The largest Δ tabulated (and programmable).</summary>
    public const double MaximumThermalStability = 60;

    private const int Cells = 400;
    private const int Steps = 400;
    private const double FineStep = 0.25, FineEnd = 20, CoarseStep = 1;
    private static readonly ConcurrentDictionary<(double, double), MacrospinReadout> Cache = new();

    private readonly double[] _delta;
    private readonly double[] _mean;
    private readonly double[] _second;
    private readonly double[] _faceS;     // s at each face (shared by every row)

    private MacrospinReadout(double readTime, double resetStiffness)
    {
        ReadTime = readTime;
        ResetStiffness = resetStiffness;
        int fine = (int)(FineEnd / FineStep), coarse = (int)((MaximumThermalStability - FineEnd) / CoarseStep);
        _delta = new double[fine + coarse + 1];
        for (int k = 0; k < _delta.Length; k++)
        {
            _delta[k] = k <= fine ? k * FineStep : FineEnd + ((k - fine) * CoarseStep);
        }

        _mean = new double[_delta.Length];
        _second = new double[_delta.Length];
        _faceS = new double[Cells + 1];
        for (int i = 0; i <= Cells; i++)
        {
            _faceS[i] = (1 - Math.Cos(Math.PI * i / Cells)) / 2;
        }

        _knots = new float[_delta.Length * Knots];
        Parallel.For(0, _delta.Length, k =>
        {
            var d = Solve(_delta[k], readTime, resetStiffness);
            var cdf = new double[Cells + 1];
            for (int i = 0; i < Cells; i++)
            {
                cdf[i + 1] = cdf[i] + Math.Max(d.Mass[i], 0);
            }

            BuildQuantileRow(k, cdf);

            // Exactly what the sampler draws (the interpolated quantile function of the stored knots).
            (_mean[k], _second[k]) = KnotMoments(k);
        });

        int peak = 0;
        for (int k = 1; k < _delta.Length; k++)
        {
            if (VarianceAt(k) > VarianceAt(peak))
            {
                peak = k;
            }
        }

        PeakIndex = peak;
    }

    /// <summary>τ_s/τ_N.</summary>
    public double ReadTime { get; }

    /// <summary>ξ of the reset (see remarks).</summary>
    public double ResetStiffness { get; }

    /// <summary>The tabulated Δ at which the read variance is largest: programming uses Δ ≥ it (where σ falls with Δ).</summary>
    public double PeakThermalStability => _delta[PeakIndex];

    private int PeakIndex { get; }

    /// <summary>The table for a read time τ_s/τ_N and reset stiffness ξ (built once per pair, then shared).</summary>
    public static MacrospinReadout For(double readTime, double resetStiffness)
    {
        PhysicalConstants.RequireInRange(readTime, 1e-4, 1e4, nameof(readTime));
        PhysicalConstants.RequireInRange(resetStiffness, 1, 1e4, nameof(resetStiffness));
        return Cache.GetOrAdd((readTime, resetStiffness), key => new MacrospinReadout(key.Item1, key.Item2));
    }

    /// <summary>E[s] at Δ (linear in Δ between table rows, as the sampler's row mixture).</summary>
    public double MeanAntiparallel(double thermalStability)
    {
        var (k, w) = Locate(thermalStability);
        return ((1 - w) * _mean[k]) + (w * _mean[Math.Min(k + 1, _mean.Length - 1)]);
    }

    /// <summary>Var(s) at Δ (from the interpolated mean and second moment).</summary>
    public double Variance(double thermalStability)
    {
        var (k, w) = Locate(thermalStability);
        int k1 = Math.Min(k + 1, _mean.Length - 1);
        double m = ((1 - w) * _mean[k]) + (w * _mean[k1]);
        double m2 = ((1 - w) * _second[k]) + (w * _second[k1]);
        return Math.Max(m2 - (m * m), 0);
    }

    /// <summary>The largest Var(s) any Δ in [0, Δ_max] gives (at <see cref="PeakThermalStability"/>).</summary>
    public double MaximumVariance => VarianceAt(PeakIndex);

    /// <summary>Δ ≥ <see cref="PeakThermalStability"/> with Var(s) = <paramref name="variance"/> (bisection; the floor Δ_max below Var(Δ_max)).</summary>
    public double ThermalStabilityForVariance(double variance)
    {
        double lo = PeakThermalStability, hi = MaximumThermalStability;
        if (variance >= MaximumVariance)
        {
            return lo;
        }

        if (variance <= Variance(hi))
        {
            return hi;
        }

        for (int i = 0; i < 100 && hi - lo > 1e-12; i++)
        {
            double mid = 0.5 * (lo + hi);
            if (Variance(mid) > variance)
            {
                lo = mid;
            }
            else
            {
                hi = mid;
            }
        }

        return 0.5 * (lo + hi);
    }

    /// <summary>The table coordinate of Δ for <see cref="Read(float, uint)"/>: row index plus the weight of the next row.</summary>
    public float Position(double thermalStability)
    {
        var (k, w) = Locate(thermalStability);
        return (float)(k + w);
    }

    /// <summary>Solves the Fokker–Planck equation at Δ to the read time τ_s/τ_N from the reset density.</summary>
    public static ReadoutDistribution Solve(double thermalStability, double readTime, double resetStiffness, int cells = Cells, int steps = Steps)
    {
        PhysicalConstants.RequireInRange(thermalStability, 0, MaximumThermalStability, nameof(thermalStability));
        PhysicalConstants.RequireInRange(readTime, 0, 1e4, nameof(readTime));
        PhysicalConstants.RequireInRange(resetStiffness, 1, 1e4, nameof(resetStiffness));
        PhysicalConstants.RequireInRange(cells, 8, int.MaxValue, nameof(cells));
        PhysicalConstants.RequireInRange(steps, 4, int.MaxValue, nameof(steps));

        int n = cells;
        var face = new double[n + 1];
        var centre = new double[n];
        var width = new double[n];
        var eq = new double[n];
        var w = new double[n];
        for (int i = 0; i <= n; i++)
        {
            face[i] = Math.Cos(Math.PI * i / n);
        }

        double xi = resetStiffness, d = thermalStability;
        for (int i = 0; i < n; i++)
        {
            centre[i] = Math.Cos(Math.PI * (i + 0.5) / n);
            width[i] = face[i] - face[i + 1];
            eq[i] = Math.Exp(d * ((centre[i] * centre[i]) - 1));
            // Cell mass of W0 ∝ exp(ξ(z − 1)), as a density.
            w[i] = (Math.Exp(xi * (face[i] - 1)) - Math.Exp(xi * (face[i + 1] - 1))) / xi / width[i];
        }

        // Operator L (tridiagonal): (L·W)_i = [c_{i−1}(W_{i−1}/eq_{i−1} − W_i/eq_i) − c_i(W_i/eq_i − W_{i+1}/eq_{i+1})]/width_i.
        var c = new double[n - 1];
        for (int i = 0; i < n - 1; i++)
        {
            double zf = face[i + 1];
            c[i] = (1 - (zf * zf)) / 2 / (centre[i] - centre[i + 1]) * Math.Sqrt(eq[i] * eq[i + 1]);
        }

        var lower = new double[n];
        var diag = new double[n];
        var upper = new double[n];
        for (int i = 0; i < n; i++)
        {
            double left = i > 0 ? c[i - 1] : 0, right = i < n - 1 ? c[i] : 0;
            lower[i] = i > 0 ? left / eq[i - 1] / width[i] : 0;
            upper[i] = i < n - 1 ? right / eq[i + 1] / width[i] : 0;
            diag[i] = -(left + right) / eq[i] / width[i];
        }

        double dt = readTime / steps;
        var rhs = new double[n];
        var scratch = new double[n];
        // Rannacher start: four backward-Euler steps of dt/2 (= two steps of time), then Crank–Nicolson.
        for (int s = 0; s < 4; s++)
        {
            w.CopyTo(rhs, 0);
            SolveShifted(lower, diag, upper, 0.5 * dt, rhs, w, scratch);
        }

        for (int s = 2; s < steps; s++)
        {
            for (int i = 0; i < n; i++)
            {
                double lw = diag[i] * w[i];
                lw += i > 0 ? lower[i] * w[i - 1] : 0;
                lw += i < n - 1 ? upper[i] * w[i + 1] : 0;
                rhs[i] = w[i] + (0.5 * dt * lw);
            }

            SolveShifted(lower, diag, upper, 0.5 * dt, rhs, w, scratch);
        }

        var mass = new double[n];
        double total = 0;
        for (int i = 0; i < n; i++)
        {
            mass[i] = Math.Max(w[i] * width[i], 0);
            total += mass[i];
        }

        for (int i = 0; i < n; i++)
        {
            mass[i] /= total;
        }

        return new ReadoutDistribution(face, mass);
    }

    /// <summary>Solves (I − a·L)·x = rhs for tridiagonal L (Thomas algorithm; the matrix is an M-matrix, so stable).</summary>
    private static void SolveShifted(double[] lower, double[] diag, double[] upper, double a, double[] rhs, double[] x, double[] scratch)
    {
        int n = diag.Length;
        double beta = 1 - (a * diag[0]);
        x[0] = rhs[0] / beta;
        for (int i = 1; i < n; i++)
        {
            scratch[i] = -a * upper[i - 1] / beta;
            beta = 1 - (a * diag[i]) + (a * lower[i] * scratch[i]);
            x[i] = (rhs[i] + (a * lower[i] * x[i - 1])) / beta;
        }

        for (int i = n - 2; i >= 0; i--)
        {
            x[i] -= scratch[i + 1] * x[i + 1];
        }
    }

    private double VarianceAt(int k) => _second[k] - (_mean[k] * _mean[k]);

    private (int Row, double Weight) Locate(double thermalStability)
    {
        PhysicalConstants.RequireInRange(thermalStability, 0, MaximumThermalStability, nameof(thermalStability));
        double x = thermalStability <= FineEnd ? thermalStability / FineStep : (FineEnd / FineStep) + ((thermalStability - FineEnd) / CoarseStep);
        int k = Math.Min((int)x, _delta.Length - 2);
        return (k, x - k);
    }
}

/// <summary>The read-out distribution of s = (1 − m_z)/2 on cells between z faces (from z = 1 down to −1).</summary>
/// <param name="Faces">Cell faces in z, descending from 1 to −1.</param>
/// <param name="Mass">Probability of each cell (sums to 1).</param>
public sealed record ReadoutDistribution(double[] Faces, double[] Mass)
{
    /// <summary>E[s] (density uniform within a cell).</summary>
    public double MeanAntiparallel
    {
        get
        {
            double m = 0;
            for (int i = 0; i < Mass.Length; i++)
            {
                m += Mass[i] * (2 - Faces[i] - Faces[i + 1]) / 4;
            }

            return m;
        }
    }

    /// <summary>Var(s) (density uniform within a cell).</summary>
    public double Variance
    {
        get
        {
            double m2 = 0;
            for (int i = 0; i < Mass.Length; i++)
            {
                double a = (1 - Faces[i]) / 2, b = (1 - Faces[i + 1]) / 2;
                m2 += Mass[i] * ((a * a) + (a * b) + (b * b)) / 3;
            }

            double m = MeanAntiparallel;
            return m2 - (m * m);
        }
    }

    /// <summary>P(s ≤ value).</summary>
    public double Cdf(double value)
    {
        double sum = 0;
        for (int i = 0; i < Mass.Length; i++)
        {
            double a = (1 - Faces[i]) / 2, b = (1 - Faces[i + 1]) / 2;
            if (value >= b)
            {
                sum += Mass[i];
            }
            else if (value > a)
            {
                sum += Mass[i] * (value - a) / (b - a);
            }
        }

        return sum;
    }
}
