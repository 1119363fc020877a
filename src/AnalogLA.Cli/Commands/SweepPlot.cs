namespace AnalogLA.Cli.Commands;

/// <summary>The accuracy-vs-energy picture of a sweep: every point, and the Pareto front (no other point is both cheaper and more accurate).</summary>
public static class SweepPlot
{
    /// <summary>Indices of the Pareto-optimal rows (lowest error for their energy), sorted by energy.</summary>
    public static List<int> Front(IReadOnlyList<SweepRow> rows)
    {
        var order = Enumerable.Range(0, rows.Count).OrderBy(i => rows[i].EnergyJoulesPerMvm).ThenBy(i => rows[i].RelErrorMean).ToList();
        var front = new List<int>();
        double best = double.PositiveInfinity;
        foreach (int i in order)
        {
            if (rows[i].RelErrorMean < best)
            {
                best = rows[i].RelErrorMean;
                front.Add(i);
            }
        }

        return front;
    }

    /// <summary>Draws log10 energy per MVM against log10 relative error, one colour per preset, and the front.</summary>
    public static void Draw(IReadOnlyList<SweepRow> rows, string path, bool overwrite)
    {
        var plot = new ScottPlot.Plot();
        foreach (var group in rows.GroupBy(r => r.Preset))
        {
            var points = group.ToList();
            var scatter = plot.Add.ScatterPoints(
                points.Select(r => Math.Log10(r.EnergyJoulesPerMvm)).ToArray(),
                points.Select(r => Math.Log10(Math.Max(r.RelErrorMean, 1e-12))).ToArray());
            scatter.LegendText = group.Key;
            scatter.MarkerSize = 8;
        }

        var front = Front(rows);
        if (front.Count > 1)
        {
            var line = plot.Add.Scatter(
                front.Select(i => Math.Log10(rows[i].EnergyJoulesPerMvm)).ToArray(),
                front.Select(i => Math.Log10(Math.Max(rows[i].RelErrorMean, 1e-12))).ToArray());
            line.LegendText = "Pareto front";
            line.MarkerSize = 0;
        }

        plot.Axes.Bottom.Label.Text = "log10(energy per MVM / J)";
        plot.Axes.Left.Label.Text = "log10(relative MVM error)";
        plot.ShowLegend(ScottPlot.Edge.Right);
        ResultFile.WriteAtomically(path, temporary => plot.SavePng(temporary, 900, 600), overwrite);
    }
}
