using AnalogLA.Bayesian;
using AnalogLA.Numerics;

namespace AnalogLA.Tests.Bayesian;

/// <summary>
/// Contracts of the layer files that the 2026-12-05 mutation run of SimpleLayers, BatchNorm2d, Sequential and Layer
/// left unchecked: argument checks by name and type, BatchNorm's running averages over several steps (a hand-worked
/// recurrence), the parameter names checkpoints store, where max pooling sends the gradient of a tied window, a
/// sequential network's KL as the sum of its layers', and the residual block's input gradient against central
/// differences of its own forward pass.
/// </summary>
public class LayerContractTests
{
    private static ForwardContext Context() => new(1, 1);

    private static Tensor Random(int n, int c, int h, int w, int seed)
    {
        var random = new Random(seed);
        return new Tensor(Enumerable.Range(0, n * c * h * w).Select(_ => (float)(random.NextDouble() * 4 - 2)).ToArray(), n, c, h, w);
    }

    [Test]
    public void BatchNormNeedsAChannelAndNamesItsParametersAsCheckpointsStoreThem()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => _ = new BatchNorm2d(0));
        Assert.That(e!.ParamName, Is.EqualTo("channels"));
        Assert.That(e.Message, Does.Contain("≥ 1"));
        var bn = new BatchNorm2d(1);
        Assert.That(new[] { bn.Gamma.Name, bn.Beta.Name, bn.RunningMean.Name, bn.RunningVariance.Name },
            Is.EqualTo(new[] { "gamma", "beta", "running_mean", "running_var" }));
    }

    [Test]
    public void BatchNormRunningAveragesFollowTheMomentumRecurrenceOverSteps()
    {
        // One value per channel (count 1): the batch variance is 0 and has no unbiased correction (n/(n − 1) would
        // divide by zero). From running mean 0 and variance 1, momentum m = 0.1, the same input x = 3 twice:
        // mean 0.1·3 = 0.3, then 0.9·0.3 + 0.3 = 0.57; variance 0.9·1 = 0.9, then 0.9·0.9 = 0.81.
        var bn = new BatchNorm2d(1);
        var x = new Tensor([3f], 1, 1, 1, 1);
        bn.Forward(x, PassMode.Train, Context());
        Assert.That(bn.RunningMean.Value[0], Is.EqualTo(0.3f).Within(1e-6));
        Assert.That(bn.RunningVariance.Value[0], Is.EqualTo(0.9f).Within(1e-6));
        bn.Forward(x, PassMode.Train, Context());
        Assert.That(bn.RunningMean.Value[0], Is.EqualTo(0.57f).Within(1e-6));
        Assert.That(bn.RunningVariance.Value[0], Is.EqualTo(0.81f).Within(1e-6));
    }

    [Test]
    public void AForwardContextAsksForTheInputGradientByDefault() => Assert.That(Context().InputGradient, Is.True);

    [Test]
    public void PoolingChecksItsKernelAndEveryInputSide()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => _ = new MaxPool2d(0));
        Assert.That(e!.ParamName, Is.EqualTo("kernel"));
        Assert.That(new MaxPool2d(1).Kernel, Is.EqualTo(1));

        // Too short in one side only is refused, naming the layer and the input.
        foreach (var (h, w) in new[] { (2, 5), (5, 2) })
        {
            var shape = Assert.Throws<ArgumentException>(() => new MaxPool2d(3).OutputShape(1, h, w));
            Assert.That(shape!.Message, Does.Contain($"input {h}"));
        }
    }

    [TestCase(2)]
    [TestCase(3)]
    public void MaxPoolingSendsATiedWindowsGradientToItsFirstElement(int kernel)
    {
        // A window of equal values has every element as its maximum; the gradient goes to the first in row-major
        // order (the top-left), as a strict comparison scanning the window finds it, and to no other.
        var pool = new MaxPool2d(kernel);
        var x = new Tensor(Enumerable.Repeat(1.5f, kernel * kernel).ToArray(), 1, 1, kernel, kernel);
        pool.Forward(x, PassMode.Train, Context());
        var dx = pool.Backward(new Tensor([2f], 1, 1, 1, 1));
        var expected = new float[kernel * kernel];
        expected[0] = 2f;
        Assert.That(dx.Data.AsSpan(0, kernel * kernel).ToArray(), Is.EqualTo(expected));
    }

    [Test]
    public void LayersRefuseNullTensorsByName()
    {
        var x = Random(1, 2, 4, 4, 3);
        Layer[] layers = [new ReLU(), new MaxPool2d(2), new AvgPool2d(2), new GlobalAvgPool(), new BatchNorm2d(2), new Flatten()];
        foreach (var layer in layers)
        {
            Assert.Throws<ArgumentNullException>(() => layer.Forward(null!, PassMode.Train, Context()), layer.Describe());
            layer.Forward(x, PassMode.Train, Context());
            Assert.Throws<ArgumentNullException>(() => layer.Backward(null!), layer.Describe());
        }

        var block = new ResidualBlock(2, 2, 1, (i, o, k, s, p) => new Conv2d(i, o, k, s, p, 7));
        Assert.Throws<ArgumentNullException>(() => block.Forward(null!, PassMode.Train, Context()));
        Assert.Throws<ArgumentNullException>(() => _ = new ResidualBlock(2, 2, 1, null!));
    }

    [Test]
    public void ReLUBackwardNeedsATrainingPassOfTheSameSize()
    {
        var relu = new ReLU();
        var g = new Tensor([1f, 1f, 1f, 1f], 1, 4);
        var missing = Assert.Throws<InvalidOperationException>(() => relu.Backward(g));
        Assert.That(missing!.Message, Does.Contain("ReLU"));
        relu.Forward(new Tensor([1f, -1f, 2f, -2f], 1, 4), PassMode.Train, Context());
        var size = Assert.Throws<ArgumentException>(() => relu.Backward(new Tensor([1f, 1f, 1f], 1, 3)));
        Assert.That(size!.Message, Does.Contain("3 values"));
        Assert.That(relu.Backward(g).Data.AsSpan(0, 4).ToArray(), Is.EqualTo(new[] { 1f, 0f, 1f, 0f }));
    }

    [Test]
    public void ASequentialNetworksKlIsTheSumOfItsLayers()
    {
        var first = new BayesianLinear(5, 4, seed: 3);
        var second = new BayesianLinear(4, 2, seed: 4);
        var net = new Sequential([first, new ReLU(), second]);
        double sum = first.KlDivergence() + second.KlDivergence();
        Assert.That(first.KlDivergence(), Is.GreaterThan(0));
        Assert.That(second.KlDivergence(), Is.GreaterThan(0));
        Assert.That(net.KlDivergence(), Is.EqualTo(sum).Within(1e-9 * sum));
        Assert.That(net.AccumulateKlGradient(1f), Is.EqualTo(sum).Within(1e-6 * sum));
    }

    [Test]
    public void TheResidualBlocksInputGradientMatchesCentralDifferences()
    {
        // L = Σ r·y for a fixed r; ∂L/∂x from Backward against (L(x + h·e_i) − L(x − h·e_i))/2h for every input of a
        // 1 × 2 × 4 × 4 block (training mode: batch statistics, deterministic weights). h = 3e-3 in float, small enough
        // that no difference crosses a ReLU kink for these inputs (h = 1e-2 does, at input 6): bound 1e-2 plus 1 %
        // (roundoff of L ≈ 1e-6·|L|/h and the curvature of BatchNorm's statistics; measured worst 3e-4).
        var block = new ResidualBlock(2, 2, 1, (i, o, k, s, p) => new Conv2d(i, o, k, s, p, 11));
        var x = Random(1, 2, 4, 4, 5);
        var r = Random(1, 2, 4, 4, 6);
        double Loss(Tensor input)
        {
            var y = block.Forward(input, PassMode.Train, Context());
            double sum = 0;
            for (int i = 0; i < r.Data.Length; i++)
            {
                sum += r.Data[i] * y.Data[i];
            }

            return sum;
        }

        Loss(new Tensor((float[])x.Data.Clone(), 1, 2, 4, 4));
        var analytic = block.Backward(new Tensor((float[])r.Data.Clone(), 1, 2, 4, 4)).Data.AsSpan(0, 32).ToArray();
        const float h = 3e-3f;
        for (int i = 0; i < 32; i++)
        {
            var plus = (float[])x.Data.Clone();
            var minus = (float[])x.Data.Clone();
            plus[i] += h;
            minus[i] -= h;
            double numeric = (Loss(new Tensor(plus, 1, 2, 4, 4)) - Loss(new Tensor(minus, 1, 2, 4, 4))) / (2 * h);
            Assert.That(analytic[i], Is.EqualTo(numeric).Within(1e-2 + (0.01 * Math.Abs(numeric))), $"input {i}");
        }
    }

    [TestCase(3, 2, 0, 4, 4, TestName = "k3 s2 p0 on 4×4: one output position, the top-left window")]
    [TestCase(3, 1, 1, 1, 1, TestName = "k3 s1 p1 on 1×1: only the centre tap reads the pixel")]
    [TestCase(1, 1, 0, 3, 1, TestName = "k1 on 3×1: pointwise on a column")]
    [TestCase(1, 1, 0, 1, 3, TestName = "k1 on 1×3: pointwise on a row")]
    [TestCase(1, 1, 0, 1, 1, TestName = "k1 on 1×1: fully connected")]
    [TestCase(2, 1, 1, 2, 3, TestName = "k2 s1 p1 on 2×3")]
    public void AConvolutionIsTheDirectSumOverItsWindows(int kernel, int stride, int padding, int h, int w)
    {
        // y[n,o,a,b] = b_o + Σ_c,i,j W[o,c,i,j]·x[n,c,a·s + i − p, b·s + j − p] (zero outside), summed by hand; the
        // geometries are those the layer special-cases (pointwise, one position, fully connected) and their neighbours.
        const int inC = 2, outC = 3;
        var conv = new Conv2d(inC, outC, kernel, stride, padding, seed: 5);
        var x = new Tensor(2, inC, h, w);
        new CounterRandom(6).FillNormal(x.Data);
        var y = conv.Forward(x, PassMode.Mean, new ForwardContext(1, 1));
        int oh = ((h + (2 * padding) - kernel) / stride) + 1, ow = ((w + (2 * padding) - kernel) / stride) + 1;
        Assert.That((y.C, y.H, y.W), Is.EqualTo((outC, oh, ow)));
        for (int n = 0; n < 2; n++)
        {
            for (int o = 0; o < outC; o++)
            {
                for (int a = 0; a < oh; a++)
                {
                    for (int b = 0; b < ow; b++)
                    {
                        double sum = conv.BiasMu.Value[o];
                        for (int c = 0; c < inC; c++)
                        {
                            for (int i = 0; i < kernel; i++)
                            {
                                for (int j = 0; j < kernel; j++)
                                {
                                    int r = (a * stride) + i - padding, q = (b * stride) + j - padding;
                                    if (r >= 0 && r < h && q >= 0 && q < w)
                                    {
                                        sum += (double)conv.WeightMu.Value[(((o * inC) + c) * kernel * kernel) + (i * kernel) + j] * x.Data[(((n * inC) + c) * h * w) + (r * w) + q];
                                    }
                                }
                            }
                        }

                        float got = y.Data[(((n * outC) + o) * oh * ow) + (a * ow) + b];
                        Assert.That(got, Is.EqualTo(sum).Within(1e-5 * (1 + Math.Abs(sum))), $"image {n}, output {o} at ({a}, {b})");
                    }
                }
            }
        }
    }

    [Test]
    public void ADeterministicLinearLayerHasNoSigmaAndSamplesItsMean()
    {
        var linear = new Linear(6, 4, seed: 3);
        Assert.That(linear.IsBayesian, Is.False);
        Assert.That(linear.Parameters.Select(p => p.Name), Has.None.Contains("rho"));
        var x = new Tensor(3, 6, 1, 1);
        new CounterRandom(4).FillNormal(x.Data);
        var mean = linear.Forward(x, PassMode.Mean, new ForwardContext(1, 1)).Data.ToArray();
        Assert.That(linear.Forward(x, PassMode.Sample, new ForwardContext(1, 2)).Data, Is.EqualTo(mean));
        Assert.That(linear.KlDivergence(), Is.EqualTo(0));
    }

    [Test]
    public void SoftplusHasFloatPrecisionForEveryRho()
    {
        // Below ρ = −5, ln(1 + x) with x = e^ρ by its series Σ (−1)^{k+1} x^k/k (x ≤ 0.0068: 12 terms reach double
        // precision); above, the identity softplus(ρ) − softplus(−ρ) = ρ and softplus(0) = ln 2. Float precision:
        // a relative 2·10⁻⁷. (In float arithmetic ln(1 + e^ρ) was 0 below ρ ≈ −16.6 and 0.1 % off at −10.)
        foreach (double rho in new[] { -60, -30, -20.5, -20, -19.5, -17, -12, -10, -8, -5 })
        {
            double x = Math.Exp(rho), series = 0;
            for (int k = 1; k <= 12; k++)
            {
                series += (k % 2 == 1 ? 1 : -1) * Math.Pow(x, k) / k;
            }

            Assert.That(WeightLayer.Softplus((float)rho), Is.EqualTo(series).Within(2e-7 * series), $"ρ = {rho}");
        }

        Assert.That(WeightLayer.Softplus(0), Is.EqualTo(Math.Log(2)).Within(2e-7));
        foreach (float rho in new[] { 0.5f, 3f, 10f, 19.5f, 20f, 20.5f, 25f })
        {
            Assert.That(WeightLayer.Softplus(rho) - (double)WeightLayer.Softplus(-rho), Is.EqualTo(rho).Within(2e-7 * rho), $"ρ = ±{rho}");
        }
    }
}
