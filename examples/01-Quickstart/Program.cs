// Quickstart: program a random 1024×1024 matrix onto simulated crossbar tiles, multiply in situ,
// and compare error and time with the exact digital product.
using System.Diagnostics;
using AnalogLA.Crossbar;
using AnalogLA.Numerics;

const int N = 1024;
const int Trials = 20;
var random = new Random(42);
var w = new double[N * N];
for (int i = 0; i < w.Length; i++)
{
    w[i] = 2 * random.NextDouble() - 1;
}

var x = new double[N];
for (int i = 0; i < N; i++)
{
    x[i] = 2 * random.NextDouble() - 1;
}

var exact = new double[N];
DigitalKernels.MultiplyVector(w, N, N, x, exact);
double digitalSeconds = Time(() => DigitalKernels.MultiplyVector(w, N, N, x, exact));

Console.WriteLine($"AnalogLA quickstart: {N}×{N} matrix, tiles {AnalogOptions.Ideal.Tiling.Rows}×{AnalogOptions.Ideal.Tiling.Columns}, {Trials} reads each");
Console.WriteLine($"{"preset",-12} {"sampling",-8} {"rel. error",12} {"s/MVM",11} {"× digital",10} {"ADC sat.",9}");
foreach (var (name, sampling) in new[] { ("ideal", SamplingMode.Device), ("realistic", SamplingMode.Output), ("realistic", SamplingMode.Device), ("pcm", SamplingMode.Output) })
{
    var options = AnalogOptions.FromPreset(name) with { Sampling = sampling, Seed = 7 };
    var analog = AnalogMatrix.Program(w, N, N, options);
    var y = new double[N];
    double errorSum = 0;
    for (int t = 0; t < Trials; t++)
    {
        analog.Multiply(x, y);
        errorSum += DigitalKernels.RelativeError(y, exact);
    }

    double seconds = Time(() => analog.Multiply(x, y));
    Console.WriteLine($"{name,-12} {sampling,-8} {errorSum / Trials,12:E3} {seconds,11:E2} {seconds / digitalSeconds,10:F2} {analog.Diagnostics.AdcSaturationFraction,9:P2}");
}

Console.WriteLine($"digital double-precision product: {digitalSeconds:E2} s/MVM");

static double Time(Action action)
{
    for (int i = 0; i < 3; i++)
    {
        action();
    }

    var samples = new double[15];
    for (int i = 0; i < samples.Length; i++)
    {
        var sw = Stopwatch.StartNew();
        action();
        samples[i] = sw.Elapsed.TotalSeconds;
    }

    Array.Sort(samples);
    return samples[samples.Length / 2];
}
