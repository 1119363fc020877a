using AnalogLA.Crossbar;
using AnalogLA.Numerics;
using BenchmarkDotNet.Attributes;

namespace AnalogLA.Benchmarks;

/// <summary>
/// Cost of simulating one analog matrix–vector product, per vector, against the library's exact
/// double-precision digital product (the baseline) of the same shape, in the same run.
/// Realistic = programming σ 0.05, read σ 0.02, 8-bit DAC and calibrated 8-bit ADC.
/// </summary>
public class MvmBenchmarks
{
    private double[] _w = [];
    private double[] _xs = [];
    private double[] _ys = [];
    private double[] _digitalOut = [];
    private AnalogMatrix _ideal = null!;
    private AnalogMatrix _realisticOutput = null!;
    private AnalogMatrix _realisticDevice = null!;

    /// <summary>Square matrix side; 2055 = 2048 + 7 does not divide the 256 tile.</summary>
    [ParamsSource(nameof(Sizes))]
    public int Size { get; set; }

    /// <summary>256, 1024 and 2055, or the comma-separated list in ANALOGLA_BENCH_SIZES (to run a subset).</summary>
    public static IEnumerable<int> Sizes =>
        Environment.GetEnvironmentVariable("ANALOGLA_BENCH_SIZES") is string list
            ? list.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse)
            : [256, 1024, 2055];

    /// <summary>Vectors per call.</summary>
    [Params(1, 64)]
    public int Batch { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _w = Uniform(Size * Size, 1);
        _xs = Uniform(Batch * Size, 2);
        _ys = new double[Batch * Size];
        _digitalOut = new double[Batch * Size];
        _ideal = AnalogMatrix.Program(_w, Size, Size, AnalogOptions.Ideal);
        _realisticOutput = AnalogMatrix.Program(_w, Size, Size, AnalogOptions.Realistic with { Sampling = SamplingMode.Output, Seed = 3 });
        _realisticDevice = AnalogMatrix.Program(_w, Size, Size, AnalogOptions.Realistic with { Sampling = SamplingMode.Device, Seed = 3 });
    }

    [Benchmark(Baseline = true, Description = "digital double")]
    public double Digital()
    {
        for (int b = 0; b < Batch; b++)
        {
            DigitalKernels.MultiplyVector(_w, Size, Size, _xs.AsSpan(b * Size, Size), _digitalOut.AsSpan(b * Size, Size));
        }

        return _digitalOut[0];
    }

    [Benchmark(Description = "analog ideal")]
    public double Ideal()
    {
        _ideal.MultiplyBatch(_xs, Batch, _ys);
        return _ys[0];
    }

    [Benchmark(Description = "analog realistic, output-space")]
    public double RealisticOutput()
    {
        _realisticOutput.MultiplyBatch(_xs, Batch, _ys);
        return _ys[0];
    }

    [Benchmark(Description = "analog realistic, output-space, one call per vector")]
    public double RealisticOutputSingleCalls()
    {
        for (int b = 0; b < Batch; b++)
        {
            _realisticOutput.Multiply(_xs.AsSpan(b * Size, Size), _ys.AsSpan(b * Size, Size));
        }

        return _ys[0];
    }

    [Benchmark(Description = "analog realistic, device-level")]
    public double RealisticDevice()
    {
        _realisticDevice.MultiplyBatch(_xs, Batch, _ys);
        return _ys[0];
    }

    private static double[] Uniform(int count, ulong seed)
    {
        var u = new float[count];
        new CounterRandom(seed).FillUniform(u);
        return u.Select(v => 2.0 * v - 1.0).ToArray();
    }
}
