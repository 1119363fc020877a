using AnalogLA.Bayesian;
using AnalogLA.Numerics;

namespace AnalogLA.Tests.Bayesian;

/// <summary>
/// CIFAR augmentation (He et al., CVPR 2016, Sec. 4.2): each image becomes a crop of itself zero-padded by 4 pixels,
/// flipped horizontally with probability ½. Checked by recovering each image's transform by exhaustive matching over
/// all 9 × 9 × 2 candidates, and the recovered offsets' and flips' frequencies against uniform and ½.
/// </summary>
public class AugmentationTests
{
    /// <summary>out[c, y, x] = in[c, y + dy, x' + dx] with x' = w − 1 − x when flipped, else x; zero outside the image.</summary>
    private static float Expected(ReadOnlySpan<float> image, int c, int y, int x, int h, int w, int dy, int dx, bool flip)
    {
        int sy = y + dy, sx = (flip ? w - 1 - x : x) + dx;
        return sy >= 0 && sy < h && sx >= 0 && sx < w ? image[(((c * h) + sy) * w) + sx] : 0;
    }

    private static List<(int Dy, int Dx, bool Flip)> Matches(ReadOnlySpan<float> original, ReadOnlySpan<float> augmented, int channels, int h, int w)
    {
        var found = new List<(int, int, bool)>();
        for (int dy = -4; dy <= 4; dy++)
        {
            for (int dx = -4; dx <= 4; dx++)
            {
                foreach (bool flip in new[] { false, true })
                {
                    bool all = true;
                    for (int i = 0; i < channels * h * w && all; i++)
                    {
                        int c = i / (h * w), y = i / w % h, x = i % w;
                        all = augmented[i] == Expected(original, c, y, x, h, w, dy, dx, flip);
                    }

                    if (all)
                    {
                        found.Add((dy, dx, flip));
                    }
                }
            }
        }

        return found;
    }

    [Test]
    public void EachImageIsAPaddedCropOfItselfFlippedOrNot()
    {
        // 1,800 images of 2 × 8 × 8 with values in [1, 2) (no zero, so padding is told apart from content): each
        // augmented image must match exactly one candidate transform. Offsets uniform over −4…4 (χ² on 8 degrees of
        // freedom below 26.1, p = 0.001) flips at ½ within 4 standard errors (√(n/4)), and
        // the two offsets independent.
        const int n = 1800, channels = 2, size = 8;
        var images = new Tensor(n, channels, size, size);
        new CounterRandom(21).FillUniform(images.Data);
        System.Numerics.Tensors.TensorPrimitives.Add(images.Data, 1f, images.Data);
        var original = (float[])images.Data.Clone();
        Augmentation.CropAndFlip(images, new CounterRandom(22));
        var dyCounts = new int[9];
        var dxCounts = new int[9];
        int flips = 0, diagonal = 0;
        int sample = channels * size * size;
        for (int i = 0; i < n; i++)
        {
            var found = Matches(original.AsSpan(i * sample, sample), images.Data.AsSpan(i * sample, sample), channels, size, size);
            Assert.That(found, Has.Count.EqualTo(1), $"image {i}");
            var (dy, dx, flip) = found[0];
            dyCounts[dy + 4]++;
            dxCounts[dx + 4]++;
            flips += flip ? 1 : 0;
            diagonal += dy == dx ? 1 : 0;
        }

        double ChiSquare(int[] counts) => counts.Sum(k => (k - (n / 9.0)) * (k - (n / 9.0)) / (n / 9.0));
        Assert.That(ChiSquare(dyCounts), Is.LessThan(26.1), "vertical offsets: " + string.Join(" ", dyCounts));
        Assert.That(ChiSquare(dxCounts), Is.LessThan(26.1), "horizontal offsets: " + string.Join(" ", dxCounts));
        Assert.That(flips, Is.EqualTo(n / 2.0).Within(4 * Math.Sqrt(n / 4.0)));
        // Independent offsets: dy = dx in 1/9 of the images (binomial standard error √(n·(1/9)·(8/9)), bound 5 of them).
        Assert.That(diagonal, Is.EqualTo(n / 9.0).Within(5 * Math.Sqrt(n * (1 / 9.0) * (8 / 9.0))));
    }

    [Test]
    public void TheSameStreamGivesTheSameCropsAndAnotherStreamOthers()
    {
        var a = new Tensor(16, 3, 8, 8);
        new CounterRandom(23).FillUniform(a.Data);
        var b = a.Clone();
        var c = a.Clone();
        Augmentation.CropAndFlip(a, new CounterRandom(5));
        Augmentation.CropAndFlip(b, new CounterRandom(5));
        Augmentation.CropAndFlip(c, new CounterRandom(6));
        Assert.That(b.Data, Is.EqualTo(a.Data));
        Assert.That(c.Data, Is.Not.EqualTo(a.Data));
        Assert.That(() => Augmentation.CropAndFlip(null!, new CounterRandom(1)), Throws.TypeOf<ArgumentNullException>().With.Property("ParamName").EqualTo("images"));
    }
}
