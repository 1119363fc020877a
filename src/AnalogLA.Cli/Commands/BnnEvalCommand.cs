using AnalogLA.Devices;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using AnalogLA.Bayesian;
using AnalogLA.Crossbar;
using AnalogLA.IO;
using AnalogLA.Stochastic;
using CsvHelper;

namespace AnalogLA.Cli.Commands;

/// <summary><c>analogla bnn eval</c>: Monte Carlo evaluation in software or on simulated spintronic hardware.</summary>
public static class BnnEvalCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var model = new Option<string>("--model") { Description = "Checkpoint written by bnn train.", Required = true };
        var dataset = new Option<string>("--dataset") { Description = "fashion-mnist | cifar10 (the test part).", DefaultValueFactory = _ => "fashion-mnist" };
        var hardware = new Option<string>("--hardware") { Description = "software | spintronic.", DefaultValueFactory = _ => "software" };
        var preset = new Option<string>("--preset") { Description = "Crossbar preset of the mean arrays (spintronic).", DefaultValueFactory = _ => "dwmtj-realistic" };
        var samples = new Option<int>("--samples") { Description = "Monte Carlo samples per image.", DefaultValueFactory = _ => 32 };
        var ood = new Option<string?>("--ood") { Description = "Out-of-distribution set for AUROC/AUPR: mnist | fashion-mnist (for grayscale models) | tinyimagenet (TinyImageNet resize, for CIFAR-10 models)." };
        var limit = new Option<int?>("--limit") { Description = "Evaluate only the first N test (and OOD) images." };
        var sampling = new Option<string>("--sampling") { Description = "output | device (Bayes-MTJ sampling, spintronic).", DefaultValueFactory = _ => "output" };
        var devices = new Option<int>("--devices-per-weight") { Description = "Bayes-MTJs per weight (spintronic).", DefaultValueFactory = _ => 4 };
        var variation = new Option<double>("--anisotropy-variation") { Description = "Relative σ of the programmed Bayes-MTJ anisotropy.", DefaultValueFactory = _ => 0 };
        var dacBits = new Option<int?>("--dac-bits") { Description = "DAC bits of the arrays (default: the preset's)." };
        var adcBits = new Option<int?>("--adc-bits") { Description = "ADC bits of the arrays (default: the preset's)." };
        var readNoise = new Option<double?>("--read-noise") { Description = "Read σ of generic mean devices (fraction of the conductance range)." };
        var compensate = new Option<int?>("--compensate") { Description = $"Error-compensating programming of the mean arrays: K further array sets hold the measured programming error (0–{MappingOptions.MaxCompensation}; K + 1 times the mean arrays' reads and energy)." };
        var time = new Option<double?>("--time") { Description = "Age the mean arrays: seconds since programming." };
        var temperature = new Option<double?>("--temperature") { Description = "Storage temperature (K) while aging." };
        var costPreset = new Option<string?>("--cost-preset") { Description = "isaac | dwmtj (energy per inference sample)." };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the sampling and the programming.", DefaultValueFactory = _ => 1 };
        var reliability = new Option<string?>("--reliability") { Description = "Write the reliability diagram as CSV (and PNG next to it)." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object." };
        var calibration = new Option<int>("--calibration-images") { Description = "Spintronic: calibrate every array's converters on the activations of this many training images at deployment (0: synthetic uniform inputs).", DefaultValueFactory = _ => 64 };
        var mtjRead = new Option<string>("--mtj-read") { Description = "Bayes-MTJ read physics: macrospin (Fokker–Planck read-out, default) | telegraph (the published two-state Néel–Brown model, τ0 1 ns, 10 ns window).", DefaultValueFactory = _ => "macrospin" };
        var force = new Option<bool>("--force") { Description = "Allow --reliability to replace existing files (the CSV and its PNG)." };
        var command = new Command("eval", "Monte Carlo evaluation: accuracy, NLL, Brier, ECE, OOD AUROC, throughput.");
        foreach (var option in new Option[] { model, dataset, hardware, preset, samples, ood, limit, sampling, devices, variation, dacBits, adcBits, readNoise, compensate, time, temperature, costPreset, seed, reliability, json, calibration, mtjRead, force })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            string kind = parse.GetValue(hardware)!.ToLowerInvariant();
            if (kind is not ("software" or "spintronic"))
            {
                throw new ArgumentException($"--hardware must be software or spintronic, got '{kind}'.");
            }

            if (parse.GetValue(samples) < 1)
            {
                throw new ArgumentException($"--samples must be ≥ 1, got {parse.GetValue(samples)}.");
            }

            // Checked before the model and data load, like --samples.
            if (parse.GetValue(compensate) is int stages)
            {
                if (kind == "software")
                {
                    throw new ArgumentException("--compensate programs the mean arrays of --hardware spintronic; software has none.");
                }

                DeviceOverrides.CheckCompensation(stages);
            }

            if (parse.GetValue(reliability) is string target)
            {
                ResultFile.CheckTargets(parse.GetValue(force), (target, "--reliability"), (Path.ChangeExtension(target, ".png"), "--reliability (its PNG)"));
            }

            var network = Checkpoint.Load(parse.GetValue(model)!);
            var test = BnnData.Load(parse.GetValue(dataset)!, train: false);
            var oodSet = parse.GetValue(ood) is string o ? BnnData.Load(o, train: false) : null;
            if (parse.GetValue(limit) is int n)
            {
                test = n >= 1 ? test.Take(n) : throw new ArgumentException($"--limit must be ≥ 1, got {n}.");
                oodSet = oodSet?.Spread(n);
            }

            // Both image sets must fit the network before anything is deployed or evaluated.
            foreach (var (set, option) in new[] { (test, "--dataset"), (oodSet, "--ood") })
            {
                if (set is not null && (set.Channels != network.Architecture.InputChannels || set.Height != network.Architecture.ImageSize || set.Width != network.Architecture.ImageSize))
                {
                    throw new ArgumentException($"{option}: the checkpoint's {network.Architecture.Model} takes {network.Architecture.InputChannels}×{network.Architecture.ImageSize}×{network.Architecture.ImageSize} images; {set.Name} has {set.Channels}×{set.Height}×{set.Width}.");
                }
            }

            int s = parse.GetValue(samples);
            if (s < 1)
            {
                throw new ArgumentException($"--samples must be ≥ 1, got {s}.");
            }

            IStochasticClassifier classifier;
            HardwareClassifier? chip = null;
            ulong seedValue = parse.GetValue(seed);
            if (kind == "software")
            {
                classifier = new SoftwareClassifier(network, seedValue);
            }
            else if (kind == "spintronic")
            {
                var mean = new DeviceOverrides
                {
                    Preset = parse.GetValue(preset)!,
                    DacBits = parse.GetValue(dacBits),
                    AdcBits = parse.GetValue(adcBits),
                    ReadNoise = parse.GetValue(readNoise),
                    Compensation = parse.GetValue(compensate),
                    TimeSeconds = parse.GetValue(time),
                    TemperatureKelvin = parse.GetValue(temperature),
                    CostPreset = parse.GetValue(costPreset),
                    Seed = seedValue,
                }.Build();
                var options = new StochasticOptions
                {
                    Mean = mean,
                    DevicesPerWeight = parse.GetValue(devices),
                    AnisotropyVariation = parse.GetValue(variation),
                    Device = parse.GetValue(mtjRead)!.ToLowerInvariant() switch
                    {
                        "macrospin" => BayesMtj.Kwon2022,
                        "telegraph" => BayesMtj.Kwon2022Telegraph,
                        var other => throw new ArgumentException($"--mtj-read must be macrospin or telegraph, got '{other}'."),
                    },
                    Sampling = parse.GetValue(sampling)!.ToLowerInvariant() switch
                    {
                        "output" => SamplingMode.Output,
                        "device" => SamplingMode.Device,
                        var other => throw new ArgumentException($"--sampling must be output or device, got '{other}'."),
                    },
                };
                chip = new HardwareClassifier(network, options);
                int calibrationImages = parse.GetValue(calibration);
                if (calibrationImages is < 0 or > 10_000)
                {
                    throw new ArgumentException($"--calibration-images must be in [0, 10000], got {calibrationImages}.");
                }

                if (calibrationImages > 0)
                {
                    // Label-free deployment calibration on training images (never the evaluation set).
                    var calibrationSet = BnnData.Load(parse.GetValue(dataset)!, train: true).Spread(calibrationImages);
                    var (images, _) = calibrationSet.Batch(Enumerable.Range(0, calibrationSet.Count).ToArray());
                    chip.Calibrate(images);
                }

                classifier = chip;
            }
            else
            {
                throw new ArgumentException($"--hardware must be software or spintronic, got '{kind}'.");
            }

            // Hardware passes hold every im2col patch of the batch as MVM inputs: smaller batches keep that in cache.
            int batchSize = chip is null ? 250 : 50;
            var timer = Stopwatch.StartNew();
            var progress = new Progress<(int Done, int Total)>(p => error.Write($"\rbnn eval: {p.Done}/{p.Total} images × {s} samples  {timer.Elapsed.TotalSeconds:F0} s" + (p.Done == p.Total ? "\n" : "")));
            var predictions = await Task.Run(() => MonteCarlo.Predict(classifier, test, s, batchSize, progress, cancellationToken), cancellationToken).ConfigureAwait(false);
            double seconds = timer.Elapsed.TotalSeconds;
            double energy = chip?.EnergyJoules ?? 0;
            var report = UncertaintyMetrics.Calibration(predictions.MeanProbabilities, test.Labels, test.Classes);
            var node = new JsonObject
            {
                ["model"] = network.Architecture.Model,
                ["dataset"] = test.Name,
                ["hardware"] = kind,
                ["preset"] = chip is null ? null : parse.GetValue(preset),
                ["sampling"] = chip is null ? null : parse.GetValue(sampling),
                ["compensate"] = chip?.Options.Mean.Mapping.Compensation,
                ["images"] = test.Count,
                ["samples"] = s,
                ["accuracy"] = report.Accuracy,
                ["nll"] = report.Nll,
                ["brier"] = report.Brier,
                ["ece"] = report.Ece,
                ["mean_predictive_entropy"] = predictions.PredictiveEntropy.Average(),
                ["mean_aleatoric"] = predictions.ExpectedEntropy.Average(),
                ["mean_mutual_information"] = predictions.MutualInformation.Average(),
                ["images_per_second"] = test.Count / seconds,
                ["seconds"] = seconds,
                ["energy_joules_per_inference_sample"] = chip is null ? null : energy / ((double)test.Count * s),
                ["adc_saturation_fraction"] = chip?.AdcSaturationFraction,
                ["sigma_adc_saturation_fraction"] = chip?.SigmaAdcSaturationFraction,
                ["calibration_images"] = chip is null ? null : parse.GetValue(calibration),
            };
            if (oodSet is not null)
            {
                var oodPredictions = MonteCarlo.Predict(classifier, oodSet, s, batchSize, cancellationToken: cancellationToken);
                node["ood_dataset"] = oodSet.Name;
                node["ood_images"] = oodSet.Count;
                node["auroc_entropy"] = UncertaintyMetrics.Auroc(predictions.PredictiveEntropy, oodPredictions.PredictiveEntropy);
                node["auroc_mutual_information"] = UncertaintyMetrics.Auroc(predictions.MutualInformation, oodPredictions.MutualInformation);
                node["aupr_entropy"] = UncertaintyMetrics.Aupr(predictions.PredictiveEntropy, oodPredictions.PredictiveEntropy);
                node["aupr_mutual_information"] = UncertaintyMetrics.Aupr(predictions.MutualInformation, oodPredictions.MutualInformation);
                node["ood_mean_predictive_entropy"] = oodPredictions.PredictiveEntropy.Average();
            }
            else
            {
                node["auroc_entropy"] = null;
                node["auroc_mutual_information"] = null;
            }

            if (parse.GetValue(reliability) is string path)
            {
                cancellationToken.ThrowIfCancellationRequested();
                ReliabilityFiles.Write(report, path, $"{network.Architecture.Model} {kind}: ECE {report.Ece:F4}", parse.GetValue(force));
            }

            if (parse.GetValue(json))
            {
                await output.WriteLineAsync(JsonResults.Text(node)).ConfigureAwait(false);
            }
            else
            {
                foreach (var (key, value) in node)
                {
                    await output.WriteLineAsync($"{key,-34} {value}").ConfigureAwait(false);
                }
            }

            return 0;
        });
        return command;
    }
}

/// <summary>Reliability diagram as CSV (CsvHelper) and PNG (ScottPlot).</summary>
public static class ReliabilityFiles
{
    /// <summary>Writes <paramref name="path"/> (CSV) and the same name with .png, each atomically.</summary>
    public static void Write(CalibrationReport report, string path, string title, bool overwrite)
    {
        ArgumentNullException.ThrowIfNull(report);
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        using (var csv = new CsvWriter(writer, CultureInfo.InvariantCulture))
        {
            csv.WriteRecords(report.Bins);
        }

        ResultFile.WriteAtomically(path, writer.ToString(), overwrite);
        var plot = new ScottPlot.Plot();
        var bars = report.Bins.Select((b, i) => new ScottPlot.Bar { Position = (b.Lower + b.Upper) / 2, Value = b.Accuracy, Size = b.Upper - b.Lower }).ToList();
        plot.Add.Bars(bars);
        var diagonal = plot.Add.Line(0, 0, 1, 1);
        diagonal.LineWidth = 2;
        plot.Axes.Bottom.Label.Text = "confidence";
        plot.Axes.Left.Label.Text = "accuracy";
        plot.Title(title);
        plot.Axes.SetLimits(0, 1, 0, 1);
        ResultFile.WriteAtomically(Path.ChangeExtension(path, ".png"), temporary => plot.SavePng(temporary, 600, 500), overwrite);
    }
}
