using AnalogLA.Numerics;
using AnalogLA.Crossbar;
using MathNet.Numerics.LinearAlgebra;

namespace AnalogLA.Solvers;

/// <summary>
/// Block-Jacobi (non-overlapping domain decomposition) with the inverse of each diagonal block computed
/// digitally and programmed onto its own crossbar tile; each application is one in-situ MVM per block.
/// </summary>
/// <remarks>M⁻¹ = blockdiag(A_kk⁻¹) (Saad, Iterative Methods, Sec. 12.1); the analog preconditioner idea of
/// Feinberg et al., "An Analog Preconditioner for Solving Linear Systems", HPCA 2021. Each block is its own
/// <see cref="AnalogMatrix"/> with its own scale (a per-tile digital gain), so blocks of very different
/// magnitude keep their resolution. Read noise is fresh on every application: use a flexible solver.
/// Null options give the digital block-Jacobi (exact block inverses).</remarks>
public sealed class AnalogBlockJacobiPreconditioner(AnalogOptions? options, int? blockSize = null) : IAnalogPreconditioner
{
    private readonly List<(int Start, ILinearOperator Inverse)> _blocks = [];

    /// <summary>Block size (defaults to the tile size).</summary>
    public int BlockSize { get; } = blockSize ?? (options is null ? 256 : Math.Min(options.Tiling.Rows, options.Tiling.Columns));

    /// <inheritdoc />
    public long AnalogMvms => _blocks.Sum(b => MatrixOperator.AnalogMvms(b.Inverse));

    /// <inheritdoc />
    public IEnumerable<AnalogMatrix> Arrays => _blocks.Select(b => b.Inverse).OfType<AnalogMatrix>();

    /// <inheritdoc />
    public void Initialize(Matrix<double> matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        _blocks.Clear();
        foreach (var (k, start, block) in DiagonalBlocks.Enumerate(matrix, BlockSize))
        {
            var inverse = DiagonalBlocks.Invert(block, k, start, "block-Jacobi needs nonsingular diagonal blocks:");
            _blocks.Add((start, MatrixOperator.Create(inverse, options is null ? null : options with { Seed = options.Seed + (ulong)k })));
        }
    }

    /// <inheritdoc />
    public void Approximate(Vector<double> rhs, Vector<double> lhs)
    {
        ArgumentNullException.ThrowIfNull(rhs);
        ArgumentNullException.ThrowIfNull(lhs);
        var r = rhs.ToArray();
        var z = new double[r.Length];
        foreach (var (start, inverse) in _blocks)
        {
            inverse.Multiply(r.AsSpan(start, inverse.Columns), z.AsSpan(start, inverse.Rows));
        }

        lhs.SetValues(z);
    }
}
