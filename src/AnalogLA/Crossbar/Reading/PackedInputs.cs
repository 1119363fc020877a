using AnalogLA.Numerics;
using AnalogLA.Periphery;

namespace AnalogLA.Crossbar;

/// <summary>
/// Input voltages packed once per call for the broadcast kernel: one block per (input slice,
/// vector block, input tile), shared by every work unit that reads that tile.
/// </summary>
internal sealed class PackedInputs : IDisposable
{
    private readonly float[][] _voltages;
    private readonly float[][]? _squares;
    private readonly int _blocksPerSlice;
    private readonly int _crossTiles;

    private PackedInputs(float[][] voltages, float[][]? squares, int blocksPerSlice, int crossTiles)
    {
        _voltages = voltages;
        _squares = squares;
        _blocksPerSlice = blocksPerSlice;
        _crossTiles = crossTiles;
    }

    public float[] Get(int slice, bool squared, int vectorBlock, int crossTile) =>
        (squared ? _squares! : _voltages)[(slice * _blocksPerSlice + vectorBlock) * _crossTiles + crossTile];

    public static PackedInputs Build(AnalogMatrix matrix, EncodedInputs encoded, bool transposed, bool noise)
    {
        int crossTiles = transposed ? matrix.TileRows : matrix.TileColumns;
        int side = transposed ? matrix.Options.Tiling.Rows : matrix.Options.Tiling.Columns;
        int blocks = (encoded.Count + ReadEngine.VectorBlock - 1) / ReadEngine.VectorBlock;
        int slices = encoded.Voltages.Length;
        bool squares = noise && encoded.SquaredVoltages is not null;
        int total = slices * blocks * crossTiles;
        var voltages = new float[total][];
        var squared = squares ? new float[total][] : null;
        var pool = System.Buffers.ArrayPool<float>.Shared;
        Parallel.For(0, total, new ParallelOptions { MaxDegreeOfParallelism = matrix.Options.MaxDegreeOfParallelism }, index =>
        {
            int k = index % crossTiles;
            int block = index / crossTiles % blocks;
            int slice = index / crossTiles / blocks;
            int first = block * ReadEngine.VectorBlock;
            int vectors = Math.Min(ReadEngine.VectorBlock, encoded.Count - first);
            int start = k * side;
            int length = Math.Min(side, encoded.Length - start);
            voltages[index] = pool.Rent(Gemm.PackedALength(vectors, length));
            Gemm.PackA(vectors, length, encoded.Voltages[slice].AsSpan(first * encoded.Length + start), encoded.Length, voltages[index]);
            if (squared is not null)
            {
                squared[index] = pool.Rent(Gemm.PackedALength(vectors, length));
                Gemm.PackA(vectors, length, encoded.SquaredVoltages![slice].AsSpan(first * encoded.Length + start), encoded.Length, squared[index]);
            }
        });
        return new PackedInputs(voltages, squared, blocks, crossTiles);
    }

    public void Dispose()
    {
        foreach (var v in _voltages)
        {
            System.Buffers.ArrayPool<float>.Shared.Return(v);
        }

        foreach (var v in _squares ?? [])
        {
            System.Buffers.ArrayPool<float>.Shared.Return(v);
        }
    }
}
