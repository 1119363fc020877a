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
/// Null options give the digital block-Jacobi (exact block inverses). <see cref="BlockInverseOptions"/> replaces the exact
/// inverse by a Monte Carlo approximate inverse of tunable accuracy (<see cref="MonteCarloInverse"/>) and/or drops entries
/// below a fraction of the block's largest (thresholded inverses; both levers of Shah et al., arXiv 2606.17227, 2026).
/// <para>Overlap (<see cref="BlockInverseOptions.Overlap"/> = δ &gt; 0): restricted additive Schwarz (Cai and Sarkis,
/// SIAM J. Sci. Comput. 21:792, 1999) — block k owns rows I_k but inverts the subdomain Ĩ_k = I_k extended by δ rows on
/// each side: M⁻¹ = Σ_k R_kᵀ·(A_Ĩk,Ĩk)⁻¹·R̃_k, each output row taken from the one block that owns it. Only the owned rows
/// of each subdomain inverse are programmed (an |I_k| × |Ĩ_k| array: one MVM per block per application, as without
/// overlap). δ = 0 is block-Jacobi. Overlap couples neighbouring blocks, so the preconditioner approaches A⁻¹ without
/// larger arrays — the domain decomposition of Feinberg et al. 2021.</para>
/// <para>Digital diagonal (<see cref="BlockInverseOptions.DigitalDiagonal"/>): M_k = diag(M_k) + (M_k − diag(M_k)), the
/// first term applied digitally (one multiply–add per row, like the equilibration scaling and likewise not charged to the
/// analog energy), the second programmed. Programming, read and converter errors are fractions of the programmed full
/// scale, so where the diagonal dominates the inverse (diagonally dominant blocks, and every block after symmetric
/// Jacobi equilibration) the analog error shrinks by max|offdiag(M_k)| / max|M_k| — a hybrid digital–analog split in
/// the sense of Shah et al., arXiv 2606.17227, 2026 (their digital part is a whole preconditioner; ours is its
/// diagonal). Tested: digitally the split is the same inverse; on noisy arrays the error scales with the range ratio.</para></remarks>
public sealed class AnalogBlockJacobiPreconditioner(AnalogOptions? options, int? blockSize = null, BlockInverseOptions? inverse = null) : IAnalogPreconditioner
{
    /// <summary>How each block's inverse is computed and thresholded.</summary>
    public BlockInverseOptions Inverse { get; } = inverse ?? new BlockInverseOptions();

    private readonly List<(int Start, int InputStart, ILinearOperator Inverse, double[]? Diagonal)> _blocks = [];

    private int _size = -1;

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
        _size = -1;
        Inverse.Validate();
        int n = matrix.RowCount;
        foreach (var (k, start, owned) in DiagonalBlocks.Enumerate(matrix, BlockSize))
        {
            int size = owned.GetLength(0);
            int lo = Math.Max(0, start - Inverse.Overlap), hi = Math.Min(n, start + size + Inverse.Overlap);
            var block = Inverse.Overlap == 0 ? owned : matrix.SubMatrix(lo, hi - lo, lo, hi - lo).ToArray();
            var inverse = Inverse.MonteCarlo is { } monteCarlo
                ? Matrix<double>.Build.DenseOfArray(MonteCarloInverse.Estimate(block, monteCarlo, (options?.Seed ?? 0) + (ulong)k).Inverse)
                : DiagonalBlocks.Invert(block, k, lo, "block-Jacobi needs nonsingular diagonal blocks:");
            if (Inverse.Overlap > 0)
            {
                // Restricted: only the rows this block owns.
                inverse = inverse.SubMatrix(start - lo, size, 0, hi - lo);
            }
            if (Inverse.DropTolerance > 0)
            {
                double threshold = Inverse.DropTolerance * inverse.Enumerate().Max(Math.Abs);
                inverse.MapInplace(v => Math.Abs(v) < threshold ? 0 : v);
            }

            double[]? diagonal = null;
            if (Inverse.DigitalDiagonal)
            {
                // The diagonal of the (owned rows of the) inverse stays digital; the array holds the rest at its own scale.
                diagonal = new double[size];
                for (int i = 0; i < size; i++)
                {
                    diagonal[i] = inverse[i, start - lo + i];
                    inverse[i, start - lo + i] = 0;
                }
            }

            _blocks.Add((start, lo, MatrixOperator.Create(inverse, options is null ? null : options with { Seed = options.Seed + (ulong)k }), diagonal));
        }

        _size = n;
    }

    /// <inheritdoc />
    public void Approximate(Vector<double> rhs, Vector<double> lhs)
    {
        PreconditionerArguments.Check(rhs, lhs, _size);
        var r = rhs.ToArray();
        var z = new double[r.Length];
        foreach (var (start, inputStart, inverse, diagonal) in _blocks)
        {
            inverse.Multiply(r.AsSpan(inputStart, inverse.Columns), z.AsSpan(start, inverse.Rows));
            if (diagonal is not null)
            {
                for (int i = 0; i < diagonal.Length; i++)
                {
                    z[start + i] += diagonal[i] * r[start + i];
                }
            }
        }

        lhs.SetValues(z);
    }
}

/// <summary>How the block preconditioners (block-Jacobi, the inverse circuit) compute and apply their block inverses.</summary>
public sealed record BlockInverseOptions
{
    /// <summary>A Monte Carlo approximate inverse of this accuracy instead of the exact inverse (null: exact).</summary>
    public MonteCarloInverseOptions? MonteCarlo { get; init; }

    /// <summary>Entries below this fraction of the block inverse's largest |entry| are set to zero (0: keep all), in [0, 1).</summary>
    public double DropTolerance { get; init; }

    /// <summary>
    /// Rows each block's subdomain extends beyond its own on either side (restricted additive Schwarz; 0: block-Jacobi),
    /// in [0, <see cref="MaxOverlap"/>].
    /// </summary>
    public int Overlap { get; init; }

    /// <summary>
    /// Applies the diagonal of each block inverse digitally (one multiply–add per row) and programs only the off-diagonal
    /// remainder, which then spans the array's full conductance range at its own scale.
    /// </summary>
    public bool DigitalDiagonal { get; init; }

    /// <summary>
    /// The analog inverse circuit (<see cref="AnalogInversePreconditioner"/>) solves a block larger than a tile by BlockAMC
    /// partitioning into tile-sized inverse circuits and MVM arrays (<see cref="BlockAmc"/>) instead of one circuit over
    /// several tiles.
    /// </summary>
    public bool Partitioned { get; init; }

    /// <summary>The largest <see cref="Overlap"/> accepted.</summary>
    public const int MaxOverlap = 4096;

    /// <summary>Checks the fields; the message names the offending one.</summary>
    public void Validate()
    {
        MonteCarlo?.Validate();
        if (Overlap is < 0 or > MaxOverlap)
        {
            throw new ArgumentOutOfRangeException(nameof(Overlap), Overlap, $"BlockInverse.Overlap (--overlap) must be in [0, {MaxOverlap}].");
        }

        if (!(DropTolerance >= 0 && DropTolerance < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(DropTolerance), DropTolerance, "BlockInverse.DropTolerance (--drop-tol) must be in [0, 1).");
        }
    }
}
