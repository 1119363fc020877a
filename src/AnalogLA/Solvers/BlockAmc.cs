using AnalogLA.Crossbar;
using AnalogLA.Numerics;
using MathNet.Numerics.LinearAlgebra;

namespace AnalogLA.Solvers;

/// <summary>
/// BlockAMC: a matrix larger than one array solved with tile-sized analog inverse circuits and MVM arrays by block
/// partitioning, recursively (multi-stage) until every inverse circuit fits a tile.
/// </summary>
/// <remarks>
/// Pan, Zuo, Luo, Sun and Huang, "BlockAMC: Scalable In-Memory Analog Matrix Computing for Solving Linear Systems",
/// arXiv 2401.10042, 2024 (DATE 2024): M = [[A, B], [C, D]] is split on different arrays; a macro of inversion and
/// MVM circuits gives partial solutions from which the solution is recovered, and the divide-and-conquer is repeated
/// so the block size shrinks by half per stage. Equations (block LU, the Schur complement S = D − C·A⁻¹·B):
/// y = A⁻¹·b₁ (INV of A), x₂ = S⁻¹·(b₂ − C·y) (MVM of C, then the solver of S, itself partitioned if larger than a tile),
/// x₁ = A⁻¹·(b₁ − B·x₂) (MVM of B, INV of A again). Departure (assumption, stated): S is computed digitally at set-up and
/// programmed like any other block; the abstract available to us does not say how the paper forms it. Each INV is an
/// <see cref="InverseCircuit"/> (finite gain and first-order read noise), each MVM an <see cref="AnalogMatrix"/> read.
/// Null options give the exact block-LU solve (tested against a direct solve).
/// </remarks>
internal sealed class BlockAmc
{
    private readonly InverseCircuit? _leaf;
    private readonly InverseCircuit? _first;        // INV of A (the leading half)
    private readonly ILinearOperator? _upper;       // B
    private readonly ILinearOperator? _lower;       // C
    private readonly BlockAmc? _schur;              // the solver of S
    private readonly int _split;

    /// <summary>Partitions <paramref name="matrix"/> until each inverse circuit has at most <paramref name="tile"/> rows.</summary>
    public BlockAmc(double[,] matrix, int tile, AnalogOptions? options, double openLoopGain, int index, int start, ref ulong seed)
    {
        Size = matrix.GetLength(0);
        if (Size <= tile)
        {
            _leaf = new InverseCircuit(matrix, Next(options, ref seed), openLoopGain, index, start);
            return;
        }

        _split = (Size + 1) / 2;
        var m = Matrix<double>.Build.DenseOfArray(matrix);
        int n1 = _split, n2 = Size - _split;
        var a = m.SubMatrix(0, n1, 0, n1);
        var b = m.SubMatrix(0, n1, n1, n2);
        var c = m.SubMatrix(n1, n2, 0, n1);
        var d = m.SubMatrix(n1, n2, n1, n2);
        _first = new InverseCircuit(a.ToArray(), Next(options, ref seed), openLoopGain, index, start);
        _upper = MatrixOperator.Create(b, Next(options, ref seed));
        _lower = MatrixOperator.Create(c, Next(options, ref seed));
        var factor = DiagonalBlocks.Factor(a, index, start, "BlockAMC needs a nonsingular leading block:");
        var schur = d - (c * factor.Solve(b));
        _schur = new BlockAmc(schur.ToArray(), tile, options, openLoopGain, index, start + n1, ref seed);
    }

    /// <summary>Rows (and columns).</summary>
    public int Size { get; }

    /// <summary>Every array this solver programmed (inverse circuits and MVM arrays).</summary>
    public IEnumerable<AnalogMatrix> Arrays
    {
        get
        {
            if (_leaf is not null)
            {
                return _leaf.Array is { } leaf ? [leaf] : [];
            }

            IEnumerable<AnalogMatrix?> own = [_first!.Array, _upper as AnalogMatrix, _lower as AnalogMatrix];
            return own.OfType<AnalogMatrix>().Concat(_schur!.Arrays);
        }
    }

    /// <summary>x ≈ M⁻¹·b through the circuits (fresh read noise on every solve).</summary>
    public void Solve(ReadOnlySpan<double> rhs, Span<double> x)
    {
        if (_leaf is not null)
        {
            _leaf.Solve(rhs, x);
            return;
        }

        int n1 = _split, n2 = Size - _split;
        var y = new double[n1];
        _first!.Solve(rhs[..n1], y);
        var t = new double[n2];
        _lower!.Multiply(y, t);
        var b2 = new double[n2];
        for (int i = 0; i < n2; i++)
        {
            b2[i] = rhs[n1 + i] - t[i];
        }

        _schur!.Solve(b2, x[n1..]);
        var u = new double[n1];
        _upper!.Multiply(x.Slice(n1, n2), u);
        for (int i = 0; i < n1; i++)
        {
            u[i] = rhs[i] - u[i];
        }

        _first.Solve(u, x[..n1]);
    }

    private static AnalogOptions? Next(AnalogOptions? options, ref ulong seed) => options is null ? null : options with { Seed = options.Seed + seed++ };
}
