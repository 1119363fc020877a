using AnalogLA.Crossbar;
using MathNet.Numerics.LinearAlgebra;

namespace AnalogLA.Solvers;

/// <summary>
/// Block-Jacobi where each diagonal block is solved in one step by the analog inverse circuit: the block
/// programmed as conductances in the feedback of operational amplifiers settles to G·v = −i.
/// </summary>
/// <remarks>
/// Sun, Pedretti, Ambrosi, Bricalli, Wang and Ielmini, "Solving matrix equations in one step with cross-point
/// resistive arrays", PNAS 116:4123, 2019; the circuit model (finite gain, first-order read noise) is
/// <see cref="InverseCircuit"/>'s. A block larger than a tile is one circuit spanning several tiles, or, with
/// <see cref="BlockInverseOptions.Partitioned"/>, BlockAMC's partitioning into tile-sized inverse circuits and MVM arrays
/// (<see cref="BlockAmc"/>; Pan et al., arXiv 2401.10042, 2024). Null options: exact block solves. Use a flexible solver.
/// </remarks>
public sealed class AnalogInversePreconditioner(AnalogOptions? options, int? blockSize = null, double openLoopGain = 1e5, BlockInverseOptions? inverse = null) : IAnalogPreconditioner
{
    private readonly List<(int Start, BlockAmc Solver)> _blocks = [];

    private int _size = -1;

    /// <summary>Block size (defaults to the tile size).</summary>
    public int BlockSize { get; } = blockSize ?? (options is null ? 256 : Math.Min(options.Tiling.Rows, options.Tiling.Columns));

    /// <summary>Op-amp open-loop gain A₀.</summary>
    public double OpenLoopGain { get; } = openLoopGain > 0 ? openLoopGain : throw new ArgumentOutOfRangeException(nameof(openLoopGain), openLoopGain, "open-loop gain must be > 0.");

    /// <summary>How blocks are solved (only <see cref="BlockInverseOptions.Partitioned"/> applies here).</summary>
    public BlockInverseOptions Inverse { get; } = inverse ?? new BlockInverseOptions();

    /// <inheritdoc />
    public long AnalogMvms => Arrays.Sum(a => a.Diagnostics.Mvms);

    /// <inheritdoc />
    public IEnumerable<AnalogMatrix> Arrays => _blocks.SelectMany(b => b.Solver.Arrays);

    /// <inheritdoc />
    public void Initialize(Matrix<double> matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        _blocks.Clear();
        _size = -1;
        int tile = options is null ? 256 : Math.Min(options.Tiling.Rows, options.Tiling.Columns);
        foreach (var (k, start, block) in DiagonalBlocks.Enumerate(matrix, BlockSize))
        {
            // One circuit per block keeps the block's own seed (options.Seed + k), so a block that fits a tile is the same
            // circuit with or without partitioning; a partitioned block numbers its arrays from a range no other block uses.
            bool partition = Inverse.Partitioned && block.GetLength(0) > tile;
            ulong seed = partition ? 0x1000_0000UL + ((ulong)k * 4096) : (ulong)k;
            _blocks.Add((start, new BlockAmc(block, partition ? tile : int.MaxValue, options, OpenLoopGain, k, start, ref seed)));
        }

        _size = matrix.RowCount;
    }

    /// <inheritdoc />
    public void Approximate(Vector<double> rhs, Vector<double> lhs)
    {
        PreconditionerArguments.Check(rhs, lhs, _size);
        var r = rhs.ToArray();
        var z = new double[r.Length];
        foreach (var (start, solver) in _blocks)
        {
            solver.Solve(r.AsSpan(start, solver.Size), z.AsSpan(start, solver.Size));
        }

        lhs.SetValues(z);
    }
}
