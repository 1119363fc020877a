using AnalogLA.Crossbar;
using AnalogLA.Periphery;
using AnalogLA.Stochastic;

namespace AnalogLA.Tests.Stochastic;

/// <summary>
/// How a stochastic array's samples are indexed: one counter-based stream per vector, named by its read index, so a
/// batch draws the bits of its vectors read one at a time, a keyed read draws the bits of its key in any order, and
/// prepared inputs follow the mean array's recalibration. Also the argument checks of the read paths.
/// </summary>
public class StochasticReadIndexTests
{
    private const int Rows = 3, Cols = 5;

    private static StochasticMatrix Program(SamplingMode sampling, AnalogOptions? mean = null, bool includeSigma = true) =>
        StochasticMatrix.Program(
            TestData.Uniform(Rows * Cols, 81),
            TestData.Uniform(Rows * Cols, 82, 0.01, 0.2),
            Rows,
            Cols,
            new StochasticOptions { Mean = mean ?? AnalogOptions.Ideal with { Seed = 5 }, Sampling = sampling, IncludeSigma = includeSigma });

    private static float[] Inputs(int count, ulong seed) => TestData.Uniform(count * Cols, seed).Select(v => (float)v).ToArray();

    // 511 vectors: one full block of 256 vector streams and one of 255 (the last block's bounds and offsets).
    [TestCase(SamplingMode.Output, 511)]
    [TestCase(SamplingMode.Device, 511)]
    [TestCase(SamplingMode.Output, 3)]
    public void ABatchDrawsTheBitsOfItsVectorsReadOneAtATime(SamplingMode sampling, int count)
    {
        var batch = Program(sampling);
        var single = Program(sampling);
        var xs = Inputs(count, 83);
        var ys = new float[count * Rows];
        batch.MultiplyBatch(xs, count, ys);
        var y = new float[Rows];
        for (int b = 0; b < count; b++)
        {
            single.MultiplyBatch(xs.AsSpan(b * Cols, Cols), 1, y);
            Assert.That(ys.AsSpan(b * Rows, Rows).ToArray(), Is.EqualTo(y), $"vector {b}");
        }

        // Every cell of every vector is one sampling pulse per device.
        long pulses = (long)count * Rows * Cols * batch.Options.DevicesPerWeight;
        Assert.That(batch.Pulses, Is.EqualTo(pulses));
        Assert.That(single.Pulses, Is.EqualTo(pulses));
    }

    [Test]
    public void IdenticalVectorsOfABatchGetIndependentNoise()
    {
        var m = Program(SamplingMode.Output);
        var xs = Enumerable.Range(0, 4).SelectMany(_ => Inputs(1, 84)).ToArray();
        var ys = new float[4 * Rows];
        m.MultiplyBatch(xs, 4, ys);
        for (int b = 1; b < 4; b++)
        {
            Assert.That(ys.AsSpan(b * Rows, Rows).ToArray(), Is.Not.EqualTo(ys.AsSpan(0, Rows).ToArray()), $"vector {b}");
        }
    }

    [TestCase(SamplingMode.Output)]
    [TestCase(SamplingMode.Device)]
    public void AKeyedReadDrawsTheBitsOfItsKeyInAnyOrder(SamplingMode sampling)
    {
        // A noisy mean array (DW-MTJ read noise) and the σ devices: both halves are keyed.
        var m = Program(sampling, AnalogOptions.DwMtjRealistic with { Seed = 6 });
        const int count = 4;
        var xs = Inputs(count, 85);
        float[] Keyed(long key)
        {
            var y = new float[count * Rows];
            m.MultiplyBatch(xs, count, y, key);
            return y;
        }

        var first = Keyed(7);
        var plain = new float[count * Rows];
        m.MultiplyBatch(xs, count, plain);   // unkeyed reads in between move the arrival counter, not the key
        m.MultiplyBatch(xs, count, plain);
        Assert.That(Keyed(7), Is.EqualTo(first));
        Assert.That(Keyed(8), Is.Not.EqualTo(first));

        // Prepared inputs read under the same key draw the same bits.
        using var staged = m.Prepare(xs, count);
        var prepared = new float[count * Rows];
        m.MultiplyBatch(staged, prepared, 7);
        Assert.That(prepared, Is.EqualTo(first));
        m.MultiplyBatch(staged, prepared, 9);
        Assert.That(prepared, Is.EqualTo(Keyed(9)));
        Assert.That(prepared, Is.Not.EqualTo(first));
    }

    [TestCase(SamplingMode.Output)]
    [TestCase(SamplingMode.Device)]
    public void WithoutTheSigmaHalfAReadIsTheMeanArraysProduct(SamplingMode sampling)
    {
        var m = Program(sampling, includeSigma: false);
        const int count = 6;
        var xs = Inputs(count, 86);
        var ys = new float[count * Rows];
        var expected = new float[count * Rows];
        m.MultiplyBatch(xs, count, ys);
        m.Mean.MultiplyBatch(xs, count, expected);   // ideal mean array: the exact product
        Assert.That(ys, Is.EqualTo(expected));
        using var staged = m.Prepare(xs, count);
        m.MultiplyBatch(staged, ys);
        Assert.That(ys, Is.EqualTo(expected));
        Assert.That(m.Pulses, Is.Zero, "no σ device was pulsed");
    }

    [Test]
    public void PreparedMomentsFollowARecalibrationOfTheMeanArray()
    {
        // A calibrated DAC range: recalibrating on inputs four times smaller clips the prepared inputs, so the σ moments
        // staged before the calibration are stale and must be recomputed (the same bits as a plain read after it).
        var mean = AnalogOptions.Ideal with { Seed = 7, Dac = new DacOptions { RangeMode = DacRangeMode.Calibrated } };
        var plain = Program(SamplingMode.Output, mean);
        var prepared = Program(SamplingMode.Output, mean);
        const int count = 8;
        var xs = Inputs(count, 87);
        using var staged = prepared.Prepare(xs, count);
        var a = new float[count * Rows];
        var b = new float[count * Rows];
        plain.MultiplyBatch(xs, count, a);
        prepared.MultiplyBatch(staged, b);
        Assert.That(b, Is.EqualTo(a), "before recalibration");

        var small = xs.Select(v => v / 4).ToArray();
        plain.Mean.Calibrate(small, count);
        prepared.Mean.Calibrate(small, count);
        plain.MultiplyBatch(xs, count, a);
        prepared.MultiplyBatch(staged, b);
        Assert.That(b, Is.EqualTo(a), "after recalibration");
    }

    [Test]
    public void BadArgumentsAreNamed()
    {
        var m = Program(SamplingMode.Output);
        Assert.That(Assert.Throws<ArgumentException>(() => m.MultiplyBatch(new float[2 * Cols], 2, new float[2 * Rows + 1]))!.Message, Does.Contain("y 7 entries; 2 vectors need 10 and 6"));
        Assert.That(Assert.Throws<ArgumentException>(() => m.MultiplyBatch(new float[2 * Cols - 1], 2, new float[2 * Rows]))!.Message, Does.Contain("x has 9"));
        Assert.Throws<ArgumentNullException>(() => m.MultiplyBatch((PreparedStochasticInputs)null!, new float[Rows]));
        using var other = Program(SamplingMode.Output).Prepare(new float[Cols], 1);
        Assert.That(Assert.Throws<ArgumentException>(() => m.MultiplyBatch(other, new float[Rows]))!.Message, Does.Contain("another array"));

        Assert.Throws<ArgumentNullException>(() => StochasticMatrix.Program([0.0], [0.1], 1, 1, null!));
        Assert.That(Assert.Throws<ArgumentException>(() => StochasticMatrix.Program([0.0, 0.0], [0.1], 1, 2, new StochasticOptions()))!.Message, Does.Contain("σ 1 entries; a 1×2 array needs 2 each"));
        Assert.That(Assert.Throws<ArgumentException>(() => StochasticMatrix.Program([0.0], [0.1, 0.1], 1, 2, new StochasticOptions()))!.Message, Does.Contain("μ has 1"));
    }
}
