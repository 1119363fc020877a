using AnalogLA.Numerics;
using MathNet.Numerics.Distributions;

namespace AnalogLA.Tests.Numerics;

public class CounterRandomTests
{
    private const int N = 1 << 20;

    [Test]
    public void UniformMomentsMatchWithinSampleBounds()
    {
        var u = new float[N];
        new CounterRandom(12345).FillUniform(u);
        double mean = u.Average(v => (double)v);
        double variance = u.Sum(v => (v - mean) * (v - mean)) / (N - 1);

        // Standard error of the mean is sqrt(1/12/N); allow 5 standard errors.
        Assert.That(mean, Is.EqualTo(0.5).Within(5 * Math.Sqrt(1.0 / 12 / N)));
        // Var of the sample variance of U(0,1): (1/80 − 1/144)/N.
        Assert.That(variance, Is.EqualTo(1.0 / 12).Within(5 * Math.Sqrt((1.0 / 80 - 1.0 / 144) / N)));
        Assert.That(u.Min(), Is.GreaterThan(0f));
        Assert.That(u.Max(), Is.LessThan(1f));
    }

    [Test]
    public void VectorisedUniformEqualsScalarDefinition()
    {
        var random = new CounterRandom(99);
        foreach (int length in new[] { 0, 1, 7, 8, 9, 31, 64, 100 })
        {
            var u = new float[length];
            random.FillUniform(u, 17);
            for (int i = 0; i < length; i++)
            {
                Assert.That(u[i], Is.EqualTo(random.Uniform(17 + (uint)i)), $"length {length}, index {i}");
            }
        }
    }

    [Test]
    public void VectorisedBitsEqualScalarDefinition()
    {
        // Lengths past 16 + 8 + 7: the 512-bit steps (where accelerated), an eight-lane step and the scalar tail.
        var random = new CounterRandom(98);
        for (int length = 0; length <= 40; length++)
        {
            var bits = new uint[length];
            random.FillBits(bits, 5);
            for (int i = 0; i < length; i++)
            {
                Assert.That(bits[i], Is.EqualTo(random.Bits(5 + (uint)i)), $"length {length}, index {i}");
            }
        }

        // The uniform is the bits' top 24 bits: the telegraph and read-out samplers rely on it.
        Assert.That(random.Uniform(3), Is.EqualTo(((random.Bits(3) >> 8) + 0.5f) / 16777216f));
    }

    [Test]
    public void NormalMomentsAndShapeMatchStandardNormal()
    {
        var z = new float[N];
        new CounterRandom(777).FillNormal(z);
        double mean = z.Average(v => (double)v);
        double m2 = z.Sum(v => (v - mean) * (v - mean)) / N;
        double m4 = z.Sum(v => Math.Pow(v - mean, 4)) / N;
        Assert.That(mean, Is.EqualTo(0).Within(5 / Math.Sqrt(N)));
        // Var of the sample variance of N(0,1) is 2/N.
        Assert.That(m2, Is.EqualTo(1).Within(5 * Math.Sqrt(2.0 / N)));
        // Kurtosis 3; the variance of the sample kurtosis is about 24/N.
        Assert.That(m4 / (m2 * m2), Is.EqualTo(3).Within(5 * Math.Sqrt(24.0 / N)));
    }

    [Test]
    public void NormalPassesOneSampleKolmogorovSmirnov()
    {
        const int n = 200_000;
        var z = new float[n];
        new CounterRandom(2024).FillNormal(z);
        var sorted = z.Select(v => (double)v).OrderBy(v => v).ToArray();
        double d = 0;
        for (int i = 0; i < n; i++)
        {
            double f = Normal.CDF(0, 1, sorted[i]);
            d = Math.Max(d, Math.Max(Math.Abs(f - (double)i / n), Math.Abs(f - (double)(i + 1) / n)));
        }

        // Critical value at α = 0.001: 1.95/√n.
        Assert.That(d, Is.LessThan(1.95 / Math.Sqrt(n)));
    }

    [Test]
    public void StreamsAreReproducibleAndDistinct()
    {
        var a = new float[64];
        var b = new float[64];
        var c = new float[64];
        new CounterRandom(5).Child(3).FillNormal(a);
        new CounterRandom(5).Child(3).FillNormal(b);
        new CounterRandom(5).Child(4).FillNormal(c);
        Assert.That(a, Is.EqualTo(b));
        Assert.That(a, Is.Not.EqualTo(c));
    }

    [Test]
    public void NormalOddAndEvenLengthsAreFinite([Values(1, 2, 3, 15, 16, 17)] int length)
    {
        var z = new float[length];
        new CounterRandom(8).FillNormal(z);
        Assert.That(z.All(float.IsFinite), Is.True);
        Assert.That(z.Distinct().Count(), Is.EqualTo(length));
    }

    [Test]
    public void ManyStreamFillEqualsEachStreamsOwnFill([Values(1, 2, 3, 6, 7, 8, 9, 16, 17, 40, 65, 600)] int length, [Values(1, 5, 8, 9, 20)] int streams)
    {
        var keys = Enumerable.Range(0, streams).Select(r => new CounterRandom(11).Child((ulong)r, 3)).ToArray();
        // A longer destination: what lies past streams × length stays as it was.
        var all = Enumerable.Repeat(float.NaN, (streams * length) + 9).ToArray();
        CounterRandom.FillNormal(keys, length, all);
        Assert.That(all.Skip(streams * length).All(float.IsNaN), Is.True, "values past the filled region changed");
        for (int r = 0; r < streams; r++)
        {
            var own = new float[length];
            keys[r].FillNormal(own);
            Assert.That(all.AsSpan(r * length, length).ToArray(), Is.EqualTo(own), $"stream {r}");
        }
    }

    [Test]
    public void ManyStreamFillOfKeysEqualsEachStreamsOwnFillPastTheStackLimit()
    {
        // 300 streams: the stream overload rents its key buffer; the key overload is the one implementation.
        var keys = Enumerable.Range(0, 300).Select(r => CounterRandom.Mix(0xC0FFEE, (ulong)r) ^ ((ulong)r << 61)).ToArray();
        var all = new float[300 * 6];
        CounterRandom.FillNormal(keys.Select(k => new CounterRandom(k)).ToArray(), 6, all);
        var viaKeys = new float[300 * 6];
        CounterRandom.FillNormal(keys, 6, viaKeys);
        Assert.That(viaKeys, Is.EqualTo(all));
        foreach (int r in new[] { 0, 7, 8, 255, 256, 299 })
        {
            var own = new float[6];
            new CounterRandom(keys[r]).FillNormal(own);
            Assert.That(all.AsSpan(r * 6, 6).ToArray(), Is.EqualTo(own), $"stream {r}");
        }
    }

    [Test]
    public void SpanMixEqualsTheScalarFinaliser([Values(0, 1, 3, 4, 5, 8, 9, 64)] int length, [Values(0UL, 1UL, 0xFFFFFFFFFFFFFFFFUL)] ulong index)
    {
        var keys = Enumerable.Range(0, length).Select(i => (ulong)i * 0x9E3779B97F4A7C15UL + 0xFFFFFFFF00000001UL).ToArray();
        var expected = keys.Select(k => CounterRandom.Mix(k, index)).ToArray();
        var mixed = new ulong[length + 2];
        CounterRandom.Mix(keys, index, mixed);
        Assert.That(mixed.Take(length), Is.EqualTo(expected));
        Assert.That(mixed.Skip(length), Is.All.EqualTo(0UL), "values past the keys changed");
        CounterRandom.Mix(keys, index, keys);
        Assert.That(keys, Is.EqualTo(expected), "in place");
        Assert.Throws<ArgumentException>(() => CounterRandom.Mix(new ulong[3], index, new ulong[2]));
    }

    [Test]
    public void ManyStreamFillRejectsAShortDestination() =>
        Assert.Throws<ArgumentException>(() => CounterRandom.FillNormal(new CounterRandom[3], 4, new float[11]));
}
