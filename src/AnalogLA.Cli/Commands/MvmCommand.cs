using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using AnalogLA.Crossbar;

namespace AnalogLA.Cli.Commands;

/// <summary><c>analogla mvm</c>: accuracy and speed of one analog matrix–vector product configuration.</summary>
public static class MvmCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var rows = new Option<int>("--rows") { Description = "Matrix rows (outputs).", DefaultValueFactory = _ => 1024 };
        var cols = new Option<int>("--cols") { Description = "Matrix columns (inputs).", DefaultValueFactory = _ => 1024 };
        var batch = new Option<int>("--batch") { Description = "Vectors per call (batched multiply).", DefaultValueFactory = _ => 1 };
        var trials = new Option<int>("--trials") { Description = "Timed calls, each with fresh random inputs.", DefaultValueFactory = _ => 20 };
        var preset = new Option<string>("--preset") { Description = "ideal | realistic | pcm | pcm-joshi2020 | dwmtj-liu2021 | dwmtj-alamdar2021.", DefaultValueFactory = _ => "realistic" };
        var progNoise = new Option<double?>("--prog-noise") { Description = "Programming σ as a fraction of G_max − G_min (normal, state-independent)." };
        var readNoise = new Option<double?>("--read-noise") { Description = "Read σ as a fraction of G_max − G_min (normal, state-independent)." };
        var levels = new Option<int?>("--levels") { Description = "Device conductance levels (≥ 2)." };
        var dacBits = new Option<int?>("--dac-bits") { Description = "DAC resolution, 1–24 bits." };
        var adcBits = new Option<int?>("--adc-bits") { Description = "ADC resolution, 1–24 bits." };
        var adcRange = new Option<string?>("--adc-range") { Description = "max | calibrated." };
        var mapping = new Option<string?>("--mapping") { Description = "differential | offset | bitsliced." };
        var slices = new Option<int?>("--slices") { Description = "Weight slices for --mapping bitsliced (default 2)." };
        var sliceBits = new Option<int?>("--slice-bits") { Description = "Bits per weight slice (default 4)." };
        var inputSliceBits = new Option<int?>("--input-slice-bits") { Description = "Bit-serial inputs: DAC bits streamed per analog read." };
        var tile = new Option<string?>("--tile") { Description = "Tile size R or RxC (matrix rows × columns per array, ≤ 1024)." };
        var sampling = new Option<string?>("--sampling") { Description = "auto | device | output (read-noise sampling; auto: output space where exact, i.e. Gaussian read noise)." };
        var seed = new Option<ulong>("--seed") { Description = "Seed of every random draw.", DefaultValueFactory = _ => 1 };
        var threads = new Option<int>("--threads") { Description = "Thread limit (−1: all cores).", DefaultValueFactory = _ => -1 };
        var time = new Option<double?>("--time") { Description = "Age the arrays: seconds since programming." };
        var temperature = new Option<double?>("--temperature") { Description = "Storage temperature in kelvin while aging (default 300)." };
        var compensation = new Option<bool?>("--drift-compensation") { Description = "Global drift compensation (true/false; default: the preset's)." };
        var errorCompensation = new Option<int?>("--compensate") { Description = $"Error-compensating programming: K further array sets hold the measured programming error (0–{MappingOptions.MaxCompensation})." };
        var wireOhms = new Option<double?>("--wire-ohms") { Description = "IR drop: wire resistance per cell segment in ohms (off by default)." };
        var wireRatio = new Option<double?>("--wire-ratio") { Description = "IR drop: wire resistance per segment relative to the lowest device resistance 1/G_max." };
        var costPreset = new Option<string?>("--cost-preset") { Description = "Energy/latency/area model: isaac | dwmtj (default isaac)." };
        var digitalReference = new Option<string>("--digital-reference") { Description = "Digital processor the cost is compared with: cpu | gpu.", DefaultValueFactory = _ => "cpu" };
        var json = new Option<bool>("--json") { Description = "Print one JSON object." };
        var outputFile = new Option<string?>("--output") { Description = "Also write the JSON result to this file (atomically)." };
        var force = new Option<bool>("--force") { Description = "Allow --output to replace an existing file." };

        var command = new Command("mvm", "Program a random matrix (uniform in [−1, 1]) on simulated crossbars and measure MVM error and speed against the digital product.");
        foreach (var option in new Option[] { rows, cols, batch, trials, preset, progNoise, readNoise, levels, dacBits, adcBits, adcRange, mapping, slices, sliceBits, inputSliceBits, tile, sampling, seed, threads, time, temperature, compensation, errorCompensation, wireOhms, wireRatio, costPreset, digitalReference, json, outputFile, force })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            var settings = new MvmSettings(
                parse.GetValue(rows), parse.GetValue(cols), parse.GetValue(batch), parse.GetValue(trials),
                new DeviceOverrides
                {
                    Preset = parse.GetValue(preset)!,
                    ProgrammingNoise = parse.GetValue(progNoise),
                    ReadNoise = parse.GetValue(readNoise),
                    Levels = parse.GetValue(levels),
                    DacBits = parse.GetValue(dacBits),
                    AdcBits = parse.GetValue(adcBits),
                    AdcRange = parse.GetValue(adcRange),
                    Mapping = parse.GetValue(mapping),
                    Slices = parse.GetValue(slices),
                    SliceBits = parse.GetValue(sliceBits),
                    InputSliceBits = parse.GetValue(inputSliceBits),
                    Tile = parse.GetValue(tile),
                    Sampling = parse.GetValue(sampling),
                    Seed = parse.GetValue(seed),
                    Threads = parse.GetValue(threads),
                    TimeSeconds = parse.GetValue(time),
                    TemperatureKelvin = parse.GetValue(temperature),
                    DriftCompensation = parse.GetValue(compensation),
                    Compensation = parse.GetValue(errorCompensation),
                    WireOhms = parse.GetValue(wireOhms),
                    WireRatio = parse.GetValue(wireRatio),
                    CostPreset = parse.GetValue(costPreset),
                },
                DigitalReference.FromPreset(parse.GetValue(digitalReference)!));
            settings.Validate();
            ResultFile.CheckTargets(parse.GetValue(force), (parse.GetValue(outputFile), "--output"));
            int total = settings.Trials;
            var progress = ReferenceEquals(error, Console.Error) && !Console.IsErrorRedirected
                ? new Progress<int>(k => error.Write($"\rmvm: trial {k}/{total}" + (k == total ? "\n" : string.Empty)))
                : null;
            var result = await Task.Run(() => MvmExperiment.Run(settings, progress, cancellationToken), cancellationToken).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();

            var node = JsonResults.Finite(result.ToJson());
            string text = JsonResults.Text(node);
            if (parse.GetValue(outputFile) is string path)
            {
                ResultFile.WriteAtomically(path, JsonResults.Text(node, indented: true) + "\n", parse.GetValue(force));
            }

            if (parse.GetValue(json))
            {
                await output.WriteLineAsync(text).ConfigureAwait(false);
            }
            else
            {
                await output.WriteLineAsync(Table(node)).ConfigureAwait(false);
            }

            return 0;
        });
        return command;
    }

    private static string Table(JsonObject node)
    {
        var lines = new List<string>();
        foreach (var (key, value) in node)
        {
            if (key == "options")
            {
                continue;
            }

            string text = value switch
            {
                null => "not available",
                JsonObject o => o.ToJsonString(),
                JsonValue v when v.TryGetValue(out double d) => d.ToString(Math.Abs(d) is > 0 and < 1e-3 or >= 1e6 ? "E3" : "G6", CultureInfo.InvariantCulture),
                _ => value.ToString(),
            };
            lines.Add($"{key,-26} {text}");
        }

        lines.Add("(--json prints these fields and the full options as one JSON object)");
        return string.Join(Environment.NewLine, lines);
    }
}
