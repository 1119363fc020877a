using AnalogLA.Crossbar;
using AnalogLA.Devices;
using AnalogLA.Periphery;

namespace AnalogLA.Tests.Crossbar;

/// <summary>The ablation's rows switch on exactly one error source each.</summary>
public class ErrorSourcesTests
{
    private static int SourcesOn(AnalogOptions o)
    {
        int on = 0;
        if (o.Device is DomainWallMtj d)
        {
            on += (d.ResistanceVariation > 0 ? 1 : 0) + (d.TmrVariation > 0 ? 1 : 0) + (d.WriteMissProbability > 0 ? 1 : 0) + (d.HasReadNoise ? 1 : 0);
        }

        if (o.Device is GenericDevice g)
        {
            on += (!g.ProgrammingNoise.IsZero ? 1 : 0) + (g.HasReadNoise ? 1 : 0);
        }

        on += (o.Dac.Bits is not null ? 1 : 0) + (o.Dac.Noise > 0 ? 1 : 0) + (o.Adc.Bits is not null ? 1 : 0) + (o.Adc.Noise > 0 ? 1 : 0);
        return on;
    }

    [Test]
    public void EachDwMtjRowHasOneSourceAndTheMappingIsKept()
    {
        var rows = ErrorSources.OneAtATime(AnalogOptions.DwMtjRealistic);
        Assert.That(rows.Select(r => r.Name), Is.EqualTo(new[]
        {
            "none (ideal devices and converters)", "ON-state variation (R_P)", "OFF-state variation (TMR)", "write misses", "read noise",
            "DAC (8 bits, Dynamic range)", "ADC (8 bits, Calibrated range per slice)", "matrix-wide scale instead of per-tile", "no equilibration",
            "all (dwmtj-realistic)",
        }));
        Assert.That(SourcesOn(rows[0].Options), Is.Zero);
        foreach (var row in rows.Skip(1).Take(6))
        {
            Assert.That(SourcesOn(row.Options), Is.EqualTo(1), row.Name);
            Assert.That(row.Options.Mapping, Is.EqualTo(AnalogOptions.DwMtjRealistic.Mapping), row.Name);
        }

        Assert.That(rows[7].Options.Mapping.ScalePerTile, Is.False);
        Assert.That(rows[8].Equilibrate, Is.False);
        Assert.That(rows[^1].Options, Is.EqualTo(AnalogOptions.DwMtjRealistic));
    }

    [Test]
    public void TheIbmPresetsRowsAreItsConvertersAndNoises()
    {
        var names = ErrorSources.OneAtATime(AnalogOptions.IbmHpec2023).Select(r => r.Name).ToArray();
        Assert.That(names, Does.Contain("programming noise"));
        Assert.That(names, Does.Contain("input noise (1.0%)").Or.Contain("input noise (1.0 %)"));
        Assert.That(names.Count(n => n.StartsWith("output noise", StringComparison.Ordinal)), Is.EqualTo(1));
        Assert.That(names, Does.Not.Contain("read noise"), "the preset has none");
    }

    [Test]
    public void WithEverySourceOffTheCrossbarReadsTheQuantisedMatrixExactly()
    {
        // The error-free dwmtj-realistic mapping holds |w| to 8 bits (8 one-bit slices): the read is the product of the
        // matrix rounded to 255 levels of each tile's max|w|, by hand, up to float accumulation.
        const int n = 32;
        var w = TestData.Uniform(n * n, 77);
        var x = TestData.Uniform(n, 78);
        var a = AnalogMatrix.Program(w, n, n, ErrorSources.AllOff(AnalogOptions.DwMtjRealistic));
        double max = w.Max(Math.Abs);
        var quantised = w.Select(v => Math.Sign(v) * Math.Round(Math.Abs(v) / max * 255) / 255 * max).ToArray();
        var y = new double[n];
        a.Multiply(x, y);
        Assert.That(TestData.RelativeError(y, TestData.Multiply(quantised, n, n, x)), Is.LessThan(1e-5));
    }
}
