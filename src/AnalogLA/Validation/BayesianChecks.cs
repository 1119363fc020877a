using AnalogLA.Bayesian;
using AnalogLA.Numerics;

namespace AnalogLA.Validation;

/// <summary>The VI layers' KL term against a Monte Carlo estimate, Flipout's marginal, and the float32 GEMM.</summary>
internal static class BayesianChecks
{
    public static IEnumerable<ValidationRow> Run()
    {
        // KL(q‖p) = E_q[ln q(w) − ln p(w)], 200,000 draws, for a layer holding one weight and one bias at µ = 0.2, σ = 0.05.
        const int n = 200_000;
        double mu = 0.2, sigma = 0.05, prior = 0.1;
        var layer = new BayesianLinear(1, 1, new BayesianOptions { PriorSigma = prior });
        float rho = (float)Math.Log(Math.Exp(sigma) - 1);
        layer.WeightMu.Value[0] = (float)mu;
        layer.BiasMu.Value[0] = (float)mu;
        layer.WeightRho!.Value[0] = rho;
        layer.BiasRho!.Value[0] = rho;
        var z = new float[n];
        new CounterRandom(3).FillNormal(z);
        double sum = 0, square = 0;
        foreach (float e in z)
        {
            double w = mu + (sigma * e);
            double term = (-Math.Log(sigma) - (0.5 * e * e)) - (-Math.Log(prior) - (0.5 * w * w / (prior * prior)));
            sum += term;
            square += term * term;
        }

        double mean = sum / n, se = Math.Sqrt(((square / n) - (mean * mean)) / n);
        yield return new("BayesianLinear", "KL(q‖p), one weight + one bias", 2 * mean, $"Monte Carlo estimate of E_q[ln q − ln p], {n:N0} draws; tolerance 5 standard errors",
            layer.KlDivergence(), 2 * 5 * se);

        yield return FlipoutVariance();
        yield return GemmAgainstDouble();
    }

    /// <summary>
    /// Flipout's output variance for one 3 × 3 patch against the posterior marginal Σ σ²·x² + σ_b² (a closed form of
    /// the Gaussian weights; Wen et al. 2018 keep every example's marginal), 4,000 passes, 5 standard errors.
    /// </summary>
    private static ValidationRow FlipoutVariance()
    {
        const int passes = 4000;
        var options = new BayesianOptions { InitialRho = -1.5, Estimator = WeightEstimator.Flipout };
        var layer = new BayesianConv2d(1, 1, 3, 1, 0, options, seed: 5);
        var x = new Tensor(1, 1, 3, 3);
        new CounterRandom(4).FillNormal(x.Data);
        var sigma = layer.WeightSigma();
        double expected = Math.Pow(layer.BiasSigma()[0], 2);
        for (int i = 0; i < 9; i++)
        {
            expected += (double)sigma[i] * sigma[i] * x.Data[i] * x.Data[i];
        }

        double mean = layer.Forward(x, PassMode.Mean, new ForwardContext(1, 1)).Data[0], square = 0;
        for (int pass = 0; pass < passes; pass++)
        {
            double d = layer.Forward(x, PassMode.Sample, new ForwardContext(9, (ulong)pass)).Data[0] - mean;
            square += d * d;
        }

        return new("BayesianConv2d (Flipout)", "output variance, one 3×3 patch", expected,
            $"posterior marginal Σσ²x² + σ_b²; {passes:N0} passes, tolerance 5 standard errors", square / passes, 5 * expected * Math.Sqrt(2.0 / passes));
    }

    /// <summary>The float32 GEMM (packed, blocked, the machine's widest kernel) against a double-precision product.</summary>
    private static ValidationRow GemmAgainstDouble()
    {
        const int m = 97, n = 33, k = 300;
        var a = new float[m * k];
        var b = new float[k * n];
        new CounterRandom(1).FillUniform(a);
        new CounterRandom(2).FillUniform(b);
        var c = new float[m * n];
        Gemm.Multiply(m, n, k, a, k, b, n, c, n);
        double worst = 0;
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double exact = 0, scale = 0;
                for (int t = 0; t < k; t++)
                {
                    exact += (double)a[(i * k) + t] * b[(t * n) + j];
                    scale += Math.Abs((double)a[(i * k) + t] * b[(t * n) + j]);
                }

                worst = Math.Max(worst, Math.Abs(c[(i * n) + j] - exact) / scale);
            }
        }

        return new("Gemm", "largest |error|/Σ|a·b|, 97×33×300 float32", 1e-5, "double-precision triple loop; float32 rounding bound ~k·2⁻²⁴ ≪ 1e-5", worst, 0, Comparison.AtMost);
    }
}
