using AnalogLA.Periphery;

namespace AnalogLA.Crossbar;

/// <summary>
/// The input side of one batch read (<see cref="ReadEngine.Stage"/>): encoded and packed inputs, work units and read
/// energy, and, for inputs read repeatedly (<see cref="PreparedInputs"/>), the noise-free currents of every unit.
/// Owns pooled buffers: dispose once no read uses it.
/// </summary>
internal sealed class StagedRead(
    EncodedInputs encoded, PackedInputs? packed, List<ReadEngine.Unit> units, int count, bool transposed,
    bool noise, bool outputSpace, bool parasitic, EnergyBreakdown energy) : IDisposable
{
    private float[]? _cache;
    private long[]? _offsets;
    private int _planes;
    private bool _variances;

    public EncodedInputs Encoded => encoded;

    public PackedInputs? Packed => packed;

    public List<ReadEngine.Unit> Units => units;

    public int Count => count;

    public bool Transposed => transposed;

    public bool Noise => noise;

    public bool OutputSpace => outputSpace;

    public bool Parasitic => parasitic;

    public EnergyBreakdown Energy => energy;

    /// <summary>Whether the noise-free currents are cached.</summary>
    public bool HasCache => _cache is not null;

    internal void SetCache(float[] cache, long[] offsets, int planes, bool variances)
    {
        _cache = cache;
        _offsets = offsets;
        _planes = planes;
        _variances = variances;
    }

    /// <summary>The cached currents of unit <paramref name="index"/> (empty when nothing is cached).</summary>
    public CachedCurrents Cached(int index)
    {
        if (_cache is null)
        {
            return default;
        }

        var unit = units[index];
        int block = (unit.End - unit.Start) * (unit.EndVector - unit.FirstVector);
        return new CachedCurrents(_cache, _offsets![index], block, _planes, encoded.Voltages.Length, _variances);
    }

    public void Dispose()
    {
        packed?.Dispose();
        encoded.Dispose();
    }
}

/// <summary>One unit's cached noise-free currents, by (cross tile, plane, slice): a block of vectors × lines, followed by the σ of each current's read noise when the device noise is state-dependent.</summary>
internal readonly struct CachedCurrents(float[]? cache, long offset, int block, int planes, int slices, bool variances)
{
    public ReadOnlySpan<float> Currents(int crossTile, int plane, int slice, bool deviation)
    {
        if (cache is null || (deviation && !variances))
        {
            return default;
        }

        long at = offset + ((((long)crossTile * planes + plane) * slices) + slice) * block * (variances ? 2 : 1);
        return cache.AsSpan((int)(at + (deviation ? block : 0)), block);
    }
}
