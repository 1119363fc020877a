using AnalogLA.Numerics;

namespace AnalogLA.Solvers;

/// <summary>Construction accuracy of a Monte Carlo approximate inverse (<see cref="MonteCarloInverse"/>).</summary>
/// <param name="Accuracy">Stochastic error ε of each entry's estimate: more chains for smaller ε.</param>
/// <param name="Truncation">A chain stops when its weight falls below δ (the truncation error of the Neumann series).</param>
/// <param name="MaxChains">Cap on chains per row (used when the formula asks for more, or when ‖C‖∞ ≥ 1).</param>
/// <param name="MaxLength">Cap on the steps of one chain.</param>
public sealed record MonteCarloInverseOptions(double Accuracy = 0.1, double Truncation = 1e-3, int MaxChains = 2000, int MaxLength = 200)
{
    /// <summary>Checks the fields; the message names the offending one.</summary>
    public void Validate()
    {
        if (!(Accuracy > 0 && Accuracy <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(Accuracy), Accuracy, "MonteCarloInverse.Accuracy (--mcai-accuracy) must be in (0, 1].");
        }

        if (!(Truncation > 0 && Truncation < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(Truncation), Truncation, "MonteCarloInverse.Truncation must be in (0, 1).");
        }

        if (MaxChains < 1 || MaxChains > 1_000_000)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxChains), MaxChains, "MonteCarloInverse.MaxChains must be in [1, 1e6].");
        }

        if (MaxLength < 1 || MaxLength > 100_000)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxLength), MaxLength, "MonteCarloInverse.MaxLength must be in [1, 1e5].");
        }
    }
}

/// <summary>
/// Monte Carlo approximate inverse (MCAI) of a block: Markov chain estimates of the Neumann series of the Jacobi-split
/// matrix, the preconditioner construction of Alexandrov and Esquivel-Flores ("Towards Monte Carlo preconditioning approach
/// and hybrid Monte Carlo algorithms for matrix computations", Comput. Math. Appl. 70:2709, 2015) used with analog
/// block-Jacobi by Shah et al. (arXiv 2606.17227, 2026).
/// </summary>
/// <remarks>
/// With D = diag(A) and C = I − D⁻¹A, A⁻¹ = (Σ_k C^k)·D⁻¹ when the series converges (ρ(C) &lt; 1). Row i of Σ_k C^k is
/// estimated by N chains from state s₀ = i with transitions P_jl = |C_jl| / Σ_l |C_jl| and weights W₀ = 1,
/// W_k = W_{k−1}·C_{s(k−1) s(k)} / P_{s(k−1) s(k)} = W_{k−1}·sign(C)·Σ_l |C_{s(k−1) l}|, each visit adding W_k to entry
/// (i, s_k); the mean over chains is unbiased for the series truncated where |W| &lt; δ (the Ulam–von Neumann estimator).
/// Chains and length follow Alexandrov and Esquivel-Flores: N = ⌈(0.6745/ε · 1/(1 − ‖C‖∞))²⌉ and
/// T = ⌈ln δ / ln ‖C‖∞⌉, both capped (<see cref="MonteCarloInverseOptions.MaxChains"/>, <see cref="MonteCarloInverseOptions.MaxLength"/>).
/// Departure: when ‖C‖∞ ≥ 1 (e.g. the 5-point Laplacian's interior rows, row sum exactly 1) the formulas do not apply and
/// the caps are used; the series still converges when ρ(C) &lt; 1, but the weights do not decay and the estimate is the
/// series truncated at the cap. Each row has its own random stream (counter-based), so the result does not depend on the
/// thread count.
/// </remarks>
internal static class MonteCarloInverse
{
    /// <summary>The approximate inverse of a square block with nonzero diagonal; also returns the chains and length used.</summary>
    public static (double[,] Inverse, int Chains, int Length) Estimate(double[,] a, MonteCarloInverseOptions options, ulong seed)
    {
        options.Validate();
        int n = a.GetLength(0);
        var diagonal = new double[n];
        for (int i = 0; i < n; i++)
        {
            diagonal[i] = a[i, i];
            if (diagonal[i] == 0 || !double.IsFinite(diagonal[i]))
            {
                throw new ArgumentException($"the Monte Carlo inverse needs a nonzero diagonal; row {i} has {a[i, i]}.", nameof(a));
            }
        }

        // Rows of C = I − D⁻¹A as (column, |C|-cumulative, signed value) lists; rowSum = Σ|C_il|.
        var columns = new int[n][];
        var cumulative = new double[n][];
        var signs = new double[n][];
        var rowSum = new double[n];
        double norm = 0;
        for (int i = 0; i < n; i++)
        {
            var cols = new List<int>();
            var values = new List<double>();
            for (int j = 0; j < n; j++)
            {
                double c = (i == j ? 1 : 0) - a[i, j] / diagonal[i];
                if (c != 0 && Math.Abs(c) > 1e-300)
                {
                    cols.Add(j);
                    values.Add(c);
                }
            }

            columns[i] = [.. cols];
            signs[i] = values.Select(v => (double)Math.Sign(v)).ToArray();
            cumulative[i] = new double[values.Count];
            double sum = 0;
            for (int k = 0; k < values.Count; k++)
            {
                sum += Math.Abs(values[k]);
                cumulative[i][k] = sum;
            }

            rowSum[i] = sum;
            norm = Math.Max(norm, sum);
        }

        int chains = norm < 1
            ? (int)Math.Min(options.MaxChains, Math.Ceiling(Math.Pow(0.6745 / options.Accuracy / (1 - norm), 2)))
            : options.MaxChains;
        int length = norm < 1 && norm > 0
            ? (int)Math.Min(options.MaxLength, Math.Ceiling(Math.Log(options.Truncation) / Math.Log(norm)))
            : options.MaxLength;
        chains = Math.Max(chains, 1);
        length = Math.Max(length, 1);

        var inverse = new double[n, n];
        var root = new CounterRandom(CounterRandom.Mix(seed, 0x3CA1));
        Parallel.For(0, n, i =>
        {
            var series = new double[n];
            var u = new float[length];
            var random = root.Child((ulong)i);
            for (int c = 0; c < chains; c++)
            {
                random.Child((ulong)c).FillUniform(u);
                int state = i;
                double weight = 1;
                series[i] += 1;
                for (int k = 0; k < length; k++)
                {
                    double total = rowSum[state];
                    if (total == 0)
                    {
                        break;
                    }

                    int next = Array.BinarySearch(cumulative[state], u[k] * total);
                    next = next < 0 ? ~next : next;
                    next = Math.Min(next, columns[state].Length - 1);
                    weight *= signs[state][next] * total;
                    state = columns[state][next];
                    series[state] += weight;
                    if (Math.Abs(weight) < options.Truncation)
                    {
                        break;
                    }
                }
            }

            for (int j = 0; j < n; j++)
            {
                inverse[i, j] = series[j] / chains / diagonal[j];
            }
        });

        return (inverse, chains, length);
    }
}
