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

/// <summary>One solver instance, two solves at once: each gets its own result.</summary>
public class SolverReentrancyTests
{
    [Test]
    public void RunReturnsEachSolvesOwnResultConcurrently()
    {
        var a = AnalogLA.Solvers.TestProblems.Poisson2D(12);
        var solver = new AnalogLA.Solvers.ConjugateGradient();
        var tolerances = new[] { 1e-4, 1e-10 };
        var results = new AnalogLA.Solvers.KrylovResult[2];
        Parallel.For(0, 2, i =>
        {
            var b = MathNet.Numerics.LinearAlgebra.Vector<double>.Build.Dense(a.RowCount, 1.0);
            var x = MathNet.Numerics.LinearAlgebra.Vector<double>.Build.Dense(a.RowCount);
            var iterator = new MathNet.Numerics.LinearAlgebra.Solvers.Iterator<double>(
                new MathNet.Numerics.LinearAlgebra.Solvers.IterationCountStopCriterion<double>(1000), new AnalogLA.Solvers.RelativeResidualStopCriterion(tolerances[i]));
            var jacobi = new AnalogLA.Solvers.JacobiPreconditioner();
            jacobi.Initialize(a);
            results[i] = solver.Run(a, b, x, iterator, jacobi);
        });
        Assert.That(results[0].TrueRelativeResidual, Is.LessThanOrEqualTo(1e-4));
        Assert.That(results[1].TrueRelativeResidual, Is.LessThanOrEqualTo(1e-10));
        Assert.That(results[1].Iterations, Is.GreaterThan(results[0].Iterations));
        // CG with Jacobi applies the preconditioner once per iteration plus once at the start, counted unwrapped.
        Assert.That(results[1].PreconditionerApplications, Is.EqualTo(results[1].Iterations + 1).Or.EqualTo(results[1].Iterations));
    }
}
