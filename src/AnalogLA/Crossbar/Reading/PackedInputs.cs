using AnalogLA.Numerics;
using AnalogLA.Periphery;

namespace AnalogLA.Crossbar;

/// <summary>
/// Input voltages packed once per call for the broadcast kernel: one block per (input slice,
/// vector block, input tile), shared by every work unit that reads that tile.
/// </summary>
internal sealed class PackedInputs : IDisposable
{
    // Every block in one pooled buffer (one per kind): renting a block at a time made the pool allocate afresh once
    // its per-core stacks ran dry, a fifth of a hardware Monte Carlo pass's allocated bytes (dotnet-trace gc-verbose).
    private readonly float[] _voltages;
    private readonly float[]? _squares;
    private readonly int[] _offsets;
    private readonly int _blocksPerSlice;
    private readonly int _crossTiles;

    private PackedInputs(float[] voltages, float[]? squares, int[] offsets, int blocksPerSlice, int crossTiles)
    {
        _voltages = voltages;
        _squares = squares;
        _offsets = offsets;
        _blocksPerSlice = blocksPerSlice;
        _crossTiles = crossTiles;
    }

    /// <summary>The packed block of (slice, kind, vector block, input tile); empty when <paramref name="inputs"/> is null (no packing).</summary>
    public static ReadOnlySpan<float> Block(PackedInputs? inputs, int slice, bool squared, int vectorBlock, int crossTile) =>
        inputs is null ? default : inputs.Get(slice, squared, vectorBlock, crossTile);

    private ReadOnlySpan<float> Get(int slice, bool squared, int vectorBlock, int crossTile)
    {
        int index = ((slice * _blocksPerSlice) + vectorBlock) * _crossTiles + crossTile;
        return (squared ? _squares! : _voltages).AsSpan(_offsets[index], _offsets[index + 1] - _offsets[index]);
    }

    public static PackedInputs Build(AnalogMatrix matrix, EncodedInputs encoded, bool transposed, bool noise)
    {
        int crossTiles = transposed ? matrix.TileRows : matrix.TileColumns;
        int side = transposed ? matrix.Options.Tiling.Rows : matrix.Options.Tiling.Columns;
        int blocks = (encoded.Count + ReadEngine.VectorBlock - 1) / ReadEngine.VectorBlock;
        int slices = encoded.Voltages.Length;
        bool squares = noise && encoded.SquaredVoltages is not null;
        int total = slices * blocks * crossTiles;
        var offsets = new int[total + 1];
        for (int index = 0; index < total; index++)
        {
            var (vectors, _, length) = Shape(index);
            offsets[index + 1] = checked(offsets[index] + Gemm.PackedALength(vectors, length));
        }

        var pool = System.Buffers.ArrayPool<float>.Shared;
        var voltages = pool.Rent(offsets[total]);
        var squared = squares ? pool.Rent(offsets[total]) : null;
        Parallel.For(0, total, Parallelism.Options(matrix.Options.MaxDegreeOfParallelism), index =>
        {
            var (vectors, source, length) = Shape(index);
            int slice = index / crossTiles / blocks;
            var into = voltages.AsSpan(offsets[index], offsets[index + 1] - offsets[index]);
            Gemm.PackA(vectors, length, encoded.Voltages[slice].AsSpan(source), encoded.Length, into);
            if (squared is not null)
            {
                Gemm.PackA(vectors, length, encoded.SquaredVoltages![slice].AsSpan(source), encoded.Length, squared.AsSpan(offsets[index], into.Length));
            }
        });
        return new PackedInputs(voltages, squared, offsets, blocks, crossTiles);

        // Block index → (vectors in it, its first input in the slice's voltages, inputs of its tile).
        (int Vectors, int Source, int Length) Shape(int index)
        {
            int k = index % crossTiles;
            int block = index / crossTiles % blocks;
            int first = block * ReadEngine.VectorBlock;
            int start = k * side;
            return (Math.Min(ReadEngine.VectorBlock, encoded.Count - first), (first * encoded.Length) + start, Math.Min(side, encoded.Length - start));
        }
    }

    public void Dispose()
    {
        System.Buffers.ArrayPool<float>.Shared.Return(_voltages);
        if (_squares is not null)
        {
            System.Buffers.ArrayPool<float>.Shared.Return(_squares);
        }
    }
}
