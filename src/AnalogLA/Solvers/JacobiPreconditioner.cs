using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Solvers;

namespace AnalogLA.Solvers;

/// <summary>Digital Jacobi (diagonal) preconditioner: z_i = r_i / a_ii.</summary>
public sealed class JacobiPreconditioner : IPreconditioner<double>
{
    private double[] _inverse = [];

    /// <inheritdoc />
    /// <exception cref="ArgumentException">A zero (or non-finite) diagonal entry; the message gives its index.</exception>
    public void Initialize(Matrix<double> matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        _inverse = new double[matrix.RowCount];
        for (int i = 0; i < matrix.RowCount; i++)
        {
            double d = matrix[i, i];
            if (d == 0 || !double.IsFinite(d))
            {
                throw new ArgumentException($"Jacobi needs a nonzero diagonal; A({i}, {i}) = {d}.", nameof(matrix));
            }

            _inverse[i] = 1 / d;
        }
    }

    /// <inheritdoc />
    public void Approximate(Vector<double> rhs, Vector<double> lhs)
    {
        ArgumentNullException.ThrowIfNull(rhs);
        ArgumentNullException.ThrowIfNull(lhs);
        for (int i = 0; i < _inverse.Length; i++)
        {
            lhs[i] = rhs[i] * _inverse[i];
        }
    }
}
