using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Solvers;
using MathNet.Numerics.LinearAlgebra.Storage;

namespace AnalogLA.Solvers;

/// <summary>
/// Digital incomplete LU with zero fill, ILU(0), on compressed rows: L and U keep exactly the pattern of A.
/// </summary>
/// <remarks>Saad, Iterative Methods for Sparse Linear Systems, 2nd ed., Alg. 10.4 (IKJ variant). Written here
/// because MathNet's ILU0Preconditioner is too slow for the suite (tens of milliseconds per application at
/// n ≈ 1000); the factors are the same. A zero pivot is reported with its row.</remarks>
public sealed class Ilu0Preconditioner : IPreconditioner<double>
{
    private int[] _rowPointers = [];
    private int[] _columns = [];
    private double[] _values = [];
    private int[] _diagonal = [];

    /// <inheritdoc />
    /// <exception cref="ArgumentException">A zero pivot (missing or cancelled diagonal); the message gives the row.</exception>
    public void Initialize(Matrix<double> matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        var csr = (matrix.Storage as SparseCompressedRowMatrixStorage<double>)
            ?? (SparseCompressedRowMatrixStorage<double>)Matrix<double>.Build.SparseOfMatrix(matrix).Storage;
        int n = csr.RowCount;
        _rowPointers = csr.RowPointers[..(n + 1)];
        int nnz = _rowPointers[n];
        _columns = csr.ColumnIndices[..nnz];
        _values = csr.Values[..nnz];
        _diagonal = new int[n];
        var position = new int[n];
        Array.Fill(position, -1);
        for (int i = 0; i < n; i++)
        {
            _diagonal[i] = -1;
            for (int k = _rowPointers[i]; k < _rowPointers[i + 1]; k++)
            {
                position[_columns[k]] = k;
                if (_columns[k] == i)
                {
                    _diagonal[i] = k;
                }
            }

            for (int k = _rowPointers[i]; k < _rowPointers[i + 1] && _columns[k] < i; k++)
            {
                int j = _columns[k];
                double pivot = _values[_diagonal[j]];
                double factor = _values[k] / pivot;
                _values[k] = factor;
                for (int t = _diagonal[j] + 1; t < _rowPointers[j + 1]; t++)
                {
                    int p = position[_columns[t]];
                    if (p >= 0)
                    {
                        _values[p] -= factor * _values[t];
                    }
                }
            }

            for (int k = _rowPointers[i]; k < _rowPointers[i + 1]; k++)
            {
                position[_columns[k]] = -1;
            }

            if (_diagonal[i] < 0 || _values[_diagonal[i]] == 0 || !double.IsFinite(_values[_diagonal[i]]))
            {
                throw new ArgumentException($"ILU(0) met a zero pivot at row {i} (missing or cancelled diagonal); use another preconditioner.", nameof(matrix));
            }
        }
    }

    /// <inheritdoc />
    public void Approximate(Vector<double> rhs, Vector<double> lhs)
    {
        ArgumentNullException.ThrowIfNull(rhs);
        ArgumentNullException.ThrowIfNull(lhs);
        int n = _diagonal.Length;
        var y = new double[n];
        for (int i = 0; i < n; i++)
        {
            double s = rhs[i];
            for (int k = _rowPointers[i]; k < _diagonal[i]; k++)
            {
                s -= _values[k] * y[_columns[k]];
            }

            y[i] = s;
        }

        for (int i = n - 1; i >= 0; i--)
        {
            double s = y[i];
            for (int k = _diagonal[i] + 1; k < _rowPointers[i + 1]; k++)
            {
                s -= _values[k] * y[_columns[k]];
            }

            y[i] = s / _values[_diagonal[i]];
        }

        lhs.SetValues(y);
    }
}
