using AnalogLA.Bayesian;
using AnalogLA.Numerics;

namespace AnalogLA.Tests.Bayesian;

/// <summary>Every layer's backward pass against central finite differences of L = Σ r ⊙ f(x).</summary>
public class GradientTests
{
    private static Tensor Random(int n, int c, int h, int w, ulong seed, float scale = 1)
    {
        var t = new Tensor(n, c, h, w);
        new CounterRandom(seed).FillNormal(t.Data);
        System.Numerics.Tensors.TensorPrimitives.Multiply(t.Data, scale, t.Data);
        return t;
    }

    private static double Objective(Layer layer, Tensor x, Tensor r)
    {
        var y = layer.Forward(x, PassMode.Train, new ForwardContext(7, 1));
        double sum = 0;
        for (int i = 0; i < y.Data.Length; i++)
        {
            sum += (double)y.Data[i] * r.Data[i];
        }

        return sum;
    }

    /// <summary>Checks ∂L/∂x and ∂L/∂θ at a handful of coordinates; relative error bound 2 % (float32 forward, ε = 1e-2 unless given).</summary>
    private static void Check(Layer layer, Tensor x, int checks = 12, float eps = 1e-2f)
    {
        var y = layer.Forward(x, PassMode.Train, new ForwardContext(7, 1));
        var r = Random(y.N, y.C, y.H, y.W, 99);
        foreach (var p in layer.Parameters)
        {
            Array.Clear(p.Gradient);
        }

        layer.Forward(x, PassMode.Train, new ForwardContext(7, 1));
        var dx = layer.Backward(r);
        float Eps = eps;
        var rng = new CounterRandom(5);
        var picks = new float[checks];
        rng.FillUniform(picks);

        void Compare(float[] values, float analytic, int index, string what)
        {
            float saved = values[index];
            values[index] = saved + Eps;
            double plus = Objective(layer, x, r);
            values[index] = saved - Eps;
            double minus = Objective(layer, x, r);
            values[index] = saved;
            double numeric = (plus - minus) / (2 * Eps);
            Assert.That(analytic, Is.EqualTo(numeric).Within(0.02 * Math.Max(Math.Abs(numeric), 0.05)), $"{layer.Describe()}: {what}[{index}]");
        }

        foreach (var pick in picks)
        {
            int i = (int)(pick * x.Data.Length);
            Compare(x.Data, dx.Data[i], i, "dx");
        }

        foreach (var p in layer.Parameters)
        {
            var gradient = (float[])p.Gradient.Clone();
            foreach (var pick in picks.Take(4))
            {
                int i = (int)(pick * p.Length);
                Compare(p.Value, gradient[i], i, p.Name);
            }
        }
    }

    [Test]
    public void Conv2d() => Check(new Conv2d(2, 3, 3, stride: 2, padding: 1, seed: 3), Random(2, 2, 7, 7, 1));

    [Test]
    public void Linear() => Check(new Linear(6, 4, seed: 3), Random(3, 6, 1, 1, 2));

    [Test]
    public void BayesianConv2d()
    {
        var layer = new BayesianConv2d(2, 3, 3, 1, 1, new BayesianOptions { InitialRho = -1 }, seed: 3);
        Check(layer, Random(2, 2, 5, 5, 4));
    }

    [Test]
    public void BayesianConv2dFlipout()
    {
        var layer = new BayesianConv2d(2, 3, 3, 1, 1, new BayesianOptions { InitialRho = -1, Estimator = WeightEstimator.Flipout }, seed: 3);
        Check(layer, Random(2, 2, 5, 5, 4));
    }

    [Test]
    public void BayesianConv2dOnMoreImagesThanBackwardChunks([Values] WeightEstimator estimator)
    {
        // 35 images: the backward pass sums them in 16 chunks of two or three, so each chunk accumulates several
        // images' ∂L/∂μ and ∂L/∂σ² (a chunk that kept only its last image would be off by about half).
        var layer = new BayesianConv2d(2, 3, 3, 1, 1, new BayesianOptions { InitialRho = -1, Estimator = estimator }, seed: 3);
        Check(layer, Random(35, 2, 5, 5, 11));
    }

    [Test]
    public void PointwiseBayesianConv2d()
    {
        // k = 1, stride 1, no padding: the columns are the input itself and ∂L/∂x is added without col2im.
        var layer = new BayesianConv2d(3, 4, 1, 1, 0, new BayesianOptions { InitialRho = -1 }, seed: 3);
        Check(layer, Random(2, 3, 4, 4, 12));
    }

    [Test]
    public void BayesianLinear() => Check(new BayesianLinear(5, 4, new BayesianOptions { InitialRho = -1 }, seed: 3), Random(3, 5, 1, 1, 5));

    [Test]
    public void ReLU() => Check(new ReLU(), Random(2, 3, 4, 4, 6));

    [Test]
    public void MaxPool() => Check(new MaxPool2d(2), Random(2, 2, 4, 4, 7));

    [Test]
    public void AvgPool() => Check(new AvgPool2d(2), Random(2, 2, 4, 4, 8));

    [Test]
    public void GlobalAvgPool() => Check(new GlobalAvgPool(), Random(2, 3, 3, 3, 9));

    [Test]
    public void Flatten() => Check(new Flatten(), Random(2, 2, 3, 3, 10));

    [Test]
    public void BatchNorm()
    {
        var bn = new BatchNorm2d(3);
        new CounterRandom(11).FillNormal(bn.Gamma.Value);
        Check(bn, Random(4, 3, 3, 3, 12));
    }

    [Test]
    public void ResidualBlockWithDownsampling()
    {
        ulong s = 20;
        var block = new ResidualBlock(2, 4, 2, (i, o, k, st, p) => new Conv2d(i, o, k, st, p, ++s));
        // ε = 1e-3: with 1e-2 the two ReLUs' kinks inside the block bias the central differences.
        Check(block, Random(3, 2, 6, 6, 13), eps: 1e-3f);
    }

    [Test]
    public void CrossEntropyGradientIsSoftmaxMinusOneHot()
    {
        var logits = new Tensor([1f, 2f, 0.5f, -1f, 0f, 3f], 2, 3);
        var (loss, grad) = Loss.CrossEntropy(logits, [1, 2]);
        double p1 = Math.Exp(2) / (Math.Exp(1) + Math.Exp(2) + Math.Exp(0.5));
        double p2 = Math.Exp(3) / (Math.Exp(-1) + Math.Exp(0) + Math.Exp(3));
        Assert.That(loss, Is.EqualTo(-(Math.Log(p1) + Math.Log(p2)) / 2).Within(1e-6));
        Assert.That(grad.Data[1], Is.EqualTo((p1 - 1) / 2).Within(1e-6));
        Assert.That(grad.Data[0], Is.EqualTo(Math.Exp(1) / (Math.Exp(1) + Math.Exp(2) + Math.Exp(0.5)) / 2).Within(1e-6));
    }
}
