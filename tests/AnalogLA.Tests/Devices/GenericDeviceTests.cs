using AnalogLA.Devices;
using AnalogLA.Numerics;

namespace AnalogLA.Tests.Devices;

public class GenericDeviceTests
{
    private const int N = 200_000;

    [Test]
    public void LevelsQuantiseToEquallySpacedConductances()
    {
        var device = DevicePresets.Ideal with { Range = new(0.1e-6, 1e-6), Levels = 4 };
        double gMin = 0.1;
        double[] targets = [0.1, 0.2, 0.3, 0.5, 0.7, 0.99, 1.0];
        var programmed = new float[targets.Length];
        device.Program(targets, programmed, new CounterRandom(1));
        // Levels: 0.1, 0.4, 0.7, 1.0.
        double[] expected = [0.1, 0.1, 0.4, 0.4, 0.7, 1.0, 1.0];
        Assert.That(programmed.Select(v => (double)v), Is.EqualTo(expected).Within(1e-6));
        Assert.That(gMin, Is.EqualTo(device.GMinNormalized).Within(1e-12));
    }

    [TestCase(NoiseDistribution.Normal)]
    [TestCase(NoiseDistribution.Uniform)]
    public void ProgrammingErrorHasTheModelledSigma(NoiseDistribution distribution)
    {
        const double sigma = 0.05;
        var device = DevicePresets.Ideal with { ProgrammingNoise = new IndependentNoise(sigma) { Distribution = distribution } };
        var targets = Enumerable.Repeat(0.5, N).ToArray();
        var programmed = new float[N];
        device.Program(targets, programmed, new CounterRandom(3));
        var errors = programmed.Select(g => g - 0.5).ToArray();
        var (mean, variance) = TestData.MeanVariance(errors);
        Assert.That(mean, Is.EqualTo(0).Within(5 * sigma / Math.Sqrt(N)));
        // Relative standard error of a sample variance: √(2/N) (normal); √(0.8/N) (uniform, kurtosis 1.8).
        Assert.That(variance / (sigma * sigma), Is.EqualTo(1).Within(5 * Math.Sqrt(2.0 / N)));
        if (distribution == NoiseDistribution.Uniform)
        {
            Assert.That(errors.Max(Math.Abs), Is.LessThanOrEqualTo(sigma * Math.Sqrt(3) + 1e-6));
        }
    }

    [Test]
    public void ClippedErrorMatchesCensoredNormalMoments()
    {
        // A device aimed at G_min with σ = 0.05 is clipped from below: mean G_min + σφ(0), variance σ²(1/2 − 1/2π).
        const double sigma = 0.05, gMin = 0.01;
        var device = DevicePresets.Generic with { ReadNoise = NoNoise.Instance };
        var targets = Enumerable.Repeat(gMin, N).ToArray();
        var programmed = new float[N];
        device.Program(targets, programmed, new CounterRandom(4));
        var (mean, variance) = TestData.MeanVariance(programmed.Select(v => (double)v).ToArray());
        double s = sigma * (1 - gMin);
        double expectedMean = gMin + s / Math.Sqrt(2 * Math.PI);
        double expectedVariance = s * s * (0.5 - 1 / (2 * Math.PI));
        Assert.That(mean, Is.EqualTo(expectedMean).Within(5 * Math.Sqrt(expectedVariance / N)));
        Assert.That(variance, Is.EqualTo(expectedVariance).Within(expectedVariance * 5 * Math.Sqrt(3.0 / N)));
        Assert.That(programmed.Min(), Is.GreaterThanOrEqualTo((float)gMin));
    }

    [Test]
    public void ReadSigmaFollowsTheReadModel()
    {
        var device = DevicePresets.Ideal with { ReadNoise = new ProportionalNoise(0.1) };
        float[] g = [0.2f, 0.8f];
        var sigma = new float[2];
        device.ReadSigma(g, sigma);
        Assert.That(sigma, Is.EqualTo(new[] { 0.02f, 0.08f }).Within(1e-7));
    }

    [Test]
    public void BadParametersAreRejectedByName()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => (DevicePresets.Ideal with { Range = new(2e-6, 1e-6) }).Validate());
        Assert.That(ex!.Message, Does.Contain("G_min"));
        ex = Assert.Throws<ArgumentOutOfRangeException>(() => (DevicePresets.Ideal with { Range = new(1e-6, 1e-6) }).Validate());
        Assert.That(ex!.Message, Does.Contain("G_max"));
        ex = Assert.Throws<ArgumentOutOfRangeException>(() => (DevicePresets.Ideal with { Levels = 1 }).Validate());
        Assert.That(ex!.Message, Does.Contain("Device.Levels"));
        ex = Assert.Throws<ArgumentOutOfRangeException>(() => (DevicePresets.Ideal with { ProgrammingNoise = new ProportionalNoise(-1) }).Validate());
        Assert.That(ex!.Message, Does.Contain("Device.ProgrammingNoise.Alpha"));
    }

    [Test]
    public void OnOffRatioDefinesGMin()
    {
        var range = ConductanceRange.FromOnOffRatio(25e-6, 100);
        Assert.That(range.GMinSiemens, Is.EqualTo(0.25e-6).Within(1e-18));
        Assert.That(range.OnOffRatio, Is.EqualTo(100).Within(1e-9));
    }
}
