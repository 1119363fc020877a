using System.Diagnostics;
using System.Text.Json.Nodes;
using AnalogLA.Crossbar;
using AnalogLA.IO;
using AnalogLA.Numerics;

namespace AnalogLA.Cli.Commands;

/// <summary>Settings of one <c>analogla mvm</c> run.</summary>
public sealed record MvmSettings(int Rows, int Columns, int Batch, int Trials, DeviceOverrides Device, DigitalReference? Reference = null)
{
    /// <summary>Largest side of the random matrix.</summary>
    public const int MaxSide = 65_536;

    /// <summary>Largest number of matrix entries (rows × cols): 2^25, 256 MB as doubles before the arrays are programmed.</summary>
    public const long MaxEntries = 1L << 25;

    /// <summary>Largest number of input or output values held at once (batch × max(rows, cols)).</summary>
    public const long MaxBatchValues = 1L << 25;

    /// <summary>Largest number of timed calls.</summary>
    public const int MaxTrials = 1_000_000;

    /// <summary>Checks the sizes in 64-bit arithmetic before anything is allocated; the message names the option and its limit.</summary>
    /// <exception cref="ArgumentException">A size outside its range.</exception>
    public void Validate()
    {
        if (Rows < 1 || Columns < 1 || Rows > MaxSide || Columns > MaxSide)
        {
            throw new ArgumentException($"--rows and --cols must be in [1, {MaxSide}], got {Rows}×{Columns}.");
        }

        if ((long)Rows * Columns > MaxEntries)
        {
            throw new ArgumentException($"--rows × --cols = {(long)Rows * Columns:N0} entries exceeds the limit of {MaxEntries:N0}.");
        }

        if (Batch < 1 || (long)Batch * Math.Max(Rows, Columns) > MaxBatchValues)
        {
            throw new ArgumentException($"--batch must be ≥ 1 with --batch × max(--rows, --cols) ≤ {MaxBatchValues:N0}, got {Batch}.");
        }

        if (Trials < 1 || Trials > MaxTrials || (long)Trials * Batch > MaxBatchValues)
        {
            throw new ArgumentException($"--trials must be in [1, {MaxTrials:N0}] with --trials × --batch ≤ {MaxBatchValues:N0}, got {Trials}.");
        }
    }
}

/// <summary>What <c>analogla mvm</c> measured.</summary>
public sealed record MvmResult(
    MvmSettings Settings,
    AnalogOptions Options,
    double RelErrorMean,
    double RelErrorStd,
    double? PredictedRelError,
    string? PredictionUnavailable,
    double SecondsPerMvm,
    double DigitalSecondsPerMvm,
    double ProgrammingSeconds,
    double AdcSaturationFraction,
    double DacClipFraction,
    int Tiles,
    double TotalSeconds,
    EnergyBreakdown EnergyPerMvm,
    double LatencySecondsPerMvm,
    double AreaMm2,
    JsonObject? IrDrop,
    DigitalReference Reference,
    long IrDropNotConverged)
{
    /// <summary>The result as the JSON object the CLI prints.</summary>
    public JsonObject ToJson() => new()
    {
        ["rows"] = Settings.Rows,
        ["cols"] = Settings.Columns,
        ["batch"] = Settings.Batch,
        ["trials"] = Settings.Trials,
        ["preset"] = Settings.Device.Preset,
        ["mapping"] = MappingName(Options.Mapping),
        ["sampling"] = Options.ResolvedSampling == SamplingMode.Device ? "device" : "output",
        ["sampling_requested"] = Options.Sampling.ToString().ToLowerInvariant(),
        ["rel_error_mean"] = RelErrorMean,
        ["rel_error_std"] = RelErrorStd,
        ["predicted_rel_error"] = PredictedRelError,
        ["predicted_rel_error_unavailable"] = PredictionUnavailable,
        ["seconds_per_mvm"] = SecondsPerMvm,
        ["digital_seconds_per_mvm"] = DigitalSecondsPerMvm,
        ["slowdown_vs_digital"] = SecondsPerMvm / DigitalSecondsPerMvm,
        ["programming_seconds"] = ProgrammingSeconds,
        ["adc_saturation_fraction"] = AdcSaturationFraction,
        ["dac_clip_fraction"] = DacClipFraction,
        ["tiles"] = Tiles,
        ["energy_joules_per_mvm"] = EnergyPerMvm.Total,
        ["energy_breakdown"] = new JsonObject
        {
            ["array"] = EnergyPerMvm.Array,
            ["adc"] = EnergyPerMvm.Adc,
            ["dac"] = EnergyPerMvm.Dac,
            ["digital"] = EnergyPerMvm.Digital,
        },
        ["latency_seconds_per_mvm"] = LatencySecondsPerMvm,
        ["area_mm2"] = AreaMm2,
        ["ir_drop"] = IrDrop,
        ["cost_preset"] = Options.Cost.Name,
        ["digital_reference"] = DigitalJson(),
        ["seconds_total"] = TotalSeconds,
        ["options"] = JsonNode.Parse(OptionsJson.Serialize(Options, indented: false)),
    };

    private JsonObject DigitalJson()
    {
        var cost = Reference.DenseMvm(Settings.Rows, Settings.Columns);
        var int8 = Reference.AtInt8();
        var matched = int8.DenseMvm(Settings.Rows, Settings.Columns);
        return new JsonObject
        {
            ["name"] = Reference.Name,
            ["energy_joules_per_mvm"] = cost.Joules,
            ["latency_seconds_per_mvm"] = cost.Seconds,
            ["energy_ratio_digital_over_analog"] = cost.Joules / EnergyPerMvm.Total,
            ["latency_ratio_digital_over_analog"] = cost.Seconds / LatencySecondsPerMvm,
            ["int8_energy_joules_per_mvm"] = matched.Joules,
            ["int8_latency_seconds_per_mvm"] = matched.Seconds,
            ["int8_energy_ratio_digital_over_analog"] = matched.Joules / EnergyPerMvm.Total,
            ["int8_latency_ratio_digital_over_analog"] = matched.Seconds / LatencySecondsPerMvm,
            ["assumptions"] = Reference.Describe(Settings.Rows, Settings.Columns) + " | matched precision: " + int8.Describe(Settings.Rows, Settings.Columns),
            ["analog_dac_assumption"] = $"DAC energy {Options.Cost.DacJoulesPerStep:G3} J per step × 2^bits per conversion (ISAAC's 1-bit DAC scaled by 2^b, Shafiee et al. 2016); "
                + "bit-serial streaming (--input-slice-bits 1) uses 1-bit DACs instead, one read per bit",
        };
    }

    private static string MappingName(MappingOptions mapping) =>
        mapping.Slicing is not null ? "bitsliced" : mapping.Sign == SignMapping.Offset ? "offset" : "differential";
}

/// <summary>
/// Programs a random matrix (entries uniform in [−1, 1]) once, runs K trials of B random input
/// vectors (uniform in [−1, 1]) and measures the error against the exact product and the time
/// against this library's digital double-precision product of the same shape in the same run.
/// </summary>
public static class MvmExperiment
{
    public static MvmResult Run(MvmSettings settings, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();

        var total = Stopwatch.StartNew();
        var options = settings.Device.Build();
        int rows = settings.Rows, cols = settings.Columns, batch = settings.Batch;
        var w = DigitalKernels.UniformSigned(rows * cols, CounterRandom.Mix(options.Seed, 101));

        var programTimer = Stopwatch.StartNew();
        var analog = AnalogMatrix.Program(w, rows, cols, options);
        double programmingSeconds = programTimer.Elapsed.TotalSeconds;

        var inputRoot = new CounterRandom(CounterRandom.Mix(options.Seed, 102));
        var xs = new double[batch * cols];
        var ys = new double[batch * rows];
        var exact = new double[batch * rows];

        // Warm-up (JIT, caches, thread pool), excluded from every statistic.
        FillInputs(inputRoot.Child(ulong.MaxValue), xs);
        analog.MultiplyBatch(xs, batch, ys);
        Digital(w, rows, cols, xs, exact, batch, options.MaxDegreeOfParallelism);
        analog.Diagnostics.Reset();

        var errors = new List<double>(settings.Trials * batch);
        var analogTimes = new double[settings.Trials];
        var digitalTimes = new double[settings.Trials];
        double? predicted = null;
        string? unavailable = null;
        for (int t = 0; t < settings.Trials; t++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            FillInputs(inputRoot.Child((ulong)t), xs);

            var timer = Stopwatch.StartNew();
            analog.MultiplyBatch(xs, batch, ys);
            analogTimes[t] = timer.Elapsed.TotalSeconds / batch;

            timer.Restart();
            Digital(w, rows, cols, xs, exact, batch, options.MaxDegreeOfParallelism);
            digitalTimes[t] = timer.Elapsed.TotalSeconds / batch;

            for (int b = 0; b < batch; b++)
            {
                errors.Add(DigitalKernels.RelativeError(ys.AsSpan(b * rows, rows), exact.AsSpan(b * rows, rows)));
            }

            if (t == 0)
            {
                try
                {
                    predicted = ErrorPrediction.Predict(analog, w, xs.AsSpan(0, cols)).Total;
                }
                catch (NotSupportedException e)
                {
                    (predicted, unavailable) = (null, e.Message);
                }
            }

            progress?.Report(t + 1);
        }

        double mean = errors.Average();
        double std = errors.Count > 1 ? Math.Sqrt(errors.Sum(e => (e - mean) * (e - mean)) / (errors.Count - 1)) : 0;
        var diagnostics = analog.Diagnostics;
        return new MvmResult(
            settings, options, mean, std, predicted, unavailable,
            Median(analogTimes), Median(digitalTimes), programmingSeconds,
            diagnostics.AdcSaturationFraction,
            diagnostics.DacConversions == 0 ? 0 : (double)diagnostics.DacClips / diagnostics.DacConversions,
            analog.TileCount, total.Elapsed.TotalSeconds,
            diagnostics.Energy / diagnostics.Mvms, diagnostics.SecondsPerMvm, analog.AreaMm2,
            options.Parasitics is { } parasitics
                ? new JsonObject
                {
                    ["wire_ohms"] = parasitics.WireOhms ?? parasitics.RatioFor(options.Device.Range.GMaxSiemens) / options.Device.Range.GMaxSiemens,
                    ["wire_ratio"] = parasitics.RatioFor(options.Device.Range.GMaxSiemens),
                    ["solves"] = diagnostics.IrDropSolves,
                    ["not_converged"] = diagnostics.IrDropNotConverged,
                    ["max_iterations"] = diagnostics.IrDropMaxIterations,
                }
                : null,
            settings.Reference ?? DigitalReference.Cpu,
            diagnostics.IrDropNotConverged);
    }

    private static void Digital(double[] w, int rows, int cols, double[] xs, double[] ys, int batch, int threads)
    {
        for (int b = 0; b < batch; b++)
        {
            DigitalKernels.MultiplyVector(w, rows, cols, xs.AsSpan(b * cols, cols), ys.AsSpan(b * rows, rows), threads);
        }
    }

    private static void FillInputs(CounterRandom random, double[] xs)
    {
        var u = new float[xs.Length];
        random.FillUniform(u);
        for (int i = 0; i < xs.Length; i++)
        {
            xs[i] = 2.0 * u[i] - 1.0;
        }
    }

    private static double Median(double[] values)
    {
        var sorted = (double[])values.Clone();
        Array.Sort(sorted);
        int n = sorted.Length;
        return n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
    }
}
