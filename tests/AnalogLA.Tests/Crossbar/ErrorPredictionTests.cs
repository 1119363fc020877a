using AnalogLA.Crossbar;
using AnalogLA.Devices;
using AnalogLA.Periphery;

namespace AnalogLA.Tests.Crossbar;

/// <summary>
/// The analytic error budget against a closed form and against Monte Carlo.
/// </summary>
public class ErrorPredictionTests
{
    private const int N = 512;

    [Test]
    public void CensoredNormalMomentsMatchTheHalfNormalClosedForm()
    {
        // Clipping N(a, σ²) at a: mean a + σ/√(2π), second central moment σ²(1/2 − 1/(2π)).
        var (mean, second) = ErrorPrediction.CensoredNormalMoments(0.2, 0.1, 0.2, 1e9);
        Assert.That(mean, Is.EqualTo(0.2 + 0.1 / Math.Sqrt(2 * Math.PI)).Within(1e-12));
        Assert.That(second - mean * mean, Is.EqualTo(0.01 * (0.5 - 1 / (2 * Math.PI))).Within(1e-12));
        // Far from the bounds the clip does nothing.
        (mean, second) = ErrorPrediction.CensoredNormalMoments(0.5, 0.01, 0, 1);
        Assert.That(mean, Is.EqualTo(0.5).Within(1e-12));
        Assert.That(second - mean * mean, Is.EqualTo(1e-4).Within(1e-12));
    }

    [Test]
    public void WithoutClippingThePredictionIsTheTextbookFormula()
    {
        // Unclipped, state-independent errors on a differential pair: each weight carries two device
        // errors of σ·w_max, so E‖e‖² = 2(σ_p² + σ_r²)·w_max²·M·‖x‖² exactly.
        const double sp = 0.05, sr = 0.02;
        var w = TestData.Uniform(N * N, 41);
        var x = TestData.Uniform(N, 42);
        var options = AnalogOptions.Ideal with
        {
            Device = DevicePresets.Generic with { ClipToRange = false },
        };
        var analog = AnalogMatrix.Program(w, N, N, options);
        var budget = ErrorPrediction.Predict(analog, w, x);
        var exact = TestData.Multiply(w, N, N, x);
        double wMax = w.Max(Math.Abs);
        double closedForm = Math.Sqrt(2 * (sp * sp + sr * sr) * wMax * wMax * N * x.Sum(v => v * v) / exact.Sum(v => v * v));
        Assert.That(budget.Total, Is.EqualTo(closedForm).Within(1e-9 * closedForm));
        // For W and x uniform in [−1, 1], ‖y‖² ≈ M·N/9 and ‖x‖² ≈ N/3: rel ≈ √(2(σ_p² + σ_r²)·3) ≈ 0.132.
        Assert.That(budget.Total, Is.EqualTo(Math.Sqrt(6 * (sp * sp + sr * sr))).Within(0.01));
        Assert.That(MonteCarlo(w, x, options), Is.EqualTo(budget.Total).Within(0.04 * budget.Total));
    }

    [Test]
    public void RealisticPredictionMatchesMonteCarlo()
    {
        // The acceptance configuration: programming 0.05, read 0.02 (normal, state-independent, clipped to the
        // window), 8-bit DAC and 8-bit calibrated ADC. Clipping at G_min makes the error of the idle device of
        // each pair one-sided (variance 0.34σ² instead of σ²), so the error is below the unclipped 0.132.
        var w = TestData.Uniform(N * N, 43);
        var x = TestData.Uniform(N, 44);
        var options = AnalogOptions.Realistic;
        var analog = AnalogMatrix.Program(w, N, N, options);
        var budget = ErrorPrediction.Predict(analog, w, x);
        Assert.That(budget.Total, Is.InRange(0.10, 0.125));
        Assert.That(budget.Programming, Is.GreaterThan(budget.Read));
        Assert.That(budget.Dac, Is.LessThan(0.01));
        Assert.That(MonteCarlo(w, x, options), Is.EqualTo(budget.Total).Within(0.04 * budget.Total));
    }

    [Test]
    public void PredictionRefusesSettingsItDoesNotModel()
    {
        var w = TestData.Uniform(16, 45);
        var analog = AnalogMatrix.Program(w, 4, 4, AnalogOptions.Realistic with { Mapping = new MappingOptions { Sign = SignMapping.Offset } });
        var ex = Assert.Throws<NotSupportedException>(() => ErrorPrediction.Predict(analog, w, new double[4]));
        Assert.That(ex!.Message, Does.Contain("differential"));
    }

    [Test]
    public void ProportionalReadNoiseFollowsTheProgrammedSecondMoment()
    {
        // Read noise σ_r = α·|g| on unclipped programmed conductances g = t + σ_p·(1 − g_min)·z: the read variance of a
        // device is α²·E[g²] = α²·(t² + σ_p²(1 − g_min)²), which (for each of the pair, targets
        // t± = g_min + swing·max(±w/w_max, 0)) gives in weight units
        // Var(y_j) = (w_max/swing)²·α²·Σ_i x_i²·(E[g₊²] + E[g₋²]). Large σ_p so its part of E[g²] matters.
        const int n = 64;
        const double alpha = 0.1, sp = 0.2, gMin = 0.01, swing = 1 - gMin;
        var w = TestData.Uniform(n * n, 51);
        var x = TestData.Uniform(n, 52);
        var options = AnalogOptions.Ideal with
        {
            Device = DevicePresets.Generic with { ClipToRange = false, ProgrammingNoise = new IndependentNoise(sp), ReadNoise = new ProportionalNoise(alpha) },
        };
        var budget = ErrorPrediction.Predict(AnalogMatrix.Program(w, n, n, options), w, x);
        double wMax = w.Max(Math.Abs), variance = 0;
        for (int j = 0; j < n; j++)
        {
            for (int i = 0; i < n; i++)
            {
                double v = w[(j * n) + i] / wMax, plus = gMin + (swing * Math.Max(v, 0)), minus = gMin + (swing * Math.Max(-v, 0));
                double second = (plus * plus) + (minus * minus) + (2 * sp * sp * swing * swing);
                variance += x[i] * x[i] * alpha * alpha * second * (wMax / swing) * (wMax / swing);
            }
        }

        double closedForm = Math.Sqrt(variance / TestData.Multiply(w, n, n, x).Sum(v => v * v));
        // The prediction reads the array's float32 scale and inputs: agreement to float rounding (measured 5e-9).
        Assert.That(budget.Read, Is.EqualTo(closedForm).Within(1e-6 * closedForm));
    }

    [Test]
    public void EachUnsupportedSettingIsNamedInTheRefusal()
    {
        var w = TestData.Uniform(16, 46);
        var generic = DevicePresets.Generic;
        (AnalogOptions Options, string Message)[] cases =
        [
            (AnalogOptions.DwMtjRealistic, "generic device only"),
            (AnalogOptions.Realistic with { Parasitics = new ParasiticOptions { WireRatio = 1e-3 } }, "IR drop"),
            (AnalogOptions.Realistic with { Aging = new AgingOptions(10) }, "freshly programmed"),
            (AnalogOptions.Realistic with { Device = generic with { Levels = 16 } }, "continuous devices"),
            (AnalogOptions.Realistic with { Device = generic with { ReadNoise = new IndependentNoise(0.02) { Distribution = NoiseDistribution.Uniform } } }, "Gaussian"),
            (AnalogOptions.Realistic with { Mapping = new MappingOptions { Compensation = 1 } }, "one programming stage"),
        ];
        foreach (var (options, message) in cases)
        {
            var analog = AnalogMatrix.Program(w, 4, 4, options);
            var ex = Assert.Throws<NotSupportedException>(() => ErrorPrediction.Predict(analog, w, new double[4]));
            Assert.That(ex!.Message, Does.Contain(message));
        }

        var realistic = AnalogMatrix.Program(w, 4, 4, AnalogOptions.Realistic);
        Assert.That(() => ErrorPrediction.Predict(realistic, w, new double[3]), Throws.ArgumentException.With.Message.Contains("weights must have 4×4 entries and x 4"));
    }

    /// <summary>Mean relative error over 6 programmings × 3 reads (the error concentrates: M = 512 outputs per read).</summary>
    private static double MonteCarlo(double[] w, double[] x, AnalogOptions options)
    {
        var exact = TestData.Multiply(w, N, N, x);
        var errors = new List<double>();
        for (ulong seed = 100; seed < 106; seed++)
        {
            var analog = AnalogMatrix.Program(w, N, N, options with { Seed = seed });
            var y = new double[N];
            for (int r = 0; r < 3; r++)
            {
                analog.Multiply(x, y);
                errors.Add(TestData.RelativeError(y, exact));
            }
        }

        return errors.Average();
    }
}
