using AnalogLA.Numerics;
using AnalogLA.Periphery;

namespace AnalogLA.Tests.Periphery;

/// <summary>
/// Converter edge cases with hand-computed results (written against the survivors of the Periphery mutation run:
/// boundaries, clip counts, the one-bit and zero-range paths, option validation).
/// </summary>
public class ConverterEdgeTests
{
    [Test]
    public void PositiveLevelsAtTheBoundaries()
    {
        // L = 2^(b−1) − 1 for b ≥ 2; one bit is a comparator with one level.
        Assert.That(Quantizer.PositiveLevels(1), Is.EqualTo(1));
        Assert.That(Quantizer.PositiveLevels(2), Is.EqualTo(1));
        Assert.That(Quantizer.PositiveLevels(3), Is.EqualTo(3));
        Assert.That(Quantizer.PositiveLevels(8), Is.EqualTo(127));
    }

    [TestCase(1)]
    [TestCase(24)]
    public void OneAndTwentyFourBitsAreAccepted(int bits) => Assert.DoesNotThrow(() => Quantizer.ValidateBits(bits, "Adc.Bits"));

    [Test]
    public void AZeroRangeRepresentsOnlyZeroAndCountsTheRest()
    {
        float[] v = [0f, 0.5f, -2f, 0f];
        Assert.That(Quantizer.QuantizeInPlace(v, 0, 8), Is.EqualTo(2));
        Assert.That(v, Is.EqualTo(new[] { 0f, 0f, 0f, 0f }));
    }

    [Test]
    public void OneBitCountsOnlyValuesBeyondTheRange()
    {
        float[] v = [0.5f, -0.25f, 1f, 3f, -4f];
        Assert.That(Quantizer.QuantizeInPlace(v, 1, 1), Is.EqualTo(2), "exactly ±range is not a clip");
        Assert.That(v, Is.EqualTo(new[] { 1f, -1f, 1f, 1f, -1f }));
    }

    [Test]
    public void AccumulateThroughTheOneBitAndZeroRangePaths()
    {
        // y += factor·q(x): one bit → ±range; zero range → 0 (and clips counted).
        float[] x = [0.5f, -3f];
        var y = new double[] { 1, 1 };
        Assert.That(Quantizer.QuantizeAccumulate(x, 2, 1, y, 0.5), Is.EqualTo(1));
        Assert.That(y, Is.EqualTo(new[] { 2.0, 0.0 }));
        Assert.That(x, Is.EqualTo(new[] { 0.5f, -3f }), "inputs unchanged");
        var z = new double[] { 1, 1 };
        Assert.That(Quantizer.QuantizeAccumulate(x, 0, 8, z, 0.5), Is.EqualTo(2));
        Assert.That(z, Is.EqualTo(new[] { 1.0, 1.0 }));
    }

    [Test]
    public void SaturationIsCountedOnBothSidesInEveryCodePath([Values(1, 7, 8, 9, 17)] int length)
    {
        // Lengths around the 8-wide vector width exercise the vector body and the scalar tail.
        var v = new float[length];
        for (int i = 0; i < length; i++)
        {
            v[i] = i % 3 == 0 ? 5f : i % 3 == 1 ? -5f : 0.5f;
        }

        int beyond = v.Count(x => Math.Abs(x) > 1);
        var copy = (float[])v.Clone();
        Assert.That(Quantizer.QuantizeInPlace(copy, 1, 8), Is.EqualTo(beyond));
        Assert.That(copy.Where((x, i) => v[i] == 5f), Is.All.EqualTo(1f));
        Assert.That(copy.Where((x, i) => v[i] == -5f), Is.All.EqualTo(-1f));
        var y = new double[length];
        Assert.That(Quantizer.QuantizeAccumulate(v, 1, 8, y, 1), Is.EqualTo(beyond));
        var clipped = (float[])v.Clone();
        Assert.That(Quantizer.ClipInPlace(clipped, 1), Is.EqualTo(beyond));
        Assert.That(clipped.Where((x, i) => v[i] == -5f), Is.All.EqualTo(-1f));
    }

    [Test]
    public void ConverterOptionsNameTheirBadFields()
    {
        Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => new AdcOptions { FixedFraction = 0 }.Validate())!.Message, Does.Contain("Adc.FixedFraction"));
        Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => new AdcOptions { CalibrationHeadroom = double.NaN }.Validate())!.Message, Does.Contain("Adc.CalibrationHeadroom"));
        Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => new AdcOptions { CalibrationSamples = 0 }.Validate())!.Message, Does.Contain("Adc.CalibrationSamples"));
        Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => new AdcOptions { CalibrationReads = -1 }.Validate())!.Message, Does.Contain("Adc.CalibrationReads"));
        Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => new DacOptions { FixedRange = -1 }.Validate())!.Message, Does.Contain("Dac.FixedRange"));
    }
}

/// <summary>Bit-serial input encoding against its defining identity x ≈ Σ_s factor_s·R·v_s, by hand.</summary>
public class BitSerialEncodingTests
{
    [Test]
    public void SlicesRecombineToTheQuantisedInputForEveryVectorOfABatch()
    {
        // 5-bit DAC (L = 15 levels) streamed 2 bits at a time: m = round(|x|/R·15), digits m = d0 + 4·d1 (+16·d2),
        // v_s = sign·d_s/3, factor_s = 3·4^s/15. Two vectors with different ranges check the batch indexing.
        double[] xs = [0.2, -1.0, 0.6, 0, /* second vector */ 3.0, 1.5, -0.3, 0];
        using var encoded = InputEncoder.Encode(xs, 2, 4, new DacOptions { Bits = 5 }, 2, null, needSquares: false, 1);
        Assert.That(encoded.Range, Is.EqualTo(new[] { 1.0, 3.0 }));
        Assert.That(encoded.Voltages, Has.Length.EqualTo(2), "⌈4 magnitude bits / 2⌉ slices");
        for (int b = 0; b < 2; b++)
        {
            for (int i = 0; i < 4; i++)
            {
                double x = xs[(b * 4) + i], r = encoded.Range[b];
                double quantised = Math.Sign(x) * Math.Round(Math.Abs(x) / r * 15) / 15 * r;
                double back = Enumerable.Range(0, encoded.Voltages.Length).Sum(s => encoded.SliceFactor[s] * r * encoded.Voltages[s][(b * 4) + i]);
                Assert.That(back, Is.EqualTo(quantised).Within(1e-6), $"vector {b}, input {i}");
            }
        }

        // Hand check of one entry: x = 0.6, R = 1 → m = 9 = 1 + 4·2 → v0 = 1/3, v1 = 2/3.
        Assert.That(encoded.Voltages[0][2], Is.EqualTo(1f / 3).Within(1e-7));
        Assert.That(encoded.Voltages[1][2], Is.EqualTo(2f / 3).Within(1e-7));
        Assert.That(encoded.Clips, Is.EqualTo(0));
    }

    [Test]
    public void AZeroVectorEncodesToZeroAndValuesBeyondAFixedRangeClip()
    {
        using var zero = InputEncoder.Encode(new double[4], 1, 4, new DacOptions { Bits = 5 }, 2, null, needSquares: false, 1);
        Assert.That(zero.Voltages.SelectMany(v => v.Take(4)), Is.All.EqualTo(0f), "no NaN from a zero range");
        double[] xs = [1.0, 2.0, -3.0, 0.5];
        using var fixedRange = InputEncoder.Encode(xs, 1, 4, new DacOptions { Bits = 5, RangeMode = DacRangeMode.Fixed, FixedRange = 1 }, 2, null, needSquares: false, 1);
        Assert.That(fixedRange.Clips, Is.EqualTo(2), "exactly the range is not a clip; 2 and −3 are");
    }
}

/// <summary>Per-value ranges (the σ arrays' ADC, one range per output).</summary>
public class QuantizeEachTests
{
    [Test]
    public void EachValueUsesItsOwnRangeAndZeroRangesAreLeftAlone()
    {
        // 3 bits: L = 3 positive levels, step R/3. 0.5 over ±1 → round(1.5) = 2 → 2/3 (ties away from zero or to even:
        // either way not 0.5); 2 over ±1 clips to 1; −0.9 over ±3 → round(−0.9) = −1 → −1; 7 with range 0 is untouched.
        var values = new[] { 0.5f, 2f, -0.9f, 7f };
        long clipped = Quantizer.QuantizeEach(values, [1f, 1f, 3f, 0f], 3);
        Assert.That(clipped, Is.EqualTo(1));
        Assert.That(values[0], Is.EqualTo(2f / 3).Or.EqualTo(1f / 3).Within(1e-6));
        Assert.That(values[1], Is.EqualTo(1f));
        Assert.That(values[2], Is.EqualTo(-1f).Within(1e-6));
        Assert.That(values[3], Is.EqualTo(7f));
        Assert.Throws<ArgumentException>(() => Quantizer.QuantizeEach(values, [1f], 3));
    }

    [Test]
    public void TheVectorPathGivesTheBitsOfOneValueAtATime([Values(2, 3, 8)] int bits, [Values(1, 8, 29)] int length)
    {
        // The definition: QuantizeInPlace on each value alone with its own range, zero ranges skipped.
        var random = new CounterRandom(17);
        var values = new float[length];
        var ranges = new float[length];
        random.FillNormal(values);
        random.Child(1).FillUniform(ranges);
        for (int i = 0; i < length; i++)
        {
            ranges[i] = i % 5 == 3 ? 0 : 0.2f + (1.5f * ranges[i]);   // some zero ranges, some values beyond ±range
        }

        values[0] = 3f;   // beyond every range

        var expected = (float[])values.Clone();
        long expectedClips = 0;
        for (int i = 0; i < length; i++)
        {
            if (ranges[i] > 0)
            {
                expectedClips += Quantizer.QuantizeInPlace(expected.AsSpan(i, 1), ranges[i], bits);
            }
        }

        long clips = Quantizer.QuantizeEach(values, ranges, bits);
        Assert.That(values, Is.EqualTo(expected));
        Assert.That(clips, Is.EqualTo(expectedClips));
        Assert.That(expectedClips, Is.GreaterThan(0), "the fixture should clip some values");
    }
}
