using AnalogLA.Crossbar;
using AnalogLA.Devices;
using AnalogLA.Numerics;

namespace AnalogLA.Cli.Commands;

/// <summary>Retention of one DW-MTJ configuration at one temperature.</summary>
/// <param name="TemperatureKelvin">Storage temperature.</param>
/// <param name="BarrierJoules">E_b.</param>
/// <param name="Delta">E_b/(k_B·T).</param>
/// <param name="MeanDwellSeconds">Mean dwell of an interior state.</param>
/// <param name="TimeTo1PercentLossSeconds">Time until 1 % of states have moved.</param>
/// <param name="TimeTo50PercentLossSeconds">Time until half of the states have moved.</param>
/// <param name="ProbabilityMoved">P(moved) at each requested time.</param>
/// <param name="RelativeMvmError">‖y − y_exact‖/‖y_exact‖ of an aged 256×256 array at each requested time (not measured: null).</param>
/// <param name="RelativeMvmErrorFresh">The same array just after programming (level quantisation and write errors only).</param>
/// <param name="NotchDepthNmFor10Years">Notch depth that keeps the 10-year move probability at 1 %.</param>
/// <param name="UniaxialAnisotropy300KFor10Years">K_u (300 K value) that does the same at the current depth.</param>
public sealed record RetentionPoint(
    double TemperatureKelvin,
    double BarrierJoules,
    double Delta,
    double MeanDwellSeconds,
    double TimeTo1PercentLossSeconds,
    double TimeTo50PercentLossSeconds,
    IReadOnlyList<double> ProbabilityMoved,
    IReadOnlyList<double>? RelativeMvmError,
    double? RelativeMvmErrorFresh,
    double NotchDepthNmFor10Years,
    double UniaxialAnisotropy300KFor10Years);

/// <summary>
/// State retention of a DW-MTJ device and what it does to an in-memory product: the retention metrics of
/// <see cref="DomainWallRetention"/> at each temperature, and the error of a random matrix programmed on
/// the device and aged to each time (same seed, so every time shows the same devices).
/// </summary>
public static class RetentionStudy
{
    /// <summary>Ten years in seconds.</summary>
    public static double TenYears => 10 * PhysicalConstants.SecondsPerYear;

    /// <summary>Runs the study; <paramref name="matrixSize"/> 0 skips the MVM part.</summary>
    public static IReadOnlyList<RetentionPoint> Run(
        AnalogOptions options,
        IReadOnlyList<double> temperaturesKelvin,
        IReadOnlyList<double> timesSeconds,
        int matrixSize = 256,
        IProgress<string>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Device is not DomainWallMtj device)
        {
            throw new ArgumentException($"retention needs a domain-wall MTJ device; '{options.Device.Name}' is not one (try dwmtj-liu2021 or dwmtj-alamdar2021).", nameof(options));
        }

        device.Validate();
        foreach (double t in timesSeconds)
        {
            PhysicalConstants.RequireInRange(t, 0, double.MaxValue, "time");
        }

        var retention = device.Retention;
        double[]? w = null, xs = null, exact = null;
        const int Inputs = 4;
        if (matrixSize > 0)
        {
            w = DigitalKernels.UniformSigned(matrixSize * matrixSize, CounterRandom.Mix(options.Seed, 201));
            xs = DigitalKernels.UniformSigned(Inputs * matrixSize, CounterRandom.Mix(options.Seed, 202));
            exact = new double[Inputs * matrixSize];
            for (int b = 0; b < Inputs; b++)
            {
                DigitalKernels.MultiplyVector(w, matrixSize, matrixSize, xs.AsSpan(b * matrixSize, matrixSize), exact.AsSpan(b * matrixSize, matrixSize));
            }
        }

        var points = new List<RetentionPoint>();
        foreach (double temperature in temperaturesKelvin)
        {
            cancellationToken.ThrowIfCancellationRequested();
            progress?.Report($"T = {temperature} K");
            var moved = timesSeconds.Select(t => retention.ProbabilityMoved(t, temperature)).ToArray();
            double[]? errors = null;
            double? fresh = null;
            if (w is not null)
            {
                double Error(AgingOptions? aging)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var aged = AnalogMatrix.Program(w, matrixSize, matrixSize, options with { Aging = aging });
                    var ys = new double[Inputs * matrixSize];
                    aged.MultiplyBatch(xs, Inputs, ys);
                    double sum = 0;
                    for (int b = 0; b < Inputs; b++)
                    {
                        sum += DigitalKernels.RelativeError(ys.AsSpan(b * matrixSize, matrixSize), exact.AsSpan(b * matrixSize, matrixSize));
                    }

                    return sum / Inputs;
                }

                fresh = Error(null);
                errors = timesSeconds.Select(t => Error(new AgingOptions(t, temperature))).ToArray();
            }

            points.Add(new RetentionPoint(
                temperature,
                retention.Barrier(temperature),
                retention.ThermalStability(temperature),
                retention.MeanDwellSeconds(temperature),
                retention.TimeToLoss(0.01, temperature),
                retention.TimeToLoss(0.5, temperature),
                moved,
                errors,
                fresh,
                retention.NotchDepthNmFor(TenYears, temperature),
                retention.UniaxialAnisotropy300KFor(TenYears, temperature)));
        }

        return points;
    }
}
