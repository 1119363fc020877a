using AnalogLA.Devices;

namespace AnalogLA.Tests.Devices;

public class NoiseModelTests
{
    [Test]
    public void PcmProgrammingPolynomialMatchesPublishedFit()
    {
        // σ_prog(ĝ) = max(−1.1731ĝ² + 1.9650ĝ + 0.2635, 0) µS at g_max = 25 µS (Nandakumar 2019).
        var model = PolynomialNoise.PcmProgramming;
        Assert.That(model.Sigma(0.0, 0) * 25, Is.EqualTo(0.2635).Within(1e-12));
        Assert.That(model.Sigma(0.5, 0) * 25, Is.EqualTo(-1.1731 * 0.25 + 1.9650 * 0.5 + 0.2635).Within(1e-12));
        Assert.That(model.Sigma(1.0, 0) * 25, Is.EqualTo(1.0554).Within(1e-12));
        // The fit turns negative beyond its range and is floored at zero.
        Assert.That(model.Sigma(2.0, 0), Is.EqualTo(0));
    }

    [Test]
    public void PcmReadNoiseMatchesClosedForm()
    {
        var model = new PcmReadNoise(3600);
        double expected = 1.0 * 0.0088 * Math.Sqrt(Math.Log((3600 + 250e-9) / 500e-9));
        Assert.That(model.Sigma(1.0, 0), Is.EqualTo(expected).Within(1e-15));
        // Q_s caps at 0.2 for small conductances: 0.0088/ĝ^0.65 > 0.2 when ĝ < 0.0082.
        double g = 0.001;
        Assert.That(model.Sigma(g, 0), Is.EqualTo(g * 0.2 * Math.Sqrt(Math.Log((3600 + 250e-9) / 500e-9))).Within(1e-15));
    }

    [Test]
    public void IndependentNoiseIsAFractionOfTheWindow()
    {
        var model = new IndependentNoise(0.05);
        Assert.That(model.Sigma(0.3, 0.01), Is.EqualTo(0.05 * 0.99).Within(1e-15));
        Assert.That(model.Sigma(0.9, 0.01), Is.EqualTo(0.05 * 0.99).Within(1e-15));
        Assert.That(new ProportionalNoise(0.1).Sigma(0.4, 0), Is.EqualTo(0.04).Within(1e-15));
    }

    [Test]
    public void NegativeNoiseIsRejectedByName()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new IndependentNoise(-0.1).Validate("Device.ReadNoise"));
        Assert.That(ex!.Message, Does.Contain("Device.ReadNoise.SigmaFraction"));
    }
}
