using AnalogLA.Numerics;
using BenchmarkDotNet.Attributes;

namespace AnalogLA.Benchmarks;

/// <summary>
/// Gaussian generation, the hot loop of device-level noise: the vectorised counter-based Box–Muller
/// against a scalar Box–Muller on System.Random (the baseline).
/// </summary>
public class RandomBenchmarks
{
    private readonly float[] _buffer = new float[Count];
    private readonly Random _random = new(1);

    private const int Count = 1 << 20;

    [Benchmark(Baseline = true, Description = "System.Random Box–Muller (scalar)")]
    public float ScalarBoxMuller()
    {
        for (int i = 0; i < Count; i += 2)
        {
            double u1 = 1.0 - _random.NextDouble(), u2 = _random.NextDouble();
            double r = Math.Sqrt(-2 * Math.Log(u1));
            _buffer[i] = (float)(r * Math.Cos(2 * Math.PI * u2));
            _buffer[i + 1] = (float)(r * Math.Sin(2 * Math.PI * u2));
        }

        return _buffer[0];
    }

    [Benchmark(Description = "CounterRandom.FillNormal (vectorised)")]
    public float CounterNormal()
    {
        new CounterRandom(7).FillNormal(_buffer);
        return _buffer[0];
    }
}
