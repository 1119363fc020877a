using System.Text.Json;
using AnalogLA.IO;
using AnalogLA.Solvers;
using MathNet.Numerics.LinearAlgebra;

namespace AnalogLA.Validation;

/// <summary>Krylov solvers and preconditioners against bounds, closed forms and scipy.</summary>
internal static class SolverChecks
{
    public static IEnumerable<ValidationRow> Run(string? dataFolder)
    {
        // CG: ‖e_k‖_A ≤ 2((√κ − 1)/(√κ + 1))^k ‖e_0‖_A, so k ≤ ⌈½√κ·ln(2/ε)⌉ iterations reach ε in the A-norm; for the
        // 2-norm residual the bound grows by √κ: ε → ε/√κ (Saad, Iterative Methods, Thm 6.29 and §6.11.3).
        const int n = 24;
        double h = Math.PI / (n + 1);
        // Eigenvalues of the 5-point Laplacian: 4 − 2cos(jπh) − 2cos(kπh), so κ = (1 + cos πh)/(1 − cos πh).
        double kappa = (1 + Math.Cos(h)) / (1 - Math.Cos(h));
        const double tol = 1e-8;
        double bound = Math.Ceiling(0.5 * Math.Sqrt(kappa) * Math.Log(2 * Math.Sqrt(kappa) / tol));
        var a = TestProblems.Poisson2D(n);
        var b = a * Vector<double>.Build.Dense(a.RowCount, 1.0);
        var (_, cg) = AnalogSolve.Solve(a, b, new SolveOptions { Solver = SolverKind.Cg, Tolerance = tol });
        yield return new("ConjugateGradient", $"iterations, 2-D Poisson {n}×{n} (κ = {kappa:F0}) to 1e-8", bound, "CG convergence bound ⌈½√κ·ln(2√κ/ε)⌉ (Saad, Thm 6.29)", cg.Iterations, 0, Comparison.AtMost);

        // GMRES(m): one application of M⁻¹ per iteration plus one per cycle (Saad, Alg. 9.5).
        var c = TestProblems.ConvectionDiffusion2D(16);
        var (_, gmres) = AnalogSolve.Solve(c, c * Vector<double>.Build.Dense(c.RowCount, 1.0), new SolveOptions { Solver = SolverKind.Gmres, Restart = 10, Preconditioner = PreconditionerKind.Jacobi });
        int cycles = (gmres.Iterations + 9) / 10;
        yield return new("Gmres", "preconditioner applications − (iterations + cycles)", 0, "right-preconditioned GMRES, Saad Alg. 9.5 (one extra application at most, for an early convergence check)", gmres.PreconditionerApplications - (gmres.Iterations + cycles), 1);

        // Chebyshev of degree k: 1 − λ·p(λ) = T_{k+1}((θ − λ)/δ)/T_{k+1}(θ/δ) at an eigenvalue of D⁻¹A (1-D Laplacian).
        yield return Chebyshev(4);
        yield return BlockAmcStages();

        if (dataFolder is not null && File.Exists(Path.Combine(dataFolder, "matrices", "baselines.json")))
        {
            foreach (var row in Scipy(Path.Combine(dataFolder, "matrices")))
            {
                yield return row;
            }
        }
    }

    private static ValidationRow Chebyshev(int degree)
    {
        const int n = 20;
        var a = Matrix<double>.Build.Sparse(n, n, (i, j) => i == j ? 2 : Math.Abs(i - j) == 1 ? -1 : 0);
        var m = new AnalogPolynomialPreconditioner(null, degree);
        m.Initialize(a);
        double lMax = m.LambdaMax, lMin = lMax / m.SpectrumRatio, theta = (lMax + lMin) / 2, delta = (lMax - lMin) / 2;
        const int j = 5;
        double lambda = 1 - Math.Cos(j * Math.PI / (n + 1));
        var v = Vector<double>.Build.Dense(n, i => Math.Sin((i + 1) * j * Math.PI / (n + 1)));
        var z = Vector<double>.Build.Dense(n);
        m.Approximate(2 * v, z);
        double p = z.DotProduct(v) / v.DotProduct(v);
        // T_k(x) = cos(k·arccos x) on [−1, 1], (±1)^k·cosh(k·arccosh|x|) outside.
        static double T(int k, double x) => Math.Abs(x) <= 1 ? Math.Cos(k * Math.Acos(x)) : Math.Pow(Math.Sign(x), k) * Math.Cosh(k * Math.Acosh(Math.Abs(x)));
        double expected = T(degree + 1, (theta - lambda) / delta) / T(degree + 1, theta / delta);
        return new("AnalogPolynomialPreconditioner", $"residual polynomial at λ_5, degree {degree}", expected, "Chebyshev closed form T_{k+1}((θ − λ)/δ)/T_{k+1}(θ/δ) (Saad §12.3)", 1 - (lambda * p), 1e-10);
    }

    /// <summary>BlockAMC's block-LU partition (three stages, odd halves) against a direct LU solve of the whole matrix.</summary>
    private static ValidationRow BlockAmcStages()
    {
        const int n = 100, tile = 30;
        var a = TestProblems.ConvectionDiffusion2D(10) + Matrix<double>.Build.DenseIdentity(n) * 0.5;
        var b = Vector<double>.Build.Dense(n, i => Math.Sin(0.37 * i) + 0.2);
        ulong seed = 0;
        var x = new double[n];
        new BlockAmc(a.ToArray(), tile, null, 1e5, 0, 0, ref seed).Solve(b.ToArray(), x);
        var exact = a.Solve(b);
        double error = (Vector<double>.Build.DenseOfArray(x) - exact).L2Norm() / exact.L2Norm();
        return new("BlockAmc", $"relative error of the digital partitioned solve, n = {n} on {tile}-row tiles (3 stages)", 0, "direct LU solve of the whole matrix (second method)", error, 1e-10);
    }

    private static IEnumerable<ValidationRow> Scipy(string folder)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "baselines.json")));
        var cases = new (string Name, string Key, SolverKind Solver)[]
        {
            ("nos4", "cg", SolverKind.Cg), ("gr_30_30", "cg", SolverKind.Cg), ("bcsstk02", "cg", SolverKind.Cg),
            ("Trefethen_500", "cg", SolverKind.Cg), ("fs_183_6", "gmres50", SolverKind.Gmres), ("nos4", "gmres50", SolverKind.Gmres),
        };
        var results = json.RootElement.GetProperty("results").EnumerateArray().ToList();
        foreach (var (name, key, solver) in cases)
        {
            var entry = results.FirstOrDefault(r => r.GetProperty("name").GetString() == name);
            string path = Path.Combine(folder, name + ".mtx");
            if (entry.ValueKind != JsonValueKind.Object || !File.Exists(path))
            {
                continue;
            }

            int expected = entry.GetProperty(key).GetProperty("iters").GetInt32();
            var a = MatrixMarket.Read(path);
            var (_, result) = AnalogSolve.Solve(a, a * Vector<double>.Build.Dense(a.RowCount, 1.0), new SolveOptions { Solver = solver, Restart = 50, Tolerance = 1e-8 });
            yield return new(solver == SolverKind.Cg ? "ConjugateGradient" : "Gmres", $"iterations on {name} (b = A·1, 1e-8)", expected,
                $"scipy {(solver == SolverKind.Cg ? "cg" : "gmres(restart=50)")} ($ANALOGLA_DATA/matrices/baselines.json); tolerance max(2, 2 %)",
                result.Converged ? result.Iterations : double.NaN, Math.Max(2, Math.Ceiling(0.02 * expected)));
        }
    }
}
