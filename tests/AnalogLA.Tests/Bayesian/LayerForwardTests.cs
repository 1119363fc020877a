using AnalogLA.Bayesian;
using AnalogLA.Numerics;

namespace AnalogLA.Tests.Bayesian;

/// <summary>
/// Forward passes of the parameter-free layers and BatchNorm against their definitions written as plain loops (the
/// gradient tests check backward against the layer's own forward, so a forward bug that backward mirrors would pass
/// them): max and average pooling over non-overlapping windows, the global average, ReLU, BatchNorm with batch
/// statistics in training (and the running averages it updates: biased mean, unbiased variance, momentum 0.1) and
/// running statistics at inference, and the residual block's parameter-free shortcut (stride subsampling, zero channels).
/// </summary>
public class LayerForwardTests
{
    private static Tensor Random(int n, int c, int h, int w, int seed)
    {
        var random = new Random(seed);
        return new Tensor(Enumerable.Range(0, n * c * h * w).Select(_ => (float)(random.NextDouble() * 4 - 2)).ToArray(), n, c, h, w);
    }

    private static float At(Tensor t, int n, int c, int y, int x) => t.Data[(((n * t.C) + c) * t.H + y) * t.W + x];

    private static Tensor Forward(Layer layer, Tensor x, PassMode mode = PassMode.Mean) => layer.Forward(x, mode, new ForwardContext(1, 1));

    [Test]
    public void PoolingAndReLUFollowTheirDefinitions()
    {
        var x = Random(2, 3, 6, 6, 1);
        var max = Forward(new MaxPool2d(3), x);
        var avg = Forward(new AvgPool2d(2), x);
        var global = Forward(new GlobalAvgPool(), x);
        var relu = Forward(new ReLU(), x);
        Assert.That((max.C, max.H, max.W, avg.H, global.H, global.W), Is.EqualTo((3, 2, 2, 3, 1, 1)));
        for (int n = 0; n < 2; n++)
        {
            for (int c = 0; c < 3; c++)
            {
                for (int i = 0; i < 2; i++)
                {
                    for (int j = 0; j < 2; j++)
                    {
                        float best = float.NegativeInfinity;
                        for (int dy = 0; dy < 3; dy++)
                        {
                            for (int dx = 0; dx < 3; dx++)
                            {
                                best = Math.Max(best, At(x, n, c, (3 * i) + dy, (3 * j) + dx));
                            }
                        }

                        Assert.That(At(max, n, c, i, j), Is.EqualTo(best));
                    }
                }

                for (int i = 0; i < 3; i++)
                {
                    for (int j = 0; j < 3; j++)
                    {
                        double mean = (At(x, n, c, 2 * i, 2 * j) + At(x, n, c, 2 * i, (2 * j) + 1) + At(x, n, c, (2 * i) + 1, 2 * j) + At(x, n, c, (2 * i) + 1, (2 * j) + 1)) / 4.0;
                        Assert.That(At(avg, n, c, i, j), Is.EqualTo(mean).Within(1e-6));
                    }
                }

                double all = 0;
                for (int i = 0; i < 36; i++)
                {
                    all += At(x, n, c, i / 6, i % 6);
                }

                Assert.That(At(global, n, c, 0, 0), Is.EqualTo(all / 36).Within(1e-6));
            }
        }

        Assert.That(relu.Data, Is.EqualTo(x.Data.Select(v => Math.Max(v, 0f)).ToArray()));
        // A window that does not divide the input drops the last rows and columns (floor), like PyTorch's default.
        var odd = Forward(new MaxPool2d(2), Random(1, 1, 5, 5, 2));
        Assert.That((odd.H, odd.W), Is.EqualTo((2, 2)));
    }

    [Test]
    public void BatchNormUsesBatchStatisticsInTrainingAndRunningOnesAfter()
    {
        var x = Random(3, 2, 2, 2, 3);
        var bn = new BatchNorm2d(2);
        bn.Gamma.Value[0] = 1.5f; bn.Gamma.Value[1] = 0.5f;
        bn.Beta.Value[0] = -0.25f; bn.Beta.Value[1] = 2f;
        var trained = Forward(bn, x, PassMode.Train);
        for (int c = 0; c < 2; c++)
        {
            var values = Enumerable.Range(0, 3).SelectMany(n => Enumerable.Range(0, 4).Select(i => (double)At(x, n, c, i / 2, i % 2))).ToArray();
            double mean = values.Average();
            double variance = values.Select(v => (v - mean) * (v - mean)).Average();
            for (int n = 0; n < 3; n++)
            {
                for (int i = 0; i < 4; i++)
                {
                    double expected = bn.Gamma.Value[c] * (At(x, n, c, i / 2, i % 2) - mean) / Math.Sqrt(variance + 1e-5) + bn.Beta.Value[c];
                    Assert.That(At(trained, n, c, i / 2, i % 2), Is.EqualTo(expected).Within(1e-5));
                }
            }

            // Running averages from (0, 1): 0.9·0 + 0.1·mean and 0.9·1 + 0.1·(unbiased variance, 12/11 of the biased one).
            Assert.That(bn.RunningMean.Value[c], Is.EqualTo(0.1 * mean).Within(1e-6));
            Assert.That(bn.RunningVariance.Value[c], Is.EqualTo(0.9 + (0.1 * variance * 12 / 11)).Within(1e-6));
        }

        // At inference the running statistics normalise, whatever the batch.
        bn.RunningMean.Value[0] = 0.5f; bn.RunningVariance.Value[0] = 4f;
        var inferred = Forward(bn, x, PassMode.Sample);
        Assert.That(At(inferred, 1, 0, 1, 0), Is.EqualTo(1.5 * (At(x, 1, 0, 1, 0) - 0.5) / Math.Sqrt(4 + 1e-5) - 0.25).Within(1e-5));
        Assert.That(bn.RunningMean.Value[0], Is.EqualTo(0.5f), "inference leaves the running statistics alone");
        Assert.That(Assert.Throws<ArgumentException>(() => Forward(bn, Random(1, 3, 2, 2, 4)))!.Message, Does.Contain("expects 2 channels, got 3"));
    }

    [Test]
    public void TheResidualShortcutSubsamplesAndPadsChannelsWithZeros()
    {
        // A block whose branch outputs zeros (all-zero convolution weights and BatchNorm γ = 0, β = 0) leaves
        // ReLU(shortcut(x)): x at even rows and columns (stride 2) in channels 0–1 and zeros in channels 2–3.
        var block = new ResidualBlock(2, 4, 2, (i, o, k, s, p) => new Conv2d(i, o, k, s, p, 5));
        foreach (var p in block.Parameters)
        {
            Array.Clear(p.Value);
        }

        var x = Random(2, 2, 4, 4, 5);
        var y = Forward(block, x);
        Assert.That((y.C, y.H, y.W), Is.EqualTo((4, 2, 2)));
        for (int n = 0; n < 2; n++)
        {
            for (int c = 0; c < 4; c++)
            {
                for (int i = 0; i < 2; i++)
                {
                    for (int j = 0; j < 2; j++)
                    {
                        float expected = c < 2 ? Math.Max(0, At(x, n, c, 2 * i, 2 * j)) : 0;
                        Assert.That(At(y, n, c, i, j), Is.EqualTo(expected), $"n {n} c {c} ({i}, {j})");
                    }
                }
            }
        }
    }
}
