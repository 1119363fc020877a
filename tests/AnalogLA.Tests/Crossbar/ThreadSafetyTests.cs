using AnalogLA.Crossbar;
using AnalogLA.Stochastic;

namespace AnalogLA.Tests.Crossbar;

/// <summary>What the thread-safety remarks of <see cref="AnalogMatrix"/> and <see cref="StochasticMatrix"/> promise.</summary>
public class ThreadSafetyTests
{
    [Test]
    public void ConcurrentReadsAreTheSequentialReadsInSomeOrder()
    {
        // Each call reserves its read numbers atomically and a read's bits depend only on its number, so reads from
        // two threads give exactly the multiset of outputs of the same number of sequential reads; counters add up.
        var w = TestData.Uniform(24 * 20, 1);
        var x = TestData.Uniform(20, 2);
        var options = AnalogOptions.Realistic with { Seed = 5, Sampling = SamplingMode.Output };
        const int reads = 200;
        var sequential = AnalogMatrix.Program(w, 24, 20, options);
        var expected = Enumerable.Range(0, reads).Select(_ => string.Join(",", sequential.Multiply(x))).Order().ToArray();
        var shared = AnalogMatrix.Program(w, 24, 20, options);
        var results = new System.Collections.Concurrent.ConcurrentBag<string>();
        Parallel.For(0, reads, new ParallelOptions { MaxDegreeOfParallelism = 4 }, _ => results.Add(string.Join(",", shared.Multiply(x))));
        Assert.That(results.Order().ToArray(), Is.EqualTo(expected));
        Assert.That(shared.Diagnostics.ForwardMvms, Is.EqualTo(reads));
        Assert.That(shared.Diagnostics.AdcConversions, Is.EqualTo(sequential.Diagnostics.AdcConversions));
    }

    [Test]
    public void StochasticPulsesAreCountedAtomically()
    {
        var m = StochasticMatrix.Program(TestData.Uniform(8 * 6, 3), TestData.Uniform(8 * 6, 4, 0, 0.1), 8, 6, new StochasticOptions { DevicesPerWeight = 2 });
        var x = new float[6];
        Parallel.For(0, 400, new ParallelOptions { MaxDegreeOfParallelism = 4 }, _ =>
        {
            var y = new float[8];
            m.MultiplyBatch(x, 1, y);
        });
        Assert.That(m.Pulses, Is.EqualTo(400L * 8 * 6 * 2));
    }
}
