using AnalogLA.Devices;
using AnalogLA.Numerics;

namespace AnalogLA.Validation;

/// <summary>Demagnetisation, DW-MTJ retention and Bayes-MTJ checks.</summary>
internal static class DeviceChecks
{
    private const string Aharoni = "Aharoni, J. Appl. Phys. 83:3432, 1998";

    public static IEnumerable<ValidationRow> Run()
    {
        var cube = Demagnetization.Prism(1, 1, 1);
        yield return new("Demagnetization.Prism", "cube N_x", 1.0 / 3, "exact by symmetry", cube.Nx, 1e-12);
        var rod = Demagnetization.Prism(1000, 1, 1);
        yield return new("Demagnetization.Prism", "1000:1:1 rod N_y", 0.5, "infinite square rod limit (½ across)", rod.Ny, 1e-3);
        var film = Demagnetization.Prism(1000, 1000, 1);
        yield return new("Demagnetization.Prism", "1000:1000:1 film N_z", 1, "infinite film limit", film.Nz, 0.01);
        var track = Demagnetization.Prism(160, 15, 3);
        yield return new("Demagnetization.Prism", "160×15×3 nm N_x + N_y + N_z", 1, "sum rule", track.Nx + track.Ny + track.Nz, 1e-12);
        yield return new("Demagnetization.Prism", "160×15×3 nm N_x", 0.017, Aharoni + " (value quoted by the fidelity review)", track.Nx, 5e-4);
        yield return new("Demagnetization.Prism", "160×15×3 nm N_y", 0.193, Aharoni + " (value quoted by the fidelity review)", track.Ny, 5e-4);
        yield return new("Demagnetization.Prism", "160×15×3 nm N_z", 0.790, Aharoni + " (value quoted by the fidelity review)", track.Nz, 5e-4);
        yield return new("Demagnetization", "D_c (Ms 800 kA/m, t 3 nm), mJ/m²", 0.339, "Thiaville et al., EPL 100:57002, 2012: 2µ0Ms²t·ln2/π²",
            Demagnetization.CriticalDmi(800e3, 3e-9) * 1e3, 5e-4);
        var liu = DwMtj.Liu2021Notched.Retention;
        yield return new("DomainWallRetention", "Liu 2021 track Δ(300 K), Néel wall", 27.2,
            "hand evaluation: σ_DW = 4√(A·K_eff) − π|D| (Thiaville 2012), K_eff with Aharoni factors; Liu et al. APL 118:202405 parameters", liu.ThermalStability(300), 0.1);
        yield return new("StochasticMtj", "Kwon2022 Δ(300 K)", 20.0, "Liu et al., Front. Nanotechnol. 4:1021943, 2022", BayesMtj.Kwon2022.ThermalStability(), 0.05);
        yield return Telegraph(2.3);
        double brown = Macrospin.DiffusionTime(20, 1) * Math.Sqrt(Math.PI) / 2 * Math.Pow(20, -1.5) * Math.Exp(20);
        yield return new("Macrospin (exact Fokker–Planck)", "T(Δ = 20) ÷ Brown's high-barrier asymptote", 1, "Brown, Phys. Rev. 130:1677, 1963: τ_N(√π/2)Δ^(−3/2)e^Δ; O(1/Δ) correction (Coffey et al. 1994)",
            Macrospin.IntegralRelaxationTime(20, 1) / brown, 0.1);
        foreach (var row in MacrospinRows(1.0))
        {
            yield return row;
        }

        foreach (var row in ReadoutRows())
        {
            yield return row;
        }
    }

    /// <summary>The Fokker–Planck read-out (what the Bayes-MTJ model samples) against a closed form and the LLG integrator.</summary>
    private static IEnumerable<ValidationRow> ReadoutRows()
    {
        const double xi = 100, t = 0.5;
        double langevin = (1 / Math.Tanh(xi)) - (1 / xi);
        yield return new("MacrospinReadout (Fokker–Planck)", "E[s] at Δ = 0 after 0.5·τ_N", (1 - (langevin * Math.Exp(-t))) / 2,
            "free rotational diffusion: ⟨m_z⟩ = L(ξ)·e^(−t/τ_N) (Brown 1963; reset W0 ∝ e^(ξ·m_z))", MacrospinReadout.Solve(0, t, xi).MeanAntiparallel, 2e-4);
        const int n = 4000;
        const double delta = 3;
        var reads = Macrospin.ReadsAfterReset(delta, t, xi, n, 0.002, 5);
        double mean = reads.Average(), sd = Math.Sqrt(reads.Sum(r => (r - mean) * (r - mean)) / (n - 1));
        yield return new("MacrospinReadout (Fokker–Planck)", "E[s] at Δ = 3 after 0.5·τ_N", mean,
            $"stochastic LLG from the same reset, {n:N0} layers; tolerance 4 standard errors + 0.004", MacrospinReadout.Solve(delta, t, xi).MeanAntiparallel, (4 * sd / Math.Sqrt(n)) + 0.004);

        // The sampler device-level reads use (interpolated quantile knots, a stated departure of at most 1/512 in the
        // CDF, so at most 1/512 in E[s] and 3/512 in Var(s)) against the Fokker–Planck solution solved afresh, at a Δ
        // between table rows (a row mixture).
        const int draws = 200_000;
        const double between = 2.6, readTime = 1.5;
        var table = MacrospinReadout.For(readTime, xi);
        var states = new float[draws];
        Array.Fill(states, table.Position(between));
        var drawn = new float[draws];
        StochasticMtj.Read(table, states, new CounterRandom(9), drawn);
        double m = drawn.Average(x => (double)x), v = drawn.Sum(x => (x - m) * (x - m)) / (draws - 1);
        var exact = MacrospinReadout.Solve(between, readTime, xi);
        yield return new("MacrospinReadout sampler", "E[s] of 200,000 reads at Δ = 2.6, τ_s = 1.5·τ_N", exact.MeanAntiparallel,
            "the Fokker–Planck solution at that Δ; tolerance 5 standard errors + 1/512 (the sampler's stated departure)", m, (5 * Math.Sqrt(v / draws)) + (1.0 / 512));
        yield return new("MacrospinReadout sampler", "Var(s) of the same reads", exact.Variance,
            "the Fokker–Planck solution at that Δ; tolerance 5·√(2/n)·Var + 3/512", v, (5 * Math.Sqrt(2.0 / draws) * v) + (3.0 / 512));
    }

    /// <summary>The stochastic-LLG integrator against the Boltzmann moment and the exact relaxation time (800 blocks of 60 T).</summary>
    private static IEnumerable<ValidationRow> MacrospinRows(double delta)
    {
        const double dt = 0.005;
        const int blocks = 800;
        double t = Macrospin.IntegralRelaxationTime(delta, 1);
        long blockSteps = (long)(60 * t / dt), step = 0, burn = blockSteps / 4;
        var z = new double[blocks];
        var z2 = new double[blocks];
        Macrospin.Run(delta, 1, dt, burn + (blockSteps * blocks), 41, mz =>
        {
            long k = step++ - burn;
            if (k >= 0)
            {
                z[k / blockSteps] += mz / blockSteps;
                z2[k / blockSteps] += mz * mz / blockSteps;
            }
        });
        static (double Mean, double Se) Stats(double[] v)
        {
            double m = v.Average();
            return (m, Math.Sqrt(v.Sum(x => (x - m) * (x - m)) / (v.Length - 1) / v.Length));
        }

        var (meanZ2, seZ2) = Stats(z2);
        yield return new("Macrospin (stochastic LLG, Heun)", $"⟨m_z²⟩ at Δ = {delta}", Macrospin.BoltzmannMzSquared(delta), "Boltzmann distribution W ∝ exp(Δ·m_z²); tolerance 4 standard errors + 0.01", meanZ2, (4 * seZ2) + 0.01);
        double length = blockSteps * dt;
        var (tEstimate, seT) = Stats(z.Select(m => length * m * m / (2 * meanZ2)).ToArray());
        yield return new("Macrospin (stochastic LLG, Heun)", $"integral relaxation time of m_z at Δ = {delta}", t, "exact Fokker–Planck integral (Coffey et al., Phys. Rev. E 49:1869, 1994); tolerance 4 standard errors + 5 %", tEstimate, (4 * seT) + (0.05 * t));
    }

    /// <summary>The Néel–Brown telegraph probability against a direct simulation of the two-state process.</summary>
    private static ValidationRow Telegraph(double delta)
    {
        const int n = 100_000;
        var device = BayesMtj.Kwon2022Telegraph;
        double tau = device.AttemptTimeSeconds * Math.Exp(delta), window = device.SamplingWindowSeconds;
        var u = new float[64];
        int antiparallel = 0;
        for (int trial = 0; trial < n; trial++)
        {
            new CounterRandom(CounterRandom.Mix(77, (ulong)trial)).FillUniform(u);
            double t = 0;
            int flips = 0;
            foreach (float v in u)
            {
                t += -tau * Math.Log(1 - v);
                if (t > window)
                {
                    break;
                }

                flips++;
            }

            antiparallel += flips % 2;
        }

        double observed = (double)antiparallel / n;
        return new("StochasticMtj", $"P(AP after τ_s) at Δ = {delta}", observed,
            $"direct simulation of the two-state process, {n:N0} free layers; tolerance 4 standard errors",
            device.ProbabilityAntiparallel(delta), 4 * Math.Sqrt(observed * (1 - observed) / n));
    }
}
