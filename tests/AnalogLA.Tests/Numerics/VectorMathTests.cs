using System.Runtime.Intrinsics;
using AnalogLA.Numerics;

namespace AnalogLA.Tests.Numerics;

public class VectorMathTests
{
    [Test]
    public void LogMatchesDoublePrecisionAcrossTheUnitInterval()
    {
        // float has 24 significant bits; a few ulps of |ln u| (≤ 17 for u ≥ 2⁻²⁴) is ~1e-6 absolute.
        double worst = 0;
        for (int i = 0; i < 100_000; i += 8)
        {
            var values = new float[8];
            for (int k = 0; k < 8; k++)
            {
                values[k] = (float)Math.Pow(2, -24.0 * (i + k) / 100_000); // log-spaced over (2⁻²⁴, 1]
            }

            var log = VectorMath.Log(Vector256.Create(values));
            for (int k = 0; k < 8; k++)
            {
                double exact = Math.Log(values[k]);
                worst = Math.Max(worst, Math.Abs(log[k] - exact) / Math.Max(1, Math.Abs(exact)));
            }
        }

        Assert.That(worst, Is.LessThan(3e-7));
    }

    [Test]
    public void SinCosOfTwoPiUMatchesDoublePrecision()
    {
        double worst = 0;
        for (int i = 0; i < 100_000; i += 8)
        {
            var values = new float[8];
            for (int k = 0; k < 8; k++)
            {
                values[k] = (i + k + 0.5f) / 100_000f;
            }

            VectorMath.SinCosTwoPi(Vector256.Create(values), out var sin, out var cos);
            for (int k = 0; k < 8; k++)
            {
                double angle = 2 * Math.PI * values[k];
                worst = Math.Max(worst, Math.Max(Math.Abs(sin[k] - Math.Sin(angle)), Math.Abs(cos[k] - Math.Cos(angle))));
            }
        }

        Assert.That(worst, Is.LessThan(1e-6));
    }
}
