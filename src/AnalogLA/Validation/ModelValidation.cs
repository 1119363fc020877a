namespace AnalogLA.Validation;

/// <summary>
/// Every model against an independent reference, in one call: what <c>analogla validate</c> prints and the tests
/// assert. Each row names its reference and source; statistical rows use fixed seeds and tolerances derived from
/// their sample size.
/// </summary>
public static class ModelValidation
{
    /// <summary>Runs every check; <paramref name="dataFolder"/> (the shared data folder, optional) adds the scipy iteration-count rows.</summary>
    public static IReadOnlyList<ValidationRow> Run(string? dataFolder = null, IProgress<string>? progress = null)
    {
        var rows = new List<ValidationRow>();
        progress?.Report("devices");
        rows.AddRange(DeviceChecks.Run());
        progress?.Report("PCM");
        rows.AddRange(PcmChecks.Run());
        progress?.Report("crossbar against CrossSim");
        rows.AddRange(CrossbarChecks.Run());
        rows.AddRange(PeripheryChecks.Run());
        progress?.Report("circuits and cost");
        rows.AddRange(CircuitChecks.Run());
        progress?.Report("solvers");
        rows.AddRange(SolverChecks.Run(dataFolder));
        progress?.Report("Bayesian layers");
        rows.AddRange(BayesianChecks.Run());
        return rows;
    }
}
