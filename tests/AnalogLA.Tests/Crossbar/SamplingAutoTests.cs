using AnalogLA.Crossbar;
using AnalogLA.Devices;

namespace AnalogLA.Tests.Crossbar;

public class SamplingAutoTests
{
    private static AnalogOptions With(NoiseDistribution distribution, SamplingMode sampling) => AnalogOptions.Ideal with
    {
        Seed = 8,
        Sampling = sampling,
        Device = new GenericDevice { ReadNoise = new IndependentNoise(0.05) { Distribution = distribution } },
    };

    [Test]
    public void AutoIsTheDefaultAndPicksOutputSpaceOnlyWhereItIsExact()
    {
        Assert.That(new AnalogOptions().Sampling, Is.EqualTo(SamplingMode.Auto));
        var w = TestData.Uniform(16 * 12, 3);
        var x = TestData.Uniform(12, 4);
        foreach (var (distribution, expected) in new[] { (NoiseDistribution.Normal, SamplingMode.Output), (NoiseDistribution.Uniform, SamplingMode.Device) })
        {
            var auto = AnalogMatrix.Program(w, 16, 12, With(distribution, SamplingMode.Auto));
            var explicitMode = AnalogMatrix.Program(w, 16, 12, With(distribution, expected));
            Assert.That(auto.EffectiveSampling, Is.EqualTo(expected), distribution.ToString());
            // Same seed, same mode: the same bits.
            Assert.That(auto.Multiply(x), Is.EqualTo(explicitMode.Multiply(x)), distribution.ToString());
        }

        Assert.That(AnalogMatrix.Program(w, 16, 12, AnalogOptions.Ideal).EffectiveSampling, Is.EqualTo(SamplingMode.Output), "no read noise: nothing to sample");
    }
}
