using AnalogLA.Bayesian;
using AnalogLA.Numerics;

namespace AnalogLA.Validation;

/// <summary>The VI layers' KL term against a Monte Carlo estimate.</summary>
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
    }
}
