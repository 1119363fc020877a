using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using CsvHelper;

namespace AnalogLA.Cli.Commands;

/// <summary>One CSV row of <c>analogla sweep</c>.</summary>
public sealed record SweepRow(
    int Index, string Preset, int AdcBits, int Tile, double WireRatio, double WireOhms, int Rows, int Cols, ulong Seed,
    double RelErrorMean, double RelErrorStd, double EnergyJoulesPerMvm, double LatencySecondsPerMvm, double AreaMm2,
    long IrDropNotConverged, double DigitalEnergyJoulesPerMvm, double Seconds);

/// <summary>
/// <c>analogla sweep</c>: accuracy and cost over a grid of device preset × ADC bits × tile size × wire ratio; one CSV
/// row per point, the accuracy–energy front as a PNG, and <c>--shard i/n</c> for job arrays.
/// </summary>
public static class SweepCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var presets = new Option<string>("--preset") { Description = "Comma-separated device presets.", DefaultValueFactory = _ => "realistic,dwmtj-realistic" };
        var adcBits = new Option<string>("--adc-bits") { Description = "Comma-separated ADC resolutions.", DefaultValueFactory = _ => "4,6,8" };
        var tiles = new Option<string>("--tile") { Description = "Comma-separated tile sides.", DefaultValueFactory = _ => "64,256" };
        var ratios = new Option<string>("--wire-ratio") { Description = "Comma-separated wire resistance ratios r_w·G_max (0: ideal wires).", DefaultValueFactory = _ => "0,1e-5" };
        var rows = new Option<int>("--rows") { Description = "Matrix rows.", DefaultValueFactory = _ => 256 };
        var cols = new Option<int>("--cols") { Description = "Matrix columns.", DefaultValueFactory = _ => 256 };
        var trials = new Option<int>("--trials") { Description = "Random input vectors per point.", DefaultValueFactory = _ => 5 };
        var costPreset = new Option<string?>("--cost-preset") { Description = "isaac | dwmtj (default isaac)." };
        var seed = new Option<ulong>("--seed") { Description = "Sweep seed (each point's seed derives from it and the point's index).", DefaultValueFactory = _ => 1 };
        var shard = new Option<string?>("--shard") { Description = "Run shard i of n (0 ≤ i < n) of the grid; shard 0 writes the CSV header, so `cat` of the shards in order is the full sweep." };
        var csvPath = new Option<string>("--out") { Description = "CSV file to write (atomically).", DefaultValueFactory = _ => "sweep.csv" };
        var png = new Option<string?>("--png") { Description = "Also draw the accuracy-vs-energy front of this run's points to this PNG." };
        var force = new Option<bool>("--force") { Description = "Replace existing output files." };
        var threads = new Option<int>("--threads") { Description = "Thread limit per point (−1: all cores).", DefaultValueFactory = _ => -1 };
        var command = new Command("sweep", "Accuracy and cost over a grid of device preset × ADC bits × tile size × wire ratio.");
        foreach (var option in new Option[] { presets, adcBits, tiles, ratios, rows, cols, trials, costPreset, seed, shard, csvPath, png, force, threads })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            var grid = SweepGrid.Expand(
                SweepGrid.ParseNames(parse.GetValue(presets)!, "--preset"),
                SweepGrid.ParseList<int>(parse.GetValue(adcBits)!, "--adc-bits", p => int.TryParse(p, NumberStyles.Integer, CultureInfo.InvariantCulture, out int b) ? b : null),
                SweepGrid.ParseList<int>(parse.GetValue(tiles)!, "--tile", p => int.TryParse(p, NumberStyles.Integer, CultureInfo.InvariantCulture, out int t) ? t : null),
                SweepGrid.ParseList<double>(parse.GetValue(ratios)!, "--wire-ratio", p => double.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture, out double r) ? r : null),
                parse.GetValue(seed));
            var (shardIndex, shardCount) = parse.GetValue(shard) is string s ? SweepGrid.ParseShard(s) : (0, 1);
            var points = SweepGrid.Shard(grid, shardIndex, shardCount);
            string path = parse.GetValue(csvPath)!;
            bool overwrite = parse.GetValue(force);
            // Both targets are checked before the first point runs, so no work is lost to an unwritable --png.
            ResultFile.CheckTargets(overwrite, (path, "--out"), (parse.GetValue(png), "--png"));
            new MvmSettings(parse.GetValue(rows), parse.GetValue(cols), 1, parse.GetValue(trials), new DeviceOverrides()).Validate();

            var results = new List<SweepRow>();
            foreach (var point in points)
            {
                cancellationToken.ThrowIfCancellationRequested();
                await error.WriteLineAsync($"sweep: point {results.Count + 1}/{points.Count} (grid index {point.Index}): {point.Preset}, ADC {point.AdcBits} b, tile {point.Tile}, wire ratio {point.WireRatio:G3}").ConfigureAwait(false);
                var row = await Task.Run(() => RunPoint(point, parse.GetValue(rows), parse.GetValue(cols), parse.GetValue(trials), parse.GetValue(costPreset), parse.GetValue(threads), cancellationToken), cancellationToken).ConfigureAwait(false);
                results.Add(row);
            }

            // A run cancelled after its last point writes nothing: a CSV on disk always means a finished run.
            cancellationToken.ThrowIfCancellationRequested();
            ResultFile.WriteAtomically(path, ToCsv(results, header: shardIndex == 0), overwrite);
            if (parse.GetValue(png) is string pngPath)
            {
                SweepPlot.Draw(results, pngPath, overwrite);
            }

            await output.WriteLineAsync($"sweep: {results.Count} of {grid.Count} grid points (shard {shardIndex}/{shardCount}) → {path}").ConfigureAwait(false);
            return 0;
        });
        return command;
    }

    /// <summary>Runs one grid point through the mvm experiment.</summary>
    public static SweepRow RunPoint(SweepPoint point, int rows, int cols, int trials, string? costPreset, int threads, CancellationToken cancellationToken)
    {
        var timer = Stopwatch.StartNew();
        var settings = new MvmSettings(rows, cols, 1, trials, new DeviceOverrides
        {
            Preset = point.Preset,
            AdcBits = point.AdcBits,
            Tile = point.Tile.ToString(CultureInfo.InvariantCulture),
            WireRatio = point.WireRatio > 0 ? point.WireRatio : null,
            CostPreset = costPreset,
            Seed = point.Seed,
            Threads = threads,
        });
        var result = MvmExperiment.Run(settings, null, cancellationToken);
        double gMax = result.Options.Device.Range.GMaxSiemens;
        return new SweepRow(
            point.Index, point.Preset, point.AdcBits, point.Tile, point.WireRatio, point.WireRatio / gMax, rows, cols, point.Seed,
            result.RelErrorMean, result.RelErrorStd, result.EnergyPerMvm.Total, result.LatencySecondsPerMvm, result.AreaMm2,
            result.IrDropNotConverged, result.Reference.DenseMvm(rows, cols).Joules, timer.Elapsed.TotalSeconds);
    }

    /// <summary>The rows as CSV (invariant culture), with or without the header line.</summary>
    public static string ToCsv(IEnumerable<SweepRow> rows, bool header)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        using (var csv = new CsvWriter(writer, CultureInfo.InvariantCulture))
        {
            if (header)
            {
                csv.WriteHeader<SweepRow>();
                csv.NextRecord();
            }

            foreach (var row in rows)
            {
                csv.WriteRecord(row);
                csv.NextRecord();
            }
        }

        return writer.ToString();
    }
}
