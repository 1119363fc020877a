using AnalogLA.Bayesian;

namespace AnalogLA.Tests.Bayesian;

public class AdamTests
{
    /// <summary>Three steps against Kingma and Ba's update computed in double, on 19 values (vector body and scalar tail).</summary>
    [Test]
    public void StepsFollowTheBiasCorrectedUpdate()
    {
        const int n = 19;
        const double lr = 0.01, b1 = 0.9, b2 = 0.999, eps = 1e-8;
        var p = new Parameter("w", n);
        var theta = new double[n];
        var m = new double[n];
        var v = new double[n];
        for (int i = 0; i < n; i++)
        {
            p.Value[i] = (float)(0.1 * i - 0.7);
            theta[i] = p.Value[i];
        }

        var adam = new Adam([p], lr, b1, b2, eps);
        for (int t = 1; t <= 3; t++)
        {
            var g = Enumerable.Range(0, n).Select(i => (float)Math.Sin(i + 3 * t)).ToArray();
            p.AccumulateGradient(g);
            adam.Step();
            for (int i = 0; i < n; i++)
            {
                m[i] = b1 * m[i] + (1 - b1) * g[i];
                v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
                theta[i] -= lr * (m[i] / (1 - Math.Pow(b1, t))) / (Math.Sqrt(v[i] / (1 - Math.Pow(b2, t))) + eps);
            }

            // float32 state: each step is lr·O(1) with ~1e-7 relative error.
            Assert.That(p.Value.Select(x => (double)x), Is.EqualTo(theta).Within(1e-6), $"step {t}");
            Assert.That(p.Gradient.All(x => x == 0), Is.True, "gradients cleared");
        }
    }
}

public class AdamArgumentTests
{
    [TestCase(-1e-3, 0.9, 0.999, 1e-8, "learningRate")]
    [TestCase(double.NaN, 0.9, 0.999, 1e-8, "learningRate")]
    [TestCase(1e-3, -0.1, 0.999, 1e-8, "beta1")]
    [TestCase(1e-3, 1.0, 0.999, 1e-8, "beta1")]
    [TestCase(1e-3, 0.9, 1.0, 1e-8, "beta2")]
    [TestCase(1e-3, 0.9, -1e-9, 1e-8, "beta2")]
    [TestCase(1e-3, 0.9, 0.999, 0.0, "epsilon")]
    [TestCase(1e-3, 0.9, 0.999, double.PositiveInfinity, "epsilon")]
    public void HyperparametersOutsideTheirRangesAreRefusedByName(double lr, double beta1, double beta2, double epsilon, string name)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => _ = new Adam([new Parameter("w", 2)], lr, beta1, beta2, epsilon))!;
        Assert.That(error.ParamName, Is.EqualTo(name));
    }

    [Test]
    public void TheRangeEndsAreAcceptedAndTheScheduleIsChecked()
    {
        var p = new Parameter("w", 1);
        var adam = new Adam([p], 0, 0, 0, double.Epsilon);
        Assert.Throws<ArgumentOutOfRangeException>(() => adam.LearningRate = double.PositiveInfinity);
        p.AccumulateGradient([1f]);
        adam.Step();
        Assert.That(p.Value[0], Is.Zero, "η = 0 leaves the value");
        // β1 = β2 = 0: m̂ = g, v̂ = g², so one step moves by η·g/(|g| + ε) = η.
        adam.LearningRate = 0.5;
        p.AccumulateGradient([4f]);
        adam.Step();
        Assert.That(p.Value[0], Is.EqualTo(-0.5f).Within(1e-6));
        Assert.Throws<ArgumentNullException>(() => _ = new Adam(null!));
    }
}
