using AnalogLA.Crossbar;
using AnalogLA.Periphery;

namespace AnalogLA.Tests.Crossbar;

/// <summary>Prepared inputs: repeated reads share the deterministic part and give the bits of plain reads.</summary>
public class PreparedInputsTests
{
    private static float[] Inputs(int count, int length, ulong seed) => TestData.Uniform(count * length, seed).Select(v => (float)v).ToArray();

    private static (float[] Plain, float[] Prepared, AnalogMatrix PlainMatrix, AnalogMatrix PreparedMatrix, bool Shared) ReadThrice(
        AnalogOptions options, int rows, int cols, int count, bool transposed)
    {
        var w = TestData.Uniform(rows * cols, 61);
        var plain = AnalogMatrix.Program(w, rows, cols, options);
        var prepared = AnalogMatrix.Program(w, rows, cols, options);
        int inLength = transposed ? rows : cols, outLength = transposed ? cols : rows;
        var xs = Inputs(count, inLength, 62);
        var a = new float[3 * count * outLength];
        var b = new float[3 * count * outLength];
        using var staged = prepared.Prepare(xs, count, transposed);
        bool shared = true;
        for (int r = 0; r < 3; r++)
        {
            var ya = a.AsSpan(r * count * outLength, count * outLength);
            if (transposed)
            {
                plain.MultiplyTransposedBatch(xs, count, ya);
            }
            else
            {
                plain.MultiplyBatch(xs, count, ya);
            }

            prepared.MultiplyBatch(staged, b.AsSpan(r * count * outLength, count * outLength));
            shared &= staged.Shared;
        }

        return (a, b, plain, prepared, shared);
    }

    [TestCase(200, 150, 70, false)]   // packed kernel, several tiles and output chunks, a partial vector block
    [TestCase(200, 150, 3, false)]    // below the packed-kernel batch
    [TestCase(200, 150, 70, true)]
    public void DwMtjReadsEqualPlainReadsAndShareTheirWork(int rows, int cols, int count, bool transposed)
    {
        var options = AnalogOptions.DwMtjRealistic with { Seed = 4, Tiling = new TilingOptions(128, 96) };
        var (plain, prepared, a, b, shared) = ReadThrice(options, rows, cols, count, transposed);
        Assert.That(shared, Is.True);
        Assert.That(prepared, Is.EqualTo(plain));
        // Three different reads: the noise is fresh on every one.
        int n = count * (transposed ? cols : rows);
        Assert.That(prepared.AsSpan(0, n).ToArray(), Is.Not.EqualTo(prepared.AsSpan(n, n).ToArray()));
        Assert.That(b.Diagnostics.Mvms, Is.EqualTo(a.Diagnostics.Mvms));
        Assert.That(b.Diagnostics.AdcSaturations, Is.EqualTo(a.Diagnostics.AdcSaturations));
        Assert.That(b.Diagnostics.AdcConversions, Is.EqualTo(a.Diagnostics.AdcConversions));
        Assert.That(b.Diagnostics.Energy.Total, Is.EqualTo(a.Diagnostics.Energy.Total).Within(1e-12 * a.Diagnostics.Energy.Total));
    }

    [Test]
    public void WithoutAnAdcTheReadNoiseOfRepeatedInputsIsThePlainReadsNoise()
    {
        // State-dependent (PCM) read noise caches σ per current; no ADC, so a σ of the wrong size (e.g. the variance) shows.
        var options = AnalogOptions.Pcm with { Seed = 4, Tiling = new TilingOptions(128, 96), Adc = new AdcOptions(), Sampling = SamplingMode.Output };
        var (plain, prepared, _, _, shared) = ReadThrice(options, 200, 150, 70, transposed: false);
        Assert.That(shared, Is.True);
        Assert.That(prepared, Is.EqualTo(plain));
    }

    [Test]
    public void StateIndependentNoiseAndFixedConvertersShareToo()
    {
        var options = AnalogOptions.Realistic with { Seed = 5, Tiling = new TilingOptions(64, 64), Sampling = SamplingMode.Output };
        var (plain, prepared, _, _, shared) = ReadThrice(options, 100, 130, 9, transposed: false);
        Assert.That(shared, Is.True);
        Assert.That(prepared, Is.EqualTo(plain));
    }

    [Test]
    public void InputNoiseAndBoundManagementFallBackToFullReads()
    {
        var options = AnalogOptions.IbmHpec2023 with { Seed = 6 };
        var (plain, prepared, _, _, shared) = ReadThrice(options, 80, 90, 5, transposed: false);
        Assert.That(shared, Is.False);
        Assert.That(prepared, Is.EqualTo(plain));
    }

    [Test]
    public void ReadTimeCalibrationAndALaterCalibrationAreFollowed()
    {
        var options = AnalogOptions.DwMtjRealistic with
        {
            Seed = 7,
            Adc = AnalogOptions.DwMtjRealistic.Adc with { RangeMode = AdcRangeMode.Calibrated, CalibrationReads = 4 },
        };
        var w = TestData.Uniform(60 * 50, 63);
        var plain = AnalogMatrix.Program(w, 60, 50, options);
        var prepared = AnalogMatrix.Program(w, 60, 50, options);
        var xs = Inputs(3, 50, 64);
        var other = Inputs(8, 50, 65);
        using var staged = prepared.Prepare(xs, 3);
        var ya = new float[3 * 60];
        var yb = new float[3 * 60];
        var sharedByRead = new List<bool>();
        for (int r = 0; r < 4; r++)
        {
            if (r == 2)
            {
                plain.Calibrate(other, 8);
                prepared.Calibrate(other, 8);
            }

            plain.MultiplyBatch(xs, 3, ya);
            prepared.MultiplyBatch(staged, yb);
            sharedByRead.Add(staged.Shared);
            Assert.That(yb, Is.EqualTo(ya), $"read {r}");
        }

        // Read 0 collects 3 of the 4 calibration vectors (a full read); read 1 completes the set before it reads, so it
        // and every later read share (read 2 re-staged after the explicit calibration).
        Assert.That(sharedByRead, Is.EqualTo(new[] { false, true, true, true }));
    }

    [Test]
    public void BadUseIsRejected()
    {
        var w = TestData.Uniform(20 * 10, 66);
        var m1 = AnalogMatrix.Program(w, 20, 10, AnalogOptions.DwMtjRealistic);
        var m2 = AnalogMatrix.Program(w, 20, 10, AnalogOptions.DwMtjRealistic);
        Assert.Throws<ArgumentException>(() => m1.Prepare(new float[15], 2));
        Assert.Throws<ArgumentException>(() => m1.Prepare([float.NaN, .. new float[9]], 1));
        using var staged = m1.Prepare(new float[20], 2);
        Assert.Throws<ArgumentException>(() => m2.MultiplyBatch(staged, new float[40]));
        Assert.Throws<ArgumentException>(() => m1.MultiplyBatch(staged, new float[39]));
        staged.Dispose();
        Assert.Throws<ObjectDisposedException>(() => m1.MultiplyBatch(staged, new float[40]));
    }
}
