using System.Globalization;
using AnalogLA.Numerics;

namespace AnalogLA.Cli.Commands;

/// <summary>One point of a sweep grid.</summary>
/// <param name="Index">Position in the full grid (row-major over preset, ADC bits, tile, wire ratio).</param>
/// <param name="Preset">Device preset.</param>
/// <param name="AdcBits">ADC resolution.</param>
/// <param name="Tile">Tile side.</param>
/// <param name="WireRatio">Wire segment resistance × G_max (0: ideal wires).</param>
/// <param name="Seed">The point's seed, derived from the sweep seed and <paramref name="Index"/> only.</param>
public sealed record SweepPoint(int Index, string Preset, int AdcBits, int Tile, double WireRatio, ulong Seed);

/// <summary>The grid of <c>analogla sweep</c> and its split into shards.</summary>
public static class SweepGrid
{
    /// <summary>All points, in a fixed order; each seed depends only on the sweep seed and the point's index.</summary>
    public static IReadOnlyList<SweepPoint> Expand(IReadOnlyList<string> presets, IReadOnlyList<int> adcBits, IReadOnlyList<int> tiles, IReadOnlyList<double> wireRatios, ulong seed)
    {
        foreach (double ratio in wireRatios)
        {
            if (!double.IsFinite(ratio) || ratio < 0)
            {
                throw new ArgumentException($"--wire-ratio must be finite and ≥ 0 (segment resistance × G_max), got {ratio}.");
            }
        }

        var points = new List<SweepPoint>();
        foreach (var preset in presets)
        {
            foreach (int bits in adcBits)
            {
                foreach (int tile in tiles)
                {
                    foreach (double ratio in wireRatios)
                    {
                        int index = points.Count;
                        points.Add(new SweepPoint(index, preset, bits, tile, ratio, CounterRandom.Mix(seed, (ulong)index)));
                    }
                }
            }
        }

        return points;
    }

    /// <summary>Parses "i/n" (0 ≤ i &lt; n).</summary>
    public static (int Index, int Count) ParseShard(string text)
    {
        var parts = text.Split('/');
        if (parts.Length != 2
            || !int.TryParse(parts[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out int i)
            || !int.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out int n)
            || n < 1 || i < 0 || i >= n)
        {
            throw new ArgumentException($"--shard must be i/n with 0 ≤ i < n (e.g. 0/4 … 3/4; Slurm: $SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT with --array=0-3), got '{text}'.");
        }

        return (i, n);
    }

    /// <summary>Shard i of n: a contiguous block, so shard CSVs concatenated in shard order give the full sweep's order.</summary>
    public static IReadOnlyList<SweepPoint> Shard(IReadOnlyList<SweepPoint> points, int index, int count)
    {
        int start = (int)((long)points.Count * index / count);
        int end = (int)((long)points.Count * (index + 1) / count);
        return points.Skip(start).Take(end - start).ToList();
    }

    /// <summary>Parses a comma-separated list of names.</summary>
    public static List<string> ParseNames(string text, string option)
    {
        var items = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        return items.Count > 0 ? items : throw new ArgumentException($"{option} needs at least one value.");
    }

    /// <summary>Parses a comma-separated list; the error names the option and the item.</summary>
    public static List<T> ParseList<T>(string text, string option, Func<string, T?> parse)
        where T : struct
    {
        var items = new List<T>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            items.Add(parse(part) ?? throw new ArgumentException($"{option}: cannot read '{part}' in '{text}'."));
        }

        return items.Count > 0 ? items : throw new ArgumentException($"{option} needs at least one value.");
    }
}
