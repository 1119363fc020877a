using MathNet.Numerics.LinearAlgebra;

namespace AnalogLA.Solvers;

/// <summary>The non-overlapping diagonal blocks that block preconditioners work on.</summary>
internal static class DiagonalBlocks
{
    /// <summary>Yields (index, first row, dense block) for blocks of <paramref name="blockSize"/> rows.</summary>
    public static IEnumerable<(int Index, int Start, double[,] Block)> Enumerate(Matrix<double> matrix, int blockSize)
    {
        int n = matrix.RowCount;
        for (int start = 0, k = 0; start < n; start += blockSize, k++)
        {
            int size = Math.Min(blockSize, n - start);
            yield return (k, start, matrix.SubMatrix(start, size, start, size).ToArray());
        }
    }

    /// <summary>LU of a block; throws when it is singular, naming the block and its rows.</summary>
    public static MathNet.Numerics.LinearAlgebra.Factorization.LU<double> Factor(Matrix<double> block, int index, int start, string what)
    {
        var lu = block.LU();
        if (LuChecks.IsSingular(lu))
        {
            throw new ArgumentException($"{what} diagonal block {index} (rows {start}–{start + block.RowCount - 1}) is singular.", "matrix");
        }

        return lu;
    }

    /// <summary>The inverse of a block (<see cref="DenseInverse"/>); throws when it is singular, naming the block and its rows.</summary>
    public static Matrix<double> Invert(double[,] block, int index, int start, string what) =>
        Matrix<double>.Build.DenseOfArray(DenseInverse.Invert(block)
            ?? throw new ArgumentException($"{what} diagonal block {index} (rows {start}–{start + block.GetLength(0) - 1}) is singular.", "matrix"));
}
