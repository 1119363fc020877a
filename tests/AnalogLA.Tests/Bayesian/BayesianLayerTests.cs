using AnalogLA.Bayesian;
using AnalogLA.Numerics;

namespace AnalogLA.Tests.Bayesian;

public class BayesianLayerTests
{
    [Test]
    public void KlMatchesTheClosedFormByHand()
    {
        var layer = new BayesianLinear(1, 1, new BayesianOptions { PriorSigma = 0.5, InitialRho = 0 });
        layer.WeightMu.Value[0] = 0.3f;
        layer.BiasMu.Value[0] = -0.1f;
        double s = Math.Log(2);   // softplus(0)
        double expected = 2 * (Math.Log(0.5 / s) + s * s / (2 * 0.25) - 0.5) + (0.09 + 0.01) / (2 * 0.25);
        Assert.That(layer.KlDivergence(), Is.EqualTo(expected).Within(1e-6));
    }

    [Test]
    public void KlMatchesAMonteCarloEstimate()
    {
        // The layer's KL(q‖p) against E_q[ln q(w) − ln p(w)] estimated from 200,000 draws of w ~ q (standard error
        // ≈ 0.003 per parameter here). The layer holds one weight and one bias, both set to µ = 0.2, σ = 0.05.
        double mu = 0.2, sigma = 0.05, prior = 0.1;
        var layer = new BayesianLinear(1, 1, new BayesianOptions { PriorSigma = prior });
        float rho = (float)Math.Log(Math.Exp(sigma) - 1); // softplus⁻¹(σ)
        layer.WeightMu.Value[0] = (float)mu;
        layer.BiasMu.Value[0] = (float)mu;
        layer.WeightRho!.Value[0] = rho;
        layer.BiasRho!.Value[0] = rho;
        var z = new float[200_000];
        new CounterRandom(3).FillNormal(z);
        double sum = 0;
        foreach (float e in z)
        {
            double w = mu + sigma * e;
            sum += (-Math.Log(sigma) - 0.5 * e * e) - (-Math.Log(prior) - 0.5 * w * w / (prior * prior));
        }

        Assert.That(layer.KlDivergence(), Is.EqualTo(2 * sum / z.Length).Within(2 * 0.015));
    }

    [Test]
    public void KlGradientMatchesFiniteDifferences()
    {
        var layer = new BayesianConv2d(2, 2, 3, options: new BayesianOptions { InitialRho = -2, PriorSigma = 0.2 }, seed: 4);
        double reported = layer.AccumulateKlGradient(1f);

        // The KL it returns (float σ and log σ) is the double-precision KlDivergence to float rounding per term.
        Assert.That(reported, Is.EqualTo(layer.KlDivergence()).Within(1e-6 * layer.Parameters.Sum(p => p.Length)));
        foreach (var p in layer.Parameters)
        {
            for (int i = 0; i < Math.Min(3, p.Length); i++)
            {
                float saved = p.Value[i];
                p.Value[i] = saved + 1e-3f;
                double plus = layer.KlDivergence();
                p.Value[i] = saved - 1e-3f;
                double minus = layer.KlDivergence();
                p.Value[i] = saved;
                Assert.That(p.Gradient[i], Is.EqualTo((plus - minus) / 2e-3).Within(2e-2 * Math.Max(1, Math.Abs(p.Gradient[i]))), p.Name);
            }
        }
    }

    [Test]
    public void VanishingSigmaEqualsTheDeterministicTwin()
    {
        var bayes = new BayesianConv2d(3, 4, 3, 1, 1, new BayesianOptions { InitialRho = -30 }, seed: 9);
        var twin = new Conv2d(3, 4, 3, 1, 1, seed: 9);
        Assert.That(bayes.WeightMu.Value, Is.EqualTo(twin.WeightMu.Value));
        var x = new Tensor(2, 3, 6, 6);
        new CounterRandom(1).FillNormal(x.Data);
        var sampled = bayes.Forward(x, PassMode.Sample, new ForwardContext(1, 1));
        var point = twin.Forward(x, PassMode.Sample, new ForwardContext(1, 1));
        Assert.That(sampled.Data, Is.EqualTo(point.Data).Within(1e-5));
    }

    [Test]
    public void LocalReparameterisationHasThePosteriorMoments()
    {
        // One output b = w·x with w ~ N(0.5, 0.2²), x = 2: mean 1, sd 0.4, over 20,000 samples (se of sd ≈ 0.002).
        var layer = new BayesianLinear(1, 1, new BayesianOptions { InitialRho = Math.Log(Math.Exp(0.2) - 1) });
        layer.WeightMu.Value[0] = 0.5f;
        layer.BiasRho!.Value[0] = -30;
        var x = new Tensor(20_000, 1);
        Array.Fill(x.Data, 2f);
        var y = layer.Forward(x, PassMode.Sample, new ForwardContext(3, 1));
        double mean = y.Data.Average(v => (double)v);
        double sd = Math.Sqrt(y.Data.Sum(v => (v - mean) * (v - mean)) / (y.Data.Length - 1));
        Assert.That(mean, Is.EqualTo(1).Within(4 * 0.4 / Math.Sqrt(20_000)));
        Assert.That(sd, Is.EqualTo(0.4).Within(0.01));
    }

    [TestCase(true)]
    [TestCase(false)]
    public void SigmaIsComputedOnceForFixedParametersAndAgainWhenRhoChanges(bool convolution)
    {
        WeightLayer Make() => convolution
            ? new BayesianConv2d(2, 3, 3, 1, 1, new BayesianOptions { InitialRho = -2 }, seed: 5)
            : new BayesianLinear(8, 3, new BayesianOptions { InitialRho = -2 }, seed: 5);
        var layer = Make();
        var x = convolution ? new Tensor(2, 2, 5, 5) : new Tensor(2, 8);
        new CounterRandom(2).FillNormal(x.Data);
        var first = layer.Forward(x, PassMode.Sample, new ForwardContext(7, 1));
        var again = layer.Forward(x, PassMode.Sample, new ForwardContext(7, 1));
        Assert.That(again.Data, Is.EqualTo(first.Data), "same stream, same σ: the same sample");
        Assert.That(layer.VarianceRefreshes, Is.EqualTo(1), "σ² computed once for two passes");

        // Edit ρ in place (as an optimiser or a checkpoint load does): the next pass must see it, like a fresh layer would;
        // the weights' ρ first, then only the biases' ρ.
        var previous = first;
        int refreshes = 1;
        foreach (var edit in new Action[] { () => layer.WeightRho!.Value[0] += 1.5f, () => layer.BiasRho!.Value[1] += 1.5f })
        {
            edit();
            var edited = layer.Forward(x, PassMode.Sample, new ForwardContext(7, 1));
            var fresh = Make();
            Array.Copy(layer.WeightRho!.Value, fresh.WeightRho!.Value, layer.WeightRho.Value.Length);
            Array.Copy(layer.BiasRho!.Value, fresh.BiasRho!.Value, layer.BiasRho.Value.Length);
            var expected = fresh.Forward(x, PassMode.Sample, new ForwardContext(7, 1));
            Assert.That(edited.Data, Is.EqualTo(expected.Data));
            Assert.That(edited.Data, Is.Not.EqualTo(previous.Data));
            Assert.That(layer.VarianceRefreshes, Is.EqualTo(++refreshes));
            previous = edited;
        }
    }

    /// <summary>
    /// Samples of one input share the first layer's mean and sd: the shared pass gives the same floats as the full pass,
    /// reuses after the first sample, and recomputes when the input, a mean or a ρ changes.
    /// </summary>
    [Test]
    public void SharedFirstLayerWorkGivesTheSameSamples([Values] bool convolution)
    {
        var network = convolution ? new Network(Models.LeNet5(), seed: 3) : null;
        var body = network?.Body ?? new Sequential([new BayesianLinear(8, 5, new BayesianOptions { InitialRho = -2 }, 4), new ReLU(), new BayesianLinear(5, 3, new BayesianOptions(), 5)]);
        var first = (WeightLayer)body.Layers[0];
        var images = convolution ? new Tensor(3, 1, 28, 28) : new Tensor(3, 8);
        new CounterRandom(2).FillUniform(images.Data);

        Tensor Run(ulong sample, bool share)
        {
            var x = images.Clone();
            var context = new ForwardContext(11, sample) { ReuseSharedInput = share };
            return network is not null ? network.Forward(x, PassMode.Sample, context) : ForwardAsNetwork(body, x, context);
        }

        for (ulong sample = 0; sample < 3; sample++)
        {
            Assert.That(Run(sample, share: true).Data, Is.EqualTo(Run(sample, share: false).Data), $"sample {sample}");
        }

        Assert.That(first.SharedReuses, Is.EqualTo(2), "samples 1 and 2 reuse sample 0's work");
        foreach (var edit in new Action[] { () => images.Data[5] += 0.25f, () => first.WeightMu.Value[3] += 0.1f, () => first.BiasRho!.Value[0] += 1f })
        {
            edit();
            int before = first.SharedReuses;
            var shared = Run(7, share: true);
            Assert.That(first.SharedReuses, Is.EqualTo(before), "an edit forces a recomputation");
            Assert.That(shared.Data, Is.EqualTo(Run(7, share: false).Data));
        }
    }

    private static Tensor ForwardAsNetwork(Sequential body, Tensor x, ForwardContext context)
    {
        context.NetworkInput = x;
        return body.Forward(x, PassMode.Sample, context);
    }

    /// <summary>Without the input gradient (training), the first layer's parameter gradients are unchanged and its dx is zeros.</summary>
    [Test]
    public void SkippingTheInputGradientLeavesParameterGradientsAlone([Values] bool convolution)
    {
        float[][] Gradients(bool inputGradient, out Tensor dx)
        {
            var network = convolution ? new Network(Models.LeNet5(), seed: 3) : null;
            var body = network?.Body ?? new Sequential([new BayesianLinear(8, 5, new BayesianOptions { InitialRho = -2 }, 4), new ReLU(), new BayesianLinear(5, 3, new BayesianOptions(), 5)]);
            var x = convolution ? new Tensor(4, 1, 28, 28) : new Tensor(4, 8);
            new CounterRandom(2).FillUniform(x.Data);
            var context = new ForwardContext(5, 1) { InputGradient = inputGradient };
            context.NetworkInput = x;
            var logits = body.Forward(x, PassMode.Train, context);
            var (_, gradient) = Loss.CrossEntropy(logits, [0, 1, 2, 1]);
            dx = body.Backward(gradient);
            return body.Parameters.Select(p => (float[])p.Gradient.Clone()).ToArray();
        }

        var full = Gradients(true, out var dxFull);
        var skipped = Gradients(false, out var dxSkipped);
        Assert.That(skipped, Is.EqualTo(full));
        Assert.That(dxFull.Data.Any(v => v != 0), Is.True);
        Assert.That(dxSkipped.Data.All(v => v == 0), Is.True);
    }
}
