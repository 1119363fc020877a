using AnalogLA.Devices;

namespace AnalogLA.Tests.Devices;

/// <summary>
/// The device presets' stated numbers: names (what the CLI's <c>--device</c> and <c>--preset</c> accept and what outputs
/// print) and the electrical values that follow from the cited geometry by hand.
/// </summary>
public class PresetTests
{
    [Test]
    public void PresetNamesAreTheOnesTheCliAndOutputsUse()
    {
        Assert.That(DevicePresets.Ideal.Name, Is.EqualTo("ideal"));
        Assert.That(DevicePresets.Generic.Name, Is.EqualTo("generic"));
        Assert.That(DevicePresets.Pcm.Name, Is.EqualTo("pcm"));
        Assert.That(DwMtj.Liu2021Notched.Name, Is.EqualTo("dwmtj-liu2021"));
        Assert.That(DwMtj.Alamdar2021.Name, Is.EqualTo("dwmtj-alamdar2021"));
        Assert.That(Pcm.Joshi2020.Name, Is.EqualTo("pcm-joshi2020"));
    }

    [Test]
    public void TheLiuJunctionIsFifteenByOneHundredSixtyNanometres()
    {
        // A 15 nm × 160 nm junction: 2.4e-3 µm²; with RA = 29 Ω·µm², R_P = 29/0.0024 ≈ 12.08 kΩ and R_AP = 3·R_P (TMR 200 %).
        var liu = DwMtj.Liu2021Notched;
        Assert.That(liu.JunctionAreaSquareMicron, Is.EqualTo(2.4e-3).Within(1e-15));
        Assert.That(liu.ParallelResistanceOhms, Is.EqualTo(29 / 2.4e-3).Within(1e-9));
        Assert.That(DwMtj.Alamdar2021.ParallelResistanceOhms, Is.EqualTo(29 / 0.02).Within(1e-9));
    }
}
