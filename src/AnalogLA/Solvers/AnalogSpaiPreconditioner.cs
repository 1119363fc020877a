using AnalogLA.Numerics;
using AnalogLA.Crossbar;
using MathNet.Numerics.LinearAlgebra;

namespace AnalogLA.Solvers;

/// <summary>Sparsity pattern for the approximate inverse.</summary>
public enum SpaiPattern
{
    /// <summary>The pattern of A.</summary>
    A,

    /// <summary>The pattern of A² (more fill, better approximation).</summary>
    ASquared,
}

/// <summary>
/// Sparse approximate inverse M ≈ A⁻¹ minimising ‖A·M − I‖_F column by column on a fixed pattern, programmed on
/// the crossbar tiles its nonzero blocks touch and applied as one in-situ MVM.
/// </summary>
/// <remarks>Frobenius-norm SPAI with a static pattern (Grote and Huckle, SIAM J. Sci. Comput. 18:838, 1997;
/// Benzi and Tůma 1999): for column j with pattern J, minimise ‖A(I, J)·m_J − e_j(I)‖₂ over the rows I that A(:, J)
/// touches, by dense QR. M is a right preconditioner and is not symmetric: pair it with FGMRES, BiCGStab or
/// flexible CG. Null options apply M digitally.</remarks>
public sealed class AnalogSpaiPreconditioner(AnalogOptions? options, SpaiPattern pattern = SpaiPattern.A) : IAnalogPreconditioner
{
    private ILinearOperator? _m;

    /// <summary>The pattern used.</summary>
    public SpaiPattern Pattern { get; } = pattern;

    /// <summary>The computed approximate inverse (digital copy, for inspection).</summary>
    public Matrix<double>? ApproximateInverse { get; private set; }

    /// <inheritdoc />
    public long AnalogMvms => MatrixOperator.AnalogMvms(_m);

    /// <inheritdoc />
    public IEnumerable<AnalogMatrix> Arrays => _m is AnalogMatrix m ? [m] : [];

    /// <inheritdoc />
    public void Initialize(Matrix<double> matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        int n = matrix.RowCount;
        var csc = matrix.Storage.IsDense ? Matrix<double>.Build.SparseOfMatrix(matrix) : matrix;
        var columns = new List<(int Row, double Value)>[n];
        for (int j = 0; j < n; j++)
        {
            columns[j] = [];
        }

        foreach (var (i, j, v) in csc.EnumerateIndexed(Zeros.AllowSkip))
        {
            if (v != 0)
            {
                columns[j].Add((i, v));
            }
        }

        // Pattern of column j of M: rows of A(:, j) (pattern A), or rows reachable in two steps (A²).
        var patterns = new int[n][];
        for (int j = 0; j < n; j++)
        {
            var set = new SortedSet<int>(columns[j].Select(e => e.Row)) { j };
            if (Pattern == SpaiPattern.ASquared)
            {
                foreach (int k in set.ToArray())
                {
                    foreach (var (row, _) in columns[k])
                    {
                        set.Add(row);
                    }
                }
            }

            patterns[j] = set.ToArray();
        }

        var entries = new List<Tuple<int, int, double>>();
        for (int j = 0; j < n; j++)
        {
            int[] jSet = patterns[j];
            var iSet = new SortedSet<int>();
            foreach (int k in jSet)
            {
                foreach (var (row, _) in columns[k])
                {
                    iSet.Add(row);
                }
            }

            iSet.Add(j);
            int[] rowsI = iSet.ToArray();
            var index = new Dictionary<int, int>(rowsI.Length);
            for (int t = 0; t < rowsI.Length; t++)
            {
                index[rowsI[t]] = t;
            }

            var local = Matrix<double>.Build.Dense(rowsI.Length, jSet.Length);
            for (int c = 0; c < jSet.Length; c++)
            {
                foreach (var (row, value) in columns[jSet[c]])
                {
                    local[index[row], c] = value;
                }
            }

            var e = Vector<double>.Build.Dense(rowsI.Length);
            e[index[j]] = 1;
            var solution = local.QR().Solve(e);
            for (int c = 0; c < jSet.Length; c++)
            {
                if (solution[c] != 0 && double.IsFinite(solution[c]))
                {
                    entries.Add(Tuple.Create(jSet[c], j, solution[c]));
                }
            }
        }

        ApproximateInverse = Matrix<double>.Build.SparseOfIndexed(n, n, entries);
        _m = MatrixOperator.Create(ApproximateInverse, options);
    }

    /// <inheritdoc />
    public void Approximate(Vector<double> rhs, Vector<double> lhs)
    {
        PreconditionerArguments.Check(rhs, lhs, _m?.Rows ?? -1);
        var z = new double[rhs.Count];
        _m!.Multiply(rhs.ToArray(), z);
        lhs.SetValues(z);
    }
}
