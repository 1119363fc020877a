using AnalogLA.Crossbar;
using AnalogLA.Periphery;
using AnalogLA.Stochastic;

namespace AnalogLA.Tests.Stochastic;

/// <summary>Prepared stochastic inputs: repeated samples with the bits of plain samples.</summary>
public class PreparedStochasticInputsTests
{
    [TestCase(SamplingMode.Output, 0.0)]
    [TestCase(SamplingMode.Output, 0.01)]   // anisotropy variation: the nominal reference's systematic offset
    [TestCase(SamplingMode.Device, 0.0)]
    public void SamplesEqualPlainSamplesAtTheSameReadIndex(SamplingMode sampling, double variation)
    {
        const int rows = 12, cols = 30, count = 70;
        var mu = TestData.Uniform(rows * cols, 71);
        var sigma = TestData.Uniform(rows * cols, 72, 0, 0.2);
        var options = new StochasticOptions
        {
            Mean = AnalogOptions.DwMtjRealistic with { Seed = 8 },
            Sampling = sampling,
            AnisotropyVariation = variation,
        };
        var plain = StochasticMatrix.Program(mu, sigma, rows, cols, options);
        var prepared = StochasticMatrix.Program(mu, sigma, rows, cols, options);
        var xs = TestData.Uniform(count * cols, 73).Select(v => (float)v).ToArray();
        using var staged = prepared.Prepare(xs, count);
        var first = new float[count * rows];
        for (int r = 0; r < 3; r++)
        {
            var a = new float[count * rows];
            var b = new float[count * rows];
            plain.MultiplyBatch(xs, count, a);
            prepared.MultiplyBatch(staged, b);
            Assert.That(b, Is.EqualTo(a), $"sample {r}");
            if (r == 0)
            {
                a.CopyTo(first, 0);
            }
            else
            {
                Assert.That(b, Is.Not.EqualTo(first), "every sample is fresh");
            }
        }

        Assert.That(prepared.Pulses, Is.EqualTo(plain.Pulses));
        Assert.That(prepared.SigmaConversions, Is.EqualTo(plain.SigmaConversions));
    }

    [Test]
    public void InputsOfAnotherArrayAreRefused()
    {
        var mu = TestData.Uniform(4 * 3, 74);
        var options = new StochasticOptions { Mean = AnalogOptions.Ideal };
        var sigma = TestData.Uniform(4 * 3, 75, 0, 0.1);
        var a = StochasticMatrix.Program(mu, sigma, 4, 3, options);
        var b = StochasticMatrix.Program(mu, sigma, 4, 3, options);
        using var staged = a.Prepare(new float[6], 2);
        Assert.Throws<ArgumentException>(() => b.MultiplyBatch(staged, new float[8]));
    }
}
