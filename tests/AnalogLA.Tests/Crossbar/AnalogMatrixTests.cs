using AnalogLA.Numerics;
using AnalogLA.Crossbar;
using AnalogLA.Devices;
using AnalogLA.Periphery;
using MathNet.Numerics.LinearAlgebra;

namespace AnalogLA.Tests.Crossbar;

public class AnalogMatrixTests
{
    [TestCase(SamplingMode.Device)]
    [TestCase(SamplingMode.Output)]
    public void SeededRunsGiveTheSameBitsOnOneThreadAndOnAll(SamplingMode sampling)
    {
        const int rows = 600, cols = 700, batch = 5;
        var w = TestData.Uniform(rows * cols, 31);
        var xs = TestData.Uniform(batch * cols, 32);
        var xts = TestData.Uniform(batch * rows, 33);
        var options = AnalogOptions.Realistic with { Sampling = sampling, Seed = 5, Tiling = new TilingOptions(128, 160) };

        (double[] Forward, double[] Transposed) Run(int threads)
        {
            var analog = AnalogMatrix.Program(w, rows, cols, options with { MaxDegreeOfParallelism = threads });
            var y = new double[batch * rows];
            var yt = new double[batch * cols];
            analog.MultiplyBatch(xs, batch, y);
            analog.MultiplyTransposedBatch(xts, batch, yt);
            return (y, yt);
        }

        var one = Run(1);
        var all = Run(-1);
        Assert.That(all.Forward, Is.EqualTo(one.Forward));
        Assert.That(all.Transposed, Is.EqualTo(one.Transposed));
        // And the noise is real: a different seed changes the result.
        var other = AnalogMatrix.Program(w, rows, cols, options with { Seed = 6 });
        var y2 = new double[batch * rows];
        other.MultiplyBatch(xs, batch, y2);
        Assert.That(y2, Is.Not.EqualTo(one.Forward));
    }

    [TestCase(8, 300, 200, 128, 96)]
    [TestCase(70, 64, 257, 64, 256)]
    public void IdealBatchesGiveTheDigitalProductBothWays(int batch, int rows, int cols, int tileRows, int tileCols)
    {
        var w = TestData.Uniform(rows * cols, 51);
        var xs = TestData.Uniform(batch * cols, 52);
        var xts = TestData.Uniform(batch * rows, 53);
        var analog = AnalogMatrix.Program(w, rows, cols, AnalogOptions.Ideal with { Tiling = new TilingOptions(tileRows, tileCols) });
        var ys = new double[batch * rows];
        var yts = new double[batch * cols];
        analog.MultiplyBatch(xs, batch, ys);
        analog.MultiplyTransposedBatch(xts, batch, yts);
        for (int b = 0; b < batch; b++)
        {
            Assert.That(TestData.RelativeError(ys.AsSpan(b * rows, rows), TestData.Multiply(w, rows, cols, xs.AsSpan(b * cols, cols))), Is.LessThan(2e-6));
            Assert.That(TestData.RelativeError(yts.AsSpan(b * cols, cols), TestData.MultiplyTransposed(w, rows, cols, xts.AsSpan(b * rows, rows))), Is.LessThan(2e-6));
        }
    }

    [Test]
    public void DeviceLevelBatchEqualsConsecutiveSingleCalls()
    {
        const int rows = 100, cols = 90, batch = 4;
        var w = TestData.Uniform(rows * cols, 34);
        var xs = TestData.Uniform(batch * cols, 35);
        var options = AnalogOptions.Realistic with { Seed = 9 };
        var batched = new double[batch * rows];
        AnalogMatrix.Program(w, rows, cols, options).MultiplyBatch(xs, batch, batched);
        var single = AnalogMatrix.Program(w, rows, cols, options);
        for (int b = 0; b < batch; b++)
        {
            var y = new double[rows];
            single.Multiply(xs.AsSpan(b * cols, cols), y);
            Assert.That(y, Is.EqualTo(batched.AsSpan(b * rows, rows).ToArray()), $"vector {b}");
        }
    }

    [Test]
    public void SparseAndDenseProgrammingAgreeAndEmptyTilesAreSkipped()
    {
        const int n = 500;
        var dense = new double[n, n];
        var sparse = Matrix<double>.Build.Sparse(n, n);
        for (int i = 0; i < n; i++)
        {
            for (int j = Math.Max(0, i - 2); j <= Math.Min(n - 1, i + 2); j++)
            {
                double v = i == j ? 4 : -1;
                dense[i, j] = v;
                sparse[i, j] = v;
            }
        }

        var options = AnalogOptions.Realistic with { Seed = 3, Tiling = new TilingOptions(100, 100) };
        var a = AnalogMatrix.Program(dense, options);
        var b = AnalogMatrix.Program(sparse, options);
        var x = TestData.Uniform(n, 36);
        var ya = new double[n];
        var yb = new double[n];
        a.Multiply(x, ya);
        b.Multiply(x, yb);
        Assert.That(yb, Is.EqualTo(ya));
        Assert.That(b.TileCount, Is.EqualTo(25));
        Assert.That(b.ProgrammedTileCount, Is.EqualTo(13)); // 5 diagonal blocks + 8 off-diagonal blocks touched by the band
        var mathNet = a.Multiply(Vector<double>.Build.Dense(x));
        Assert.That(mathNet.Count, Is.EqualTo(n));
    }

    [Test]
    public void DiagnosticsCountReadsSaturationsAndClips()
    {
        const int rows = 64, cols = 96;
        var w = TestData.Uniform(rows * cols, 37);
        var options = AnalogOptions.Ideal with
        {
            Tiling = new TilingOptions(32, 32),
            Dac = new DacOptions { Bits = 8, RangeMode = DacRangeMode.Fixed, FixedRange = 0.5 },
            Adc = new AdcOptions { Bits = 8, RangeMode = AdcRangeMode.Fixed, FixedFraction = 0.01 },
        };
        var analog = AnalogMatrix.Program(w, rows, cols, options);
        var x = TestData.Uniform(cols, 38);
        var y = new double[rows];
        analog.Multiply(x, y);
        analog.Multiply(x, y);
        var d = analog.Diagnostics;
        Assert.That(d.ForwardMvms, Is.EqualTo(2));
        Assert.That(d.AdcConversions, Is.EqualTo(2 * rows * 3)); // 3 tiles across, one plane
        Assert.That(d.AdcSaturations, Is.GreaterThan(d.AdcConversions / 2)); // 1 % of the maximum current is far too small
        Assert.That(d.DacConversions, Is.EqualTo(2 * cols));
        Assert.That(d.DacClips, Is.EqualTo(2 * x.Count(v => Math.Abs(v) > 0.5)));
        d.Reset();
        Assert.That(d.Mvms, Is.EqualTo(0));
    }

    [Test]
    public void ProgrammedMatrixShowsProgrammingErrorOnly()
    {
        const int rows = 200, cols = 200;
        var w = TestData.Uniform(rows * cols, 39);
        var options = AnalogOptions.Ideal with
        {
            Device = DevicePresets.Ideal with { ProgrammingNoise = new IndependentNoise(0.02), ClipToRange = false },
            Seed = 4,
        };
        var analog = AnalogMatrix.Program(w, rows, cols, options);
        var programmed = analog.ProgrammedMatrix();
        double wMax = w.Max(Math.Abs);
        var errors = new List<double>();
        for (int i = 0; i < rows; i++)
        {
            for (int j = 0; j < cols; j++)
            {
                errors.Add(programmed[i, j] - w[i * cols + j]);
            }
        }

        // Each weight carries two independent device errors of σ = 0.02·w_max.
        double expected = 2 * Math.Pow(0.02 * wMax, 2);
        var (_, variance) = TestData.MeanVariance(errors);
        Assert.That(variance / expected, Is.EqualTo(1).Within(5 * Math.Sqrt(2.0 / errors.Count)));
    }

    [Test]
    public void BadInputIsRejectedWithAMessageNamingTheProblem()
    {
        var w = new double[] { 1, 2, double.NaN, 4 };
        var ex = Assert.Throws<ArgumentException>(() => AnalogMatrix.Program(w, 2, 2));
        Assert.That(ex!.Message, Does.Contain("(1, 0)").And.Contain("NaN"));

        ex = Assert.Throws<ArgumentException>(() => AnalogMatrix.Program(new double[] { 1, double.PositiveInfinity }, 1, 2));
        Assert.That(ex!.Message, Does.Contain("(0, 1)"));

        var analog = AnalogMatrix.Program(new double[] { 1, 2, 3, 4, 5, 6 }, 2, 3);
        var y = new double[2];
        ex = Assert.Throws<ArgumentException>(() => analog.Multiply(new double[] { 1, double.NaN, 0 }, y));
        Assert.That(ex!.Message, Does.Contain("x[1]"));
        ex = Assert.Throws<ArgumentException>(() => analog.Multiply(new double[] { 1, 2 }, y));
        Assert.That(ex!.Message, Does.Contain("expected 1×3"));
        ex = Assert.Throws<ArgumentException>(() => analog.Multiply(new double[] { 1, 2, 3 }, new double[3]));
        Assert.That(ex!.Message, Does.Contain("y has 3"));
        ex = Assert.Throws<ArgumentException>(() => analog.MultiplyTransposed(new double[] { 1, 2, 3 }, new double[3]));
        Assert.That(ex!.Message, Does.Contain("MultiplyTransposed"));

        var sizeEx = Assert.Throws<ArgumentOutOfRangeException>(() => AnalogMatrix.Program(Array.Empty<double>(), 0, 3));
        Assert.That(sizeEx!.Message, Does.Contain("positive"));
        sizeEx = Assert.Throws<ArgumentOutOfRangeException>(() => AnalogMatrix.Program(new double[] { 1 }, 1, 1, AnalogOptions.Ideal with { Adc = new AdcOptions { Bits = 25 } }));
        Assert.That(sizeEx!.Message, Does.Contain("Adc.Bits"));
        sizeEx = Assert.Throws<ArgumentOutOfRangeException>(() => AnalogMatrix.Program(new double[] { 1 }, 1, 1, AnalogOptions.Ideal with { Device = DevicePresets.Ideal with { Range = new(5e-6, 1e-6) } }));
        Assert.That(sizeEx!.Message, Does.Contain("G_min"));
        sizeEx = Assert.Throws<ArgumentOutOfRangeException>(() => AnalogMatrix.Program(new double[] { 1 }, 1, 1, AnalogOptions.Ideal with { Device = DevicePresets.Ideal with { ReadNoise = new IndependentNoise(-0.01) } }));
        Assert.That(sizeEx!.Message, Does.Contain("Device.ReadNoise.SigmaFraction"));
        sizeEx = Assert.Throws<ArgumentOutOfRangeException>(() => AnalogMatrix.Program(new double[] { 1 }, 1, 1, AnalogOptions.Ideal with { Tiling = new TilingOptions(0, 4) }));
        Assert.That(sizeEx!.Message, Does.Contain("Tiling.Rows"));
        var mapEx = Assert.Throws<ArgumentException>(() => AnalogMatrix.Program(new double[] { 1 }, 1, 1, AnalogOptions.Ideal with { Mapping = new MappingOptions { InputSliceBits = 2 } }));
        Assert.That(mapEx!.Message, Does.Contain("Dac.Bits"));
    }

    [Test]
    public void PerTileScalingKeepsTheResolutionOfSmallBlocks()
    {
        // Two tiles side by side: the second holds entries 1000× smaller. With one matrix-wide scale and
        // 16 levels they round to zero; with a scale per tile they keep 16-level resolution.
        const int n = 64;
        var w = new double[n * 2 * n];
        var values = TestData.Uniform(n * 2 * n, 81);
        for (int r = 0; r < n; r++)
        {
            for (int c = 0; c < 2 * n; c++)
            {
                w[r * 2 * n + c] = c < n ? values[r * 2 * n + c] : 1e-3 * values[r * 2 * n + c];
            }
        }

        var x = new double[2 * n];
        TestData.Uniform(n, 82).CopyTo(x, n); // drive only the small block
        var exact = TestData.Multiply(w, n, 2 * n, x);
        var options = AnalogOptions.Ideal with { Device = DevicePresets.Ideal with { Levels = 16 }, Tiling = new TilingOptions(n, n) };
        double Error(bool perTile)
        {
            var y = new double[n];
            AnalogMatrix.Program(w, n, 2 * n, options with { Mapping = new MappingOptions { ScalePerTile = perTile } }).Multiply(x, y);
            return TestData.RelativeError(y, exact);
        }

        Assert.That(Error(false), Is.EqualTo(1).Within(1e-9)); // everything rounded to zero
        Assert.That(Error(true), Is.LessThan(0.1));           // 16 levels: ~1/30 of full scale per weight
    }

    [Test]
    public void ZeroMatrixGivesZeroOutput()
    {
        var analog = AnalogMatrix.Program(new double[6], 2, 3, AnalogOptions.Realistic);
        var y = new double[] { 1, 1 };
        analog.Multiply(new double[] { 1, 2, 3 }, y);
        Assert.That(y, Is.EqualTo(new double[] { 0, 0 }));
        Assert.That(analog.ProgrammedTileCount, Is.EqualTo(0));
    }
}
