using System.Text.Json;
using AnalogLA.Crossbar;
using AnalogLA.Devices;
using AnalogLA.IO;
using AnalogLA.Numerics;

namespace AnalogLA.Tests.IO;

/// <summary>A device defined outside the library: three conductance levels (0, ½, 1 of G_max) and no read noise.</summary>
public sealed record ThreeLevelTestDevice : DeviceModel
{
    /// <inheritdoc />
    public override string Name { get; init; } = "three-level";

    /// <inheritdoc />
    public override ConductanceRange Range { get; init; } = new(0, 10e-6);

    /// <summary>A parameter of the user's own, to show it survives the round trip.</summary>
    public double Tag { get; init; } = 1.5;

    /// <inheritdoc />
    public override bool HasReadNoise => false;

    /// <inheritdoc />
    public override NoiseDistribution ReadNoiseDistribution => NoiseDistribution.Normal;

    /// <inheritdoc />
    public override void Program(ReadOnlySpan<double> target, Span<float> programmed, CounterRandom random, AgingOptions? aging = null)
    {
        for (int i = 0; i < target.Length; i++)
        {
            programmed[i] = (float)(Math.Round(Math.Clamp(target[i], 0, 1) * 2) / 2);
        }
    }

    /// <inheritdoc />
    public override void ReadSigma(ReadOnlySpan<float> programmed, Span<float> sigma, AgingOptions? aging = null) => sigma.Clear();

    /// <inheritdoc />
    public override void Validate(string path = "Device")
    {
        if (!(Tag > 0))
        {
            throw new ArgumentOutOfRangeException(path + ".Tag", Tag, $"{path}.Tag must be > 0.");
        }
    }
}

/// <summary>A second user device, never registered.</summary>
public sealed record UnregisteredTestDevice : DeviceModel
{
    /// <inheritdoc />
    public override string Name { get; init; } = "unregistered";

    /// <inheritdoc />
    public override ConductanceRange Range { get; init; } = new(0, 10e-6);

    /// <inheritdoc />
    public override bool HasReadNoise => false;

    /// <inheritdoc />
    public override NoiseDistribution ReadNoiseDistribution => NoiseDistribution.Normal;

    /// <inheritdoc />
    public override void Program(ReadOnlySpan<double> target, Span<float> programmed, CounterRandom random, AgingOptions? aging = null)
    {
        for (int i = 0; i < target.Length; i++)
        {
            programmed[i] = (float)target[i];
        }
    }

    /// <inheritdoc />
    public override void ReadSigma(ReadOnlySpan<float> programmed, Span<float> sigma, AgingOptions? aging = null) => sigma.Clear();

    /// <inheritdoc />
    public override void Validate(string path = "Device")
    {
    }
}

public class UserDeviceJsonTests
{
    [Test]
    public void AUserDeviceProgramsAMatrixAndRoundTripsThroughJson()
    {
        OptionsJson.Register<DeviceModel, ThreeLevelTestDevice>("three-level-test");
        var options = AnalogOptions.Ideal with { Device = new ThreeLevelTestDevice { Tag = 2.25 } };

        // Programmed through the crossbar: differential pairs, w_max = 1 → |w| maps onto G⁺ or G⁻ ∈ {0, ½, 1}, so the
        // held matrix is w rounded to the nearest half (by hand: 0.3 → 0.5, −0.7 → −0.5, 0.1 → 0, 1 → 1).
        var m = AnalogMatrix.Program(new double[,] { { 0.3, -0.7 }, { 0.1, 1.0 } }, options);
        var held = m.ProgrammedMatrix();
        Assert.That(held[0, 0], Is.EqualTo(0.5).Within(1e-6));
        Assert.That(held[0, 1], Is.EqualTo(-0.5).Within(1e-6));
        Assert.That(held[1, 0], Is.EqualTo(0).Within(1e-6));
        Assert.That(held[1, 1], Is.EqualTo(1).Within(1e-6));

        string json = OptionsJson.Serialize(options);
        Assert.That(json, Does.Contain("\"model\": \"three-level-test\""));
        var back = OptionsJson.Deserialize(json);
        Assert.That(back.Device, Is.TypeOf<ThreeLevelTestDevice>());
        Assert.That(back, Is.EqualTo(options));
        Assert.That(((ThreeLevelTestDevice)back.Device).Tag, Is.EqualTo(2.25));

        // Registering twice is harmless; another type under the same tag, or a built-in tag, is refused.
        OptionsJson.Register<DeviceModel, ThreeLevelTestDevice>("three-level-test");
        Assert.Throws<ArgumentException>(() => OptionsJson.Register<DeviceModel, UnregisteredTestDevice>("three-level-test"));
        Assert.Throws<ArgumentException>(() => OptionsJson.Register<DeviceModel, UnregisteredTestDevice>("generic"));
    }

    [Test]
    public void AnUnregisteredUserDeviceIsAClearError()
    {
        var options = AnalogOptions.Ideal with { Device = new UnregisteredTestDevice() };
        var ex = Assert.Throws<NotSupportedException>(() => OptionsJson.Serialize(options));
        Assert.That(ex!.Message, Does.Contain("UnregisteredTestDevice"));
    }
}
