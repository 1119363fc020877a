using AnalogLA.Crossbar;
using AnalogLA.Devices;
using AnalogLA.Stochastic;

namespace AnalogLA.Tests.Stochastic;

/// <summary>Validation of <see cref="StochasticOptions"/>: every bad field is refused by name, every bound is accepted.</summary>
public class StochasticOptionsTests
{
    private static readonly StochasticOptions Valid = new() { Mean = AnalogOptions.Ideal };

    private static IEnumerable<TestCaseData> BadOptions()
    {
        yield return new TestCaseData(Valid with { Mean = null! }, typeof(ArgumentNullException), "Mean").SetName("NullMean");
        yield return new TestCaseData(Valid with { Device = null! }, typeof(ArgumentNullException), "Device").SetName("NullDevice");
        yield return new TestCaseData(Valid with { Mean = AnalogOptions.Ideal with { Dac = null! } }, typeof(ArgumentNullException), "Dac").SetName("InvalidMeanArray");
        yield return new TestCaseData(Valid with { Device = StochasticMtj.Kwon2022 with { Tmr = -1 } }, typeof(ArgumentOutOfRangeException), "Tmr").SetName("InvalidDevice");
        yield return new TestCaseData(Valid with { DevicesPerWeight = 0 }, typeof(ArgumentOutOfRangeException), "DevicesPerWeight").SetName("NoDevices");
        yield return new TestCaseData(Valid with { AnisotropyVariation = -1e-9 }, typeof(ArgumentOutOfRangeException), "AnisotropyVariation").SetName("NegativeVariation");
        yield return new TestCaseData(Valid with { AnisotropyVariation = 0.1 + 1e-9 }, typeof(ArgumentOutOfRangeException), "AnisotropyVariation").SetName("VariationAboveTenPercent");
        yield return new TestCaseData(Valid with { AnisotropyVariation = double.NaN }, typeof(ArgumentOutOfRangeException), "AnisotropyVariation").SetName("NaNVariation");
        yield return new TestCaseData(Valid with { AnisotropyVariation = double.PositiveInfinity }, typeof(ArgumentOutOfRangeException), "AnisotropyVariation").SetName("InfiniteVariation");
        yield return new TestCaseData(Valid with { Sampling = (SamplingMode)42 }, typeof(ArgumentOutOfRangeException), "Sampling").SetName("UnknownSampling");
    }

    [TestCaseSource(nameof(BadOptions))]
    public void EachBadFieldIsRefusedByName(StochasticOptions options, Type exception, string field)
    {
        var error = Assert.Catch<ArgumentException>(options.Validate)!;
        Assert.That(error, Is.TypeOf(exception));
        Assert.That(error.ParamName, Does.Contain(field));
        if (error is ArgumentOutOfRangeException)
        {
            Assert.That(error.Message, Does.Contain(field), "the message names the field too");
        }
    }

    [Test]
    public void TheRangesMessagesStateTheAllowedValues()
    {
        Assert.That(Assert.Throws<ArgumentOutOfRangeException>((Valid with { AnisotropyVariation = 0.2 }).Validate)!.Message, Does.Contain("[0, 0.1]"));
        Assert.That(Assert.Throws<ArgumentOutOfRangeException>((Valid with { DevicesPerWeight = -3 }).Validate)!.Message, Does.Contain("≥ 1"));
        Assert.That(Assert.Throws<ArgumentOutOfRangeException>((Valid with { Sampling = (SamplingMode)9 }).Validate)!.Message, Does.Contain("Device, Output or Auto"));
    }

    [TestCase(0.0, 1)]
    [TestCase(0.1, 1)]
    [TestCase(0.05, 16)]
    public void TheBoundsAreAccepted(double variation, int devices)
    {
        foreach (var sampling in Enum.GetValues<SamplingMode>())
        {
            Assert.DoesNotThrow((Valid with { AnisotropyVariation = variation, DevicesPerWeight = devices, Sampling = sampling }).Validate);
        }
    }
}
