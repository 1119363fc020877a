using AnalogLA.Crossbar;
using AnalogLA.Devices;

namespace AnalogLA.Tests.Crossbar;

/// <summary>CrossSim's conventions reproduce CrossSim's measured MVM error; AnalogLA's own clipping convention differs from it.</summary>
public class CrossSimParityTests
{
    /// <summary>CrossSim 3.2.0, "realistic" configuration, N = 1024 (figure quoted by the fidelity review).</summary>
    private const double CrossSimRelativeError = 0.132;

    private static (double Measured, double Predicted) Error(AnalogOptions options, int trials = 6)
    {
        const int n = 1024;
        var w = TestData.Uniform(n * n, 901);
        var a = AnalogMatrix.Program(w, n, n, options with { Seed = 5 });
        double sum = 0;
        var y = new double[n];
        double[] x = [];
        for (int t = 0; t < trials; t++)
        {
            x = TestData.Uniform(n, 910 + (ulong)t);
            a.Multiply(x, y);
            sum += TestData.RelativeError(y, TestData.Multiply(w, n, n, x));
        }

        return (sum / trials, ErrorPrediction.Predict(a, w, x).Total);
    }

    [Test]
    public void TheCrossSimRealisticConfigurationMatchesCrossSimWithinFivePercent()
    {
        var (measured, predicted) = Error(AnalogOptions.CrossSimRealistic);
        Assert.That(measured, Is.EqualTo(CrossSimRelativeError).Within(0.05 * CrossSimRelativeError));
        Assert.That(predicted, Is.EqualTo(CrossSimRelativeError).Within(0.05 * CrossSimRelativeError));
    }

    [Test]
    public void ClippingAtGMinInsteadOfZeroChangesTheError()
    {
        // The departure the CrossSim convention removes: clipping the G_min side of each pair at G_min censors its
        // error (mean +0.4σ, variance ×0.34), so the pair's difference is less noisy than CrossSim's.
        var atGMin = AnalogOptions.CrossSimRealistic with
        {
            Device = ((GenericDevice)AnalogOptions.CrossSimRealistic.Device) with { ClipFloor = ClipFloor.WindowMinimum },
        };
        var (zero, _) = Error(AnalogOptions.CrossSimRealistic, 3);
        var (window, predicted) = Error(atGMin, 3);
        TestContext.Out.WriteLine($"clip at 0: {zero:F4}, clip at G_min: {window:F4} (predicted {predicted:F4})");
        Assert.That(window, Is.LessThan(0.95 * zero));
        Assert.That(predicted, Is.EqualTo(window).Within(0.05 * window), "the error budget follows the clipping convention");
    }
}

/// <summary>Calibration on the vectors an array actually reads.</summary>
public class ReadCalibrationTests
{
    [Test]
    public void CalibratingOnTheVectorsReadRemovesTheSaturationOfUnlikeInputs()
    {
        // All-positive inputs (activations, one-signed residual blocks) drive larger column currents than the
        // synthetic uniform [−1, 1] calibration set: with CalibrationReads the ADC ranges follow the real inputs.
        const int n = 128;
        var w = TestData.Uniform(n * n, 77).Select(v => Math.Abs(v)).ToArray();
        var options = AnalogOptions.Realistic with { Seed = 3 };
        double Saturation(AnalogOptions o)
        {
            var a = AnalogMatrix.Program(w, n, n, o);
            var y = new double[n];
            for (int t = 0; t < 8; t++)
            {
                a.Multiply(TestData.Uniform(n, 80 + (ulong)t, 0.5, 1), y);
            }

            return a.Diagnostics.AdcSaturationFraction;
        }

        double synthetic = Saturation(options);
        double applied = Saturation(options with { Adc = options.Adc with { CalibrationReads = 4, CalibrationHeadroom = 1.1 } });
        TestContext.Out.WriteLine($"saturation: synthetic {synthetic:P2}, calibrated on reads {applied:P2}");
        Assert.That(synthetic, Is.GreaterThan(0.5), "the synthetic range is far too small for one-signed inputs");
        Assert.That(applied, Is.LessThan(0.05));
    }
}
