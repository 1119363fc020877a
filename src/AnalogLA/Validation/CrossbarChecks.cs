using AnalogLA.Crossbar;
using AnalogLA.Numerics;

namespace AnalogLA.Validation;

/// <summary>The crossbar's MVM error against a peer simulator's measurement.</summary>
internal static class CrossbarChecks
{
    /// <summary>CrossSim 3.2.0's relative MVM error for its "realistic" configuration at N = 1024.</summary>
    public const double CrossSimRelativeError = 0.132;

    public static IEnumerable<ValidationRow> Run()
    {
        const int n = 1024, trials = 4;
        var w = DigitalKernels.UniformSigned(n * n, 901);
        var options = AnalogOptions.CrossSimRealistic with { Seed = 5 };
        var a = AnalogMatrix.Program(w, n, n, options);
        var random = new CounterRandom(902);
        var x = new double[n];
        var y = new double[n];
        var exact = new double[n];
        double sum = 0;
        for (int t = 0; t < trials; t++)
        {
            x = DigitalKernels.UniformSigned(n, CounterRandom.Mix(902, (ulong)t));
            a.Multiply(x, y);
            DigitalKernels.MultiplyVector(w, n, n, x, exact, -1);
            sum += DigitalKernels.RelativeError(y, exact);
        }

        const string source = "Sandia CrossSim 3.2.0, realistic configuration (one 1024² array, BALANCED/ONE_SIDED, 1–10 kΩ, σ_prog 5 %, σ_read 2 % of range, 8-bit DAC and calibrated ADC); tolerance 5 %";
        yield return new("AnalogMatrix (crosssim-realistic)", "relative MVM error, N = 1024", CrossSimRelativeError, source, sum / trials, 0.05 * CrossSimRelativeError);
        yield return new("ErrorPrediction (crosssim-realistic)", "predicted relative MVM error, N = 1024", CrossSimRelativeError, source, ErrorPrediction.Predict(a, w, x).Total, 0.05 * CrossSimRelativeError);
    }
}
