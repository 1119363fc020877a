using AnalogLA.Periphery;

namespace AnalogLA.Tests.Periphery;

public class QuantizerTests
{
    [Test]
    public void ErrorIsWithinHalfAStepInsideTheRange([Values(2, 3, 8, 12)] int bits)
    {
        var values = TestData.Uniform(10_000, 9, -2.5, 2.5).Select(v => (float)v).ToArray();
        var quantised = (float[])values.Clone();
        int clipped = Quantizer.QuantizeInPlace(quantised, 2.5f, bits);
        double step = Quantizer.Step(2.5, bits);
        Assert.That(clipped, Is.EqualTo(0));
        for (int i = 0; i < values.Length; i++)
        {
            Assert.That(Math.Abs(quantised[i] - values[i]), Is.LessThanOrEqualTo(step / 2 * (1 + 1e-6)));
            // Every output is an integer multiple of the step.
            double code = quantised[i] / step;
            Assert.That(code, Is.EqualTo(Math.Round(code)).Within(1e-6 * Math.Abs(code) + 1e-6));
        }
    }

    [Test]
    public void ValuesBeyondTheRangeSaturateAndAreCounted()
    {
        float[] values = [-3f, -1f, 0f, 0.5f, 1.2f, 5f];
        int clipped = Quantizer.QuantizeInPlace(values, 1f, 4);
        Assert.That(clipped, Is.EqualTo(3));
        Assert.That(values[0], Is.EqualTo(-1f));
        Assert.That(values[5], Is.EqualTo(1f));
        Assert.That(values[2], Is.EqualTo(0f));
    }

    [Test]
    public void OneBitIsAComparator()
    {
        float[] values = [-0.3f, 0f, 0.2f];
        Quantizer.QuantizeInPlace(values, 1f, 1);
        Assert.That(values, Is.EqualTo(new[] { -1f, 1f, 1f }));
    }

    [Test]
    public void FusedQuantiseAndAccumulateEqualsTheTwoSteps([Values(2, 5, 8)] int bits, [Values(1, 7, 8, 37)] int length)
    {
        var values = TestData.Uniform(length, 10, -1.3, 1.3).Select(v => (float)v).ToArray();
        var y = TestData.Uniform(length, 11);
        var expected = (double[])y.Clone();
        var quantised = (float[])values.Clone();
        int clippedTwoStep = Quantizer.QuantizeInPlace(quantised, 1.1f, bits);
        for (int i = 0; i < length; i++)
        {
            expected[i] += 0.75 * quantised[i];
        }

        int clipped = Quantizer.QuantizeAccumulate(values, 1.1f, bits, y, 0.75);
        Assert.That(clipped, Is.EqualTo(clippedTwoStep));
        Assert.That(y, Is.EqualTo(expected).Within(1e-6));
    }

    [TestCase(0)]
    [TestCase(25)]
    [TestCase(-3)]
    public void BitsOutsideOneToTwentyFourAreRejected(int bits)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new AdcOptions { Bits = bits }.Validate());
        Assert.That(ex!.Message, Does.Contain("Adc.Bits").And.Contain("[1, 24]"));
        ex = Assert.Throws<ArgumentOutOfRangeException>(() => new DacOptions { Bits = bits }.Validate());
        Assert.That(ex!.Message, Does.Contain("Dac.Bits"));
    }

    [Test]
    public void RowQuantizationGivesTheBitsOfRowByRowCalls([Values(1, 3, 6, 8, 13, 16, 64)] int lines, [Values(1, 5, 50)] int rows, [Values(true, false)] bool packed)
    {
        var random = new AnalogLA.Numerics.CounterRandom(9);
        var values = new float[rows * lines];
        random.FillNormal(values);
        var factors = Enumerable.Range(0, rows).Select(r => 0.3 + r * 0.7).ToArray();
        int stride = packed ? lines : 70;   // rows back to back (the flattened path for short rows) or apart
        var bulk = new double[rows * stride];
        var single = new double[rows * stride];
        for (int i = 0; i < bulk.Length; i++)
        {
            bulk[i] = single[i] = i * 1e-3;   // accumulate onto something
        }

        long clipped = Quantizer.QuantizeAccumulateRows(values, lines, 1.5f, 6, bulk, stride, factors, new float[values.Length]);
        long expected = 0;
        for (int r = 0; r < rows; r++)
        {
            expected += Quantizer.QuantizeAccumulate(values.AsSpan(r * lines, lines), 1.5f, 6, single.AsSpan(r * stride, lines), factors[r]);
        }

        Assert.That(bulk, Is.EqualTo(single));
        Assert.That(clipped, Is.EqualTo(expected));
        if (rows * lines >= 15)
        {
            // P(|z| > 1.5) = 0.134: P(no clip in 15 draws) = 0.11 at worst; the seed gives some (the clip path is covered).
            Assert.That(expected, Is.GreaterThan(0));
        }
    }
}
