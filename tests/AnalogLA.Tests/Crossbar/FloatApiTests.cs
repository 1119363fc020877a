using AnalogLA.Crossbar;

namespace AnalogLA.Tests.Crossbar;

public class FloatApiTests
{
    [TestCase(SamplingMode.Output, false)]
    [TestCase(SamplingMode.Device, false)]
    [TestCase(SamplingMode.Output, true)]
    public void FloatReadsAreTheDoubleReadsRoundedOnce(SamplingMode sampling, bool transposed)
    {
        // Same seed, same read numbers, float-representable inputs: the float API must give the double API's outputs
        // rounded to float (the DAC sees the same values; recombination is double in both).
        var w = TestData.Uniform(40 * 30, 1);
        var options = AnalogOptions.Realistic with { Seed = 6, Sampling = sampling };
        int inLength = transposed ? 40 : 30, outLength = transposed ? 30 : 40, count = 5;
        var xf = TestData.Uniform(count * inLength, 2).Select(v => (float)v).ToArray();
        var xd = xf.Select(v => (double)v).ToArray();
        var a = AnalogMatrix.Program(w, 40, 30, options);
        var b = AnalogMatrix.Program(w, 40, 30, options);
        var yd = new double[count * outLength];
        var yf = new float[count * outLength];
        if (transposed)
        {
            a.MultiplyTransposedBatch(xd, count, yd);
            b.MultiplyTransposedBatch(xf, count, yf);
        }
        else
        {
            a.MultiplyBatch(xd, count, yd);
            b.MultiplyBatch(xf, count, yf);
        }

        Assert.That(yf, Is.EqualTo(yd.Select(v => (float)v).ToArray()));
        Assert.That(b.Diagnostics.AdcConversions, Is.EqualTo(a.Diagnostics.AdcConversions));
        Assert.Throws<ArgumentException>(() => b.MultiplyBatch(new float[] { float.NaN }.Concat(new float[(count * 30) - 1]).ToArray(), count, new float[count * 40]));
    }
}
