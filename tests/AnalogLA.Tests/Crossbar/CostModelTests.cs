using AnalogLA.Crossbar;
using AnalogLA.Periphery;

namespace AnalogLA.Tests.Crossbar;

public class CostModelTests
{
    [Test]
    public void IsaacFiguresFollowFromTheTable()
    {
        // Shafiee et al. 2016, Table I: 2 mW at 1.28 GS/s, 8 bits → 1.5625 pJ per conversion.
        Assert.That(CostModel.Isaac.AdcJoules(8), Is.EqualTo(2e-3 / 1.28e9).Within(0.01 * 1.5625e-12));
        // 1-bit DAC: 4 mW for 1024 DACs at 10 MHz (100 ns reads) → 0.39 pJ per conversion.
        Assert.That(CostModel.Isaac.DacJoules(1), Is.EqualTo(4e-3 / 1024 / 1e7).Within(0.01 * 0.39e-12));
        Assert.That(CostModel.Isaac.AdcArea(8), Is.EqualTo(0.0096 / 8).Within(1e-12));
        Assert.That(CostModel.Isaac.AdcArea(6), Is.EqualTo(0.0012 / 4).Within(1e-12));
    }

    [Test]
    public void EveryTermMatchesAHandComputation()
    {
        // 4×3 matrix, 6-bit ADC, 5-bit DAC, ideal device (G_min = 0, G_max = 25 µS), one differential plane,
        // x = all ones so every DAC output is full scale (v̂ = 1).
        int m = 4, n = 3;
        var w = new double[] { 1, -0.5, 0.25, 0, 0.5, -1, 0.75, 0.75, 0, -0.25, 1, 0.5 };
        var cost = CostModel.Isaac with { LinesPerAdc = 2 };
        var options = AnalogOptions.Ideal with
        {
            Dac = new DacOptions { Bits = 5 },
            Adc = new AdcOptions { Bits = 6 },
            Cost = cost,
        };
        var analog = AnalogMatrix.Program(w, m, n, options);
        analog.Multiply([1.0, 1.0, 1.0]);
        var e = analog.Diagnostics.Energy;

        double load = w.Sum(Math.Abs) / 1.0;   // Σ ĝ⁺ + ĝ⁻ = Σ |w|/w_max with w_max = 1
        Assert.That(e.Array, Is.EqualTo(100e-9 * 0.2 * 0.2 * 25e-6 * load).Within(1e-6 * e.Array));
        Assert.That(e.Adc, Is.EqualTo(m * 6.1e-15 * 64).Within(1e-20));
        Assert.That(e.Dac, Is.EqualTo(n * 0.195e-12 * 32).Within(1e-20));
        Assert.That(e.Digital, Is.EqualTo(m * 0.1e-12).Within(1e-22));
        // Two ADCs per array (2 lines each), all arrays in parallel: t_read + 2 conversions.
        Assert.That(analog.Diagnostics.SecondsPerMvm, Is.EqualTo(100e-9 + 2 / 1.28e9).Within(1e-18));
        double area = 2 * m * n * 0.0015e-6 + 2 * 0.0012 / 4 + n * 1.66e-7;
        Assert.That(analog.AreaMm2, Is.EqualTo(area).Within(1e-15));
    }

    [Test]
    public void SlicesMultiplyConversionsAndLatency()
    {
        var w = TestData.Uniform(8 * 8, 11);
        var plain = AnalogMatrix.Program(w, 8, 8, AnalogOptions.Ideal with { Dac = new DacOptions { Bits = 8 } });
        var sliced = AnalogMatrix.Program(w, 8, 8, AnalogOptions.Ideal with
        {
            Dac = new DacOptions { Bits = 8 },
            Mapping = new MappingOptions { Slicing = new WeightSlicing(2, 4), InputSliceBits = 1 },
            Cost = CostModel.Isaac with { ParallelArrays = 1 },
        });
        var x = TestData.Uniform(8, 12);
        plain.Multiply(x);
        sliced.Multiply(x);
        // 2 weight planes × 7 input bit-slices: 14× the ADC conversions; latency 2 rounds × 7 slices.
        Assert.That(sliced.Diagnostics.Energy.Adc, Is.EqualTo(14 * plain.Diagnostics.Energy.Adc).Within(1e-9 * sliced.Diagnostics.Energy.Adc));
        Assert.That(sliced.LatencySecondsPerMvm(), Is.EqualTo(14 * plain.LatencySecondsPerMvm()).Within(1e-18));
    }

    [Test]
    public void DigitalReferenceIsACacheAwareRoofline()
    {
        // A processor with round numbers (not a preset), so every expected value follows from the roofline by hand:
        // 1 GMAC/s, 1 GB/s DRAM at 100 pJ/B, a 1 MB cache at 10 GB/s and 10 pJ/B, 1 pJ/MAC.
        var p = new DigitalReference
        {
            MacsPerSecond = 1e9, BytesPerSecond = 1e9, JoulesPerMac = 1e-12, JoulesPerByte = 1e-10,
            LastLevelCacheBytes = 1e6, CacheBytesPerSecond = 1e10, CacheJoulesPerByte = 1e-11,
        };
        // 100×100 fp64: 81,600 bytes fit the cache; compute bound (1e4 MACs take 10 µs, the bytes 8.16 µs).
        var small = p.DenseMvm(100, 100);
        Assert.That(small.Seconds, Is.EqualTo(1e-5).Within(1e-18));
        Assert.That(small.Joules, Is.EqualTo(1e4 * 1e-12 + 81_600 * 1e-11).Within(1e-20));
        // 900×900 fp64: 6.49 MB streams from DRAM, memory bound.
        double bytes = (900.0 * 900 + 1800) * 8;
        var large = p.DenseMvm(900, 900);
        Assert.That(large.Seconds, Is.EqualTo(bytes / 1e9).Within(1e-15));
        Assert.That(large.Joules, Is.EqualTo(810_000 * 1e-12 + bytes * 1e-10).Within(1e-15));
        // The same matrix at int8 (811,800 bytes) fits the cache again: matched precision changes residency.
        var int8 = p.AtInt8();
        Assert.That(int8.BytesPerValue, Is.EqualTo(1));
        Assert.That(int8.Resident(900.0 * 900 + 1800), Is.True);
        var matched = int8.DenseMvm(900, 900);
        Assert.That(matched.Joules, Is.EqualTo(810_000 * 0.23e-12 + 811_800 * 1e-11).Within(1e-15));
        // ILU(0): one MAC and 12 bytes per stored entry, plus three vectors.
        var ilu = p.SparseTriangularSolves(1000, 100);
        Assert.That(ilu.Joules, Is.EqualTo(1000 * 1e-12 + (12_000 + 2400) * 1e-11).Within(1e-20));
    }

    [Test]
    public void APresetKeepsAFewMegabyteMatrixInItsCache()
    {
        // The fairness point of the review: a 256×256 or 1024×1024 fp64 matrix (0.5 / 8 MB) is re-read from the
        // EPYC's 256 MB L3, not from DRAM, so its energy per MVM is set by SRAM reads, an order of magnitude below DRAM.
        var cpu = DigitalReference.Cpu;
        Assert.That(cpu.Resident((1024.0 * 1024 + 2048) * 8), Is.True);
        Assert.That(cpu.Resident(8192.0 * 8192 * 8), Is.False);
        Assert.That(cpu.CacheJoulesPerByte, Is.LessThan(0.1 * cpu.JoulesPerByte));
    }
}
