using AnalogLA.Bayesian;
using AnalogLA.Crossbar;
using AnalogLA.Numerics;
using AnalogLA.Stochastic;
using BenchmarkDotNet.Attributes;

namespace AnalogLA.Benchmarks;

/// <summary>
/// Monte Carlo inference of a LeNet-5 VI network (32 samples of a 16-image batch of 28×28 inputs) in software
/// (the digital baseline) and on simulated spintronic arrays with output-space and device-level Bayes-MTJ
/// sampling; and one Bayes-by-Backprop training step (forward, backward, Adam) on a 128-image batch. Weights are
/// random (the work per image does not depend on them). Images per second = 16/mean time (each image gets 32 samples).
/// </summary>
public class BnnBenchmarks
{
    private const int Batch = 16;
    private const int Samples = 32;
    private Network _network = null!;
    private Tensor _images = null!;
    private Tensor _trainImages = null!;
    private int[] _labels = null!;
    private SoftwareClassifier _software = null!;
    private HardwareClassifier _output = null!;
    private HardwareClassifier _device = null!;
    private Adam _adam = null!;

    [GlobalSetup]
    public void Setup()
    {
        _network = new Network(Models.LeNet5(), seed: 1);
        _images = new Tensor(Batch, 1, 28, 28);
        new CounterRandom(2).FillUniform(_images.Data);
        _trainImages = new Tensor(128, 1, 28, 28);
        new CounterRandom(3).FillUniform(_trainImages.Data);
        _labels = Enumerable.Range(0, 128).Select(i => i % 10).ToArray();
        _software = new SoftwareClassifier(_network);
        _output = new HardwareClassifier(_network, new StochasticOptions { Mean = AnalogOptions.DwMtjRealistic, Sampling = SamplingMode.Output });
        _device = new HardwareClassifier(_network, new StochasticOptions { Mean = AnalogOptions.DwMtjRealistic, Sampling = SamplingMode.Device });
        _adam = new Adam(_network.Parameters);
    }

    private static float Run(IStochasticClassifier classifier, Tensor images)
    {
        float sum = 0;
        for (int s = 0; s < Samples; s++)
        {
            sum += classifier.Logits(images, 0, s).Data[0];
        }

        return sum;
    }

    [Benchmark(Baseline = true, Description = "software VI (digital), 16 images × 32 samples")]
    public float Software() => Run(_software, _images);

    [Benchmark(Description = "spintronic, output-space sampling, 16 × 32")]
    public float SpintronicOutput() => Run(_output, _images);

    [Benchmark(Description = "spintronic, device-level sampling, 16 × 32")]
    public float SpintronicDevice() => Run(_device, _images);

    [Benchmark(Description = "training step (128 images: forward, backward, Adam)")]
    public double TrainingStep()
    {
        var logits = _network.Forward(_trainImages, PassMode.Train, new ForwardContext(1, 1));
        var (loss, gradient) = Loss.CrossEntropy(logits, _labels);
        _network.Body.Backward(gradient);
        _network.Body.AccumulateKlGradient(1f / 60000);
        _adam.Step();
        return loss;
    }
}
