using AnalogLA.Devices;
using AnalogLA.Numerics;
using BenchmarkDotNet.Attributes;

namespace AnalogLA.Benchmarks;

/// <summary>
/// Device-level Bayes-MTJ reads, the hot loop of device-level sampling: 2¹⁶ cells per call (one output line of a
/// 16,384-input, four-devices-per-weight array). Baseline: drawing the counter bits alone (what every read needs);
/// then telegraph (Bernoulli) reads and macrospin read-out reads (interpolated quantile knots), each weighted by its input as the
/// column sum does.
/// </summary>
public class CellReadBenchmarks
{
    private const int Cells = 1 << 16;
    private readonly float[] _states = new float[Cells];
    private readonly float[] _probabilities = new float[Cells];
    private readonly float[] _inputs = new float[Cells];
    private readonly float[] _reads = new float[Cells];
    private readonly uint[] _bits = new uint[Cells];
    private MacrospinReadout _table = null!;

    [GlobalSetup]
    public void Setup()
    {
        _table = StochasticMtj.Kwon2022.ReadoutTable()!;
        var u = new float[Cells];
        new CounterRandom(3).FillUniform(u);
        for (int c = 0; c < Cells; c++)
        {
            _states[c] = _table.Position(12 + (8 * u[c]));
            _probabilities[c] = 0.5f * u[c];
        }

        new CounterRandom(4).FillUniform(_inputs);
    }

    [Benchmark(Baseline = true, Description = "counter bits, 1 per cell")]
    public uint Bits()
    {
        new CounterRandom(9).FillBits(_bits);
        return _bits[0];
    }

    [Benchmark(Description = "telegraph reads · inputs")]
    public float Telegraph()
    {
        StochasticMtj.Read(null, _probabilities, new CounterRandom(9), _reads);
        return System.Numerics.Tensors.TensorPrimitives.Dot(_reads, _inputs);
    }

    [Benchmark(Description = "macrospin read-out reads · inputs")]
    public float Macrospin()
    {
        StochasticMtj.Read(_table, _states, new CounterRandom(9), _reads);
        return System.Numerics.Tensors.TensorPrimitives.Dot(_reads, _inputs);
    }
}
