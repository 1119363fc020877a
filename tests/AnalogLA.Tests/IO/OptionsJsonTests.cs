using AnalogLA.Crossbar;
using AnalogLA.Devices;
using AnalogLA.IO;
using AnalogLA.Periphery;

namespace AnalogLA.Tests.IO;

public class OptionsJsonTests
{
    public static IEnumerable<AnalogOptions> Cases()
    {
        yield return AnalogOptions.Ideal;
        yield return AnalogOptions.Realistic;
        yield return AnalogOptions.Pcm;
        yield return AnalogOptions.Realistic with
        {
            Device = DevicePresets.Generic with { Levels = 17, ReadNoise = new ProportionalNoise(0.03) { Distribution = NoiseDistribution.Uniform } },
            Mapping = new MappingOptions { Slicing = new WeightSlicing(2, 4), InputSliceBits = 2 },
            Adc = new AdcOptions { Bits = 6, RangeMode = AdcRangeMode.Fixed, FixedFraction = 0.25 },
            Tiling = new TilingOptions(64, 128),
            Sampling = SamplingMode.Output,
            Seed = ulong.MaxValue,
        };
    }

    [TestCaseSource(nameof(Cases))]
    public void OptionsRoundTrip(AnalogOptions options)
    {
        string json = OptionsJson.Serialize(options);
        var back = OptionsJson.Deserialize(json);
        Assert.That(OptionsJson.Serialize(back), Is.EqualTo(json));
        Assert.That(back.Seed, Is.EqualTo(options.Seed));
        Assert.That(back.Device.GetType(), Is.EqualTo(options.Device.GetType()));
    }

    [Test]
    public void MalformedJsonNamesTheLine()
    {
        var ex = Assert.Throws<FormatException>(() => OptionsJson.Deserialize("{\n  \"seed\": \"abc\"\n}", "run.json"));
        Assert.That(ex!.Message, Does.Contain("run.json").And.Contain("line 2"));
    }

    [Test]
    public void InvalidValuesAreRejectedAfterReading()
    {
        string json = OptionsJson.Serialize(AnalogOptions.Realistic).Replace("\"bits\": 8", "\"bits\": 40", StringComparison.Ordinal);
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => OptionsJson.Deserialize(json));
        Assert.That(ex!.Message, Does.Contain("Bits"));
    }
}
