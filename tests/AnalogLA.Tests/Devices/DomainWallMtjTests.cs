using AnalogLA.Crossbar;
using AnalogLA.Devices;
using AnalogLA.IO;
using AnalogLA.Numerics;

namespace AnalogLA.Tests.Devices;

public class DomainWallMtjTests
{
    [Test]
    public void ConductanceIsTheParallelCombinationOfPAndApParts()
    {
        var device = DwMtj.Alamdar2021;
        double rp = 29 / 0.02;                       // RA / area
        Assert.That(device.ParallelResistanceOhms, Is.EqualTo(rp).Within(1e-9));
        Assert.That(device.Range.GMaxSiemens, Is.EqualTo(1 / rp).Within(1e-15));
        Assert.That(device.Range.GMinSiemens, Is.EqualTo(1 / rp / 2.71).Within(1e-15));
        // Levels: x/L ∈ {0, 30/160, 80/160, 130/160, 1} → ĝ = g_AP + x(1 − g_AP).
        double gap = 1 / 2.71;
        var expected = new[] { 0.0, 30.0 / 160, 0.5, 130.0 / 160, 1.0 }.Select(x => gap + x * (1 - gap)).ToArray();
        Assert.That(device.Levels(), Is.EqualTo(expected).Within(1e-12));
    }

    [Test]
    public void TmrRollOffHalvesTmrAtTheHalfBias()
    {
        var device = DwMtj.Alamdar2021 with { TmrHalfBiasVolts = 0.5, ReadVoltage = 0.5 };
        Assert.That(device.EffectiveTmr, Is.EqualTo(1.71 / 2).Within(1e-12));
    }

    [Test]
    public void WritesLandOnLevelsAndMissWithTheConfiguredProbability()
    {
        const int n = 100_000;
        const double miss = 0.1;
        var device = DwMtj.Alamdar2021 with { WriteMissProbability = miss };
        var levels = device.Levels();
        var target = Enumerable.Repeat(levels[2], n).ToArray();
        var programmed = new float[n];
        device.Program(target, programmed, new CounterRandom(3));
        int off = programmed.Count(g => Math.Abs(g - levels[2]) > 1e-6);
        Assert.That(programmed.All(g => levels.Any(l => Math.Abs(l - g) < 1e-6)), Is.True);
        Assert.That((double)off / n, Is.EqualTo(miss).Within(5 * Math.Sqrt(miss * (1 - miss) / n)));
    }

    [Test]
    public void AgedStatesFollowTheExactMarkovDistribution()
    {
        const int n = 50_000;
        var retention = DwMtj.Liu2021Notched.Retention;
        // Choose f0 so that the hop rate at 300 K is 1/s and age 0.8 s.
        var device = DwMtj.Liu2021Notched with { Retention = retention with { AttemptFrequencyHz = Math.Exp(retention.ThermalStability(300)) } };
        var levels = device.Levels();
        var target = Enumerable.Repeat(levels[1], n).ToArray();
        var programmed = new float[n];
        device.Program(target, programmed, new CounterRandom(4), new AgingOptions(0.8, 300));
        var exact = device.Retention.TransitionMatrix(0.8, 300).Row(1).ToArray();
        for (int s = 0; s < levels.Length; s++)
        {
            double fraction = programmed.Count(g => Math.Abs(g - levels[s]) < 1e-6) / (double)n;
            Assert.That(fraction, Is.EqualTo(exact[s]).Within(5 * Math.Sqrt(exact[s] * (1 - exact[s]) / n) + 1e-4), $"state {s}");
        }

        // Zero age is the fresh state, bit for bit.
        var fresh = new float[n];
        var zero = new float[n];
        device.Program(target, fresh, new CounterRandom(4));
        device.Program(target, zero, new CounterRandom(4), new AgingOptions(0, 300));
        Assert.That(zero, Is.EqualTo(fresh));
    }

    [Test]
    public void AgingAtHighTemperatureDegradesTheMvm()
    {
        const int n = 128;
        var w = TestData.Uniform(n * n, 61);
        var x = TestData.Uniform(n, 62);
        var exact = TestData.Multiply(w, n, n, x);
        double Error(AgingOptions? aging)
        {
            var options = AnalogOptions.Ideal with { Device = DwMtj.Liu2021Notched, Aging = aging, Seed = 8 };
            var y = new double[n];
            AnalogMatrix.Program(w, n, n, options).Multiply(x, y);
            return TestData.RelativeError(y, exact);
        }

        double fresh = Error(null);
        double hour = Error(new AgingOptions(3600, 398));
        // Five levels: fresh error is the level quantisation (well below 1); aged states are scrambled (about √2 or worse).
        Assert.That(fresh, Is.InRange(0.05, 0.5));
        Assert.That(hour, Is.GreaterThan(2 * fresh));
    }

    [Test]
    public void OptionsWithADomainWallDeviceRoundTripThroughJson()
    {
        var options = AnalogOptions.DwMtjLiu2021 with { Aging = new AgingOptions(86400, 358), DriftCompensation = true };
        string json = OptionsJson.Serialize(options);
        var back = OptionsJson.Deserialize(json);
        Assert.That(OptionsJson.Serialize(back), Is.EqualTo(json));
        Assert.That(((DomainWallMtj)back.Device).Retention.ThermalStability(300), Is.EqualTo(DwMtj.Liu2021Notched.Retention.ThermalStability(300)).Within(1e-12));
    }
}
