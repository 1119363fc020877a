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
