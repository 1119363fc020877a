using AnalogLA.Crossbar;
using AnalogLA.Periphery;

namespace AnalogLA.Tests.Crossbar;

/// <summary>
/// One contract, run over every mapping and several tile shapes (including ones that do not divide
/// the matrix): ideal devices and converters give the digital product to float rounding, forward and
/// transposed; b-bit converters stay inside the quantisation bound.
/// </summary>
[TestFixtureSource(nameof(Mappings))]
public class MappingContractTests(string name, MappingOptions mapping)
{
    // float32 accumulation over ≤ 256 terms per tile: relative error ≲ 256·2⁻²⁴ ≈ 1.5e-5 worst case, ~1e-7 typical.
    private const double FloatRounding = 2e-6;

    public static IEnumerable<TestFixtureData> Mappings()
    {
        yield return new TestFixtureData("differential", new MappingOptions());
        yield return new TestFixtureData("offset", new MappingOptions { Sign = SignMapping.Offset });
        yield return new TestFixtureData("bitsliced-3x4", new MappingOptions { Slicing = new WeightSlicing(3, 4) });
        yield return new TestFixtureData("bitsliced-8x1", new MappingOptions { Slicing = new WeightSlicing(8, 1) });
    }

    /// <summary>The fixture's display name.</summary>
    public string Name => name;

    /// <summary>The matrix the mapping can represent exactly: the original, or its k·b-bit quantisation.</summary>
    private double[] Representable(double[] w)
    {
        if (mapping.Slicing is not { } s)
        {
            return w;
        }

        double wMax = w.Max(Math.Abs);
        double full = Math.Pow(2, s.Slices * s.BitsPerSlice) - 1;
        return w.Select(v => Math.Sign(v) * Math.Round(Math.Abs(v) / wMax * full) / full * wMax).ToArray();
    }

    [TestCase(37, 53, 16, 16)]
    [TestCase(300, 200, 128, 96)]
    [TestCase(64, 64, 64, 64)]
    [TestCase(5, 300, 256, 256)]
    [TestCase(1, 1, 1, 1)]
    public void IdealGivesTheDigitalProduct(int rows, int cols, int tileRows, int tileCols) =>
        AssertDigitalProduct(AnalogOptions.Ideal with { Mapping = mapping, Tiling = new TilingOptions(tileRows, tileCols) }, rows, cols, seed: 11);

    [Test]
    public void AFiniteConductanceWindowGivesTheDigitalProductToo()
    {
        // G_min = 0.1·G_max (swing 0.9): every factor of the swing in the mapping and its recombination must cancel,
        // which an ideal device (swing 1) cannot show. Error-free devices, ideal converters.
        var device = AnalogLA.Devices.DevicePresets.Ideal with { Range = new(2.5e-6, 25e-6) };
        AssertDigitalProduct(AnalogOptions.Ideal with { Device = device, Mapping = mapping, Tiling = new TilingOptions(16, 16) }, 37, 53, seed: 21);
    }

    /// <summary>Forward and transposed products of error-free arrays equal the representable matrix's to float rounding.</summary>
    private void AssertDigitalProduct(AnalogOptions options, int rows, int cols, ulong seed)
    {
        var w = TestData.Uniform(rows * cols, seed);
        var x = TestData.Uniform(cols, seed + 1);
        var xt = TestData.Uniform(rows, seed + 2);
        var analog = AnalogMatrix.Program(w, rows, cols, options);
        var target = Representable(w);

        var y = new double[rows];
        analog.Multiply(x, y);
        Assert.That(TestData.RelativeError(y, TestData.Multiply(target, rows, cols, x)), Is.LessThan(FloatRounding));

        var yt = new double[cols];
        analog.MultiplyTransposed(xt, yt);
        Assert.That(TestData.RelativeError(yt, TestData.MultiplyTransposed(target, rows, cols, xt)), Is.LessThan(FloatRounding));
    }

    [TestCase(4, 4)]
    [TestCase(8, 6)]
    [TestCase(6, 10)]
    public void ConverterErrorStaysWithinTheQuantisationBound(int dacBits, int adcBits)
    {
        const int rows = 90, cols = 130, tile = 64;
        var w = TestData.Uniform(rows * cols, 16);
        var x = TestData.Uniform(cols, 17);
        var options = AnalogOptions.Ideal with
        {
            Mapping = mapping,
            Tiling = new TilingOptions(tile, tile),
            Dac = new DacOptions { Bits = dacBits },
            Adc = new AdcOptions { Bits = adcBits, RangeMode = AdcRangeMode.MaxPossible },
        };
        var analog = AnalogMatrix.Program(w, rows, cols, options);
        var y = new double[rows];
        analog.Multiply(x, y);
        var target = Representable(w);
        var exact = TestData.Multiply(target, rows, cols, x);

        // DAC: |x̂ − x| ≤ Δ_x/2 with Δ_x = max|x|/L_dac, so |W(x̂ − x)|_i ≤ Σ_j |w_ij|·Δ_x/2.
        // ADC: each tile and plane rounds once with |error| ≤ Δ_I/2, Δ_I = I_max/L_adc, scaled to output units.
        double xMax = x.Max(Math.Abs);
        double dacHalfStep = xMax / Quantizer.PositiveLevels(dacBits) / 2;
        double wMax = w.Max(Math.Abs);
        double swing = 1.0; // ideal device: G_min = 0
        int planes = mapping.Slicing?.Slices ?? 1;
        int tilesPerRow = (cols + tile - 1) / tile;
        for (int i = 0; i < rows; i++)
        {
            double dacBound = 0;
            for (int j = 0; j < cols; j++)
            {
                dacBound += Math.Abs(target[i * cols + j]) * dacHalfStep;
            }

            double adcBound = 0;
            for (int t = 0; t < tilesPerRow; t++)
            {
                int inputs = Math.Min(tile, cols - t * tile);
                for (int p = 0; p < planes; p++)
                {
                    double maxCurrent = mapping.Sign == SignMapping.Offset ? inputs * swing / 2 : inputs * swing;
                    double scale = PlaneScale(p, wMax, swing);
                    adcBound += scale * xMax * maxCurrent / Quantizer.PositiveLevels(adcBits) / 2;
                }
            }

            Assert.That(Math.Abs(y[i] - exact[i]), Is.LessThanOrEqualTo((dacBound + adcBound) * (1 + 1e-5) + 1e-9), $"row {i}");
        }
    }

    private double PlaneScale(int plane, double wMax, double swing)
    {
        if (mapping.Sign == SignMapping.Offset)
        {
            return 2 * wMax / swing;
        }

        if (mapping.Slicing is not { } s)
        {
            return wMax / swing;
        }

        double full = Math.Pow(2, s.Slices * s.BitsPerSlice) - 1;
        return wMax * (Math.Pow(2, s.BitsPerSlice) - 1) * Math.Pow(2, s.BitsPerSlice * plane) / (full * swing);
    }

    [Test]
    public void BitSerialInputsEqualWholeInputQuantisation([Values(1, 3)] int sliceBits)
    {
        const int rows = 50, cols = 77;
        var w = TestData.Uniform(rows * cols, 18);
        var x = TestData.Uniform(cols, 19);
        var whole = AnalogOptions.Ideal with { Mapping = mapping, Dac = new DacOptions { Bits = 7 } };
        var serial = whole with { Mapping = mapping with { InputSliceBits = sliceBits } };
        var a = new double[rows];
        var b = new double[rows];
        AnalogMatrix.Program(w, rows, cols, whole).Multiply(x, a);
        AnalogMatrix.Program(w, rows, cols, serial).Multiply(x, b);
        Assert.That(TestData.RelativeError(b, a), Is.LessThan(FloatRounding));
    }
}

/// <summary>Bit slicing quantises weights by design; the error against the original matrix is bounded by half a step.</summary>
public class WeightSlicingTests
{
    [Test]
    public void SlicingErrorAgainstTheOriginalIsWithinTheWeightQuantisationBound([Values(1, 2, 3)] int slices, [Values(1, 4)] int bits)
    {
        const int rows = 40, cols = 70;
        var w = TestData.Uniform(rows * cols, 14);
        var x = TestData.Uniform(cols, 15);
        var mapping = new MappingOptions { Slicing = new WeightSlicing(slices, bits) };
        var analog = AnalogMatrix.Program(w, rows, cols, AnalogOptions.Ideal with { Mapping = mapping });
        var y = new double[rows];
        analog.Multiply(x, y);
        var exact = TestData.Multiply(w, rows, cols, x);
        double full = Math.Pow(2, slices * bits) - 1;
        double halfStep = w.Max(Math.Abs) / full / 2;
        double bound = halfStep * x.Sum(Math.Abs) * (1 + 1e-6) + 1e-9;
        for (int i = 0; i < rows; i++)
        {
            Assert.That(Math.Abs(y[i] - exact[i]), Is.LessThanOrEqualTo(bound), $"row {i}");
        }
    }
}
