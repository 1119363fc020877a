using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using AnalogLA.Crossbar;
using AnalogLA.Devices;
using AnalogLA.IO;

namespace AnalogLA.Cli.Commands;

/// <summary><c>analogla retention</c>: state retention of a DW-MTJ preset over temperature and time.</summary>
public static class RetentionCommand
{
    /// <summary>Largest side of the random matrix behind rel_mvm_error.</summary>
    public const int MaxMatrixSize = 4096;

    public static Command Create(TextWriter output, TextWriter error)
    {
        var preset = new Option<string>("--preset") { Description = "dwmtj-liu2021 | dwmtj-alamdar2021.", DefaultValueFactory = _ => "dwmtj-liu2021" };
        var temperatures = new Option<string>("--temperatures") { Description = "Comma-separated temperatures in kelvin.", DefaultValueFactory = _ => "300,358,398" };
        var times = new Option<string>("--times") { Description = "Comma-separated times since programming in seconds.", DefaultValueFactory = _ => "1,3600,86400,3.15e7,3.15e8" };
        var depth = new Option<double?>("--notch-depth-nm") { Description = "Notch depth (total width reduction), nm." };
        var thickness = new Option<double?>("--thickness-nm") { Description = "Free-layer thickness, nm." };
        var ku = new Option<double?>("--ku") { Description = "Uniaxial anisotropy K_u at 300 K, J/m³." };
        var deltaKu = new Option<double?>("--delta-ku") { Description = "Anisotropy change from gating ΔK_u, J/m³." };
        var dmi = new Option<double?>("--dmi") { Description = "DMI constant |D| at 300 K, J/m²." };
        var attempt = new Option<double?>("--attempt-frequency") { Description = "Attempt frequency f0, Hz." };
        var size = new Option<int>("--matrix-size") { Description = "Side of the random matrix for rel_mvm_error (0 skips it).", DefaultValueFactory = _ => 256 };
        var seed = new Option<ulong>("--seed") { Description = "Seed.", DefaultValueFactory = _ => 1 };
        var json = new Option<bool>("--json") { Description = "Print one JSON object." };

        var command = new Command("retention", "Retention of notched DW-MTJ states: barrier, Δ, dwell time, P(moved) and MVM error over time, and the notch depth for 10 years.");
        foreach (var option in new Option[] { preset, temperatures, times, depth, thickness, ku, deltaKu, dmi, attempt, size, seed, json })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            var timer = Stopwatch.StartNew();
            var temps = ParseList(parse.GetValue(temperatures)!, "--temperatures");
            var seconds = ParseList(parse.GetValue(times)!, "--times");
            foreach (double t in temps)
            {
                if (!(t > 0 && t <= AgingOptions.MaxTemperatureKelvin))
                {
                    throw new ArgumentException($"--temperatures: TemperatureKelvin = {t} is outside (0, {AgingOptions.MaxTemperatureKelvin}] K.");
                }
            }

            if (seconds.Any(t => !(t >= 0 && double.IsFinite(t))))
            {
                throw new ArgumentException($"--times: every time must be finite and ≥ 0 s, got {seconds.First(t => !(t >= 0 && double.IsFinite(t)))}.");
            }

            int matrixSize = parse.GetValue(size);
            if (matrixSize is < 0 or > MaxMatrixSize)
            {
                throw new ArgumentException($"--matrix-size must be in [0, {MaxMatrixSize}] (0 skips the MVM error), got {matrixSize}.");
            }

            var options = AnalogOptions.FromPreset(parse.GetValue(preset)!) with { Seed = parse.GetValue(seed) };
            if (options.Device is not DomainWallMtj device)
            {
                throw new ArgumentException($"--preset must name a DW-MTJ preset (dwmtj-liu2021, dwmtj-alamdar2021), got '{parse.GetValue(preset)}'.");
            }

            var r = device.Retention;
            r = r with
            {
                Track = r.Track with
                {
                    NotchDepthNm = parse.GetValue(depth) ?? r.Track.NotchDepthNm,
                    ThicknessNm = parse.GetValue(thickness) ?? r.Track.ThicknessNm,
                },
                Material = r.Material with
                {
                    UniaxialAnisotropy300K = parse.GetValue(ku) ?? r.Material.UniaxialAnisotropy300K,
                    Dmi300K = parse.GetValue(dmi) ?? r.Material.Dmi300K,
                },
                AnisotropyChange = parse.GetValue(deltaKu) ?? r.AnisotropyChange,
                AttemptFrequencyHz = parse.GetValue(attempt) ?? r.AttemptFrequencyHz,
            };
            options = options with { Device = device with { Retention = r } };
            int total = temps.Length;
            var progress = ReferenceEquals(error, Console.Error) && !Console.IsErrorRedirected
                ? new Progress<string>(s => error.Write($"\rretention: {s}   "))
                : null;
            var points = await Task.Run(() => RetentionStudy.Run(options, temps, seconds, matrixSize, progress, cancellationToken), cancellationToken).ConfigureAwait(false);
            if (progress is not null)
            {
                await error.WriteLineAsync().ConfigureAwait(false);
            }

            var node = new JsonObject
            {
                ["preset"] = parse.GetValue(preset),
                ["times_seconds"] = new JsonArray(seconds.Select(t => (JsonNode?)t).ToArray()),
                ["temperatures"] = new JsonArray(points.Select(p => (JsonNode?)new JsonObject
                {
                    ["temperature_k"] = p.TemperatureKelvin,
                    ["barrier_joules"] = p.BarrierJoules,
                    ["delta"] = p.Delta,
                    ["mean_dwell_seconds"] = p.MeanDwellSeconds,
                    ["time_to_1pct_loss_seconds"] = p.TimeTo1PercentLossSeconds,
                    ["time_to_50pct_loss_seconds"] = p.TimeTo50PercentLossSeconds,
                    ["p_moved"] = new JsonArray(p.ProbabilityMoved.Select(v => (JsonNode?)v).ToArray()),
                    ["rel_mvm_error"] = p.RelativeMvmError is null ? null : new JsonArray(p.RelativeMvmError.Select(v => (JsonNode?)v).ToArray()),
                    ["rel_mvm_error_fresh"] = p.RelativeMvmErrorFresh,
                    ["notch_depth_nm_for_10_years"] = p.NotchDepthNmFor10Years,
                    ["ku_300k_for_10_years"] = p.UniaxialAnisotropy300KFor10Years,
                }).ToArray()),
                ["seconds"] = timer.Elapsed.TotalSeconds,
                ["options"] = JsonNode.Parse(OptionsJson.Serialize(options, indented: false)),
            };

            if (parse.GetValue(json))
            {
                await output.WriteLineAsync(JsonResults.Text(node)).ConfigureAwait(false);
                return 0;
            }

            var text = new System.Text.StringBuilder();
            text.AppendLine(CultureInfo.InvariantCulture, $"{options.Device.Name}: times (s) {string.Join(", ", seconds)}");
            foreach (var p in points)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"T = {p.TemperatureKelvin} K: E_b = {p.BarrierJoules:E3} J, Δ = {p.Delta:F2}, mean dwell {p.MeanDwellSeconds:E3} s, 1 % loss after {p.TimeTo1PercentLossSeconds:E3} s");
                text.AppendLine(CultureInfo.InvariantCulture, $"    P(moved):      {string.Join("  ", p.ProbabilityMoved.Select(v => v.ToString("E2", CultureInfo.InvariantCulture)))}");
                if (p.RelativeMvmError is not null)
                {
                    text.AppendLine(CultureInfo.InvariantCulture, $"    rel MVM error: {string.Join("  ", p.RelativeMvmError.Select(v => v.ToString("F4", CultureInfo.InvariantCulture)))} (fresh {p.RelativeMvmErrorFresh:F4})");
                }

                text.AppendLine(CultureInfo.InvariantCulture, $"    10 years at 1 % loss needs notch depth {p.NotchDepthNmFor10Years:F2} nm (track width {((DomainWallMtj)options.Device).Retention.Track.WidthNm} nm) or K_u(300 K) = {p.UniaxialAnisotropy300KFor10Years:E3} J/m³");
            }

            text.Append(CultureInfo.InvariantCulture, $"({timer.Elapsed.TotalSeconds:F2} s)");
            await output.WriteLineAsync(text.ToString()).ConfigureAwait(false);
            return 0;
        });
        return command;
    }

    private static double[] ParseList(string text, string option)
    {
        var parts = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length == 0)
        {
            throw new ArgumentException($"{option} needs at least one number.");
        }

        return parts.Select(p => double.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture, out double v)
            ? v
            : throw new ArgumentException($"{option}: '{p}' is not a number.")).ToArray();
    }
}
