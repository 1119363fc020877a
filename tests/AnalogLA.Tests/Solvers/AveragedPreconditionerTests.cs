using AnalogLA.Crossbar;
using AnalogLA.Devices;
using AnalogLA.Solvers;
using MathNet.Numerics.LinearAlgebra;

namespace AnalogLA.Tests.Solvers;

/// <summary>Averaging R reads divides the fresh read noise's variance by R and costs R times the MVMs.</summary>
public class AveragedPreconditionerTests
{
    [Test]
    public void TheReadNoiseVarianceFallsAsOneOverRAndTheMvmsGrowAsR()
    {
        // Block-Jacobi with one block on a device with read noise only: every application is A⁻¹r + fresh noise.
        var a = TestProblems.FromSpec("poisson2d:6");
        int n = a.RowCount;
        var options = new AnalogOptions
        {
            Device = DevicePresets.Ideal with { Range = new ConductanceRange(2.5e-6, 25e-6), ReadNoise = new IndependentNoise(0.05) },
            Seed = 4,
        };
        var r = Vector<double>.Build.Dense(n, i => Math.Sin(i + 1));
        var exact = a.Solve(r);
        double Variance(int reads, int trials, out long mvms)
        {
            var p = new AveragedPreconditioner(new AnalogBlockJacobiPreconditioner(options, n), reads);
            p.Initialize(a);
            var z = Vector<double>.Build.Dense(n);
            double sum = 0;
            for (int t = 0; t < trials; t++)
            {
                p.Approximate(r, z);
                sum += (z - exact).PointwiseMultiply(z - exact).Sum();
            }

            mvms = p.AnalogMvms;
            return sum / (trials * n);
        }

        const int trials = 400;
        double one = Variance(1, trials, out long mvmsOne), four = Variance(4, trials, out long mvmsFour);
        TestContext.Out.WriteLine($"mean squared error: 1 read {one:E3}, 4 reads {four:E3}");
        // Each estimate averages trials·n independent squared Gaussian errors (output-space noise is independent per
        // output): relative standard error √(2/(trials·n)); the ratio of two has √2 times that; 5 standard errors.
        double relative = Math.Sqrt(2.0 / (trials * n));
        Assert.That(one / four, Is.EqualTo(4).Within(4 * 5 * Math.Sqrt(2) * relative));
        Assert.That(mvmsFour, Is.EqualTo(4 * mvmsOne));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AveragedPreconditioner(new JacobiPreconditioner(), 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SolveOptions { ReadRepeats = 2000 }.Validate());
    }
}
