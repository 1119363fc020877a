using AnalogLA.Bayesian;
using AnalogLA.Numerics;

namespace AnalogLA.Tests.Bayesian;

public class FlipoutTests
{
    private const int Passes = 4000;

    /// <summary>
    /// Over many passes: each output's mean is μ∗x + b and its variance σ²∗x² + σ_b² (the posterior's marginal, as
    /// with the local reparameterisation), and two identical images in one batch get uncorrelated perturbations
    /// (one shared ΔW without the signs would make them identical) apart from the shared bias draw. Bounds are 5
    /// standard errors at n = 4000.
    /// </summary>
    [Test]
    public void FlipoutHasThePosteriorMarginalAndDecorrelatesExamples()
    {
        var options = new BayesianOptions { InitialRho = -1.5, Estimator = WeightEstimator.Flipout };
        var layer = new BayesianConv2d(2, 3, 3, 1, 1, options, seed: 5);
        var twin = new BayesianConv2d(2, 3, 3, 1, 1, options with { Estimator = WeightEstimator.LocalReparameterization }, seed: 5);
        var one = new Tensor(1, 2, 4, 4);
        new CounterRandom(3).FillNormal(one.Data);
        var x = new Tensor(2, 2, 4, 4);
        one.Data.CopyTo(x.Data, 0);
        one.Data.CopyTo(x.Data, one.Data.Length);

        var mean = layer.Forward(x, PassMode.Mean, new ForwardContext(1, 1));
        var variance = Variances(twin, one);
        int size = mean.SampleSize;
        var sum = new double[size];
        var squares = new double[size];
        double cross = 0, first = 0, second = 0;
        for (int pass = 0; pass < Passes; pass++)
        {
            var y = layer.Forward(x, PassMode.Sample, new ForwardContext(9, (ulong)pass));
            for (int i = 0; i < size; i++)
            {
                double a = y.Data[i] - mean.Data[i], b = y.Data[size + i] - mean.Data[i];
                sum[i] += a;
                squares[i] += a * a;
                if (i == size / 2)
                {
                    (cross, first, second) = (cross + a * b, first + a * a, second + b * b);
                }
            }
        }

        for (int i = 0; i < size; i++)
        {
            double v = variance[i];
            Assert.That(sum[i] / Passes, Is.EqualTo(0).Within(5 * Math.Sqrt(v / Passes)), $"mean of output {i}");
            Assert.That(squares[i] / Passes, Is.EqualTo(v).Within(5 * v * Math.Sqrt(2.0 / Passes)), $"variance of output {i}");
        }

        // The weight perturbations of the two images are uncorrelated (E[r_a r_b] = 0); the bias perturbation is shared,
        // not flipped (TensorFlow Probability's convention), so the correlation is σ_b²/v exactly.
        int probe = size / 2, channel = probe / (size / layer.OutChannels);
        double expected = Math.Pow(layer.BiasSigma()[channel], 2) / variance[probe];
        Assert.That(cross / Math.Sqrt(first * second), Is.EqualTo(expected).Within(5 / Math.Sqrt(Passes)), "identical examples: only the shared bias correlates them");
    }

    /// <summary>σ²∗x² + σ_b² per output of one image: the variance the local reparameterisation draws with (its definition).</summary>
    private static double[] Variances(WeightLayer layer, Tensor x)
    {
        var sigma = layer.WeightSigma();
        var biasSigma = layer.BiasSigma();
        var g = layer.GeometryFor(x.H, x.W);
        var cols = new float[g.PatchSize * g.Positions];
        g.Im2Col(x.Data, cols);
        var v = new double[layer.OutChannels * g.Positions];
        for (int o = 0; o < layer.OutChannels; o++)
        {
            for (int q = 0; q < g.Positions; q++)
            {
                double s = (double)biasSigma[o] * biasSigma[o];
                for (int t = 0; t < g.PatchSize; t++)
                {
                    double w = sigma[o * g.PatchSize + t], a = cols[t * g.Positions + q];
                    s += w * w * a * a;
                }

                v[o * g.Positions + q] = s;
            }
        }

        return v;
    }
}
