using AnalogLA.Numerics;
using AnalogLA.Bayesian;

namespace AnalogLA.Tests.Bayesian;

public class ConvGeometryTests
{
    private static readonly int[][] Geometries =
    [
        [1, 28, 28, 5, 1, 2], // LeNet conv1
        [6, 14, 14, 5, 1, 0], // LeNet conv2
        [3, 9, 7, 3, 2, 1],   // strided, padded, non-square
        [2, 8, 8, 3, 3, 2],   // stride 3, padding wider than a stride
        [2, 5, 6, 1, 1, 0],   // pointwise
        [1, 4, 4, 5, 1, 2],   // kernel wider than the image
    ];

    /// <summary>Im2Col against its definition cols[(c, ky, kx), (oy, ox)] = x[c, oy·s − p + ky, ox·s − p + kx] (0 outside).</summary>
    [TestCaseSource(nameof(Geometries))]
    public void Im2ColMatchesItsDefinition(int c, int h, int w, int k, int s, int p)
    {
        var g = new ConvGeometry(c, h, w, k, s, p);
        var x = TestData.Uniform(c * h * w, 1).Select(v => (float)v).ToArray();
        var cols = Enumerable.Repeat(float.NaN, g.PatchSize * g.Positions).ToArray();
        g.Im2Col(x, cols);
        for (int ci = 0; ci < c; ci++)
        {
            for (int ky = 0; ky < k; ky++)
            {
                for (int kx = 0; kx < k; kx++)
                {
                    for (int oy = 0; oy < g.OutHeight; oy++)
                    {
                        for (int ox = 0; ox < g.OutWidth; ox++)
                        {
                            int iy = oy * s - p + ky, ix = ox * s - p + kx;
                            float expected = iy >= 0 && iy < h && ix >= 0 && ix < w ? x[(ci * h + iy) * w + ix] : 0;
                            int row = (ci * k + ky) * k + kx;
                            Assert.That(cols[row * g.Positions + oy * g.OutWidth + ox], Is.EqualTo(expected), $"row {row}, ({oy}, {ox})");
                        }
                    }
                }
            }
        }
    }

    /// <summary>Col2Im is the adjoint: ⟨Im2Col(x), y⟩ = ⟨x, Col2Im(y)⟩ for random x, y.</summary>
    [TestCaseSource(nameof(Geometries))]
    public void Col2ImIsTheAdjoint(int c, int h, int w, int k, int s, int p)
    {
        var g = new ConvGeometry(c, h, w, k, s, p);
        var x = TestData.Uniform(c * h * w, 2).Select(v => (float)v).ToArray();
        var y = TestData.Uniform(g.PatchSize * g.Positions, 3).Select(v => (float)v).ToArray();
        var cols = new float[y.Length];
        g.Im2Col(x, cols);
        var back = new float[x.Length];
        g.Col2Im(y, back);
        double left = 0, right = 0;
        for (int i = 0; i < y.Length; i++)
        {
            left += (double)cols[i] * y[i];
        }

        for (int i = 0; i < x.Length; i++)
        {
            right += (double)x[i] * back[i];
        }

        // float32 sums of ~10⁴ products of magnitude ≤ 1: 1e-4 relative.
        Assert.That(right, Is.EqualTo(left).Within(1e-4 * Math.Max(1, Math.Abs(left))));
    }
}

public class MaxPoolTests
{
    /// <summary>
    /// Both the 2 × 2 path (four outputs per vector step at inference, a scalar remainder) and the generic window loop
    /// against the definition, with remainders dropped, in both modes; values on a coarse grid so windows hold ties.
    /// </summary>
    [Test]
    public void MaxPoolMatchesItsDefinition([Values(2, 3)] int k, [Values] bool train, [Values(8, 13, 28)] int w)
    {
        const int h = 7;
        var x = new Tensor(2, 3, h, w);
        new CounterRandom(4).FillNormal(x.Data);
        for (int i = 0; i < x.Data.Length; i++)
        {
            x.Data[i] = MathF.Round(x.Data[i] * 2) / 2;
        }

        var pool = new MaxPool2d(k);
        var y = pool.Forward(x, train ? PassMode.Train : PassMode.Sample, new ForwardContext(1, 1));
        Assert.That((y.C, y.H, y.W), Is.EqualTo((3, h / k, w / k)));
        for (int nc = 0; nc < 6; nc++)
        {
            for (int oy = 0; oy < h / k; oy++)
            {
                for (int ox = 0; ox < w / k; ox++)
                {
                    float best = float.NegativeInfinity;
                    for (int ky = 0; ky < k; ky++)
                    {
                        for (int kx = 0; kx < k; kx++)
                        {
                            best = Math.Max(best, x.Data[nc * h * w + (oy * k + ky) * w + ox * k + kx]);
                        }
                    }

                    Assert.That(y.Data[(nc * (h / k) + oy) * (w / k) + ox], Is.EqualTo(best));
                }
            }
        }

        if (train)
        {
            // The gradient goes to the maximum of each window: dx sums to dy's sum, and sits where x equals y.
            var dy = y.ZerosLike();
            Array.Fill(dy.Data, 1f);
            var dx = pool.Backward(dy);
            Assert.That(dx.Data.Sum(), Is.EqualTo(dy.Data.Length));
            Assert.That(Enumerable.Range(0, dx.Data.Length).Where(i => dx.Data[i] != 0).All(i => y.Data.Contains(x.Data[i])));
        }
    }
}
