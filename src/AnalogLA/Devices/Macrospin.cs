using AnalogLA.Numerics;

namespace AnalogLA.Devices;

/// <summary>
/// A thermally agitated macrospin with uniaxial anisotropy (the Bayes-MTJ free layer at low barrier): the stochastic
/// Landau–Lifshitz–Gilbert equation integrated by the stochastic Heun scheme, and the exact Fokker–Planck relaxation
/// time and Boltzmann moments it must reproduce.
/// </summary>
/// <remarks>
/// <para>Units: time τ in (1 + α²)/(γ·µ0·H_K), fields in H_K = 2K_eff/(µ0·M_s); energy −Δ·m_z² in k_B·T with
/// Δ = K_eff·V/(k_B·T). Equation (Landau–Lifshitz form of Gilbert's equation): dm/dτ = −m × H − α·m × (m × H),
/// H = m_z·ẑ + η, with Brown's thermal field (Brown, Phys. Rev. 130:1677, 1963) of intensity
/// ⟨η_i(τ)η_j(τ′)⟩ = α/((1 + α²)·Δ)·δ_ij·δ(τ − τ′), interpreted in the Stratonovich sense and integrated by the
/// Heun predictor–corrector with the same noise in both stages and |m| renormalised after each step (García-Palacios
/// and Lázaro, Phys. Rev. B 58:14937, 1998).</para>
/// <para>Exact references (Brown 1963; Coffey, Crothers, Kalmykov, Massawe and Waldron, Phys. Rev. E 49:1869, 1994):
/// the stationary density of z = m_z is W(z) ∝ exp(Δ·z²); the free-diffusion time is τ_N = Δ/α in these units
/// (Brown's τ_N = (1 + α²)·M_s·V/(2αγ·k_B·T)); and the integral relaxation time of z is
/// T = (2τ_N/⟨z²⟩)·∫_{−1}^{1} F(z)²/((1 − z²)·W(z)) dz, F(z) = ∫_{−1}^{z} x·W(x) dx, from the one-dimensional
/// Fokker–Planck equation ∂W/∂τ = (1/2τ_N)·∂_z[(1 − z²)(∂_z W − 2Δz·W)]. At high barriers T → half the mean dwell
/// time of the two-state telegraph picture, and Brown's asymptote T ≈ τ_N·(√π/2)·Δ^(−3/2)·e^Δ; at low barriers the
/// layer is not two-state (m_z is continuous), which is why the Néel–Brown telegraph formula is not used there.</para>
/// </remarks>
public static class Macrospin
{
    /// <summary>Brown's free-diffusion time τ_N = Δ/α in units of (1 + α²)/(γ·µ0·H_K).</summary>
    public static double DiffusionTime(double thermalStability, double damping) => thermalStability / damping;

    /// <summary>⟨m_z²⟩ of the Boltzmann distribution W(z) ∝ exp(Δ·z²) (by quadrature).</summary>
    public static double BoltzmannMzSquared(double thermalStability)
    {
        double num = Integrate(z => z * z * Math.Exp(thermalStability * ((z * z) - 1)));
        double den = Integrate(z => Math.Exp(thermalStability * ((z * z) - 1)));
        return num / den;
    }

    /// <summary>The exact integral relaxation time of m_z (same units as <see cref="DiffusionTime"/>), by quadrature.</summary>
    public static double IntegralRelaxationTime(double thermalStability, double damping)
    {
        PhysicalConstants.RequireInRange(thermalStability, 0, 60, nameof(thermalStability));
        PhysicalConstants.RequirePositive(damping, nameof(damping), "(0, ∞)");
        double d = thermalStability;
        // W carries a factor e^{−Δ} to keep exponentials bounded and is not normalised: T does not depend on the
        // scale of W (∫F²/((1 − z²)W) and ∫z²W both scale with it).
        const int n = 4000;
        double h = 2.0 / n;
        var w = new double[n + 1];
        var f = new double[n + 1];
        for (int i = 0; i <= n; i++)
        {
            double z = -1 + (i * h);
            w[i] = Math.Exp(d * ((z * z) - 1));
        }

        double z2 = 0;
        for (int i = 0; i < n; i++)
        {
            double za = -1 + (i * h), zb = za + h;
            f[i + 1] = f[i] + (0.5 * h * ((za * w[i]) + (zb * w[i + 1])));
            z2 += 0.5 * h * ((za * za * w[i]) + (zb * zb * w[i + 1]));
        }

        // Midpoint rule for ∫ F²/((1 − z²)W): F vanishes at both ends like (1 − z²), so the integrand is finite there.
        double integral = 0;
        for (int i = 0; i < n; i++)
        {
            double z = -1 + ((i + 0.5) * h);
            double fz = 0.5 * (f[i] + f[i + 1]), wz = 0.5 * (w[i] + w[i + 1]);
            integral += h * fz * fz / ((1 - (z * z)) * wz);
        }

        // With W normalised by Z: F → F/Z, W → W/Z, ⟨z²⟩ = z2/Z ⇒ T = 2τ_N·(integral/Z)/(z2/Z).
        return 2 * DiffusionTime(d, damping) * integral / z2;
    }

    /// <summary>
    /// Integrates one trajectory from m = (sin θ0, 0, cos θ0) for <paramref name="steps"/> Heun steps of
    /// <paramref name="timeStep"/>, calling <paramref name="observe"/> with m_z after every step.
    /// </summary>
    public static void Run(double thermalStability, double damping, double timeStep, long steps, ulong seed, Action<double> observe, double initialPolarAngle = 0)
    {
        ArgumentNullException.ThrowIfNull(observe);
        PhysicalConstants.RequireInRange(thermalStability, 0.1, 60, nameof(thermalStability));
        PhysicalConstants.RequirePositive(damping, nameof(damping), "(0, ∞)");
        PhysicalConstants.RequireInRange(timeStep, 1e-6, 0.1, nameof(timeStep));
        double alpha = damping;
        double noise = Math.Sqrt(alpha / ((1 + (alpha * alpha)) * thermalStability) / timeStep);
        double mx = Math.Sin(initialPolarAngle), my = 0, mz = Math.Cos(initialPolarAngle);
        var random = new CounterRandom(seed);
        const int block = 3 * 4096;
        var z = new float[block];
        int used = block;
        ulong blockIndex = 0;
        for (long s = 0; s < steps; s++)
        {
            if (used == block)
            {
                random.Child(blockIndex++).FillNormal(z);
                used = 0;
            }

            double ex = noise * z[used], ey = noise * z[used + 1], ez = noise * z[used + 2];
            used += 3;

            // Predictor.
            Derivative(mx, my, mz, ex, ey, ez, alpha, out double ax, out double ay, out double az);
            double px = mx + (ax * timeStep), py = my + (ay * timeStep), pz = mz + (az * timeStep);
            // Corrector with the same noise (Stratonovich).
            Derivative(px, py, pz, ex, ey, ez, alpha, out double bx, out double by, out double bz);
            mx += 0.5 * timeStep * (ax + bx);
            my += 0.5 * timeStep * (ay + by);
            mz += 0.5 * timeStep * (az + bz);
            double inv = 1 / Math.Sqrt((mx * mx) + (my * my) + (mz * mz));
            mx *= inv;
            my *= inv;
            mz *= inv;
            observe(mz);
        }
    }

    /// <summary>
    /// Direct simulation of reads after a reset (the second method for <see cref="MacrospinReadout"/>): <paramref name="layers"/>
    /// independent macrospins at damping 1 (the m_z marginal does not depend on α for axial anisotropy), each from a polar
    /// angle drawn from the reset density W0 ∝ exp(ξ·m_z) (1 − m_z ~ Exp(ξ) truncated to [0, 2]), integrated for
    /// <paramref name="readTime"/>·τ_N = readTime·Δ time units; returns s = (1 − m_z)/2 of each at the read.
    /// </summary>
    public static double[] ReadsAfterReset(double thermalStability, double readTime, double resetStiffness, int layers, double timeStep, ulong seed)
    {
        PhysicalConstants.RequireInRange(layers, 1, 1e7, nameof(layers));
        var init = new float[layers];
        new CounterRandom(seed).FillUniform(init);
        var reads = new double[layers];
        long steps = (long)Math.Round(readTime * thermalStability / timeStep);
        double xi = resetStiffness;
        Parallel.For(0, layers, i =>
        {
            double z0 = 1 + (Math.Log(1 - (init[i] * -double.ExpM1(-2 * xi))) / xi);
            double last = Math.Clamp(z0, -1, 1);    // the read at the reset itself when no step fits in the read time
            Run(thermalStability, 1, timeStep, steps, CounterRandom.Mix(seed, (ulong)i + 1), mz => last = mz, Math.Acos(last));
            reads[i] = (1 - last) / 2;
        });
        return reads;
    }

    /// <summary>dm/dτ = −m × H − α·m × (m × H), H = (η_x, η_y, m_z + η_z).</summary>
    private static void Derivative(double mx, double my, double mz, double ex, double ey, double ez, double alpha, out double dx, out double dy, out double dz)
    {
        double hx = ex, hy = ey, hz = mz + ez;
        // c = m × H
        double cx = (my * hz) - (mz * hy), cy = (mz * hx) - (mx * hz), cz = (mx * hy) - (my * hx);
        // m × c
        double qx = (my * cz) - (mz * cy), qy = (mz * cx) - (mx * cz), qz = (mx * cy) - (my * cx);
        dx = -cx - (alpha * qx);
        dy = -cy - (alpha * qy);
        dz = -cz - (alpha * qz);
    }

    private static double Integrate(Func<double, double> g)
    {
        const int n = 4000;
        double h = 2.0 / n, sum = 0;
        for (int i = 0; i < n; i++)
        {
            double a = -1 + (i * h);
            sum += h / 6 * (g(a) + (4 * g(a + (h / 2))) + g(a + h));
        }

        return sum;
    }
}
