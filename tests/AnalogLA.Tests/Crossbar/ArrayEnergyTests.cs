using AnalogLA.Crossbar;

namespace AnalogLA.Tests.Crossbar;

/// <summary>The array part of the read energy, t·V²·Σ_j v_j²·Σ_i G_ij, against the mapping's own conductances.</summary>
public class ArrayEnergyTests
{
    [TestCase(false)]
    [TestCase(true)]
    public void TheOffsetMappingsReferenceLineDrawsCurrentToo(bool transposed)
    {
        // Offset mapping on a window ĝ ∈ [0.1, 1]: w = +w_max sits at ĝ = 1, w = −w_max at ĝ_min = 0.1, and the reference
        // device at ĝ_min + s/2 = 0.55 (s = 0.9). Driving the one line of a two-device column (or row) with the same
        // voltage, the loads are 2·1 + 0.55 = 2.55 and 2·0.1 + 0.55 = 0.75: a ratio of 3.4 (10 without the reference).
        var device = AnalogLA.Devices.DevicePresets.Ideal with { Range = new(2.5e-6, 25e-6) };
        var options = AnalogOptions.Ideal with { Device = device, Mapping = new MappingOptions { Sign = SignMapping.Offset } };
        double ArrayEnergy(double weight)
        {
            var analog = transposed ? AnalogMatrix.Program([weight, weight], 1, 2, options) : AnalogMatrix.Program([weight, weight], 2, 1, options);
            var y = new double[2];
            if (transposed)
            {
                analog.MultiplyTransposed([1.0], y);
            }
            else
            {
                analog.Multiply([1.0], y);
            }

            return analog.Diagnostics.Energy.Array;
        }

        Assert.That(ArrayEnergy(1) / ArrayEnergy(-1), Is.EqualTo(2.55 / 0.75).Within(1e-5));
    }
}
