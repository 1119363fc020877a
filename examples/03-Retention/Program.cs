// Retention of notched DW-MTJ states: P(moved) versus time for the presets at 300, 358 and 398 K,
// and a design sweep (notch depth × anisotropy) of the time to 1 % state loss at 358 K.
// Writes CSV and PNG files to the folder given as the first argument (default: artifacts/retention).
using System.Globalization;
using AnalogLA.Devices;
using CsvHelper;

string folder = args.Length > 0 ? args[0] : Path.Combine("artifacts", "retention");
Directory.CreateDirectory(folder);
double[] temperatures = [300, 358, 398];
var times = Enumerable.Range(0, 121).Select(i => Math.Pow(10, -9 + i * 0.15)).ToArray(); // 1 ns … 10¹⁰ s

// A thicker, deeper-notched variant of the Liu 2021 track shows what 10-year retention takes.
var liu = DwMtj.Liu2021Notched;
var designed = liu with
{
    Name = "liu2021, t = 4 nm, Δw = 10 nm, K_u = 6.5e5",
    Retention = liu.Retention with
    {
        Track = liu.Retention.Track with { ThicknessNm = 4, NotchDepthNm = 10 },
        Material = liu.Retention.Material with { UniaxialAnisotropy300K = 6.5e5 },
    },
};

var curves = new List<CurveRow>();
var plot = new ScottPlot.Plot();
foreach (var device in new[] { liu, designed })
{
    foreach (double t in temperatures)
    {
        var r = device.Retention;
        var moved = times.Select(s => r.ProbabilityMoved(s, t)).ToArray();
        curves.AddRange(times.Select((s, i) => new CurveRow(device.Name, t, s, moved[i], r.ThermalStability(t))));
        var line = plot.Add.Scatter(times.Select(Math.Log10).ToArray(), moved);
        line.LegendText = $"{device.Name}, {t} K (Δ = {r.ThermalStability(t):F1})";
        line.MarkerSize = 0;
        Console.WriteLine($"{device.Name,-36} {t} K: Δ = {r.ThermalStability(t),6:F2}, 1 % loss after {r.TimeToLoss(0.01, t):E2} s");
    }
}

plot.Title("Notched DW-MTJ state retention");
plot.Axes.Bottom.Label.Text = "log10(time since programming / s)";
plot.Axes.Left.Label.Text = "P(state has moved)";
plot.ShowLegend(ScottPlot.Edge.Right);
WriteAtomically(Path.Combine(folder, "retention-curves.png"), path => plot.SavePng(path, 1100, 500));
WriteCsv(Path.Combine(folder, "retention-curves.csv"), curves);

// Design sweep at 358 K: time to 1 % loss over notch depth × K_u (thickness 4 nm).
double[] depths = Enumerable.Range(0, 13).Select(i => 2.0 + i).ToArray();          // 2 … 14 nm
double[] anisotropies = Enumerable.Range(0, 13).Select(i => 5.0e5 + i * 0.25e5).ToArray(); // 5e5 … 8e5 J/m³
var sweep = new List<SweepRow>();
var years = new double[anisotropies.Length, depths.Length];
for (int a = 0; a < anisotropies.Length; a++)
{
    for (int d = 0; d < depths.Length; d++)
    {
        var r = designed.Retention with
        {
            Track = designed.Retention.Track with { NotchDepthNm = depths[d] },
            Material = designed.Retention.Material with { UniaxialAnisotropy300K = anisotropies[a] },
        };
        double seconds = r.TimeToLoss(0.01, 358);
        // Heatmap rows run top to bottom: put the largest K_u in row 0.
        years[anisotropies.Length - 1 - a, d] = Math.Log10(seconds / PhysicalConstants.SecondsPerYear);
        sweep.Add(new SweepRow(depths[d], anisotropies[a], 358, r.ThermalStability(358), seconds));
    }
}

var heat = new ScottPlot.Plot();
var map = heat.Add.Heatmap(years);
map.Colormap = new ScottPlot.Colormaps.Viridis();
map.Extent = new ScottPlot.CoordinateRect(depths[0] - 0.5, depths[^1] + 0.5, anisotropies[0] / 1e5 - 0.125, anisotropies[^1] / 1e5 + 0.125);
heat.Add.ColorBar(map).Label = "log10(years to 1 % loss at 358 K)";
heat.Title("Design sweep, t = 4 nm, 358 K");
heat.Axes.Bottom.Label.Text = "notch depth Δw (nm)";
heat.Axes.Left.Label.Text = "K_u at 300 K (1e5 J/m³)";
WriteAtomically(Path.Combine(folder, "design-sweep.png"), path => heat.SavePng(path, 800, 600));
WriteCsv(Path.Combine(folder, "design-sweep.csv"), sweep);
Console.WriteLine($"wrote retention-curves.csv/.png and design-sweep.csv/.png to {Path.GetFullPath(folder)}");

static void WriteCsv<T>(string path, IEnumerable<T> rows) => WriteAtomically(path, temporary =>
{
    using var writer = new StreamWriter(temporary);
    using var csv = new CsvWriter(writer, CultureInfo.InvariantCulture);
    csv.WriteRecords(rows);
});

// Results go to a temporary file first and are renamed into place, so a crash never leaves half a file.
static void WriteAtomically(string path, Action<string> write)
{
    string temporary = path + ".tmp" + Path.GetExtension(path);
    write(temporary);
    File.Move(temporary, path, overwrite: true);
}

internal sealed record CurveRow(string Device, double TemperatureKelvin, double TimeSeconds, double ProbabilityMoved, double Delta);

internal sealed record SweepRow(double NotchDepthNm, double UniaxialAnisotropy300K, double TemperatureKelvin, double Delta, double TimeTo1PercentLossSeconds);
